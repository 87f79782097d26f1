"""Entity timelines (reconcile/chronology.py) and one entry per happening, on invented articles."""

from __future__ import annotations

from storyweave.reconcile.timeline import build_timeline


def _timeline(story, items):  # type: ignore[no-untyped-def]
    analyze, by_name = story
    docs = analyze(items)
    entities, entity_of = by_name(docs)
    return build_timeline(docs, entity_of, entities)


STORM = [
    ("2023-11-03", "A storm hit the village of Lisdorf on Wednesday night, Mayor Petra Holm said. "
                   "The storm damaged the Lisdorf bridge."),
    ("2023-11-04", "The storm tore through Lisdorf on Wednesday night. Mayor Petra Holm said "
                   "the storm flooded the lower town."),
    ("2023-11-10", "An inquiry into the storm opened on Thursday in Lisdorf. The storm began "
                   "on the night of November 1, the inquiry heard."),
]  # fmt: skip


def test_reports_of_one_happening_are_one_entry(story):
    tl = _timeline(story, STORM)
    night = [ev for ev in tl.events if ev.date == "2023-11-01"]
    assert len(night) == 1, [ev.text for ev in tl.events]
    assert len({c.article for c in night[0].citations}) == 3
    inquiry = [ev for ev in tl.events if ev.date == "2023-11-09"]
    assert len(inquiry) == 1 and "inquiry" in inquiry[0].text


def test_same_happening_in_two_towns_stays_apart(story):
    from storyweave.link.entities import resolve

    analyze, _ = story
    docs = analyze([
        ("2023-11-03", "A storm hit the city of Leeds on Wednesday night."),
        ("2023-11-03", "A storm hit the city of Bristol on Wednesday night."),
    ])  # fmt: skip
    res = resolve(docs)
    assert {e.type for e in res.entities} == {"GPE"}
    tl = build_timeline(docs, res.groups, res.entities)
    assert len([ev for ev in tl.events if ev.date == "2023-11-01"]) == 2


def test_entity_timeline_orders_undated_events_between_dated_ones(story):
    tl = _timeline(story, [(
        "2024-05-10",
        "Velmar Motors opened a plant in Ostra on Monday. The company then hired 300 workers. "
        "Velmar Motors will build a second plant in June.",
    )])  # fmt: skip
    mine = next(t for t in tl.entity_timelines if t.entity == "e-motors")
    texts = [e.text for e in mine.entries]
    opened = next(i for i, t in enumerate(texts) if "opened" in t)
    hired = next(i for i, t in enumerate(texts) if "hired" in t)
    built = next(i for i, t in enumerate(texts) if "build" in t)
    assert opened < hired < built
    entry = mine.entries[hired]
    assert entry.date is None and entry.basis == "relative" and "then" in entry.reason
    assert mine.entries[opened].position < entry.position < mine.entries[built].position
    assert mine.entries[opened].event is not None  # the story's dated event
    assert all(e.predicates for e in mine.entries)
