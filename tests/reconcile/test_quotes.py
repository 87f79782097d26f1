"""Quotations of one utterance rendered with other words (reconcile/quotes.py)."""

from __future__ import annotations

from storyweave.reconcile.quotes import quote_claims


def test_a_quoted_place_replaced_by_a_common_word_is_a_conflict(story):
    analyze, _ = story
    docs = analyze([
        ("2025-03-04", "The mayor wrote on Monday: “I have just spoken with Tomas Lindqvist. "
                       "He is well. He is on a train. He is on his way to the Republic of Velm.”"),
        ("2025-03-04", "The mayor said: \"I have just spoken with Tomas Lindqvist. He is well. "
                       "He is on a train. He is on his way home.\""),
    ])  # fmt: skip
    [claim] = quote_claims(docs)
    a, b = (x.id for x, _ in docs)
    assert claim.status == "conflicting" and claim.slot == "quote"
    assert "Republic of Velm" in claim.values[a] and "home" in claim.values[b]
    assert {c.article for c in claim.citations} == {a, b}


def test_synonyms_and_function_words_in_a_quotation_are_no_conflict(story):
    # A translator's words ("spying" / "espionage", "with" / "to"), a spelling ("offences"),
    # a longer quotation: one utterance said alike.
    analyze, _ = story
    docs = analyze([
        ("2025-03-04", "The agency said the engineer was \"suspected of spying in the interests "
                       "of a foreign government, fraud and other offences,\" and spoke with him."),
        ("2025-03-04", "The engineer “is suspected of espionage in the interests of a foreign "
                       "government, fraud and other offenses,” the agency said in a statement."),
    ])  # fmt: skip
    assert quote_claims(docs) == []


def test_a_name_and_its_title_in_a_quotation_are_no_conflict(story):
    analyze, _ = story
    docs = analyze([
        ("2025-03-04", "She said: “We asked Lindqvist to stop the works on the northern bridge "
                       "before the winter comes.”"),
        ("2025-03-04", "She said: “We asked the governor to stop the works on the northern "
                       "bridge before the winter comes.”"),
    ])  # fmt: skip
    assert quote_claims(docs) == []


def test_a_copy_never_disagrees_with_its_original(story):
    analyze, _ = story
    docs = analyze([
        ("2025-03-04", "He said: “She is on her way to the Republic of Velm, and she is well "
                       "and safe.”"),
        ("2025-03-04", "He said: “She is on her way home, and she is well and safe.”"),
    ])  # fmt: skip
    a, b = (x.id for x, _ in docs)
    assert quote_claims(docs, copies={b: a}) == []


def test_the_speaker_replaced_by_a_thing_in_a_quotation_is_a_conflict(story):
    analyze, _ = story
    docs = analyze([
        ("2025-03-04", "She said: “They will answer for what they have done to me, my family "
                       "and my brother, and that day will come.”"),
        ("2025-03-04", "She said: “They will answer for what they have done to our town, our "
                       "family and my brother, and that day will come.”"),
    ])  # fmt: skip
    [claim] = quote_claims(docs)
    a, b = (x.id for x, _ in docs)
    assert "to me, my family" in claim.values[a] and "to our town" in claim.values[b]


def test_the_speaker_replaced_by_a_person_in_a_quotation_is_no_conflict(story):
    # "me" and "the minister" may be one person told two ways (a speaker quoted in the third
    # person): not another referent for sure.
    analyze, _ = story
    docs = analyze([
        ("2025-03-04", "He said: “They will answer for what they have done to me and to the "
                       "people of this valley, and soon.”"),
        ("2025-03-04", "He said: “They will answer for what they have done to the minister and "
                       "to the people of this valley, and soon.”"),
    ])  # fmt: skip
    assert quote_claims(docs) == []
