"""TIMEX3 date values: their periods, modifiers, comparisons, arithmetic and words."""

from __future__ import annotations

from datetime import date

import pytest

from storyweave import datevalue as D


@pytest.mark.parametrize(
    ("value", "precision", "first", "last"),
    [
        ("2021-08-11", "day", date(2021, 8, 11), date(2021, 8, 11)),
        ("2021-08-11T14:00", "day", date(2021, 8, 11), date(2021, 8, 11)),
        ("2021-08-11TMO", "day", date(2021, 8, 11), date(2021, 8, 11)),
        ("2021-W32", "week", date(2021, 8, 9), date(2021, 8, 15)),
        ("2021-W32-WE", "weekend", date(2021, 8, 14), date(2021, 8, 15)),
        ("2020-W53", "week", date(2020, 12, 28), date(2021, 1, 3)),
        ("2024-02", "month", date(2024, 2, 1), date(2024, 2, 29)),
        ("2021-SP", "season", date(2021, 3, 1), date(2021, 5, 31)),
        ("2021-SU", "season", date(2021, 6, 1), date(2021, 8, 31)),
        ("2021-FA", "season", date(2021, 9, 1), date(2021, 11, 30)),
        ("2023-WI", "season", date(2023, 12, 1), date(2024, 2, 29)),
        ("2020-Q4", "quarter", date(2020, 10, 1), date(2020, 12, 31)),
        ("2020-Q1", "quarter", date(2020, 1, 1), date(2020, 3, 31)),
        ("2019-H1", "half", date(2019, 1, 1), date(2019, 6, 30)),
        ("2019-H2", "half", date(2019, 7, 1), date(2019, 12, 31)),
        ("2020", "year", date(2020, 1, 1), date(2020, 12, 31)),
        ("199", "decade", date(1990, 1, 1), date(1999, 12, 31)),
        ("199X", "decade", date(1990, 1, 1), date(1999, 12, 31)),
        ("18", "century", date(1800, 1, 1), date(1899, 12, 31)),
        ("20XX", "century", date(2000, 1, 1), date(2099, 12, 31)),
    ],
)
def test_every_kind_of_value_names_its_period(value, precision, first, last):
    assert D.period(value) == D.Period(precision, first, last)
    assert D.precision(value) == precision
    assert D.date_range(value) == (first, last)
    assert D.is_specific(value)


@pytest.mark.parametrize(
    "value",
    ["P910D", "PRESENT_REF", "XXXX-08", "XXXX-WXX-3", "2021-WXX", "", "2021-02-30", "2021-13",
     "2021-W54", "2021-Q5", "20211", "2021-SP-01"],
)  # fmt: skip
def test_values_off_the_calendar_name_no_period(value):
    assert D.period(value) is None and D.date_range(value) is None
    assert not D.is_specific(value)


def test_winter_runs_from_december_into_the_next_year():
    # the winter of 2020 is that of 2020-21: it holds January 2021, not January 2020
    winter = D.date_range("2020-WI")
    assert winter == (date(2020, 12, 1), date(2021, 2, 28))
    assert D.compatible(winter, D.date_range("2021-01"))  # type: ignore[arg-type]
    assert not D.compatible(winter, D.date_range("2020-01"))  # type: ignore[arg-type]


def test_early_mid_late_are_forty_percent_parts_that_overlap_their_neighbours():
    start = D.date_range("2020", "START")
    mid = D.date_range("2020", "MID")
    end = D.date_range("2020", "END")
    assert start == (date(2020, 1, 1), date(2020, 5, 25))  # 146 of 366 days
    assert end == (date(2020, 8, 8), date(2020, 12, 31))
    assert mid == (date(2020, 4, 20), date(2020, 9, 13))
    assert start and mid and end
    assert D.compatible(start, mid) and D.compatible(mid, end) and not D.compatible(start, end)
    # early April is its first 12 days: April 11 fits it, April 20 does not
    april = D.date_range("2021-04", "START")
    assert april == (date(2021, 4, 1), date(2021, 4, 12))
    assert D.date_range("199", "MID") == (date(1993, 1, 1), date(1996, 12, 31))
    # a day has no parts
    assert D.date_range("2021-04-02", "START") == (date(2021, 4, 2), date(2021, 4, 2))


def test_approx_widens_by_a_tenth_and_other_modifiers_keep_the_period():
    assert D.date_range("2021-06-07", "APPROX") == (date(2021, 6, 6), date(2021, 6, 8))
    assert D.date_range("2020", "APPROX") == (date(2019, 11, 25), date(2021, 2, 6))  # 37 days
    for mod in ("BEFORE", "AFTER", "ON_OR_BEFORE", "EQUAL_OR_MORE"):
        assert D.date_range("2018-12", mod) == (date(2018, 12, 1), date(2018, 12, 31))


