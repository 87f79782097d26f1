"""What sources say a place or a person is (reconcile/descriptions.py)."""

from __future__ import annotations

import pytest

from storyweave.reconcile.descriptions import description_claims, directions_conflict


@pytest.mark.parametrize(
    ("a", "b", "conflict"),
    [
        ("southwest", "central", True),
        ("southwestern", "east", True),
        ("north", "south", True),
        ("southwest", "western", False),
        ("western", "central", False),
        ("north-east", "northeastern", False),
        ("east", "southeast", False),
    ],
)
def test_directions_conflict(a, b, conflict):
    assert directions_conflict(a, b) is conflict


def _claims(story, texts):  # type: ignore[no-untyped-def]
    analyze, by_name = story
    docs = analyze(texts)
    entities, entity_of = by_name(docs)
    return docs, description_claims(docs, entity_of, entities)


def test_a_town_in_the_southwest_and_in_the_centre_is_a_conflict(story):
    docs, claims = _claims(story, [
        ("2025-05-02", "The engineer Tomas Lindqvist was detained on Friday in Marvel, a city in "
                       "southwest Dorvik, his employer said."),
        ("2025-05-02", "Tomas Lindqvist was detained on Friday in the central city of Marvel, "
                       "his lawyer said."),
    ])  # fmt: skip
    [claim] = claims
    a, b = (x.id for x, _ in docs)
    assert claim.slot == "direction"
    assert claim.values == {a: "southwest Dorvik", b: "central city"}


def test_a_town_in_the_southwest_and_in_the_west_is_no_conflict(story):
    _, claims = _claims(story, [
        ("2025-05-02", "Tomas Lindqvist was detained on Friday in Marvel, a city in southwest "
                       "Dorvik."),
        ("2025-05-02", "Tomas Lindqvist was detained on Friday in the western city of Marvel."),
    ])  # fmt: skip
    assert claims == []


def test_two_employers_of_one_reporter_are_a_conflict(story):
    docs, claims = _claims(story, [
        ("2025-05-02", "The arrest follows that of fellow Harbour Daily reporter Tomas Lindqvist "
                       "in March."),
        ("2025-05-02", "Velm Post reporter Tomas Lindqvist was arrested in March in Marvel."),
    ])  # fmt: skip
    [claim] = claims
    a, b = (x.id for x, _ in docs)
    assert claim.slot == "employer"
    assert claim.values == {a: "Harbour Daily", b: "Velm Post"}


def test_an_acronym_a_former_employer_or_a_nationality_is_no_conflict(story):
    _, claims = _claims(story, [
        ("2025-05-02", "Radio Free Velm (RFV) journalist Tomas Lindqvist was arrested in March."),
        ("2025-05-02", "RFV journalist Tomas Lindqvist was arrested in March in Marvel."),
        ("2025-05-02", "Former Velm Post reporter Tomas Lindqvist was arrested in March."),
        ("2025-05-02", "US journalist Tomas Lindqvist was arrested in March, officials said."),
    ])  # fmt: skip
    assert claims == []


def test_appearing_by_video_from_a_penal_colony_and_from_a_remand_prison_is_a_conflict(story):
    docs, claims = _claims(story, [
        ("2025-05-02", "Tomas Lindqvist appeared via video link from a penal colony outside "
                       "Marvel, where he is held."),
        ("2025-05-02", "The engineer Tomas Lindqvist was seen on a screen via a video link "
                       "from a remand prison during the hearing."),
        ("2025-05-02", "Tomas Lindqvist joined by video conference from the detention center "
                       "where he has been held since March."),
    ])  # fmt: skip
    [claim] = claims
    a, b, c = (x.id for x, _ in docs)
    assert claim.slot == "held"
    assert claim.values == {a: "penal colony", b: "remand prison", c: "detention center"}


def test_a_remand_prison_and_a_detention_center_are_one_kind_of_place(story):
    _, claims = _claims(story, [
        ("2025-05-02", "Tomas Lindqvist was seen via a video link from a remand prison."),
        ("2025-05-02", "Tomas Lindqvist appeared by video conference from the detention center."),
    ])  # fmt: skip
    assert claims == []
