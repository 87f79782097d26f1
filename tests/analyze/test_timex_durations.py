"""Durations that measure time passed, and those that are quantities of a claim (prison
terms, penalties, ages), which are linked to no event."""

from __future__ import annotations

import pytest

from storyweave.analyze.timex import claim_quantity, duration_events, split_sentences, tag

ANCHOR = "2025-03-14"


def _kinds(text: str) -> dict[str, str | None]:
    found = tag(text, ANCHOR)
    spans = split_sentences(text)
    out = {}
    for t in found:
        if t.type == "DURATION":
            start = next(s for s, e in spans if s <= t.start < e)
            out[t.text] = claim_quantity(text, t, start)
    return out


def _links(text: str) -> dict[str, bool]:
    found = tag(text, ANCHOR)
    return {
        found[x.duration].text: x.ongoing
        for x in duration_events(text, found, split_sentences(text))
    }


@pytest.mark.parametrize(
    ("text", "expr"),
    [
        ("A court in Varna sentenced the ferry captain to 11 years in prison.", "11 years"),
        ("The captain was sentenced on Monday to 11 years.", "11 years"),
        ("The clerk faces up to 10 years in jail if convicted.", "up to 10 years"),
        ("Prosecutors had asked for a 16-year term for the clerk.", "16-year"),
        ("The offence is punishable by five years in prison.", "five years"),
        ("The judge handed the banker a 20-year sentence.", "20-year"),
        ("The baker was jailed for 12 months for tax fraud.", "12 months"),
        ("The poet has been jailed for two years over a verse about the mayor.", "two years"),
        ("Court jails ferry captain for nine years in smuggling case", "nine years"),
        ("The severity of the sentence, 25 years in prison, surprised nobody.", "25 years"),
        ("9 years in prison and a fine for the smuggler", "9 years"),
        ("Maximum sentence under the law: 25 years in prison.", "25 years"),
    ],
)
def test_prison_terms_and_penalties_are_quantities(text: str, expr: str) -> None:
    assert _kinds(text)[expr] == "term"
    assert expr not in _links(text)


@pytest.mark.parametrize(
    "text",
    [
        "Seven men aged between 39 and 72 years were held in custody.",
        "At the age of 45 years he was held in custody.",
    ],
)
def test_ages_are_quantities(text: str) -> None:
    assert list(_kinds(text).values()) == ["age"]
    assert _links(text) == {}


@pytest.mark.parametrize(
    ("text", "expr", "ongoing"),
    [
        ("The two sailors have been held for 910 days.", "910 days", True),
        (
            "She has been jailed for nearly three years, her family said.",
            "nearly three years",
            True,
        ),
        ("The trader has spent 478 days in prison.", "478 days", True),
        ("He was detained for more than a year before his release.", "more than a year", False),
        ("The nurse was held for 17 months before being sent home.", "17 months", False),
    ],
)
def test_time_served_stays_a_duration_of_an_event(text: str, expr: str, ongoing: bool) -> None:
    assert _kinds(text)[expr] is None
    assert _links(text)[expr] is ongoing


def test_a_stay_to_come_does_not_run_up_to_now() -> None:
    links = _links("The smuggler will spend the next two years in prison.")
    assert not any(links.values())
