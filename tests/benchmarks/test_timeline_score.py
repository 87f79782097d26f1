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


# A case worked out by hand (the comments give each relation of the two reductions).
HAND_GOLD = Timeline(
    "t",
    (
        (1, "2010-01-01", ("1-1-a1", "1-2-a2")),
        (2, "XXXX-XX-XX", ("1-3-b",)),
        (3, "2010-03-05", ("1-4-c",)),
        (0, "XXXX-XX-XX", ("1-5-z",)),
    ),
)
# Gold reduction, 5 relations: a1 = 2010-01-01, a2 = 2010-01-01, c = 2010-03-05,
# a1 < b, b < c (z, unordered and undated, takes part in none).
HAND_SYSTEM = Timeline(
    "t",
    (
        (1, "2010-01-01", ("1-1-A1",)),  # case differs from the gold's: still the same event
        (2, "2010-03-05", ("1-4-c", "1-3-b")),
        (0, "XXXX-XX-XX", ("1-2-a2",)),
    ),
)
# System reduction, 4 relations: a1 = 2010-01-01 (in the gold), b = 2010-03-05 (not),
# c = 2010-03-05 (in the gold), a1 < b (in the gold). Gold relations the system holds:
# a1's and c's anchors and a1 < b; not a2's anchor (unplaced) nor b < c (simultaneous here).


def test_hand_computed_case():
    s = score(HAND_SYSTEM, HAND_GOLD)
    assert (s.sys_ok, s.sys_all, s.ref_ok, s.ref_all) == (3, 4, 3, 5)
    assert s.p == pytest.approx(0.75) and s.r == pytest.approx(0.6)
    assert s.f1 == pytest.approx(2 / 3)


def test_hand_computed_ordering_only():
    # Without anchors the gold keeps a1 = a2, a1 < b, b < c; the system keeps b = c, a1 < b.
    s = score(HAND_SYSTEM, HAND_GOLD, anchors=False)
    assert (s.sys_ok, s.sys_all, s.ref_ok, s.ref_all) == (1, 2, 1, 3)


def test_position_zero_events_are_not_simultaneous():
    tl = Timeline("t", ((0, "XXXX-XX-XX", ("1-1-a", "1-2-b")),))
    g = graph(tl)
    assert not g.same("1-1-a", "1-2-b")
    s = score(tl, tl)
    assert (s.sys_all, s.ref_all, s.f1) == (0, 0, 0.0)


def test_micro_average_of_hand_cases():
    # 3 + 5 system relations verified of 4 + 5, 3 + 5 gold ones of 5 + 5.
    m = micro([score(HAND_SYSTEM, HAND_GOLD), score(HAND_GOLD, HAND_GOLD)])
    assert (m.sys_ok, m.sys_all, m.ref_ok, m.ref_all) == (8, 9, 8, 10)
    assert m.f1 == pytest.approx(2 * (8 / 9) * 0.8 / (8 / 9 + 0.8))


def test_unknown_parts_of_a_date_are_the_coarser_value():
    g = graph(Timeline("t", ((1, "2003-XX-XX", ("1-1-a",)), (2, "2003", ("1-2-b",)))))
    assert g.same("1-1-a", "1-2-b")
