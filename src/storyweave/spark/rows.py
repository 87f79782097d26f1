"""Articles and analyses as flat rows (the columns of the batch's Parquet files) and back.

An analysis keeps its spans as one JSON column: Parquet gives them no use apart, and the
objects come back exactly (tuples where the model holds tuples)."""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from typing import Any

from ..model import (
    Analysis,
    Article,
    Mention,
    NameGroup,
    Origin,
    Quantity,
    Sentence,
    TimeExpr,
)

__all__ = [
    "ARTICLE_COLUMNS",
    "article_row",
    "row_article",
    "analysis_json",
    "json_analysis",
    "day_of",
]

ARTICLE_COLUMNS = (
    "id", "text", "title", "source", "url", "published", "published_inferred",
    "published_reason", "language", "origins",
)  # fmt: skip


def day_of(published: str | None) -> str:
    """The Parquet partition of an article: its publication day (month and year dates keep
    their precision), or ``undated``."""
    return published[:10] if published else "undated"


def article_row(article: Article) -> dict[str, Any]:
    row = {name: getattr(article, name) for name in ARTICLE_COLUMNS if name != "origins"}
    row["origins"] = json.dumps([asdict(o) for o in article.origins], ensure_ascii=False)
    return row


def row_article(row: Any) -> Article:
    get = row.__getitem__
    return Article(
        id=get("id"),
        text=get("text"),
        title=get("title"),
        source=get("source"),
        url=get("url"),
        published=get("published"),
        published_inferred=bool(get("published_inferred")),
        published_reason=get("published_reason"),
        language=get("language"),
        origins=tuple(Origin(**o) for o in json.loads(get("origins") or "[]")),
    )


def analysis_json(analysis: Analysis) -> str:
    """The spans of an analysis (everything but its language, support and vector)."""
    parts: dict[str, tuple[Any, ...]] = {
        "sentences": analysis.sentences,
        "mentions": analysis.mentions,
        "groups": analysis.groups,
        "time_expressions": analysis.time_expressions,
        "quantities": analysis.quantities,
    }
    data = {k: [asdict(x) for x in v] for k, v in parts.items()}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def json_analysis(
    article_id: str, language: str | None, supported: bool, vector: bytes, data: str
) -> Analysis:
    parts = json.loads(data)
    return Analysis(
        article=article_id,
        language=language,
        sentences=tuple(Sentence(**s) for s in parts["sentences"]),
        mentions=tuple(_make(Mention, m) for m in parts["mentions"]),
        groups=tuple(_make(NameGroup, g) for g in parts["groups"]),
        time_expressions=tuple(_make(TimeExpr, t) for t in parts["time_expressions"]),
        quantities=tuple(_make(Quantity, q) for q in parts["quantities"]),
        supported=supported,
        vector=bytes(vector or b""),
    )


def _make(cls: Any, data: dict[str, Any]) -> Any:
    known = {f.name for f in fields(cls)}
    return cls(**{k: _tuples(v) for k, v in data.items() if k in known})


def _tuples(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    if isinstance(value, dict):
        return {k: _tuples(v) for k, v in value.items()}
    return value
