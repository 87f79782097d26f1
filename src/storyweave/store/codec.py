"""The stored form of a reconciled story: the ``Story`` object's fields as versioned JSON.

Every back end stores this text (``stories.data``) and gives the object back; renderers
(render/, web/) work from the object. ``STORY_FORMAT`` changes when a field changes meaning;
a reader refuses a format it does not know rather than guess."""

from __future__ import annotations

import json
from typing import Any

from ..errors import StoreError
from ..model import (
    Alias,
    Citation,
    Claim,
    Comparison,
    Entity,
    EntityTimeline,
    Event,
    Flag,
    SentencePair,
    Story,
    TimelineEntry,
    Translation,
    to_dict,
)

__all__ = [
    "STORY_FORMAT",
    "encode_story",
    "decode_story",
    "story_from_dossier_form",
    "json_default",
]

STORY_FORMAT = 1


def json_default(value: Any) -> Any:
    """``json.dumps``'s fallback for a story index entry: a numpy array (a story's vector
    sum, kept as one in memory) is written as its list of floats."""
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def encode_story(story: Story) -> str:
    return json.dumps(
        {"format": STORY_FORMAT, **to_dict(story)}, ensure_ascii=False, separators=(",", ":")
    )


def decode_story(text: str) -> Story:
    data = json.loads(text)
    if data.get("format") != STORY_FORMAT:
        raise StoreError(
            f"stored story in format {data.get('format')!r}, this storyweave reads {STORY_FORMAT}",
            None,
            "upgrade storyweave, or add the articles to a new store",
        )
    return Story(
        id=data["id"],
        title=data["title"],
        articles=tuple(data["articles"]),
        entities=tuple(_entity(e) for e in data["entities"]),
        timeline=tuple(
            Event(
                date=ev["date"],
                mod=ev["mod"],
                text=ev["text"],
                actors=tuple(ev["actors"]),
                citations=_citations(ev["citations"]),
                dates=dict(ev["dates"]),
            )
            for ev in data["timeline"]
        ),
        claims=tuple(_claim(c) for c in data["claims"]),
        flags=tuple(_flag(f) for f in data["flags"]),
        notes=tuple(data["notes"]),
        entity_timelines=tuple(
            EntityTimeline(entity=t["entity"], entries=tuple(_entry(x) for x in t["entries"]))
            for t in data.get("entity_timelines") or []
        ),
        translations=tuple(_translation(t) for t in data.get("translations") or []),
    )


def _translation(t: dict[str, Any]) -> Translation:
    pairs = tuple(
        SentencePair(
            translation=p["translation"],
            original=p["original"],
            score=p["score"],
            comparisons=tuple(Comparison(**c) for c in p.get("comparisons") or []),
        )  # fmt: skip
        for p in t["pairs"]
    )
    return Translation(
        article=t["article"], original=t["original"], language=t["language"], pairs=pairs
    )


def _entry(x: dict[str, Any]) -> TimelineEntry:
    return TimelineEntry(
        position=x["position"], date=x["date"], mod=x["mod"], basis=x["basis"],
        reason=x["reason"], text=x["text"], event=x.get("event"), actors=tuple(x["actors"]),
        citations=_citations(x["citations"]),
        predicates=tuple((p[0], p[1], p[2]) for p in x.get("predicates") or []),
    )  # fmt: skip


def _citations(items: list[dict[str, Any]]) -> tuple[Citation, ...]:
    return tuple(
        Citation(
            article=c["article"],
            sentence=c["sentence"],
            start=c["start"],
            end=c["end"],
            text=c["text"],
        )  # fmt: skip
        for c in items
    )


def _entity(e: dict[str, Any]) -> Entity:
    return Entity(
        id=e["id"],
        name=e["name"],
        type=e["type"],
        aliases=tuple(
            Alias(
                text=a["text"],
                count=a["count"],
                match=a["match"],
                confidence=a["confidence"],
                evidence=_citations(a.get("evidence") or []),
            )  # fmt: skip
            for a in e["aliases"]
        ),
        kb_id=e.get("kb_id"),
        mentions=tuple((m[0], m[1], m[2]) for m in e.get("mentions") or []),
        note=e.get("note"),
    )


def _claim(c: dict[str, Any]) -> Claim:
    return Claim(
        id=c["id"], status=c["status"], text=c["text"], values=dict(c["values"]),
        citations=_citations(c["citations"]), slot=c.get("slot"),
        across_languages=bool(c.get("across_languages")),
    )  # fmt: skip


def _flag(f: dict[str, Any]) -> Flag:
    return Flag(
        kind=f["kind"], article=f.get("article"), text=f["text"], message=f["message"],
        entity=f.get("entity"), evidence=_citations(f.get("evidence") or []),
    )  # fmt: skip


def story_from_dossier_form(data: dict[str, Any]) -> Story:
    """A story stored by storyweave before stories were stored as data: one element of the
    dossier's ``stories``. Used once, by the migration that converts such a store."""
    timeline = [dict(ev, text=ev["event"]) for ev in data.get("timeline") or []]
    for ev in timeline:
        ev.setdefault("dates", {})
    current = {
        "format": STORY_FORMAT,
        "id": data["id"],
        "title": data["title"],
        "articles": data.get("articles") or [],
        "entities": data.get("entities") or [],
        "timeline": timeline,
        "claims": data.get("claims") or [],
        "flags": data.get("flags") or [],
        "notes": data.get("notes") or [],
        "entity_timelines": [
            {
                "entity": e["id"],
                "entries": [
                    dict(x, text=x["event"], event=x.get("timeline_event")) for x in e["timeline"]
                ],
            }
            for e in data.get("entities") or []
            if e.get("timeline")
        ],
    }
    return decode_story(json.dumps(current))
