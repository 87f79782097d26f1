"""Quantities: numbers with what they measure, on one scale per dimension."""

from __future__ import annotations

import pytest

from storyweave.analyze.quantities import extract, measure, parse_number, rounding


@pytest.fixture(scope="module")
def nlp():
    from storyweave.analyze.nlp import load_model

    return load_model()


def _found(nlp, text):
    return [(q.text, q.number, q.unit) for q in extract(nlp(text))]


@pytest.mark.parametrize(
    ("text", "number"),
    [("$60bn", 60e9), ("£26m", 26e6), ("2.5 million", 2.5e6), ("nine and a half", 9.5),
     ("a million", 1e6), ("twenty-five", 25.0), ("1,400", 1400.0)],
)  # fmt: skip
def test_numbers_in_words_digits_and_short_scales(text, number):
    assert parse_number(text) == number


def test_a_speed_in_metres_per_second_is_not_read_as_millions():
    # "57 m/s" once read as "57 m" (million)
    assert parse_number("57 m/s") == 57.0
    assert rounding("57 m/s") == 1.0


@pytest.mark.parametrize(
    ("text", "unit"),
    [("14", 1.0), ("1,400", 100.0), ("300,000", 100000.0), ("$11.02 billion", 1e7),
     ("1.7 million", 1e5), ("$40 billion", 1e9)],
)  # fmt: skip
def test_rounding_unit_as_written(text, unit):
    assert rounding(text) == pytest.approx(unit)


def test_money_keeps_its_currency(nlp):
    found = _found(nlp, "Varga was fined 2 million rubles (about $27,400) by the court in Brenn.")
    units = {u for _, _, u in found}
    assert {"RUB", "USD"} <= units
    assert ("about $27,400", 27400.0, "USD") in found


def test_speeds_and_lengths_compare_on_one_scale(nlp):
    found = dict((u, n) for _, n, u in _found(nlp, "Winds reached 120 mph near Port Varn."))
    dim, value = measure(found["mph"], "mph")
    assert dim == "speed" and value == pytest.approx(53.6448)
    assert measure(193, "km/h")[1] == pytest.approx(53.61, abs=0.01)
    assert measure(5, "mile") == ("length", pytest.approx(8046.72))


def test_ages_of_people(nlp):
    found = _found(nlp, "Osten, 71, was arrested. The 72-year-old banker denied the charges.")
    assert [(t, n) for t, n, u in found if u == "age"] == [("71", 71.0), ("72-year-old", 72.0)]


def test_a_number_after_a_place_is_no_age(nlp):
    found = _found(nlp, "The ferry carried 40 cars to Dorvik on Monday.")
    assert not [u for _, _, u in found if u == "age"]
