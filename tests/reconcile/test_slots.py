"""Slot values: how two numbers or two dates of one slot compare."""

from __future__ import annotations

from datetime import date

import pytest

from storyweave import datevalue
from storyweave.reconcile.slots import DateValue, Number, compare_dates, compare_numbers


def _n(value, text, bound=None, unit=1.0, loose=None, dim="money:USD", role=""):
    return Number(dim, role, value, text, bound, unit, loose if loose is not None else unit,
                  frozenset({"fine"}), 0)  # fmt: skip


@pytest.mark.parametrize(
    ("a", "b", "want"),
    [
        # an approximation admits what rounds to it, not a figure 3 % away
        (_n(16700, "about $16,700", "approx", 1, 100), _n(16200, "$16,200"), "conflict"),
        (_n(80, "about 80", "approx", 1, 10, dim="boat"), _n(78, "78", dim="boat"), "refined"),
        # two estimates further apart than either admits
        (_n(50e9, "about $50 billion", "approx", 1e9, 1e10),
         _n(40e9, "about $40 billion", "approx", 1e9, 1e10), "conflict"),
        # a figure and the same figure rounded
        (_n(11e9, "$11 billion", unit=1e9), _n(11.02e9, "$11.02 billion", unit=1e7), "refined"),
        (_n(12, "Twelve", dim="worker"), _n(14, "14", dim="worker"), "conflict"),
        # two lower bounds never disagree; a value within a bound refines it
        (_n(1400, "more than 1,400", "min", 100, dim="people"),
         _n(350, "upwards of 350", "min", dim="people"), "refined"),
        (_n(25, "More than 25", "min", dim="boat"), _n(27, "27", dim="boat"), "refined"),
    ],
)  # fmt: skip
def test_numbers_compare_as_written(a, b, want):
    assert compare_numbers(a, b) == want


def _term(years, text, role="given"):
    return Number("duration", role, years * 365.25, text, None, 365.25, 365.25,
                  frozenset({"penalty"}), 0)  # fmt: skip


def test_terms_compare_in_days():
    assert compare_numbers(_term(1, "one year"), _term(12 * 30.44 / 365.25, "12 months")) == "same"
    assert (
        compare_numbers(_term(1, "a year"), _term(10 * 30.44 / 365.25, "10 months")) == "conflict"
    )
    assert compare_numbers(_term(115, "115 years"), _term(110, "up to 110 years")) == "conflict"
    days = Number("duration", "", 10, "10 days", None, 1, 1, frozenset({"appeal"}), 0)
    assert compare_numbers(days, Number("duration", "", 15, "15 days", None, 1, 1,
                                        frozenset({"appeal"}), 0)) == "conflict"  # fmt: skip


def test_one_speed_in_two_units():
    mph = Number("speed", "", 120 * 0.44704, "120 mph", None, 0.44704, 4.47, frozenset(), 0)
    kmh = Number("speed", "", 193 / 3.6, "193 km/h", None, 1 / 3.6, 10 / 3.6, frozenset(), 0)
    ms = Number("speed", "", 57.0, "57 m/s", None, 1.0, 1.0, frozenset(), 0)
    assert compare_numbers(mph, kmh) in ("same", "refined")  # one figure, two units
    assert compare_numbers(mph, ms) == "conflict"


def _d(value, text, inferred=False, stated=None, relative=True):
    span = datevalue.date_range(value)
    return DateValue(value, None, span, text, inferred, stated or {}, relative=relative)


def test_a_weekday_on_an_inferred_date_is_compared_by_its_word():
    guessed = _d("2025-08-13", "Wednesday", inferred=True, stated={"weekday": 2})
    given = _d("2025-12-11", "Thursday", stated={"year": 2025, "month": 12, "day": 11,
                                                  "weekday": 3})  # fmt: skip
    assert compare_dates(guessed, given) == "conflict"
    same_word = _d("2025-08-14", "Thursday", inferred=True, stated={"weekday": 3})
    assert compare_dates(same_word, given) == "same"
    # "last year" on an inferred date says nothing of its own
    assert compare_dates(_d("2024", "last year", inferred=True), given) is None


def test_a_weekday_placed_in_the_wrong_week_is_no_conflict():
    # "was scheduled to testify on Tuesday" placed a week back against its report's date
    last = _d("2022-12-06", "Tuesday")
    assert compare_dates(last, _d("2022-12-13", "December 13", relative=False)) is None


def test_a_month_refines_a_day_and_different_days_conflict():
    assert compare_dates(_d("2023-03", "March 2023", relative=False),
                         _d("2023-03-29", "March 29", relative=True)) == "refined"  # fmt: skip
    assert compare_dates(_d("2023-03-29", "Wednesday"), _d("2023-03-30", "Thursday")) == "conflict"


def test_published_days_are_the_first_of_their_period():
    from storyweave.reconcile.slots import published_day

    assert published_day("2025-08") == date(2025, 8, 1)
    assert published_day(None) is None
