"""The TimeLine benchmark end to end on the trial data, when it is beside the checkout."""

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "bench" / "timeline-trial"
DEV = ROOT.parent / "shared" / "bench" / "timeline-dev" / "corpus_1"
sys.path.insert(0, str(ROOT / "benchmarks"))


@pytest.mark.slow
def test_benchmark_runs_and_writes_task_files(tmp_path):
    if not DATA.exists():
        pytest.skip("the TimeLine trial data is not beside the checkout")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import timeline_semeval
    from timeline_score import parse_timeline

    out = tmp_path / "figures.json"
    assert timeline_semeval.main([str(DATA), "--json", str(out), "--out", str(tmp_path)]) == 0
    figures = json.loads(out.read_text())
    assert figures["docs"] == 30
    floors = json.loads((ROOT / "benchmarks" / "floors.json").read_text())["timeline"]
    assert figures["timeline_f1"] >= floors["trial_f1"] > floors["published_best_f1"]
    assert figures["timeline_f1"] > figures["baseline_f1"]
    for key in ("timeline_p", "timeline_r", "timeline_f1", "baseline_f1", "f1_steve_jobs"):
        assert 0.0 <= figures[key] <= 1.0
    jobs = parse_timeline((tmp_path / "steve_jobs.txt").read_text())
    assert jobs.target == "Steve Jobs" and jobs.lines
    positions = [pos for pos, _, _ in jobs.lines]
    assert positions == sorted(positions) and min(positions) >= 0
    for _, _, ids in jobs.lines:
        for m in ids:
            docid, sentence, word = m.split("-", 2)
            assert docid.isdigit() and sentence.isdigit() and word


@pytest.mark.slow
def test_benchmark_reads_the_evaluation_layout(tmp_path):
    if not DEV.exists():
        pytest.skip("the TimeLine evaluation corpus is not beside the checkout")
    import timeline_semeval

    out = tmp_path / "figures.json"
    assert timeline_semeval.main([str(DEV), "--json", str(out), "--out", str(tmp_path)]) == 0
    figures = json.loads(out.read_text())
    assert figures["docs"] == 30
    floors = json.loads((ROOT / "benchmarks" / "floors.json").read_text())["timeline"]
    assert figures["timeline_f1"] >= floors["dev_f1"] > floors["published_best_f1"]
    assert figures["timeline_f1"] > figures["baseline_f1"]
    assert len(list(tmp_path.glob("*.txt"))) == 13


def _cat(path: Path, doc_id: str, sentences: list[list[str]]) -> None:
    tokens, n = [], 0
    for k, words in enumerate(sentences):
        for w in words:
            tokens.append(f'<token number="{n}" sentence="{k}" t_id="{n + 1}">{w}</token>')
            n += 1
    path.write_text(f'<Document doc_id="{doc_id}">' + "".join(tokens) + "</Document>")


def test_layout_tells_folders_apart_by_content(tmp_path):
    import timeline_semeval

    for name in ("corpus_trackA_CAT", "corpus_trackB_CAT", "corpus_trackA_TimeML",
                 "TimeLines_Gold_Standard"):  # fmt: skip
        (tmp_path / name).mkdir()
    _cat(tmp_path / "corpus_trackA_CAT" / "7_x.txt.xml", "7", [["Hello"]])
    _cat(tmp_path / "corpus_trackB_CAT" / "7_x.txt.xml", "7", [["Hello"]])
    (tmp_path / "corpus_trackA_TimeML" / "7_x.tml").write_text("<TimeML/>")
    cat, tml, gold = timeline_semeval.layout(tmp_path)
    assert (cat.name, tml.name, gold.name) == (
        "corpus_trackA_CAT", "corpus_trackA_TimeML", "TimeLines_Gold_Standard")  # fmt: skip
    (tmp_path / "corpus_trackA_TimeML" / "7_x.tml").unlink()
    with pytest.raises(SystemExit, match="TimeML"):
        timeline_semeval.layout(tmp_path)


def test_alignment_maps_normalized_text_to_cat_tokens(tmp_path):
    import timeline_semeval

    _cat(tmp_path / "5.xml", "5", [["Title", "here"], ["He", "said", "``", "no", "''", "."]])
    doc = timeline_semeval.read_cat(tmp_path / "5.xml", None)
    assert doc.text == "Title here\nHe said `` no ''."
    ours = "Title here\n\nHe  said “no”."  # ingest folded the quotes and spaces
    doc.align = timeline_semeval.Alignment(ours, doc.text)
    assert not doc.align.same
    said = ours.index("said")
    assert doc.name(doc.token_of(said)) == "5-1-said"
    assert doc.name(doc.token_of(ours.index("no"))) == "5-1-no"
    assert doc.token_of(ours.index("“")) is None  # a character with no counterpart
