"""Placing one new article into a story, from what the store's story index holds.

New articles are taken in publication order (pipeline.link). A near-duplicate joins its
original's story (and is marked as a copy); any other article is scored by the story
clusterer (link/stories.py) against the candidate stories: those that share its rarer names,
read from the store's inverted index, so the cost of adding an article does not grow with the
number of stories stored. The decision says which story the article joins, which lone
articles' stories joined that story with it (their ids forward), and the story's new index
entry; the pipeline hands it to the store."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from ..model import Article, LinkDecision, StoryIndexEntry
from .stories import (
    STATE_VERSION,
    StoryClusterer,
    StoryDoc,
    StorySettings,
    guess_names,
    guess_years,
)

__all__ = ["story_doc", "doc_of", "common_cap", "names_needed", "place"]

_DIM = 384  # the article embedding's size, for an article stored without one


def story_doc(article: Article, vector: bytes | None) -> StoryDoc:
    """What the clusterer reads of an article: its embedding, names, date and years."""
    text = ((article.title or "") + "\n" + article.text).strip()
    # The clusterer's thresholds were chosen with these names (benchmarks/ecbplus_stories.py).
    return doc_of(
        article.id, vector, guess_names(text), guess_years(text), article.published,
        article.published_inferred,
    )  # fmt: skip


def doc_of(
    article_id: str,
    vector: bytes | None,
    names: frozenset[str],
    years: frozenset[int],
    published: str | None,
    published_inferred: bool,
) -> StoryDoc:
    """A ``StoryDoc`` from what ``story_doc`` read of an article, kept apart from its text."""
    vec = np.frombuffer(vector, dtype="<f4") if vector else np.zeros(_DIM, "f4")
    return StoryDoc(
        article_id, vec, names=frozenset(names), published=published,
        published_inferred=published_inferred, years=frozenset(years),
    )  # fmt: skip


def common_cap(docs: int, settings: StorySettings) -> int:
    """Names seen in more linked articles than this do not pick candidate stories: they
    match most stories and tell little (``candidate_common_share`` in settings.cfg), and
    past ``candidate_common_max`` articles they would make the work per article grow with
    the corpus."""
    share = max(settings.candidate_common_min, int(settings.candidate_common_share * docs))
    return min(settings.candidate_common_max, share)


def names_needed(names: Iterable[str], states: Sequence[Mapping[str, Any]]) -> set[str]:
    """The names whose article counts scoring needs: the article's and its candidates'."""
    return set(names).union(*(s["names"] for s in states))


def place(
    doc: StoryDoc,
    states: Sequence[dict[str, Any]],
    df: Mapping[str, int],
    docs: int,
    settings: StorySettings,
    bias: Callable[[str], float] | None = None,
) -> LinkDecision:
    """The story ``doc`` joins among the candidate stories ``states`` (a new one if none
    fits), given the name counts ``df`` over ``docs`` linked articles; ``bias``: the storyline
    level's say per candidate story (link/storylines.py)."""
    state = {
        "version": STATE_VERSION, "dim": len(doc.vector), "docs": docs, "df": dict(df),
        "stories": list(states),
    }  # fmt: skip
    clusterer = StoryClusterer.from_state(state, settings)
    story_id = clusterer.add(doc, bias=bias)
    entry = clusterer.story_state(story_id)
    return LinkDecision(
        article=doc.article_id,
        story=story_id,
        retired=tuple(old for _, old in clusterer.last_moves),
        index=StoryIndexEntry(
            story=story_id, state=entry, named=bool(entry["names"]), names=doc.names
        ),
    )
