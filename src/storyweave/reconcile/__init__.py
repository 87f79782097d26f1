"""Per-story reconciliation: entities, timeline, claims and flags for each story."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..analyze.embed import Embedder
from ..config import Settings
from ..link.entities import resolve
from ..model import Analysis, Article, Story
from .cache import Cache, CachingEmbedder
from .claims import ClaimSettings, build_claims
from .clauses import extract_clauses
from .crossclaims import CrossSettings, cross_claims, merge_claims, multilingual
from .timeline import build_timeline
from .translation import TranslationSettings, find_translations, translation_flags

__all__ = ["reconcile_story", "story_title"]


def story_title(docs: Sequence[tuple[Article, Analysis]]) -> str:
    """The earliest article's title, else its first sentence."""
    for article, _ in docs:
        if article.title:
            return article.title
    article, analysis = docs[0]
    if analysis.sentences:
        s = analysis.sentences[0]
        return article.text[s.start : s.end][:120]
    return article.text[:120]


def reconcile_story(
    story_id: str,
    docs: Sequence[tuple[Article, Analysis]],
    *,
    kb: Any = None,
    copies: Mapping[str, str] | None = None,
    cache: Cache | None = None,
    settings: Settings | None = None,
) -> Story:
    """The reconciled story of ``docs`` (articles in publication order). ``cache`` (the store)
    keeps sentence parses and claim vectors for the next time the story is reconciled;
    ``settings`` are the settings in force (the shipped ones by default)."""
    settings = settings or Settings.default()
    docs = [(a, an) for a, an in docs if an.supported]
    resolution = resolve(docs, kb=kb, settings=settings)
    groups, entities = resolution.groups, resolution.entities
    budget = settings.getint("claims", "parse_budget_chars")
    clauses = extract_clauses(docs, groups, entities, budget_chars=budget, cache=cache)
    timeline = build_timeline(docs, groups, entities, clauses=clauses)
    embedder: Any = Embedder.load()
    if cache is not None:
        embedder = CachingEmbedder(embedder, cache, embedder.model_id)
    claims = build_claims(
        docs, groups, entities, embedder=embedder, copies=copies, clauses=clauses,
        settings=ClaimSettings.from_settings(settings),
    )  # fmt: skip
    encode = multilingual(docs)  # one encoder (and its rows) for both comparisons below
    translations = find_translations(
        docs, entities, TranslationSettings.from_settings(settings), encode=encode
    )
    claims = merge_claims(
        claims,
        cross_claims(
            docs, clauses, entities, translations=translations, copies=copies, encode=encode,
            settings=CrossSettings.from_settings(settings),
        ),
    )  # fmt: skip
    notes: list[str] = list(timeline.notes)
    if copies:
        for copy, original in sorted(copies.items()):
            notes.append(
                f"article {copy} is a near-duplicate of {original}: counted once as a source"
            )
    return Story(
        id=story_id,
        title=story_title(docs) if docs else "(no analyzed articles)",
        articles=tuple(a.id for a, _ in docs),
        entities=entities,
        timeline=timeline.events,
        claims=claims,
        flags=resolution.flags
        + timeline.flags
        + tuple(translation_flags(translations, docs, entities)),
        notes=tuple(notes),
        entity_timelines=timeline.entity_timelines,
        translations=translations,
    )
