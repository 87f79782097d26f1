"""benchmarks/realnews_timex.py on a small corpus written here."""

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import realnews_timex  # noqa: E402

TEXT = "The ferry of Kelso sank on Monday. The pier was closed for three weeks."


def _corpus(tmp_path: Path, spans: list[dict]) -> Path:
    (tmp_path / "storylines").mkdir()
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "k-01.txt").write_text(TEXT, encoding="utf-8")
    art = {"id": "k-01", "file": "texts/k-01.txt", "language": "en"}
    (tmp_path / "storylines" / "k.json").write_text(json.dumps({"articles": [art]}))
    (tmp_path / "annotations" / "en").mkdir(parents=True)
    note = {"article": "k-01", "language": "en", "published": "2024-05-08", "timex": spans}
    (tmp_path / "annotations" / "en" / "k-01.json").write_text(json.dumps(note))
    return tmp_path


def _span(expr: str, type_: str, value: str) -> dict:
    start = TEXT.index(expr)
    end = start + len(expr)
    return {"start": start, "end": end, "text_len": len(expr), "type": type_, "value": value,
            "mod": None}  # fmt: skip


def test_scores_spans_and_values(tmp_path: Path) -> None:
    root = _corpus(tmp_path, [_span("Monday", "DATE", "2024-05-06"),
                              _span("three weeks", "DURATION", "P3W")])  # fmt: skip
    fig, errors = realnews_timex.run(realnews_timex.load(root, "en"))
    assert (fig["gold"], fig["strict_f1"], fig["value_f1"]) == (2, 1.0, 1.0)
    assert errors == []


def test_a_wrong_value_and_a_miss_are_listed(tmp_path: Path) -> None:
    root = _corpus(tmp_path, [_span("Monday", "DATE", "2024-05-13"),
                              _span("Kelso", "DATE", "2024")])  # fmt: skip
    fig, errors = realnews_timex.run(realnews_timex.load(root, "en"))
    assert fig["value_accuracy"] < 1.0 and fig["relaxed_recall"] == 0.5
    assert any("missed DATE 2024" in e for e in errors)
    assert any("value DATE 2024-05-06 vs DATE 2024-05-13" in e for e in errors)


def test_spans_that_do_not_fit_the_text_skip_the_article(tmp_path: Path, capsys) -> None:
    bad = {**_span("Monday", "DATE", "2024-05-06"), "text_len": 3}
    assert realnews_timex.load(_corpus(tmp_path, [bad]), "en") == []
    assert "do not fit the text" in capsys.readouterr().err


def test_a_changed_text_skips_the_article(tmp_path: Path, capsys) -> None:
    root = _corpus(tmp_path, [_span("Monday", "DATE", "2024-05-06")])
    note = root / "annotations" / "en" / "k-01.json"
    data = json.loads(note.read_text())
    note.write_text(json.dumps({**data, "sha256": "0" * 64}))
    assert realnews_timex.load(root, "en") == []
    assert "not the one annotated" in capsys.readouterr().err


CORPUS = ROOT / "corpus" / "realnews"


@pytest.mark.skipif(
    not (CORPUS / "texts").exists(), reason="the real-news texts are not gathered here"
)
def test_realnews_timex_quality_gate() -> None:
    floors = json.loads((ROOT / "benchmarks" / "floors.json").read_text())["realnews_timex_en"]
    articles = realnews_timex.load(CORPUS, "en")
    assert len(articles) >= 20
    fig, _ = realnews_timex.run(articles)
    for key, floor in floors.items():
        assert fig[key] >= floor, (key, fig[key], floor)