def test_comparison_overlap_and_distance_of_two_values():
    spring, april = D.date_range("2021-SP"), D.date_range("2021-04", "START")
    late_march, may = D.date_range("2021-03", "END"), D.date_range("2021-05")
    assert spring and april and late_march and may
    assert D.compatible(spring, april) and D.more_precise(april, spring)
    assert not D.compatible(april, late_march) and not D.more_precise(spring, april)
    assert D.relation(april, spring) == "within" and D.relation(spring, april) == "contains"
    assert D.relation(late_march, april) == "before" and D.relation(may, april) == "after"
    assert D.relation(spring, D.date_range("2021-Q2")) == "overlaps"  # type: ignore[arg-type]
    assert D.relation(may, may) == "equal"
    assert D.distance_days(april, may) == 19 and D.distance_days(may, april) == 19
    assert D.distance_days(spring, april) == 0
    day, next_day = D.date_range("2021-06-07"), D.date_range("2021-06-08")
    assert day and next_day and D.distance_days(day, next_day) == 1
    assert D.width(spring) == 92


def test_labels_round_trip():
    assert D.label("2021-04", "START") == "2021-04 START" and D.label("2021-SP", None) == "2021-SP"
    assert D.parse_label("2021-04 START") == ("2021-04", "START")
    assert D.parse_label("2021-SP") == ("2021-SP", None)
    assert D.parse_label("12 people") is None and D.parse_label("XXXX-02") is None


def test_month_arithmetic_and_shifts_keep_granularity():
    assert D.add_months(date(2021, 1, 31), 1) == date(2021, 2, 28)
    assert D.add_months(date(2021, 3, 15), -14) == date(2020, 1, 15)
    assert D.iso_week(date(2021, 1, 1)) == "2020-W53"
    assert D.quarter_of(date(2021, 8, 11)) == (2021, 3)
    assert D.shift("1989-Q3", "Y", -1) == "1988-Q3"
    assert D.shift("2021-01", "M", -1) == "2020-12"
    assert D.shift("2020-02-29", "Y", 1) == "2021-02-28"
    assert D.shift("2021-SP", "M", 1) is None and D.shift("PRESENT_REF", "Y", 1) is None


def test_durations_in_days_and_on_the_calendar():
    assert D.duration_days("P910D") == 910 and D.duration_days("P2W") == 14
    assert D.duration_days("PXY") is None and D.duration_days("P") is None
    assert D.anchor_duration("P910D", None, "2021-06-07") == ("2018-12-10", "2021-06-07")
    assert D.anchor_duration("P2Y", "APPROX", "2021-06-07") == ("2019-06-07", "2021-06-07")
    assert D.anchor_duration("PXY", None, "2021-06-07") is None
    assert D.anchor_duration("P3D", None, "2021-02") is None  # no day to count back from


@pytest.mark.parametrize(
    ("value", "mod", "text"),
    [
        ("199", "MID", "the mid-1990s"),
        ("199", "START", "the early 1990s"),
        ("199", "END", "the late 1990s"),
        ("201", None, "the 2010s"),
        ("200X", None, "the 2000s"),
        ("18", None, "the 19th century"),
        ("20", None, "the 21st century"),
        ("11", "END", "the late 12th century"),
        ("19", "MID", "the mid-20th century"),
        ("2020", "END", "late 2020"),
        ("2020", "MID", "mid-2020"),
        ("2020", None, "2020"),
        ("2021-04", "START", "early April 2021"),
        ("2021-08", None, "August 2021"),
        ("2021-SP", None, "spring 2021"),
        ("2021-FA", "END", "late autumn 2021"),
        ("2020-WI", None, "winter 2020-21"),
        ("1999-WI", None, "winter 1999-00"),
        ("2020-Q4", None, "the fourth quarter of 2020"),
        ("2020-Q1", "END", "the end of the first quarter of 2020"),
        ("2019-H2", None, "the second half of 2019"),
        ("2021-W32", None, "the week of 9 August 2021"),
        ("2025-W11", "MID", "the middle of the week of 10 March 2025"),
        ("2021-W32-WE", None, "the weekend of 14 August 2021"),
        ("2021-08-11", None, "11 August 2021"),
        ("2021-08-11T14:30", None, "11 August 2021, 14:30"),
        ("2021-08-11TEV", None, "the evening of 11 August 2021"),
        ("2018-11", "APPROX", "around November 2018"),
        ("2018-12-10", "ON_OR_BEFORE", "on or before 10 December 2018"),
        ("1959", "AFTER", "after 1959"),
        ("PRESENT_REF", None, "the present"),
        ("P910D", None, "910 days"),
        ("P1D", None, "1 day"),
        ("P1000D", "APPROX", "about 1,000 days"),
        ("P2Y6M", None, "2 years and 6 months"),
        ("P1DT12H", None, "1 day and 12 hours"),
        ("PT5H30M", "EQUAL_OR_MORE", "at least 5 hours and 30 minutes"),
        ("P1.5Y", None, "1.5 years"),
        ("P2Q", None, "2 quarters"),
        ("PXY", None, "years"),
        ("PXC", None, "centuries"),
        ("PTXH", "MORE_THAN", "more than hours"),
        ("XXXX-02", None, "XXXX-02"),
        ("XXXX-WXX-3", "START", "XXXX-WXX-3 START"),
    ],
)
def test_values_in_words(value, mod, text):
    assert D.words(value, mod) == text


def test_labels_in_words_leave_other_text_alone():
    assert D.label_words("2021-04 START") == "early April 2021"
    assert D.label_words("199 MID") == "the mid-1990s"
    assert D.label_words("12 people") == "12 people"
