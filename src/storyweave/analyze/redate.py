"""Dating a story's undated articles again once the story is known: an article that names no
year often gets one from the dated reports of its own story (analyze/pubdate.infer_story).
An article whose date changes has its relative time expressions anchored again."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..model import Analysis, Article
from . import pubdate, timex

__all__ = ["redate_story"]

Doc = tuple[Article, Analysis]


def redate_story(docs: Sequence[Doc]) -> tuple[list[Doc], list[Doc]]:
    """The story's (article, analysis) pairs with inferred dates made again from the whole
    story, and those among them that changed (the ones to store again)."""
    if all(a.published and not a.published_inferred for a, _ in docs):
        return list(docs), []
    found = pubdate.infer_story(
        [a.text for a, _ in docs],
        [None if a.published_inferred else a.published for a, _ in docs],
        sentences=[[(s.start, s.end) for s in an.sentences] or None for _, an in docs],
        sources=[pubdate.article_sources(a) for a, _ in docs],
    )
    out: list[Doc] = []
    changed: list[Doc] = []
    for (a, an), (value, reason) in zip(docs, found, strict=True):
        undated = not a.published or a.published_inferred
        if undated and value and (value, reason) != (a.published, a.published_reason):
            if value != a.published:
                spans = [(s.start, s.end) for s in an.sentences] or None
                tags = timex.tag(a.text, value, sentences=spans, anchor_inferred=True)
                an = replace(an, time_expressions=tuple(tags))
            a = replace(a, published=value, published_inferred=True, published_reason=reason)
            changed.append((a, an))
        out.append((a, an))
    return out, changed
