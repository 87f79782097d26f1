"""Event mentions and their placement in time (reconcile/events.py), on invented articles."""

from __future__ import annotations

from storyweave.reconcile.clauses import extract_clauses
from storyweave.reconcile.events import event_mentions


def _mentions(story, items):  # type: ignore[no-untyped-def]
    analyze, by_name = story
    docs = analyze(items)
    entities, entity_of = by_name(docs)
    clauses = extract_clauses(docs, entity_of, entities)
    return event_mentions(docs, clauses, {e.id: e.type for e in entities})


def _find(ms, word):  # type: ignore[no-untyped-def]
    return next(m for m in ms if m.clause.verb == word)


def test_undated_events_enter_and_say_what_places_them(story):
    ms = _mentions(story, [(
        "2024-05-10",
        "Velmar Motors opened a plant in Ostra on Monday. The company then hired 300 workers. "
        "Velmar Motors had closed its old plant. Velmar Motors makes electric buses.",
    )])  # fmt: skip
    opened = _find(ms, "open")
    assert opened.placement.basis == "date" and opened.placement.date == "2024-05-06"
    hired = _find(ms, "hire")  # "the company" stands for Velmar Motors; "then" orders it
    assert "e-motors" in hired.actors
    assert hired.placement.basis == "relative" and hired.placement.after == opened.index
    closed = _find(ms, "close")  # past perfect: before what was told just before it
    assert closed.placement.basis == "relative" and closed.placement.before is not None
    makes = _find(ms, "make")  # present tense: holds on the publication day
    assert makes.placement.basis == "publication" and makes.placement.date == "2024-05-10"
    assert makes.placement.mod is None and "present tense" in makes.placement.reason


def test_after_clause_is_placed_before_its_governor(story):
    ms = _mentions(story, [(
        "2024-05-10",
        "Anna Berg resigned after Velmar Motors announced losses.",
    )])  # fmt: skip
    resigned, announced = _find(ms, "resign"), _find(ms, "announce")
    assert announced.placement.basis == "relative"
    assert announced.placement.before == resigned.index
    assert resigned.placement.basis == "publication" and resigned.placement.mod == "ON_OR_BEFORE"


def test_denied_and_conditional_events_stay_out(story):
    ms = _mentions(story, [(
        "2024-05-10",
        "Anna Berg did not resign. If Velmar Motors sells the plant, Anna Berg would leave.",
    )])  # fmt: skip
    assert not any(m.clause.verb in ("resign", "sell", "leave") for m in ms)
