"""The dossier of examples/ (the demo story): its conflicting figures are reported with both
values, and no entity holds two different people."""

from __future__ import annotations

import json

import pytest

from seedutil import EXAMPLES
from storyweave import api


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


@pytest.fixture(scope="module")
def dossier(tmp_path_factory):
    out = tmp_path_factory.mktemp("examples") / "examples.json"
    api.dossier([EXAMPLES], format="json", output=out)
    return json.loads(out.read_text())


@pytest.fixture(scope="module")
def golden():
    return json.loads((EXAMPLES / "golden.json").read_text())


@pytest.mark.slow
def test_examples_form_one_story(dossier):
    assert len(dossier["stories"]) == 1
    assert len(dossier["stories"][0]["articles"]) == len(dossier["articles"]) == 9


@pytest.mark.slow
def test_injury_count_is_conflicting_with_both_values(dossier):
    claims = [c for c in dossier["stories"][0]["claims"] if c["status"] == "conflicting"]
    numbers = [
        {v.lower() for v in c["values"].values()} for c in claims if c.get("slot") == "number"
    ]
    assert any({"12", "14"} <= {_word_number(v) for v in vals} for vals in numbers), claims


def _word_number(value: str) -> str:
    words = {"twelve": "12", "fourteen": "14"}
    return words.get(value.lower(), value)


@pytest.mark.slow
def test_no_entity_holds_two_golden_entities(dossier, golden):
    people = {g["canonical"]: {_norm(g["canonical"])} | {_norm(a) for a in g["aliases"]}
              for g in golden["entities"]}  # fmt: skip
    for entity in dossier["stories"][0]["entities"]:
        names = {_norm(entity["name"])} | {_norm(a["text"]) for a in entity["aliases"]}
        holders = [g for g, forms in people.items() if forms & names]
        assert len(holders) <= 1, (entity["name"], holders)


@pytest.mark.slow
def test_copy_is_noted_and_not_counted_as_a_source(dossier):
    notes = " ".join(dossier["stories"][0]["notes"])
    assert "near-duplicate" in notes


def _entity_of(dossier, form: str) -> dict | None:
    for entity in dossier["stories"][0]["entities"]:
        if _norm(form) in {_norm(entity["name"])} | {_norm(a["text"]) for a in entity["aliases"]}:
            return entity
    return None


@pytest.mark.slow
def test_transliterated_names_join_their_english_names(dossier, golden):
    variants = [f for f in golden["flags"] if f["kind"] == "name-variant"]
    assert variants
    for flag in variants:
        entity = _entity_of(dossier, flag["text"])
        assert entity is not None and entity["name"] == flag["entity"], flag["text"]
    flagged = {f["text"] for f in dossier["stories"][0]["flags"] if f["kind"] == "name-variant"}
    assert {f["text"] for f in variants} <= flagged


@pytest.mark.slow
def test_pronoun_mismatch_only_where_the_translation_changed_it(dossier, golden):
    expected = {f["entity"] for f in golden["flags"] if f["kind"] == "pronoun-mismatch"}
    names = {e["id"]: e["name"] for e in dossier["stories"][0]["entities"]}
    flagged = {
        names[f["entity"]]
        for f in dossier["stories"][0]["flags"]
        if f["kind"] == "pronoun-mismatch"
    }
    assert flagged == expected


@pytest.mark.slow
def test_the_town_is_a_place_and_keeps_its_translated_spelling(dossier):
    towns = [e for e in dossier["stories"][0]["entities"] if e["name"] == "Kessling"]
    assert len(towns) == 1 and towns[0]["type"] in ("GPE", "LOC")
    assert "Kesling" in {a["text"] for a in towns[0]["aliases"]}
