"""Claims: units aligned across sources, slots compared, a status per claim."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from storyweave.reconcile.claims import build_claims

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
GOLDEN = json.loads((SEEDS / "golden.json").read_text()) if SEEDS.exists() else {"claims": []}
STOP = set(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "on",
        "and",
        "for",
        "with",
        "by",
        "at",
        "from",
        "that",
        "his",
        "her",
        "their",
        "its",
        "was",
        "were",
        "is",
        "be",
        "as",
        "about",
    ]
)


def _claims_of(story, embedder, items):  # type: ignore[no-untyped-def]
    """Invented articles, (date, text), analyzed and their claims built."""
    analyze, by_name = story
    docs = analyze(items)
    entities, entity_of = by_name(docs)
    return docs, build_claims(docs, entity_of, entities, embedder=embedder)


def _words(s: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", s.lower()) if w not in STOP}


@pytest.fixture(scope="module")
def embedder():
    from storyweave.analyze.embed import Embedder

    return Embedder.load()


@pytest.fixture(scope="module")
def seed_claims(seed_story, embedder):
    docs, res, keys = seed_story
    return build_claims(docs, res.groups, res.entities, embedder=embedder), keys


@pytest.mark.slow
@pytest.mark.parametrize("gold", GOLDEN["claims"], ids=lambda g: g["claim"][:30])
def test_golden_claim(seed_claims, gold):
    # Matched as ../shared/seeds/score.py does: status, cited articles, shared content words.
    claims, keys = seed_claims
    want = _words(gold["claim"])
    for c in claims:
        cited = {keys[x.article] for x in c.citations}
        text = c.text + " " + " ".join(x.text for x in c.citations)
        if (
            c.status == gold["status"]
            and cited == set(gold["sources"])
            and len(want & _words(text)) >= 3
        ):
            if "values" in gold:
                assert {keys[a]: v for a, v in c.values.items()} == gold["values"]
                assert c.slot == "date"
            return
    pytest.fail(f"no {gold['status']} claim like {gold['claim']!r}")


@pytest.mark.slow
def test_seed_claims_are_few_and_stable(seed_claims, seed_story, embedder):
    claims, _ = seed_claims
    docs, res, _ = seed_story
    sentences = sum(len(an.sentences) for _, an in docs)
    assert len(claims) < sentences  # claim-worthy clauses, not every sentence
    again = build_claims(docs, res.groups, res.entities, embedder=embedder)
    assert [c.id for c in again] == [c.id for c in claims]


# ---------------------------------------------------------------- invented stories


def _claim_with(claims, *words):
    return [
        c
        for c in claims
        if all(w in c.text.lower() or any(w in x.text.lower() for x in c.citations) for w in words)
    ]


def test_number_conflict(story, embedder):
    docs, claims = _claims_of(story, embedder, [
            ("2024-03-05", "Twelve workers were injured in the explosion at the Rivertown chemical "
                           "plant on Monday, fire chief Ana Loris said."),
            ("2024-03-06", "The explosion at the Rivertown chemical plant on Monday injured 14 "
                           "workers, according to fire chief Ana Loris."),
        ])  # fmt: skip
    [claim] = [c for c in _claim_with(claims, "injured") if len(c.citations) == 2]
    assert claim.status == "conflicting" and claim.slot == "number"
    a, b = (x.id for x, _ in docs)
    assert claim.values == {a: "Twelve", b: "14"}


def test_refined_date_and_number(story, embedder):
    docs, claims = _claims_of(story, embedder, [
            ("2024-09-10", "The council of Dorvik approved the harbour plan of Mayor Lena Brandt "
                           "last spring. More than 25 boats joined the rescue off Port Varn."),
            ("2024-09-11", "In early April, the council of Dorvik approved the harbour plan drawn "
                           "up by Mayor Lena Brandt. 27 boats joined the rescue off Port Varn."),
        ])  # fmt: skip
    a, b = (x.id for x, _ in docs)
    [plan] = _claim_with(claims, "harbour")
    assert plan.status == "refined" and plan.slot == "date"
    assert plan.values == {a: "2024-SP", b: "2024-04 START"}
    [boats] = _claim_with(claims, "boats")
    assert boats.status == "refined" and boats.slot == "number"
    assert boats.values == {a: "More than 25", b: "27"}


def test_negation_conflict(story, embedder):
    docs, claims = _claims_of(story, embedder, [
            ("2024-07-01", "The mining company Orvane Resources paid the fine imposed by the "
                           "regulator, a spokesman said."),
            ("2024-07-02", "Orvane Resources has not paid the fine imposed by the regulator, the "
                           "agency said on Tuesday."),
        ])  # fmt: skip
    [claim] = _claim_with(claims, "fine")
    assert claim.status == "conflicting" and claim.slot == "negation"
    a, b = (x.id for x, _ in docs)
    assert claim.values == {a: "affirmed", b: "negated"}


def test_modality_is_shown_beside_each_value(story, embedder):
    analyze, by_name = story
    docs = analyze([
            ("2024-05-02", "The shipping firm Halden Lines plans to close its depot in Tarsk, "
                           "the union said."),
            ("2024-05-03", "Halden Lines will not close its depot in Tarsk, a spokeswoman said."),
            ("2024-05-03", "Halden Lines will close its depot in Tarsk, according to the union."),
        ])  # fmt: skip
    entities, entity_of = by_name(docs)
    claims = build_claims(docs, entity_of, entities, embedder=embedder)
    [claim] = _claim_with(claims, "depot")
    assert claim.status == "conflicting" and claim.slot == "negation"
    a, b, c = (x.id for x, _ in docs)
    assert claim.values == {a: "affirmed, plans to", b: "negated, will", c: "affirmed, will"}
    # agreeing sources with another certainty: corroborated, the certainty of each shown
    claims = build_claims([docs[0], docs[2]], entity_of, entities, embedder=embedder)
    [claim] = _claim_with(claims, "depot")
    assert claim.status == "corroborated" and claim.slot == "modality"
    assert claim.values == {a: "plans to", c: "will"}


def test_a_reported_pronoun_claim_names_its_speaker(story, embedder):
    docs, claims = _claims_of(story, embedder, [
            ("2024-05-06", "Dock workers in Tarsk said they would strike on Friday."),
            ("2024-05-07", "The dock workers of Tarsk said they would strike on Friday."),
        ])  # fmt: skip
    [claim] = _claim_with(claims, "strike")
    assert claim.status == "corroborated" and len(claim.citations) == 2
    assert claim.text.endswith(": they would strike on Friday")
    assert "workers" in claim.text.split(":")[0].lower()


def test_actor_conflict(story, embedder):
    docs, claims = _claims_of(story, embedder, [
            ("2024-10-07", "Anna Berg won the coastal marathon of Selmer on Sunday, the "
                           "organisers said."),
            ("2024-10-08", "Maria Kask won the coastal marathon of Selmer on Sunday, according "
                           "to the organisers."),
        ])  # fmt: skip
    [claim] = _claim_with(claims, "marathon")
    assert claim.status == "conflicting" and claim.slot == "actor"
    a, b = (x.id for x, _ in docs)
    assert claim.values == {a: "Anna Berg", b: "Maria Kask"}


SENTENCED = [
    ("2024-04-12", "Judge Mira Tallis sentenced the former mayor Karl Osten to six years in "
                   "prison on Thursday."),
    ("2024-04-12", "On Thursday, Karl Osten, the former mayor, was sentenced to six years in "
                   "prison by Judge Mira Tallis."),
    ("2024-04-13", "Judge Mira Tallis sentenced the former mayor Karl Osten to six years in "
                   "prison on Thursday. The court sat in Velm."),
]  # fmt: skip


@pytest.mark.parametrize("embedded", [True, False], ids=["embeddings", "lexical"])
def test_corroborated_by_two_sources(story, embedder, embedded):
    analyze, by_name = story
    docs = analyze(SENTENCED[:2])
    entities, entity_of = by_name(docs)
    claims = build_claims(docs, entity_of, entities, embedder=embedder if embedded else None)
    [claim] = _claim_with(claims, "sentenced")
    assert claim.status == "corroborated"
    assert {c.article for c in claim.citations} == {a.id for a, _ in docs}


def test_a_copy_never_corroborates(story, embedder):
    analyze, by_name = story
    docs = analyze([SENTENCED[0], SENTENCED[2]])
    entities, entity_of = by_name(docs)
    original, copy = (a.id for a, _ in docs)
    claims = build_claims(docs, entity_of, entities, embedder=embedder, copies={copy: original})
    [claim] = _claim_with(claims, "sentenced")
    assert claim.status == "single-source"
    assert {c.article for c in claim.citations} == {original, copy}


# The same named official in two different acts: the name and the title are all they share.
SAME_PERSON_OTHER_ACTS = [
    ("Harbour master Jonas Telling inspected the breakwater.",
     "Jonas Telling, the harbour master, briefed the council."),
    ("Fleet admiral Ruth Halloway reviewed the frigates.",
     "Ruth Halloway, the fleet admiral, addressed the committee."),
    ("Chief engineer Sela Marrow checked the pumps overnight.",
     "Sela Marrow, the chief engineer, spoke to the press."),
]  # fmt: skip


def _shared(claims, docs):
    both = {a.id for a, _ in docs}
    return [c for c in claims if {x.article for x in c.citations} == both]


@pytest.mark.parametrize("embedded", [True, False], ids=["embeddings", "lexical"])
@pytest.mark.parametrize("pair", SAME_PERSON_OTHER_ACTS, ids=lambda p: p[0].split()[2])
def test_a_shared_name_and_title_is_no_shared_statement(story, embedder, embedded, pair):
    analyze, by_name = story
    docs = analyze([("2024-05-06", pair[0]), ("2024-05-07", pair[1])])
    entities, entity_of = by_name(docs)
    claims = build_claims(docs, entity_of, entities, embedder=embedder if embedded else None)
    assert not _shared(claims, docs)
    assert [c.status for c in claims] == ["single-source", "single-source"]


@pytest.mark.parametrize("embedded", [True, False], ids=["embeddings", "lexical"])
def test_one_act_of_a_named_official_is_still_aligned(story, embedder, embedded):
    analyze, by_name = story
    docs = analyze(
        [
            ("2024-05-06", "Harbour master Jonas Telling closed the outer harbour to ferries."),
            ("2024-05-07", "Jonas Telling, the harbour master, shut the outer harbour to all "
                           "ferries."),
        ]
    )  # fmt: skip
    entities, entity_of = by_name(docs)
    claims = build_claims(docs, entity_of, entities, embedder=embedder if embedded else None)
    [claim] = _shared(claims, docs)
    assert claim.status == "corroborated"


def test_a_paraphrase_without_shared_words_is_aligned(story, embedder):
    # Nothing in common but the person: what each says without the name reads alike.
    docs, claims = _claims_of(story, embedder, [
            ("2024-05-06", "Mayor Lena Brandt stepped down from her office on Monday."),
            ("2024-05-07", "Lena Brandt, the mayor of Dorvik, resigned from her post on Monday."),
        ])  # fmt: skip
    [claim] = _shared(claims, docs)
    assert claim.status == "corroborated"


# ---------------------------------------------------------------- slots of one happening


def _conflicts(claims):
    return [c for c in claims if c.status == "conflicting"]


def test_days_to_appeal_conflict(story, embedder):
    docs, claims = _claims_of(story, embedder, [
            ("2024-06-12", "The court in Velm gave the banker Karl Osten 10 days to appeal the "
                           "ruling."),
            ("2024-06-12", "Karl Osten has 15 days to appeal the ruling of the court in Velm, "
                           "his lawyer said."),
        ])  # fmt: skip
    [claim] = _conflicts(claims)
    a, b = (x.id for x, _ in docs)
    assert claim.slot == "number" and claim.values == {a: "10 days", b: "15 days"}


def test_maximum_terms_conflict_and_are_not_compared_with_the_term_given(story, embedder):
    docs, claims = _claims_of(story, embedder, [
            ("2024-11-02", "The banker Karl Osten faces up to 110 years in prison after the "
                           "verdict."),
            ("2024-11-02", "Karl Osten could be sentenced to as long as 115 years in prison, "
                           "prosecutors said."),
            ("2024-11-03", "The banker Karl Osten was sentenced to 25 years in prison."),
        ])  # fmt: skip
    [claim] = _conflicts(claims)
    a, b, c = (x.id for x, _ in docs)
    assert claim.values == {a: "up to 110 years", b: "115 years"}
    assert c not in claim.values


def test_arrests_counted_in_two_places_are_no_conflict(story, embedder):
    # "more than 1,400" across the country and "upwards of 350" near the court: two lower
    # bounds of two counts, never a disagreement.
    docs, claims = _claims_of(story, embedder, [
            ("2021-02-02", "Police arrested upwards of 350 people near the court in Velm."),
            ("2021-02-03", "More than 1,400 people were arrested across Dorvik, a monitoring "
                           "group said."),
        ])  # fmt: skip
    assert not _conflicts(claims)


def test_a_sentence_of_another_year_is_no_conflict(story, embedder):
    # The same person sentenced twice, years apart: two happenings, not one told twice.
    docs, claims = _claims_of(story, embedder, [
            ("2021-04-16", "A court in Velm sentenced the publisher Karl Osten to one year in "
                           "prison."),
            ("2026-02-09", "A court in Velm sentenced the publisher Karl Osten to 20 years in "
                           "prison."),
        ])  # fmt: skip
    assert not _conflicts(claims)


def test_weekdays_of_one_sentencing_conflict(story, embedder):
    docs, claims = _claims_of(story, embedder, [
            ("2025-12-12", "The banker Karl Osten was sentenced to 15 years in prison on "
                           "Wednesday."),
            ("2025-12-12", "The banker Karl Osten was sentenced to 15 years in prison on "
                           "Thursday."),
        ])  # fmt: skip
    [claim] = _conflicts(claims)
    a, b = (x.id for x, _ in docs)
    assert claim.slot == "date" and claim.values == {a: "2025-12-10", b: "2025-12-11"}


def test_a_relative_date_on_an_inferred_publication_date_never_conflicts(story, embedder):
    # "last year" counted from a guessed date says nothing the other source contradicts
    docs, claims = _claims_of(story, embedder, [
            (None, "VELM, 4 January 2025 - Last year, the banker Karl Osten was arrested in "
                   "Velm for using a forged passport."),
            ("2024-12-31", "The banker Karl Osten was arrested in Velm on March 23, 2023 for "
                           "using a forged passport."),
        ])  # fmt: skip
    assert docs[0][0].published_inferred
    assert not [c for c in _conflicts(claims) if c.slot == "date"]


def test_ages_that_the_time_between_reports_does_not_explain(story, embedder):
    docs, claims = _claims_of(story, embedder, [
            ("2020-08-10", "Osten, 71, was arrested at his home in Velm on Monday."),
            ("2020-08-10", "Police arrested Karl Osten, 72, in Velm on Monday."),
            ("2025-12-15", "Osten, 77, was convicted by a court in Velm on Monday."),
        ])  # fmt: skip
    [claim] = [c for c in claims if c.slot == "age"]
    a, b, c = (x.id for x, _ in docs)
    assert claim.status == "conflicting" and claim.values == {a: "71", b: "72"}


def test_ages_years_apart_agree(story, embedder):
    docs, claims = _claims_of(story, embedder, [
            ("2021-04-16", "Osten, 73, was jailed by a court in Velm on Friday."),
            ("2025-12-15", "Osten, 78, was convicted by a court in Velm on Monday."),
        ])  # fmt: skip
    assert not [c for c in claims if c.slot == "age"]


def test_the_terms_of_others_are_not_a_named_persons(story, embedder):
    docs, claims = _claims_of(story, embedder, [
            ("2024-11-19", "Karl Osten received the longest term of 10 years."),
            ("2024-11-19", "Ana Loris, Mira Tallis and Lena Brandt received the shortest terms "
                           "of four years and two months."),
        ])  # fmt: skip
    assert not _conflicts(claims)


def test_a_term_asked_for_is_not_the_term_given(story, embedder):
    docs, claims = _claims_of(story, embedder, [
            ("2022-08-04", "Prosecutors had demanded that the banker Karl Osten be sentenced to "
                           "nine years and six months in prison."),
            ("2022-08-04", "A court in Velm sentenced the banker Karl Osten to nine years in "
                           "prison."),
        ])  # fmt: skip
    assert not _conflicts(claims)


def test_a_date_of_a_law_named_beside_a_verdict_is_not_the_verdicts(story, embedder):
    # "a law imposed on the town by Norway four years ago" dates the law, not the verdict
    docs, claims = _claims_of(story, embedder, [
            ("2024-05-30", "The High Court found five of the town's best known union leaders "
                           "guilty of sedition on Thursday under a tough law imposed on the town "
                           "by Norway four years ago."),
            ("2024-05-30", "The High Court on Thursday found five union leaders guilty of "
                           "sedition in the biggest trial since Norway imposed the law."),
        ])  # fmt: skip
    assert not _conflicts(claims)


def _units_of(story, items):  # type: ignore[no-untyped-def]
    from storyweave.reconcile.claims import claim_units
    from storyweave.reconcile.clauses import extract_clauses

    analyze, by_name = story
    docs = analyze(items)
    entities, entity_of = by_name(docs)
    clauses = extract_clauses(docs, entity_of, entities)
    return claim_units(docs, clauses, {e.id: e.type for e in entities}, {}, [])


def test_a_date_after_a_while_phrase_is_not_the_arrests(story):
    # "while in Dorvik for a family emergency on May 20": the parse hangs the date on
    # "detained", but it may be the visit's
    units = _units_of(story, [
            ("2023-07-20", "The editor Ana Loris was stopped and detained at the Velm "
                           "International Airport while reportedly in Dorvik for a family emergency "
                           "on May 20."),
        ])  # fmt: skip
    detained = [u for u in units if u.clause.verb == "detain"]
    assert detained and not [d for u in detained for d in u.dates]


def test_a_credit_ratio_is_no_term(story):
    # "two days in custody for one day in prison" is a rate of exchange
    units = _units_of(story, [
            ("2021-02-03", "The judge credited Karl Osten's five months in custody, two days in "
                           "custody for one day in prison."),
        ])  # fmt: skip
    roles = {n.text: n.role for u in units for n in u.numbers}
    assert roles.get("two days") == roles.get("one day") == "ratio"


def test_two_people_sharing_a_surname_are_not_one(story, embedder):
    # "Lena Brandt" and "Brandt Kee-wah" share a word: two people, two terms
    docs, claims = _claims_of(story, embedder, [
            ("2021-04-16", "The activist Brandt Kee-wah was jailed for one year."),
            ("2021-04-16", "The barrister Lena Brandt was given an 11-month suspended sentence."),
        ])  # fmt: skip
    assert not _conflicts(claims)


def test_a_term_said_of_none_of_several_people_is_nobodys(story, embedder):
    docs, claims = _claims_of(story, embedder, [
            ("2021-04-16", "The publisher Karl Osten was jailed for one year."),
            ("2021-04-16", "Karl Osten stood beside Ana Loris as the judge handed down 18 "
                           "months in prison."),
        ])  # fmt: skip
    assert not _conflicts(claims)


def test_charges_by_the_authorities_of_two_places_are_two_acts(story, embedder):
    docs, claims = _claims_of(story, embedder, [
            ("2023-03-25", "On Thursday, a grand jury in Chicago indicted the banker Karl Osten on "
                           "eight counts of fraud."),
            ("2023-03-25", "On Friday, Portugal's prosecutors charged the banker Karl Osten with "
                           "forging his passport."),
        ])  # fmt: skip
    assert not _conflicts(claims)


def test_a_pronoun_is_read_by_its_own_articles_usage(story, embedder):
    # A machine translation calls the player "he": the other reports' "she" is still her
    docs, claims = _claims_of(story, embedder, [
            ("2022-12-09", "The player Ana Loris was freed on Thursday. She had pleaded guilty "
                           "in July. She was later sentenced to nine and a half years in "
                           "prison."),
            ("2022-12-09", "The player Ana Loris was sentenced to nine years in prison."),
            ("2022-12-09", "The player Ana Loris flew home. He thanked his fans, and he said he "
                           "was glad."),
        ])  # fmt: skip
    a, b, _ = (x.id for x, _ in docs)
    [claim] = _conflicts(claims)
    assert claim.values == {a: "nine and a half years", b: "nine years"}


def test_an_earlier_detention_retold_beside_the_news_is_another_happening(story, embedder):
    docs, claims = _claims_of(story, embedder, [
            ("2023-10-19", "The editor Ana Loris was detained by police in Velm on Wednesday."),
            ("2023-10-19", "The editor Ana Loris was detained on 2 June at Velm airport, and "
                           "was detained by police in Velm again this week."),
        ])  # fmt: skip
    assert not [c for c in _conflicts(claims) if c.slot == "date"]


def test_counts_of_two_groups_both_told_by_one_source_are_no_conflict(story, embedder):
    # "14 convicted" at a trial and "45 convicted" in all (those who pleaded guilty too): the
    # second source writes both figures, so they count two groups, not one group twice.
    docs, claims = _claims_of(story, embedder, [
            ("2024-11-19", "Fourteen activists in Velm were convicted of sedition in one of the "
                           "largest trials of the decade."),
            ("2024-11-19", "In all, 45 activists in Velm were convicted of sedition. In May, 14 of "
                           "the 16 who denied the charge were found guilty."),
        ])  # fmt: skip
    assert not [c for c in _conflicts(claims) if c.slot == "number"]


def test_counts_that_differ_are_still_a_conflict(story, embedder):
    docs, claims = _claims_of(story, embedder, [
            ("2024-11-19", "Fourteen activists in Velm were convicted of sedition on Tuesday."),
            ("2024-11-19", "Sixteen activists in Velm were convicted of sedition on Tuesday."),
        ])  # fmt: skip
    [claim] = [c for c in _conflicts(claims) if c.slot == "number"]
    assert set(claim.values.values()) == {"Fourteen", "Sixteen"}


def test_a_day_of_the_month_is_no_count_told(story, embedder):
    # "12 February" is a day: the source still counts 12 injured against the other's 14.
    docs, claims = _claims_of(story, embedder, [
            ("2024-03-06", "The fire at the Velm depot on Tuesday injured 14 people, officials "
                           "said."),
            ("2024-03-06", "The fire at the Velm depot on Tuesday injured 12 people. An "
                           "inspection on 14 February had found faults."),
        ])  # fmt: skip
    [claim] = [c for c in _conflicts(claims) if c.slot == "number"]
    assert set(claim.values.values()) == {"14", "12"}
