"""Articles in languages other than English: which analyzer reads each language, and a
publication date for those that have none.

The analyzers (``zh``, ``ru``) are imported on the first article of their language, so their
models load only when such an article comes."""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from dataclasses import replace

from ..model import Analysis, Article, Mention, TimeExpr
from . import pubdate

__all__ = ["LANGUAGES", "analyze", "infer_published", "outside_names"]

# language code -> module of this package whose ``analyze(article, infer)`` reads it
LANGUAGES = {"zh": "zh", "ru": "ru"}
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def analyze(article: Article, language: str) -> tuple[Article, Analysis]:
    """The analysis of one article in ``language`` (a key of ``LANGUAGES``)."""
    module = importlib.import_module(f"{__package__}.{LANGUAGES[language]}")
    result: tuple[Article, Analysis] = module.analyze(article, infer_published)
    return result


def infer_published(
    article: Article, sentences: Sequence[tuple[int, int]], timexes: Sequence[TimeExpr]
) -> Article:
    """``article`` with an inferred publication date when it has none: a date in its URL or
    file name, else the latest full date its text writes (``timexes`` tagged without an
    anchor), else what the English inference finds in the text; unchanged when none."""
    found = pubdate.source_date(pubdate.article_sources(article))
    if found:
        day, name = found
        reason = f"inferred {day.isoformat()} from the date in {name}"
        return _dated(article, day.isoformat(), reason)
    days = sorted(t.value for t in timexes if _DAY.fullmatch(t.value[:10]) and "X" not in t.value)
    if days:
        latest = days[-1][:10]
        reason = f"inferred {latest}: the latest full date the text writes"
        return _dated(article, latest, reason)
    value, reason = pubdate.infer_published(
        article.text, sentences=sentences, sources=pubdate.article_sources(article)
    )
    return _dated(article, value, reason) if value else article


def _dated(article: Article, value: str, reason: str) -> Article:
    return replace(article, published=value, published_inferred=True, published_reason=reason)


def outside_names(timexes: Sequence[TimeExpr], mentions: Sequence[Mention]) -> list[TimeExpr]:
    """Without the time expressions inside a longer name ("今日" of a channel's name,
    "сегодня" of "Россия сегодня")."""
    return [
        t
        for t in timexes
        if not any(
            m.start <= t.start and t.end <= m.end and m.end - m.start > t.end - t.start
            for m in mentions
        )
    ]
