"""The pipeline: the stages in order, over one store.

    link (near-duplicates, stories) -> (re)date -> reconcile -> store

Each stage is a function over plain objects (model.py): the pipeline reads what a stage needs
from the store, calls it, and hands what it decided to the store. No stage sees the store."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from .analyze import ANALYZER, pubdate, timex
from .config import load_config
from .fingerprint import code_digest, settings_digest
from .link import assign, dedup, duplicates
from .link.stories import StorySettings
from .model import Analysis, Article, Dossier, LinkDecision
from .store import Store

__all__ = ["link", "update_stories", "dossier_of", "reconciler_version", "RECONCILER_KEY"]

RECONCILER_KEY = "stories.reconciler"


def link(store: Store) -> set[str]:
    """Link every analyzed, unlinked article into a story, in publication order; return the
    stories touched. One exclusive transaction: linking reads the story index as a whole."""
    threshold = float(load_config()["stories"]["duplicate_threshold"])
    settings = StorySettings.from_config()
    touched: set[str] = set()
    with store.transaction(exclusive=True):
        ids = store.unlinked()
        docs = store.linked_docs()
        for article in store.articles(ids):
            decision = _link_one(store, article, docs, threshold, settings)
            store.apply_link(decision)
            if decision.index is not None:
                docs += 1
            touched.difference_update(decision.retired)
            touched.add(decision.story)
    return touched


def _link_one(
    store: Store, article: Article, docs: int, threshold: float,
    settings: StorySettings,
) -> LinkDecision:  # fmt: skip
    """Where one article goes: its original's story if it copies a linked article, else the
    story the clusterer picks among the candidates the story index gives."""
    sig = dedup.signature(article.text)
    bands = duplicates.band_keys(sig)
    original = duplicates.original(sig, store.near_duplicates(bands, article.id), threshold)
    story = store.story_of([original]).get(original) if original else None
    if story is not None:
        return LinkDecision(
            article=article.id, story=story, copy_of=original, signature=sig, bands=bands
        )
    doc = assign.story_doc(article, store.vectors([article.id]).get(article.id))
    candidates = store.candidate_stories(doc.names, assign.common_cap(docs), assign.MAX_CANDIDATES)
    states = store.story_states(candidates)
    df = store.name_counts(assign.names_needed(doc.names, states))
    decision = assign.place(doc, states, df, docs, settings)
    return replace(decision, signature=sig, bands=bands)


def update_stories(
    store: Store, kb: str | Path | None = None, progress: Callable[[int, int], Any] | None = None
) -> list[str]:
    """Link unlinked articles into stories, then reconcile (only) the stories they touched;
    ``progress(done, total)`` is called as stories are reconciled."""
    from .reconcile import reconcile_story

    touched = link(store) | set(store.stale_stories())
    version = reconciler_version().encode()
    if store.get_state(RECONCILER_KEY) != version:
        # Stories stored by other code or settings are made again, not served as they were.
        touched |= set(store.story_ids())
    knowledge = _load_kb(kb)
    if progress and touched:
        progress(0, len(touched))
    for done, story_id in enumerate(sorted(touched), 1):
        members = store.story_members(story_id)
        docs = [(a, store.analysis(a.id)) for a in store.articles(members)]
        pairs = _date_from_story(store, [(a, an) for a, an in docs if an is not None])
        story = reconcile_story(
            story_id, pairs, kb=knowledge, copies=store.copies(members), cache=store
        )
        store.put_story(story, [a for a, _ in pairs])
        if progress:
            progress(done, len(touched))
    store.set_state(RECONCILER_KEY, version)
    return sorted(touched)


def dossier_of(store: Store, story_ids: Sequence[str], also: Sequence[str] = ()) -> Dossier:
    """The stored stories ``story_ids`` with their articles (in publication order), then the
    articles among ``also`` that no story holds (stored, language not analyzed)."""
    found = [store.story(s) for s in story_ids]
    stories = tuple(s for s in found if s is not None)
    ids = list(dict.fromkeys(i for s in stories for i in s.articles))
    listed = set(ids)
    articles = [(a, store.analysis(a.id)) for a in store.articles(ids)]
    articles += [(a, store.analysis(a.id)) for a in store.articles(also) if a.id not in listed]
    return Dossier(articles=tuple(articles), stories=stories)


def reconciler_version() -> str:
    """What the stored stories were made with: the analyzer, the code that links, reconciles
    and writes them, its data, and the settings."""
    code = code_digest("link", "reconcile", "render", "data", "model.py", "store/codec.py")
    return f"{ANALYZER}/{code}/{settings_digest()}"  # the settings as loaded, overrides too


def _date_from_story(
    st: Store, pairs: list[tuple[Article, Analysis]]
) -> list[tuple[Article, Analysis]]:
    """Infer again the dates of a story's undated articles from their own text and the story's
    other articles; an article whose date changes is stored with its relative time expressions
    anchored to the new date. Unchanged articles are not written (a rerun writes nothing)."""
    if all(a.published and not a.published_inferred for a, _ in pairs):
        return pairs
    found = pubdate.infer_story(
        [a.text for a, _ in pairs],
        [None if a.published_inferred else a.published for a, _ in pairs],
        sentences=[[(s.start, s.end) for s in an.sentences] or None for _, an in pairs],
        sources=[pubdate.article_sources(a) for a, _ in pairs],
    )
    out, changed = [], []
    for (a, an), (value, reason) in zip(pairs, found, strict=True):
        undated = not a.published or a.published_inferred
        if undated and value and (value, reason) != (a.published, a.published_reason):
            if value != a.published:
                spans = [(s.start, s.end) for s in an.sentences] or None
                tags = timex.tag(a.text, value, sentences=spans, anchor_inferred=True)
                an = replace(an, time_expressions=tuple(tags))
            a = replace(a, published=value, published_inferred=True, published_reason=reason)
            changed.append((a, an))
        out.append((a, an))
    if changed:
        st.put(changed, ANALYZER)
    return out


def _load_kb(kb: str | Path | None) -> Any:
    if kb is None:
        return None
    from .link.kb import KnowledgeBase

    return KnowledgeBase.load(kb)
