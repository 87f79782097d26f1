"""Rows of a translation beside its original (render/beside.py)."""

from __future__ import annotations

from storyweave.render.beside import beside_rows

ENGLISH = ["E0", "E1 added", "E2", "E3"]
ORIGINAL = ["O0", "O1", "O2 left out", "O3"]


def _t(*pairs: tuple[int, int], comparisons=None) -> dict:
    return {
        "pairs": [
            {"translation": i, "original": j, "score": 0.7, "comparisons": comparisons or []}
            for i, j in pairs
        ]
    }


def test_aligned_pairs_side_by_side_and_lone_sentences_on_their_side():
    rows = beside_rows(_t((0, 0), (2, 1), (3, 3)), ENGLISH, ORIGINAL)
    got = [(r["translation"], r["original"]) for r in rows]
    assert got == [(0, 0), (1, None), (2, 1), (None, 2), (3, 3)]
    assert rows[1]["translation_text"] == "E1 added" and rows[1]["original_text"] == ""
    assert rows[3]["original_text"] == "O2 left out" and rows[3]["score"] is None


def test_a_row_differs_only_when_a_comparison_disagrees():
    agree = [{"slot": "number", "original": "7", "translation": "7", "agree": True}]
    differ = agree + [{"slot": "actor", "original": "A", "translation": "B", "agree": False}]
    assert not beside_rows(_t((0, 0), comparisons=agree), ENGLISH, ORIGINAL)[0]["differs"]
    assert beside_rows(_t((0, 0), comparisons=differ), ENGLISH, ORIGINAL)[0]["differs"]


def test_pairs_that_do_not_fit_the_articles_are_left_out():
    rows = beside_rows(_t((0, 0), (9, 1), (1, 0)), ENGLISH, ORIGINAL)
    aligned = [(r["translation"], r["original"]) for r in rows if r["score"] is not None]
    assert aligned == [(0, 0)]
    assert len(rows) == 1 + 3 + 3  # every other sentence still shown, alone
