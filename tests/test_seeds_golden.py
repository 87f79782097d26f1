"""The seed facts of ../shared/seeds/golden.json, scored by its own score.py on the dossiers
the pipeline writes (with the sidecar dates, and with the .txt files alone)."""

from __future__ import annotations

import importlib.util

import pytest

from seedutil import SEEDS


def _scorer():
    spec = importlib.util.spec_from_file_location("seed_score", SEEDS / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scored(seed_dossier, undated_dossier):
    score = _scorer()
    golden = score.json.loads(score.GOLDEN.read_text())
    keys = {a["id"]: score.article_key(a, golden) for a in seed_dossier["articles"]}
    result = score.score(seed_dossier, keys, golden)
    undated_keys = {a["id"]: score.article_key(a, golden) for a in undated_dossier["articles"]}
    result["dates"] = score.score_dates(undated_dossier, undated_keys, golden)
    return score.BARS, result


@pytest.mark.slow
@pytest.mark.parametrize("category", ["aliases", "timex", "timeline", "claims", "flags", "dates"])
def test_seed_category_reaches_its_bar(scored, category):
    bars, result = scored
    hit, total, missing = result[category]
    assert total and hit / total >= bars[category], missing


@pytest.mark.slow
def test_seed_articles_form_one_story(seed_dossier):
    assert len(seed_dossier["stories"]) == 1
    assert len(seed_dossier["stories"][0]["articles"]) == 2
