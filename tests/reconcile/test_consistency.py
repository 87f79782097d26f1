"""Durations checked against dates."""

from __future__ import annotations

from datetime import date

from storyweave.reconcile.consistency import duration_fits


def test_exact_duration_fits_its_start_day_only():
    december = (date(2018, 12, 1), date(2018, 12, 31))
    assert duration_fits(910, None, "2021-06-07", december)
    assert not duration_fits(910, None, "2021-06-07", (date(2019, 3, 1), date(2019, 3, 31)))


def test_approximate_duration_allows_rounding():
    # "nearly 1,000 days" as of 2021-08-11 is 975 days since 2018-12-10.
    day = (date(2018, 12, 10), date(2018, 12, 10))
    assert duration_fits(1000, "APPROX", "2021-08-11", day)
    assert not duration_fits(1000, None, "2021-08-11", day)


def test_lower_bound_duration():
    day = (date(2024, 1, 1), date(2024, 1, 1))
    assert duration_fits(60, "EQUAL_OR_MORE", "2024-05-01", day)  # 121 days: at least 60
    assert not duration_fits(200, "EQUAL_OR_MORE", "2024-05-01", day)
