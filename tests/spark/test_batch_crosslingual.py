"""The batch's cross-language pass (spark/crosslingual.py) on hand-built rows: an article in
another language joins the English story its multilingual vector and day match, as a member
outside the story's clusterer state; one matching nothing founds its own story, which a
later article in a third language can join; windows and the stories near them."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

import numpy as np

from storyweave.config import Settings
from storyweave.link import assign
from storyweave.link.stories import state_of_members
from storyweave.spark.crosslingual import link_others, near_window, window_ranges

DIM = 384


def _unit(k: int, dim: int = DIM) -> np.ndarray:
    v = np.zeros(dim, dtype=np.float32)
    v[k] = 1.0
    return v


def _english_story() -> tuple[dict, dict]:
    vector = _unit(0).tobytes()
    doc = assign.doc_of("e1", vector, frozenset({"harbour"}), frozenset(), "2026-03-05", False)
    state = state_of_members("se1", [doc])
    member = {
        "id": "e1", "title": "Fire at the harbour", "text": "A fire broke out at the harbour.",
        "published": "2026-03-05", "published_inferred": False, "analysis_language": "en",
        "vector_multi": _unit(7, 64).tobytes(),
    }  # fmt: skip
    return state, member


def _row(aid: str, language: str, multi: int, published: str, okey: str) -> dict:
    return {
        "id": aid, "okey": okey, "published": published, "published_inferred": False,
        "names": [], "years": [], "vector": _unit(200 + len(okey)).tobytes(), "actors": [],
        "lead": [], "analysis_language": language, "title": None, "text": "报道 " + aid,
        "spans": json.dumps({"groups": []}), "vector_multi": _unit(multi, 64).tobytes(),
    }  # fmt: skip


def test_article_matching_its_coverage_joins_the_english_story_as_a_member():
    state, member = _english_story()
    rows = [_row("z1", "zh", 7, "2026-03-06", "1a")]
    stories, joined, forwards = link_others(
        rows, [(state, True)], [member], {"harbour": 1}, 1, Settings.default()
    )
    assert stories == {"z1": "se1"} and joined == {"z1"} and not forwards


def test_article_matching_nothing_founds_a_story_a_third_language_can_join():
    state, member = _english_story()
    rows = [
        _row("z1", "zh", 30, "2026-03-06", "1a"),  # like no English member
        _row("r1", "ru", 30, "2026-03-06", "1b"),  # like the Chinese one
    ]
    stories, joined, _ = link_others(
        rows, [(state, True)], [member], {"harbour": 1}, 1, Settings.default()
    )
    assert stories["z1"] == "sz1" and "z1" not in joined
    assert stories["r1"] == "sz1" and joined == {"r1"}


def test_an_article_outside_the_days_of_a_story_is_not_offered_it():
    state, member = _english_story()
    rows = [_row("z1", "zh", 7, "2026-06-01", "1a")]  # the same vector, months later
    stories, joined, _ = link_others(
        rows, [(state, True)], [member], {"harbour": 1}, 1, Settings.default()
    )
    assert stories == {"z1": "sz1"} and not joined


def test_windows_hold_whole_days_then_the_undated():
    days = Counter({100: 3, 101: 3, 150: 1})
    assert window_ranges(days, True, 5) == [(0, 100, 101), (1, 150, 150), (2, None, None)]
    assert window_ranges(days, False, 10) == [(0, 100, 150)]


def day(text: str) -> int:
    return date.fromisoformat(text).toordinal()


def test_stories_near_a_window_reach_its_days_within_the_cross_language_window():
    story = {"first": "2026-03-05", "last": "2026-03-08"}
    assert near_window(story, (0, day("2026-03-20"), day("2026-03-25")), 14)
    assert not near_window(story, (0, day("2026-03-23"), day("2026-03-25")), 14)
    assert near_window(story, (0, None, None), 14)  # the undated window sees every story
    assert near_window({"first": None, "last": None}, (0, day("2026-09-01"), day("2026-09-02")), 14)
