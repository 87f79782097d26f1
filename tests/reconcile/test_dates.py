"""Which time expressions date an event (what a value covers is tests/test_datevalue.py's)."""

from __future__ import annotations

from storyweave.reconcile.dates import dates_a_day


def test_a_bare_clock_time_dates_no_day():
    assert not dates_a_day("11 p.m.", "TIME")
    assert dates_a_day("Tuesday night", "TIME") and dates_a_day("11 p.m.", "DATE")
