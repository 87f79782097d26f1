"""benchmarks/multilingual.py: its scoring on hand-made annotations, and the quality gate on
the real-news corpus where its texts are present."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from storyweave.model import Analysis, Mention, TimeExpr

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus" / "realnews"


def _benchmark():
    spec = importlib.util.spec_from_file_location(
        "multilingual", ROOT / "benchmarks" / "multilingual.py"
    )
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["multilingual"] = mod
    spec.loader.exec_module(mod)
    return mod


def test_names_count_only_exact_spans_with_their_type_and_values_need_overlap():
    bm = _benchmark()
    gold = {
        "names": [{"start": 0, "end": 3, "type": "PER"}, {"start": 5, "end": 7, "type": "LOC"},
                  {"start": 9, "end": 12, "type": "ORG"}],
        "time_expressions": [{"start": 20, "end": 25, "type": "DATE", "value": "2021-08-04"},
                             {"start": 30, "end": 33, "type": "DURATION", "value": "P11Y"}],
    }  # fmt: skip
    analysis = Analysis(
        article="a",
        language="zh",
        mentions=(
            Mention(0, 3, "康明凯", "PERSON", "康明凯"),  # right
            Mention(5, 7, "中国", "GPE", "中国"),  # right: GPE counts as a place
            Mention(9, 11, "华为", "ORG", "华为"),  # wrong span
            Mention(14, 16, "北京", "GPE", "北京"),  # not in the gold
        ),
        time_expressions=(
            TimeExpr(20, 23, "上周三", "DATE", "2021-08-04"),  # overlaps, right value
            TimeExpr(30, 33, "11年", "DURATION", "P10Y"),  # overlaps, wrong value
        ),
    )
    lang = bm.Language()
    errors: list[str] = []
    bm.score(lang, gold, analysis, errors)
    f = lang.figures()
    assert (f["names"]["correct"], f["names"]["gold"], f["names"]["system"]) == (2, 3, 4)
    assert f["timex_extent"]["correct"] == 2
    assert (f["timex_value"]["correct"], f["timex_value"]["f1"]) == (1, 0.5)
    assert any("timex value" in e for e in errors)


@pytest.mark.slow
@pytest.mark.skipif(
    not any((CORPUS / "texts").glob("*/*.txt")) or not any((CORPUS / "storylines").glob("*.json")),
    reason="the real-news texts are not gathered here",
)
def test_multilingual_quality_gate():
    bm = _benchmark()
    floors = json.loads((ROOT / "benchmarks" / "floors.json").read_text())["multilingual"]
    results = bm.run(CORPUS, CORPUS / "annotations", ["zh", "ru"])
    for language, lang in results.items():
        if lang.articles < 15:
            pytest.skip(f"{language}: only {lang.articles} annotated texts present")
        fig = lang.figures()
        assert fig["names"]["f1"] >= floors[language]["names_f1"], (language, fig["names"])
        assert fig["timex_value"]["f1"] >= floors[language]["timex_value_f1"], (language, fig)
