"""The TimeLine scorer (benchmarks/timeline_score.py) on small invented timelines."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from timeline_score import Timeline, graph, micro, parse_timeline, score, write_timeline  # noqa: E402

GOLD = Timeline(
    "Harbour Board",
    (
        (1, "2019-03-02", ("7-2-opened",)),
        (2, "2019-05", ("7-4-voted", "9-1-vote")),
        (3, "2020", ("9-3-closed",)),
    ),
)


def test_identical_timelines_score_one():
    s = score(GOLD, GOLD)
    assert (s.p, s.r, s.f1) == (1.0, 1.0, 1.0)


def test_reversed_order_scores_lower():
    reversed_ = Timeline(
        "Harbour Board",
        (
            (1, "2020", ("9-3-closed",)),
            (2, "2019-05", ("7-4-voted", "9-1-vote")),
            (3, "2019-03-02", ("7-2-opened",)),
        ),
    )
    s = score(reversed_, GOLD)
    assert 0 < s.f1 < 1
    # Anchors and the simultaneity of the two vote mentions still hold; no BEFORE does.
    assert s.sys_ok == 4 and s.sys_all == 6


def test_same_order_without_dates_keeps_the_ordering_relations():
    undated = Timeline(
        "Harbour Board",
        tuple((p, "XXXX-XX-XX", ev) for p, _, ev in GOLD.lines),
    )
    s = score(undated, GOLD)
    assert s.p == 1.0  # every ordering relation we give is in the gold closure
    assert 0 < s.r < 1  # the anchors are missed


def test_missing_event_lowers_recall_only():
    partial = Timeline("Harbour Board", GOLD.lines[:2])
    s = score(partial, GOLD)
    assert s.p == 1.0 and s.r < 1.0


def test_transitive_relation_is_verified_by_the_closure():
    # Skipping the middle event: opened BEFORE closed is implied by the gold chain.
    sys_tl = Timeline("x", ((1, "XXXX-XX-XX", ("7-2-opened",)), (2, "XXXX-XX-XX", ("9-3-closed",))))
    s = score(sys_tl, GOLD)
    assert s.sys_all == 1 and s.sys_ok == 1


def test_position_zero_events_are_not_ordered():
    g = graph(Timeline("x", ((0, "XXXX-XX-XX", ("1-1-a",)), (1, "2001", ("1-2-b",)),
                             (2, "2002", ("1-3-c",)))))  # fmt: skip
    assert not g.before("1-1-a", "1-2-b") and not g.before("1-2-b", "1-1-a")
    assert g.before("1-2-b", "1-3-c")


def test_unknown_dates_do_not_make_events_simultaneous():
    g = graph(Timeline("x", ((1, "XXXX-XX-XX", ("1-1-a",)), (2, "XXX-XX-XX", ("1-2-b",)))))
    assert g.before("1-1-a", "1-2-b") and not g.same("1-1-a", "1-2-b")


def test_inconsistent_order_is_left_out():
    # Two positions sharing one date: the anchors make them simultaneous, BEFORE is dropped.
    g = graph(Timeline("x", ((1, "2006-06-20", ("1-1-a",)), (2, "2006-06-20", ("1-2-b",)))))
    assert g.same("1-1-a", "1-2-b") and not g.before("1-1-a", "1-2-b")


def test_micro_average_sums_counts():
    a, b = score(GOLD, GOLD), score(Timeline("Harbour Board", ()), GOLD)
    m = micro([a, b])
    assert m.sys_all == a.sys_all and m.ref_all == 2 * a.ref_all
    assert m.p == 1.0 and m.r == pytest.approx(0.5)
    assert score(Timeline("x", ()), GOLD).f1 == 0.0


def test_file_format_round_trip():
    assert parse_timeline(write_timeline(GOLD)) == GOLD


def test_ordering_only_ignores_the_dates():
    wrong_dates = Timeline("Harbour Board", tuple((p, f"199{p}", ev) for p, _, ev in GOLD.lines))
    assert score(wrong_dates, GOLD).f1 < 1.0
    assert score(wrong_dates, GOLD, anchors=False).f1 == 1.0
