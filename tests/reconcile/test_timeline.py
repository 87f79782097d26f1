"""Timeline: dated events merged across sources, date conflicts, durations against dates."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from storyweave import datevalue as D
from storyweave.reconcile.timeline import build_timeline

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


def _timeline_of(story, items):  # type: ignore[no-untyped-def]
    """Invented articles, (date, text), analyzed, and their timeline."""
    analyze, by_name = story
    docs = analyze(items)
    entities, entity_of = by_name(docs)
    return docs, build_timeline(docs, entity_of, entities)


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.strip().lower())


@pytest.fixture(scope="module")
def seed_timeline(seed_story):
    docs, res, keys = seed_story
    return build_timeline(docs, res.groups, res.entities), res, keys


def _names(res) -> dict[str, set[str]]:
    return {e.id: {_norm(e.name)} | {_norm(a.text) for a in e.aliases} for e in res.entities}


GOLDEN = json.loads((SEEDS / "golden.json").read_text()) if SEEDS.exists() else {"timeline": []}


@pytest.mark.slow
@pytest.mark.parametrize("gold", GOLDEN["timeline"], ids=lambda g: g["event"][:30])
def test_golden_event_present(seed_timeline, gold):
    result, res, keys = seed_timeline
    names = _names(res)
    want = {_norm(a) for a in gold["actors"]}
    for ev in result.events:
        if not ev.date.startswith(gold["date"]):
            continue
        actors = set().union(*[names.get(a, set()) for a in ev.actors]) if ev.actors else set()
        cited = {keys[c.article] for c in ev.citations}
        if actors & want and set(gold["sources"]) <= cited:
            return
    pytest.fail(f"no event {gold['date']} {gold['event']!r} with {want} citing {gold['sources']}")


@pytest.mark.slow
def test_month_event_shows_as_month_and_sorts_by_date(seed_timeline):
    result, _, _ = seed_timeline
    december = [e for e in result.events if e.date.startswith("2018-12")]
    assert december and all(e.date == "2018-12" for e in december)
    starts = [D.date_range(e.date, e.mod)[0] for e in result.events]  # type: ignore[index]
    assert starts == sorted(starts)


@pytest.mark.slow
def test_more_precise_date_kept_and_both_recorded(seed_timeline):
    result, _, keys = seed_timeline
    ev = next(e for e in result.events if "three weeks in Washington" in e.text)
    assert (ev.date, ev.mod) == ("2021-04", "START")
    assert sorted(ev.dates.values()) == ["2021-04 START", "2021-SP"]
    assert {keys[a] for a in ev.dates} == {"000", "004"}


@pytest.mark.slow
def test_durations_consistent_with_december_2018(seed_timeline):
    result, _, _ = seed_timeline
    note = next(n for n in result.notes if "910 days" in n)
    assert "1,000 days" in note and "2018-12" in note and note.endswith("consistent.")
    assert not [f for f in result.flags if f.kind == "date-conflict"]


@pytest.mark.slow
def test_derived_detention_start_merged_with_explicit_date(seed_timeline):
    result, _, keys = seed_timeline
    ev = next(e for e in result.events if any(v == "2018-12-11" for v in e.dates.values()))
    assert ev.date == "2018-12" and {keys[c.article] for c in ev.citations} == {"000", "004"}


# ---------------------------------------------------------------- invented stories


def test_two_sources_dating_one_arrest_differently_conflict(story):
    docs, result = _timeline_of(
        story,
        [
            (
                "2024-05-02",
                "Police in Brenn arrested the banker Karl Osten on March 3 at his home.",
            ),
            ("2024-05-03", "The banker Karl Osten was arrested by police in Brenn on March 9."),
        ],
    )
    flags = [f for f in result.flags if f.kind == "date-conflict"]
    assert len(flags) == 1
    assert {c.article for c in flags[0].evidence} == {a.id for a, _ in docs}
    assert "2024-03-03" in flags[0].message and "2024-03-09" in flags[0].message


def test_same_event_merges_with_every_citation_and_precise_date(story):
    docs, result = _timeline_of(story, [
            ("2024-09-10", "The council of Dorvik approved the harbour plan of Mayor Lena Brandt "
                           "last spring."),
            ("2024-09-11", "In early April, the council of Dorvik approved the harbour plan drawn "
                           "up by Mayor Lena Brandt."),
        ])  # fmt: skip
    ev = next(e for e in result.events if "harbour plan" in e.text)
    assert (ev.date, ev.mod) == ("2024-04", "START")
    assert set(ev.dates.values()) == {"2024-SP", "2024-04 START"}
    assert {c.article for c in ev.citations} == {a.id for a, _ in docs}
    assert "e-brandt" in ev.actors


def test_duration_checked_against_a_date(story):
    docs, result = _timeline_of(story, [
            ("2024-05-01", "The journalist Ines Varga has been held for 60 days in a prison "
                           "near the border."),
            ("2024-04-20", "The journalist Ines Varga was arrested at the border on March 2."),
        ])  # fmt: skip
    assert any("60 days" in n and "consistent" in n for n in result.notes), result.notes
    assert not result.flags


def test_undated_and_generic_expressions_make_no_event(story):
    analyze, by_name = story
    docs = analyze([("2024-02-01", "Every week, the ferry of Halden carries cars. The mayor "
                                   "Olaf Rinn speaks now and then.")])  # fmt: skip
    entities, entity_of = by_name(docs)
    assert build_timeline(docs, entity_of, entities).events == ()


def test_dates_on_an_inferred_publication_date_are_noted(story):
    analyze, by_name = story
    text = (
        "Police in Brenn arrested the banker Karl Osten on March 3, 2024. On Tuesday, a judge "
        "in Brenn released Karl Osten on bail."
    )
    docs = analyze([(None, text)])
    assert docs[0][0].published_inferred
    entities, entity_of = by_name(docs)
    result = build_timeline(docs, entity_of, entities)
    assert any("inferred publication date" in n for n in result.notes)


def test_duration_that_misses_its_date_is_noted_not_flagged(story):
    # A start counted back from a duration rests on our reading of the duration: a lead to
    # check (a note), never a date-conflict between sources.
    docs, result = _timeline_of(story, [
            ("2024-05-01", "The journalist Ines Varga has been held for 20 days in a prison "
                           "near the border."),
            ("2024-04-20", "The journalist Ines Varga was arrested at the border on March 2."),
        ])  # fmt: skip
    assert not [f for f in result.flags if f.kind == "date-conflict"]
    [note] = [n for n in result.notes if "does not fit" in n]
    assert "20 days" in note and "2024-03-02" in note


def test_dates_on_an_inferred_publication_date_never_conflict(story):
    # "on Wednesday" in an undated report is placed against a guessed date: no flag rests on
    # it, however far its guess lands from the other source's date.
    docs, result = _timeline_of(story, [
            (None, "BRENN, March 5, 2024 - The banker Karl Osten was arrested by police in Brenn "
                   "on Wednesday."),
            ("2024-05-03", "Police in Brenn arrested the banker Karl Osten on March 9, 2024."),
        ])  # fmt: skip
    assert docs[0][0].published_inferred
    assert not [f for f in result.flags if f.kind == "date-conflict"]


def test_two_arrests_each_reported_as_its_days_news_are_no_conflict(story):
    # Each report dates the arrest in its own week and they were written more than a few
    # days apart: two happenings of one kind, not one happening dated twice.
    docs, result = _timeline_of(story, [
            ("2024-05-02", "Police in Brenn arrested the banker Karl Osten on Tuesday at his "
                           "home."),
            ("2024-05-10", "The banker Karl Osten was arrested by police in Brenn on Tuesday."),
        ])  # fmt: skip
    assert not [f for f in result.flags if f.kind == "date-conflict"]


def test_prison_terms_make_no_derived_start_and_no_conflict(story):
    # "sentenced to 16 years" is the length of a penalty, not 16 years that have passed: no
    # event in 2004 and no date-conflict against the arrest.
    docs, result = _timeline_of(story, [
            ("2020-06-15", "A court in Varna sentenced the ferry captain Ivo Marek to 16 years "
                           "in prison. Ivo Marek faces up to 10 years more in a second case."),
            ("2020-06-10", "The ferry captain Ivo Marek was arrested in Varna on March 2, 2019."),
        ])  # fmt: skip
    assert not [e for e in result.events if e.date[:4] < "2019"], result.events
    assert not [f for f in result.flags if f.kind == "date-conflict"]
    assert not any("16 years" in n or "10 years" in n for n in result.notes)


def test_a_dateline_alone_is_no_event(story):
    analyze, by_name = story
    text = (
        "March 4, 2020\n\nThe harbour board of Kelso voted on Monday to close the old pier.\n\n"
        "2019: the pier of Kelso was rebuilt in June."
    )
    docs = analyze([("2020-03-04", text)])
    entities, entity_of = by_name(docs)
    events = build_timeline(docs, entity_of, entities).events
    assert [e.date for e in events if e.text.startswith("The harbour board")] == ["2020-03-02"]
    assert not [e for e in events if e.text.strip() == "March 4, 2020"]
    # a wire dateline: a place, a date and a credit, no verb
    text = "ORMEBY, May 6 (Velmar Wire via the Norvik Post) - The ferry to Kelso sank on Sunday."
    docs = analyze([("2020-05-06", text)])
    entities, entity_of = by_name(docs)
    events = build_timeline(docs, entity_of, entities).events
    assert [e.date for e in events] == ["2020-05-03"]


def test_two_announcements_by_one_speaker_years_apart_are_two_events(story):
    docs, result = _timeline_of(story, [
            ("2021-03-10", "The mayor of Kelso, Ada Brill, announced Monday that the old pier will close."),
            ("2023-06-23", "Ada Brill announced Friday that a new ferry line will open in Kelso."),
        ])  # fmt: skip
    announced = [e for e in result.events if "announced" in e.text]
    assert sorted(e.date for e in announced) == ["2021-03-08", "2023-06-23"]
    assert all(len(e.citations) == 1 for e in announced)
    assert not [f for f in result.flags if f.kind == "date-conflict"]


def test_two_wordings_of_one_happening_merge_through_synonyms(story):
    docs, result = _timeline_of(story, [
            ("2024-03-05", "Ferries due on Monday were diverted to the southern quay."),
            ("2024-03-05", "The ferries of Monday were redirected to the south quay."),
        ])  # fmt: skip
    events = result.events
    [event] = [e for e in events if "quay" in e.text]
    assert event.date == "2024-03-04" and len(event.citations) == 2
