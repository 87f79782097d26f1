"""Entity timelines: each entity's happenings in time order, dated or not.

Event mentions (``reconcile.events``) become happenings: a mention that is part of a dated
timeline event joins it; another joins a timeline event or an undated happening that tells the
same thing (same predicate class or happening noun, a participant in common, a time that
fits), else it is a happening of its own. Reported speech is never merged: one speaker says
many things. Happenings are ordered by their dates; one placed only before or after a
neighbour sits just before or after it; one that nothing places gets position 0.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from .. import datevalue
from ..model import Citation, EntityTimeline, Event, TimelineEntry
from .events import Mention, Placement, happening

__all__ = ["entity_timelines"]

# How strongly a placement fixes a happening in time: the strongest of its mentions wins.
_STRENGTH = {"date": 5, "derived": 4, "relative": 3, "publication": 2, "narrative": 1, "none": 0}
_PLACE_TYPES = frozenset({"GPE", "LOC", "NORP", "FAC"})
_NEVER_MERGED = frozenset({"say"})  # the class of speech verbs (data/events/predicates.txt)
_MONTH = timedelta(days=31)
Key = tuple[int, int, float]  # first day, last day (ordinals), then before/after steps


@dataclass
class _Happening:
    mentions: list[Mention] = field(default_factory=list)
    event: int | None = None
    span: datevalue.DateRange | None = None


def _strong(actors: Sequence[str], types: Mapping[str, str]) -> set[str]:
    return {a for a in actors if types.get(a) not in _PLACE_TYPES}


def _fits(a: datevalue.DateRange | None, b: datevalue.DateRange | None) -> bool:
    return a is None or b is None or datevalue.compatible(a, b)


def _window(m: Mention) -> datevalue.DateRange | None:
    """The days a mention may fall on: a past report placed on its publication day may
    tell of the weeks before it, a future one of the weeks after."""
    if m.span is None or m.placement.basis != "publication":
        return m.span
    if m.placement.mod == "ON_OR_BEFORE":
        return m.span[1] - _MONTH, m.span[1]
    if m.placement.mod == "ON_OR_AFTER":
        return m.span[0], m.span[0] + _MONTH
    return m.span


def _group(
    mentions: Sequence[Mention],
    event_of: Mapping[int, int],
    events: Sequence[tuple[Event, datevalue.DateRange]],
    event_keys: Mapping[str, list[int]],
    types: Mapping[str, str],
) -> list[_Happening]:
    out: list[_Happening] = []
    by_event: dict[int, int] = {}
    index: dict[str, list[int]] = {}  # "actor|class" -> undated happenings
    for m in mentions:
        ei = event_of.get(id(m.clause))
        strong = sorted(_strong(m.actors, types))
        keys = [f"{a}|{m.predicate}" for a in strong] if m.predicate not in _NEVER_MERGED else []
        if noun := happening(m.clause):
            keys.append(f"h:{noun}")  # "the blaze broke out", "the fire destroyed"
        if ei is None and m.placement.basis != "date":
            # A report told without its date, of a dated event: same predicate and actor.
            for k in keys:
                ei = next(
                    (e for e in event_keys.get(k, ()) if _fits(_window(m), events[e][1])), None
                )
                if ei is not None:
                    break
        if ei is not None:
            if ei not in by_event:
                by_event[ei] = len(out)
                out.append(_Happening(event=ei, span=events[ei][1]))
            out[by_event[ei]].mentions.append(m)
            continue
        target = None
        for k in keys:
            for hi in index.get(k, ()):
                h = out[hi]
                first = h.mentions[0]
                # Within one article a repeat (the headline, the lead); across articles only
                # when both are placed on the same day.
                same_day = m.placement.date is not None and m.placement.date == first.placement.date
                if (first.article == m.article or same_day) and _fits(_window(m), h.span):
                    target = hi
                    break
            if target is not None:
                break
        if target is None:
            target = len(out)
            out.append(_Happening(span=m.span))
        out[target].mentions.append(m)
        for k in keys:
            bucket = index.setdefault(k, [])
            if not bucket or bucket[-1] != target:
                bucket.append(target)
    return out


def _keys(happenings: Sequence[_Happening], owner: Mapping[int, int]) -> list[Key | None]:
    """Each happening's place in time: its date range, or a step before or after the
    happening it is told against."""
    keys: list[Key | None] = [None] * len(happenings)
    state = [0] * len(happenings)  # 0 unseen, 1 in progress, 2 done

    def key(i: int) -> Key | None:
        if state[i] == 2:
            return keys[i]
        if state[i] == 1:
            return None  # a cycle of relative placements: nothing places it
        state[i] = 1
        h = happenings[i]
        p = _best(h).placement
        k: Key | None = None
        if h.span is not None:
            k = (h.span[0].toordinal(), h.span[1].toordinal(), 0.0)
        elif p.after is not None or p.before is not None:
            ref = owner.get(p.after if p.after is not None else p.before or 0)
            base = key(ref) if ref is not None and ref != i else None
            if base is not None:
                step = 0.5 if p.basis == "narrative" else 1.0
                k = (base[0], base[1], base[2] + (step if p.after is not None else -step))
        keys[i] = k
        state[i] = 2
        return k

    for i in range(len(happenings)):
        key(i)
    return keys


def _best(h: _Happening) -> Mention:
    return max(h.mentions, key=lambda m: (_STRENGTH[m.placement.basis], -m.index))


def _predicates(h: _Happening, members: Mapping[int, Sequence[Mention]]) -> tuple:
    out: dict[tuple[str, int, int], None] = {}
    for m in list(h.mentions) + list(members.get(h.event, ()) if h.event is not None else ()):
        if m.clause.predicate:
            out[(m.article, m.clause.predicate[0][0], m.clause.predicate[-1][1])] = None
    return tuple(out)


def entity_timelines(
    mentions: Sequence[Mention],
    events: Sequence[tuple[Event, datevalue.DateRange]],
    event_of: Mapping[int, int],
    types: Mapping[str, str],
) -> tuple[EntityTimeline, ...]:
    """Each entity's timeline from the story's event mentions. ``events`` are the story's
    dated timeline events with their date ranges; ``event_of`` maps ``id(clause)`` of the
    clauses each one merged to its index."""
    event_keys: dict[str, list[int]] = {}
    members: dict[int, list[Mention]] = {}
    for m in mentions:
        ei = event_of.get(id(m.clause))
        if ei is None:
            continue
        members.setdefault(ei, []).append(m)
        names = (
            []
            if m.predicate in _NEVER_MERGED
            else [f"{a}|{m.predicate}" for a in _strong(m.actors, types)]
        )
        if noun := happening(m.clause):
            names.append(f"h:{noun}")
        for k in names:
            bucket = event_keys.setdefault(k, [])
            if ei not in bucket:
                bucket.append(ei)
    happenings = _group(mentions, event_of, events, event_keys, types)
    for h in happenings:
        if h.event is None:
            h.span = _best(h).span
    owner = {m.index: hi for hi, h in enumerate(happenings) for m in h.mentions}
    keys = _keys(happenings, owner)
    entries: dict[str, list[tuple[Key | None, int]]] = {}
    for hi, h in enumerate(happenings):
        actors = dict.fromkeys(a for m in h.mentions for a in m.actors)
        if h.event is not None:
            actors.update(dict.fromkeys(events[h.event][0].actors))
        for a in actors:
            entries.setdefault(a, []).append((keys[hi], hi))
    built: dict[int, TimelineEntry] = {}
    out = []
    for ent, items in entries.items():
        items.sort(key=lambda x: (x[0] is None, x[0] or (0, 0, 0.0), x[1]))
        positions: dict[Key, int] = {}
        row = []
        for where, hi in items:
            pos = 0 if where is None else positions.setdefault(where, len(positions) + 1)
            if hi not in built:
                built[hi] = _entry(happenings[hi], events, members, 0)
            e = built[hi]
            row.append(TimelineEntry(pos, e.date, e.mod, e.basis, e.reason, e.text, e.event,
                                     e.actors, e.citations, e.predicates))  # fmt: skip
        out.append(EntityTimeline(ent, tuple(row)))
    out.sort(key=lambda t: t.entity)
    return tuple(out)


def _entry(
    h: _Happening,
    events: Sequence[tuple[Event, datevalue.DateRange]],
    members: Mapping[int, Sequence[Mention]],
    position: int,
) -> TimelineEntry:
    best = _best(h)
    p: Placement = best.placement
    cites: dict[Citation, None] = {}
    date: str | None
    if h.event is not None:
        ev = events[h.event][0]
        date, mod, basis, reason, text = ev.date, ev.mod, "date", p.reason or "dated", ev.text
        if p.basis != "date":
            reason = f"the timeline event of {ev.date}"
        cites.update(dict.fromkeys(ev.citations))
        actors = dict.fromkeys(ev.actors)
    else:
        date, mod, basis, reason, text = p.date, p.mod, p.basis, p.reason, best.clause.text
        actors = {}
    for m in sorted(h.mentions, key=lambda m: m.index):
        cites[m.citation] = None
        actors.update(dict.fromkeys(m.actors))
    return TimelineEntry(
        position=position,
        date=date,
        mod=mod,
        basis=basis,
        reason=reason,
        text=text,
        event=h.event,
        actors=tuple(actors),
        citations=tuple(cites),
        predicates=_predicates(h, members),
    )
