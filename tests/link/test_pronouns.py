"""Pronoun-mismatch flags only where the referent is unambiguous (texts invented here)."""

from __future__ import annotations

import pytest

from storyweave.analyze.names import extract
from storyweave.analyze.nlp import load_model, sentences
from storyweave.link.entities import resolve
from storyweave.model import Analysis, Article, normalize_text


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_model()


def analyze(nlp, texts: dict[str, str]) -> list[tuple[Article, Analysis]]:  # type: ignore[no-untyped-def]
    docs = []
    for key, text in texts.items():
        text = normalize_text(text)
        doc = nlp(text)
        sents = sentences(doc)
        mentions, groups = extract(doc, sents)
        docs.append(
            (
                Article(id=key, text=text),
                Analysis(
                    article=key, language="en", sentences=sents, mentions=mentions, groups=groups
                ),
            )
        )
    return docs


def pronoun_flags(nlp, texts: dict[str, str]) -> list:  # type: ignore[no-untyped-def]
    return [f for f in resolve(analyze(nlp, texts)).flags if f.kind == "pronoun-mismatch"]


SHE = "Ingrid Halvorsen was detained at the border on Monday. She denied the charges."


def test_a_translation_that_turns_her_into_he_is_flagged(nlp) -> None:  # type: ignore[no-untyped-def]
    flags = pronoun_flags(
        nlp,
        {
            "a": SHE,
            "b": "Ingrid Halvorsen appeared in court on Tuesday. She smiled at reporters.",
            "c": "Ingrid Halvorsen was freed on Friday. He thanked the embassy for the help.",
        },
    )
    assert [(f.article, f.text) for f in flags] == [("c", "He")]
    assert "2 article(s) against 1" in flags[0].message
    assert len(flags[0].evidence) == 2


def test_his_wife_of_another_man_is_no_evidence_against_her(nlp) -> None:  # type: ignore[no-untyped-def]
    # the case: "his wife" said near a woman's name is not about her
    flags = pronoun_flags(
        nlp,
        {
            "a": SHE,
            "b": "Ingrid Halvorsen was freed. Tomas Brekke said his wife had waited for news.",
            "c": "Ingrid Halvorsen was freed. Her lawyer said he would appeal the fine.",
        },
    )
    assert not flags


def test_a_pronoun_after_a_quotation_is_the_speakers(nlp) -> None:  # type: ignore[no-untyped-def]
    flags = pronoun_flags(
        nlp,
        {
            "a": SHE,
            "b": 'Ingrid Halvorsen is safe. "She needs time to rest," he said at the embassy.',
        },
    )
    assert not flags


def test_a_slip_among_the_right_pronouns_is_flagged(nlp) -> None:  # type: ignore[no-untyped-def]
    flags = pronoun_flags(
        nlp,
        {
            "a": SHE,
            "b": "Ingrid Halvorsen was detained in March. She was held for weeks.",
            "c": (
                "Ingrid Halvorsen was arrested at the airport. Police searched her bags. "
                "Halvorsen has been in custody since his arrest."
            ),
        },
    )
    assert [(f.article, f.text) for f in flags] == [("c", "his arrest")]


def test_one_source_against_one_flags_both_and_says_so(nlp) -> None:  # type: ignore[no-untyped-def]
    flags = pronoun_flags(
        nlp,
        {"a": SHE, "b": "Ingrid Halvorsen was detained at the border. He denied the charges."},
    )
    assert sorted(f.article for f in flags) == ["a", "b"]
    assert all("which is right is not known" in f.message for f in flags)


def test_his_father_after_her_name_is_no_evidence_against_her(nlp) -> None:  # type: ignore[no-untyped-def]
    # "his" is the son's: the parents are introduced side by side after "his mother"
    flags = pronoun_flags(
        nlp,
        {
            "a": SHE,
            "b": "His mother, Ingrid Halvorsen, looked away while his father, Nils Berg, "
            "held his head in his hands.",
        },
    )
    assert flags == []
