"""The batch's last stage on Spark: each story reconciled in its own task by the function
``add`` uses (``pipeline.reconcile_members``: undated members dated again from the story,
then entities, timeline, claims, flags), written as stored stories and as dossier JSON."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import partial
from typing import Any

from .. import pipeline
from ..config import Settings
from ..model import Analysis, Article, Dossier
from ..render.json import dossier_dict
from ..store.codec import encode_story
from .context import Job
from .rows import analysis_json, json_analysis, row_article
from .session import memory_and_disk
from .storylines import StorylinePass, storyline_of
from .windows import order_key

__all__ = ["reconcile", "member_pair"]

_KB: dict[str, Any] = {}  # knowledge bases loaded in this worker process, by file


def reconcile(job: Job, kb: str | None, lines: StorylinePass) -> None:
    spark = job.spark
    if job.stage_done("reconcile"):
        job.say("reconcile: done in an earlier run")
        return
    links = spark.read.parquet(job.out.path("links")).select("id", "story", "copy_of")
    articles = spark.read.parquet(job.out.path("articles")).drop("day", "round", "first")
    analyses = spark.read.parquet(job.out.path("analyses")).select(
        "id", "analysis_language", "supported", "spans", "vector"
    )
    members = links.join(articles, "id").join(analyses, "id")
    stories = job.report.stories or 1
    grouped = members.rdd.map(lambda r: (r["story"], r)).groupByKey(
        numPartitions=max(1, min(stories, 4 * job.sc.defaultParallelism))
    )
    shared = job.sc.broadcast((lines.line_of, lines.records))
    results = grouped.flatMap(partial(_reconcile_task, kb=kb, settings=job.settings, lines=shared))
    results = results.persist(memory_and_disk())
    story_rows = results.filter(lambda t: t[0] == "story").map(lambda t: t[1])
    spark.createDataFrame(
        story_rows, "id string, title string, articles array<string>, data string"
    ).write.mode("overwrite").parquet(job.out.path("stories"))
    dossiers = results.filter(lambda t: t[0] == "dossier").map(lambda t: (t[1],))
    spark.createDataFrame(dossiers, "value string").write.mode("overwrite").text(
        job.out.path("dossiers")
    )
    redated = results.filter(lambda t: t[0] == "redated").map(lambda t: t[1])
    spark.createDataFrame(
        redated,
        "id string, published string, published_inferred boolean, published_reason string, "
        "spans string",
    ).write.mode("overwrite").parquet(job.out.path("redated"))
    results.unpersist()
    job.out.mark("reconcile", "all")
    job.say(f"reconcile: {job.report.stories} stories")


def member_pair(row: Any) -> tuple[Article, Analysis]:
    """A story member as the store gives it back: the analysis's language, origins by file."""
    article = row_article(row)
    origins = sorted(article.origins, key=lambda o: (o.file, o.url is not None, o.url or ""))
    article = replace(article, language=row["analysis_language"], origins=tuple(origins))
    analysis = json_analysis(
        row["id"], row["analysis_language"], bool(row["supported"]), bytes(row["vector"] or b""),
        row["spans"],
    )  # fmt: skip
    try:
        multi = row["vector_multi"]
    except (KeyError, ValueError):  # a row read without it
        multi = None
    if multi:  # the store caches it, as add's does (pipeline.multi_vectors)
        analysis = replace(analysis, vector_multi=bytes(multi))
    return article, analysis


def _reconcile_task(
    item: tuple[str, Iterable[Any]], kb: str | None, settings: Settings, lines: Any
) -> Iterator[tuple[str, Any]]:
    story_id, rows_in = item
    rows = sorted(rows_in, key=lambda r: order_key(r["published"], r["id"]))
    pairs = [member_pair(r) for r in rows]
    copies = {r["id"]: r["copy_of"] for r in rows if r["copy_of"]}
    story, docs, changed = pipeline.reconcile_members(
        story_id, pairs, kb=_knowledge(kb, settings), copies=copies, settings=settings
    )
    yield ("story", (story.id, story.title, list(story.articles), encode_story(story)))
    # The dossier lists articles as the store would after the dates above: in order again.
    shown = sorted(docs, key=lambda d: order_key(d[0].published, d[0].id))
    line_of, records = lines.value
    line = storyline_of(story, [a for a, _ in shown], line_of, records)
    dossier = Dossier(articles=tuple(shown), stories=(story,), storylines=(line,) if line else ())
    yield ("dossier", json.dumps(dossier_dict(dossier), ensure_ascii=False))
    for article, analysis in changed:
        yield (
            "redated",
            (
                article.id, article.published, article.published_inferred,
                article.published_reason, analysis_json(analysis),
            ),
        )  # fmt: skip


def _knowledge(kb: str | None, settings: Settings) -> Any:
    if kb is None:
        return None
    if kb not in _KB:
        from ..link.kb import KnowledgeBase

        _KB[kb] = KnowledgeBase.load(kb, settings)
    return _KB[kb]
