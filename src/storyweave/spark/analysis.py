"""The batch's first two stages on Spark: ingest (one task per input file) and analysis (in
rounds, each written as Parquet partitioned by publication day; a rerun skips the rounds
marked done).

Both call the functions ``storyweave add`` calls: ``ingest.read_path`` and
``ingest.merge_articles`` (one article read from several files), ``analyze.analyze_docs``
per partition (its models load once per worker process: Spark keeps Python workers between
tasks), and the link features ``pipeline.link_one`` computes (``assign.story_doc``,
``dedup.signature``), kept with the analysis so that linking never reads a text again."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from .. import ingest
from ..analyze import ANALYZER, analyze_docs
from ..config import Settings
from ..errors import InputError
from ..ingest.base import Limits
from ..link import assign, dedup, duplicates
from ..model import Article
from .index import stable_hash
from .inputs import read_local, read_remote
from .rows import ARTICLE_COLUMNS, analysis_json, article_row, day_of, row_article

__all__ = ["plan_rounds", "ingest_rows", "merge_rows", "analyze_rows", "ANALYZED_SCHEMA"]

_BATCH = 16  # articles per analyze_docs call, as add's process pool sends them

ANALYZED_SCHEMA = (
    "id string, day string, round string, first array<bigint>, text string, title string, "
    "source string, url string, published string, published_inferred boolean, "
    "published_reason string, language string, origins string, analysis_language string, "
    "supported boolean, spans string, vector binary, names array<string>, years array<int>, "
    "signature binary, bands array<bigint>, analyzer string, vector_multi binary"
)
INGEST_SCHEMA = (
    "id string, round string, first array<bigint>, text string, title string, "
    "source string, url string, published string, published_inferred boolean, "
    "published_reason string, language string, origins string"
)


def ingest_rows(
    item: tuple[int, str, bytes | None], defaults: dict[str, str], limits: Limits
) -> Iterator[tuple[str, Any]]:
    """What one input file gives: ("article", (file index, record), Article) and
    ("failure", file, (code, reason)) items, as ``add`` reads them."""
    index, path, data = item
    items: Iterable[Article | InputError]
    if data is not None:
        items = read_remote(path, data, defaults, limits)
    else:
        items = read_local(path, defaults, limits)
    for record, found in enumerate(items):
        if isinstance(found, InputError):
            yield ("failure", (found.path or path, found.code, str(found)))
        else:
            yield ("article", ((index, record), found))


def merge_rows(found: Iterable[tuple[tuple[int, int], Article]]) -> tuple[list[int], Article]:
    """One article read from several places, merged in reading order as ``add`` merges it."""
    ordered = sorted(found, key=lambda pair: pair[0])
    first, article = ordered[0]
    for _, other in ordered[1:]:
        article = ingest.merge_articles(article, other)
    return list(first), article


def plan_rounds(day_counts: Mapping[str, int], size: int) -> dict[str, list[str]]:
    """Analysis rounds: consecutive publication days (as given; ``undated`` last) packed up
    to ``size`` articles; a day larger than that is split into buckets of its own (by a
    hash of the article id). Day -> the round of each of its buckets."""
    plan: dict[str, list[str]] = {}
    count = 0
    held = 0
    for day in sorted(day_counts, key=lambda d: (d == "undated", d)):
        n = day_counts[day]
        if n > size:
            buckets = math.ceil(n / size)
            if held:
                count += 1
                held = 0
            plan[day] = [f"r{count + b:05d}" for b in range(buckets)]
            count += buckets
            continue
        if held and held + n > size:
            count += 1
            held = 0
        plan[day] = [f"r{count:05d}"]
        held += n
    return plan


def round_of(plan: Mapping[str, Sequence[str]], given: str | None, article_id: str) -> str:
    rounds = plan[day_of(given)]
    return rounds[stable_hash(article_id) % len(rounds)] if len(rounds) > 1 else rounds[0]


def ingest_row(first: list[int], article: Article, round_name: str) -> tuple[Any, ...]:
    row = article_row(article)
    return (
        article.id, round_name, first, row["text"], row["title"], row["source"], row["url"],
        row["published"], row["published_inferred"], row["published_reason"], row["language"],
        row["origins"],
    )  # fmt: skip


def analyze_rows(rows: Iterable[Any], settings: Settings) -> Iterator[tuple[Any, ...]]:
    """Analyze one partition of ingested rows, ``_BATCH`` articles at a time."""
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= _BATCH:
            yield from _analyzed(batch, settings)
            batch = []
    if batch:
        yield from _analyzed(batch, settings)


def _analyzed(rows: Sequence[Any], settings: Settings) -> Iterator[tuple[Any, ...]]:
    articles = [row_article(r) for r in rows]
    pairs = analyze_docs(articles, settings)
    for row, (article, analysis) in zip(rows, pairs, strict=True):
        names: list[str] = []
        years: list[int] = []
        sig = b""
        bands: list[int] = []
        if analysis.supported:
            doc = assign.story_doc(article, analysis.vector or None)
            names, years = sorted(doc.names), sorted(doc.years)
            sig = dedup.signature(article.text, settings=settings)
            bands = [key for _, key in duplicates.band_keys(sig)]
        out = article_row(article)
        yield (
            article.id, day_of(article.published), row["round"], list(row["first"]),
            *(out[c] for c in ARTICLE_COLUMNS[1:]),
            analysis.language, analysis.supported, analysis_json(analysis),
            bytearray(analysis.vector), names, years, bytearray(sig), bands, ANALYZER,
            bytearray(analysis.vector_multi),
        )  # fmt: skip
