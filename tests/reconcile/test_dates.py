"""TIMEX3 values as day ranges."""

from __future__ import annotations

from datetime import date

from storyweave.reconcile import dates as D


def test_ranges_of_common_values():
    assert D.date_range("2021-SP") == (date(2021, 3, 1), date(2021, 5, 31))
    assert D.date_range("2018-12") == (date(2018, 12, 1), date(2018, 12, 31))
    assert D.date_range("2021-W32") == (date(2021, 8, 9), date(2021, 8, 15))
    assert D.date_range("2020-Q4") == (date(2020, 10, 1), date(2020, 12, 31))
    assert D.date_range("2021-08-11T14:00") == (date(2021, 8, 11), date(2021, 8, 11))
    assert D.date_range("PRESENT_REF") is None and D.date_range("P910D") is None


def test_modifiers_narrow_a_period():
    start = D.date_range("2021-04", "START")
    end = D.date_range("2020", "END")
    assert start is not None and start[0] == date(2021, 4, 1) and start[1] < date(2021, 4, 16)
    assert end is not None and end[1] == date(2020, 12, 31) and end[0] > date(2020, 6, 30)


def test_precision_and_compatibility():
    spring, april = D.date_range("2021-SP"), D.date_range("2021-04", "START")
    late_march = D.date_range("2021-03", "END")
    assert spring and april and late_march
    assert D.compatible(spring, april) and D.more_precise(april, spring)
    assert not D.compatible(april, late_march)
    assert D.label("2021-04", "START") == "2021-04 START" and D.label("2021-SP", None) == "2021-SP"


def test_only_calendar_values_are_specific():
    assert D.is_specific("2021-02") and D.is_specific("201") and not D.is_specific("XXXX-02")
    assert not D.is_specific("PRESENT_REF")


def test_a_bare_clock_time_dates_no_day():
    assert not D.dates_a_day("11 p.m.", "TIME")
    assert D.dates_a_day("Tuesday night", "TIME") and D.dates_a_day("11 p.m.", "DATE")
