"""The dossier JSON: a public, versioned contract (see docs/dossier.md)."""

from __future__ import annotations

import json
from typing import Any

from ..model import (
    Analysis,
    Article,
    Citation,
    Dossier,
    Story,
    Storyline,
    TimelineEntry,
    Translation,
)
from ..version import DOSSIER_SCHEMA_VERSION, __version__

__all__ = [
    "render_json", "dossier_dict", "citation_dict", "article_dict", "story_dict", "entry_dict",
    "translation_dict", "storyline_dict",
]  # fmt: skip


def citation_dict(c: Citation) -> dict[str, Any]:
    return {
        "article": c.article,
        "sentence": c.sentence,
        "start": c.start,
        "end": c.end,
        "text": c.text,
    }


def article_dict(a: Article, an: Analysis | None) -> dict[str, Any]:
    text = a.text
    return {
        "id": a.id,
        "file": a.file,
        "files": [o.file for o in a.origins],
        "source": a.source,
        "url": a.url,
        "title": a.title,
        "published": a.published,
        "published_inferred": a.published_inferred,
        "published_reason": a.published_reason,
        "language": an.language if an else a.language,
        "analyzed": bool(an and an.supported),
        "sentences": [
            {"index": s.index, "start": s.start, "end": s.end, "paragraph": s.paragraph,
             "text": text[s.start : s.end]}
            for s in (an.sentences if an else ())
        ],
        "time_expressions": [
            {"text": t.text, "start": t.start, "end": t.end, "type": t.type, "value": t.value,
             "mod": t.mod, "anchor": t.anchor, "anchor_inferred": t.anchor_inferred,
             "anchor_limited": t.anchor_limited}
            for t in (an.time_expressions if an else ())
        ],
        "mentions": [
            {"text": m.text, "start": m.start, "end": m.end, "label": m.label, "name": m.name,
             "group": m.group, "sentence": m.sentence}
            for m in (an.mentions if an else ())
        ],
    }  # fmt: skip


def entry_dict(e: TimelineEntry) -> dict[str, Any]:
    return {
        "position": e.position,
        "date": e.date,
        "mod": e.mod,
        "basis": e.basis,
        "reason": e.reason,
        "event": e.text,
        "timeline_event": e.event,
        "actors": list(e.actors),
        "citations": [citation_dict(c) for c in e.citations],
        "predicates": [list(p) for p in e.predicates],
    }


def story_dict(s: Story) -> dict[str, Any]:
    timelines = {t.entity: t.entries for t in s.entity_timelines}
    return {
        "id": s.id,
        "title": s.title,
        "articles": list(s.articles),
        "entities": [
            {
                "id": e.id,
                "name": e.name,
                "type": e.type,
                "kb_id": e.kb_id,
                "note": e.note,
                "aliases": [
                    {
                        "text": al.text,
                        "count": al.count,
                        "match": al.match,
                        "confidence": round(al.confidence, 3),
                        "evidence": [citation_dict(c) for c in al.evidence],
                    }
                    for al in e.aliases
                ],
                "mentions": [list(m) for m in e.mentions],
                "timeline": [entry_dict(x) for x in timelines.get(e.id, ())],
            }
            for e in s.entities
        ],  # fmt: skip
        "timeline": [
            {
                "date": ev.date,
                "mod": ev.mod,
                "event": ev.text,
                "actors": list(ev.actors),
                "dates": dict(ev.dates),
                "citations": [citation_dict(c) for c in ev.citations],
            }
            for ev in s.timeline
        ],  # fmt: skip
        "claims": [
            {
                "id": c.id,
                "status": c.status,
                "text": c.text,
                "slot": c.slot,
                "across_languages": c.across_languages,
                "values": dict(c.values),
                "citations": [citation_dict(x) for x in c.citations],
            }
            for c in s.claims
        ],  # fmt: skip
        "flags": [
            {
                "kind": f.kind,
                "article": f.article,
                "text": f.text,
                "entity": f.entity,
                "message": f.message,
                "evidence": [citation_dict(c) for c in f.evidence],
            }
            for f in s.flags
        ],  # fmt: skip
        "notes": list(s.notes),
        "translations": [translation_dict(t) for t in s.translations],
    }


def translation_dict(t: Translation) -> dict[str, Any]:
    """An English text and its original, sentence by sentence (indices into each article's
    ``sentences``), with the values each aligned pair compared."""
    return {
        "article": t.article,
        "original": t.original,
        "language": t.language,
        "pairs": [
            {"translation": p.translation, "original": p.original, "score": p.score,
             "comparisons": [
                 {"slot": c.slot, "original": c.original, "translation": c.translation,
                  "agree": c.agree}
                 for c in p.comparisons
             ]}
            for p in t.pairs
        ],
    }  # fmt: skip


def storyline_dict(line: Storyline) -> dict[str, Any]:
    return {
        "id": line.id,
        "title": line.title,
        "stories": list(line.stories),
        "span": {"first": line.first, "last": line.last},
    }


def dossier_dict(dossier: Dossier) -> dict[str, Any]:
    """The dossier JSON's object (docs/dossier.md) of a dossier."""
    line_of = {s: line.id for line in dossier.storylines for s in line.stories}
    return {
        "storyweave": __version__,
        "schema": DOSSIER_SCHEMA_VERSION,
        "articles": [article_dict(a, an) for a, an in dossier.articles],
        "storylines": [storyline_dict(line) for line in dossier.storylines],
        "stories": [{**story_dict(s), "storyline": line_of.get(s.id)} for s in dossier.stories],
    }


def render_json(dossier: Dossier) -> str:
    return json.dumps(dossier_dict(dossier), ensure_ascii=False, indent=1) + "\n"
