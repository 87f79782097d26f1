"""Per-story reconciliation: entities, timeline, claims and flags for each story."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence

from ..model import Alias, Analysis, Article, Entity, Story

__all__ = ["build_stories", "group_entities"]

# Model labels that name an entity type directly; the rest count as OTHER.
_TYPES = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "NORP": "NORP"}


def group_entities(docs: Sequence[tuple[Article, Analysis]]) -> tuple[Entity, ...]:
    """One entity per within-article name group (before cross-article resolution)."""
    out = []
    for article, analysis in docs:
        for group in analysis.groups:
            names = Counter(analysis.mentions[i].name for i in group.mentions)
            label = (
                max(group.labels.items(), key=lambda kv: (kv[1], kv[0]))[0] if group.labels else ""
            )
            aliases = tuple(
                Alias(
                    text=name,
                    count=n,
                    match="exact" if name == group.name else "surname",
                    confidence=1.0 if name == group.name else 0.9,
                )
                for name, n in sorted(names.items(), key=lambda kv: (-kv[1], kv[0]))
            )
            out.append(
                Entity(
                    id=f"{article.id}:{group.id}",
                    name=group.name,
                    type=_TYPES.get(label, "OTHER"),
                    aliases=aliases,
                    mentions=tuple(
                        (article.id, analysis.mentions[i].start, analysis.mentions[i].end)
                        for i in group.mentions
                    ),
                )
            )
    return tuple(out)


def build_stories(docs: Sequence[tuple[Article, Analysis]]) -> list[Story]:
    """The stories of these articles (for now: one story holding them all)."""
    if not docs:
        return []
    ids = tuple(a.id for a, _ in docs)
    story_id = "s" + hashlib.sha256(" ".join(sorted(ids)).encode()).hexdigest()[:10]
    title = next((a.title for a, _ in docs if a.title), None) or _first_sentence(docs[0])
    return [Story(id=story_id, title=title, articles=ids, entities=group_entities(docs))]


def _first_sentence(doc: tuple[Article, Analysis]) -> str:
    article, analysis = doc
    if analysis.sentences:
        s = analysis.sentences[0]
        return article.text[s.start : s.end][:120]
    return article.text[:120]
