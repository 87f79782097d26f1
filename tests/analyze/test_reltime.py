"""Calendar arithmetic shared by the Chinese and Russian taggers."""

from __future__ import annotations

from datetime import date

from storyweave.analyze import reltime as R

WED = date(2021, 8, 11)


def test_shifts_keep_the_precision_of_their_unit():
    assert R.shift(WED, "Y", -1) == "2020"
    assert R.shift(WED, "M", 1) == "2021-09"
    assert R.shift(WED, "W", -1) == "2021-W31"
    assert R.shift(WED, "D", -2) == "2021-08-09"
    assert R.shift(date(2021, 3, 31), "M", -1) == "2021-02"


def test_weekdays_look_back_unless_the_future_is_spoken_of():
    assert R.weekday_date(WED, 5, -1) == date(2021, 8, 6)
    assert R.weekday_date(WED, 5, 1) == date(2021, 8, 13)
    assert R.weekday_date(WED, 3, 0) == WED
    # calendar weeks: the Wednesday of last week, whatever day the anchor is
    assert R.weekday_in_week(date(2021, 8, 13), -1, 3) == date(2021, 8, 4)


def test_open_months_and_days_take_the_nearest_weighed_by_tense():
    assert R.month_date(WED, 12, -1) == "2020-12"
    assert R.month_date(WED, 12, 1) == "2021-12"
    assert R.month_date(WED, 9, -1) == "2021-09"
    assert R.month_day_date(date(2023, 3, 31), 5, 29, -1) == "2023-05-29"
    assert R.month_day_date(WED, 2, 30, 0) is None


def test_bare_days_of_the_month():
    assert R.day_of_month(WED, 9, -1) == "2021-08-09"
    assert R.day_of_month(WED, 29, -1) == "2021-07-29"
    assert R.day_of_month(WED, 29, 1) == "2021-08-29"


def test_durations():
    assert R.duration(11, "Y") == "P11Y"
    assert R.duration(1.5, "Y") == "P1.5Y"
    assert R.duration(3, "H") == "PT3H"
    assert R.duration(20, "MIN") == "PT20M"
