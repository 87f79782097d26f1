"""``--db``: everything a batch made, loaded into a store (``open_store``) through the store
interface, as ``add`` would have left it: articles with their analyses (dates as the stories set them), the story index with each
story's clusterer state and name counts (so a later ``add`` links into these stories), the
reconciled stories, and the failures. One transaction: a kill leaves the store as it was."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from .. import pipeline
from ..analyze import ANALYZER
from ..model import LinkDecision, StoryIndexEntry
from ..store import open_store
from ..store.codec import decode_story
from .context import Job
from .reconciling import member_pair
from .storylines import StorylinePass

__all__ = ["load"]

_CHUNK = 200  # rows written per store call


def load(job: Job, db: str, lines: StorylinePass) -> None:
    from pyspark.sql import functions as F

    spark, out = job.spark, job.out
    redated = spark.read.parquet(out.path("redated"))
    articles = spark.read.parquet(out.path("articles")).drop("day", "round")
    analyses = spark.read.parquet(out.path("analyses")).select(
        "id", "analysis_language", "supported", "spans", "vector", "vector_multi", "names",
        "signature", "bands", F.col("published").alias("linked_published"),
    )  # fmt: skip
    # Dates and time expressions as the stories set them (the store keeps the latest).
    rows = (
        articles.join(analyses, "id")
        .join(
            redated.select("id", *[F.col(c).alias("new_" + c) for c in redated.columns[1:]]),
            "id",
            "left",
        )  # fmt: skip
        .orderBy("first")
    )
    links = spark.read.parquet(out.path("links"))
    states = spark.read.parquet(out.path("_link", "states"))
    decisions = (
        links.join(analyses.select("id", "names", "signature", "bands", "linked_published"), "id")
        .join(states, "story", "left")
        .orderBy("story", F.col("linked_published").isNull(), "linked_published", "id")
    )
    stories = spark.read.parquet(out.path("stories"))
    with open_store(db, job.settings) as store:
        before = len(store.story_ids())
        if before:
            job.say(f"load: the store already holds {before} stories; the batch's stories are "
                    "added beside them, not linked with them")  # fmt: skip
        # The linker's lock for the whole load; on PostgreSQL each write commits as it goes
        # (store.linking), so a large load neither holds one huge transaction nor loses what
        # it stored when killed: a rerun skips what is linked.
        with store.linking():
            for file, code, reason in out.read_json("failures.json") or []:
                store.record_failure(file, code, reason)
            chunk = []
            for row in rows.toLocalIterator():
                chunk.append(_pair(row))
                if len(chunk) >= _CHUNK:
                    store.put(chunk, ANALYZER)
                    chunk = []
            if chunk:
                store.put(chunk, ANALYZER)
            linked = 0
            for decision in _decisions(decisions.toLocalIterator()):
                if store.story_of([decision.article]):
                    continue  # linked by an earlier load or add: its story stays
                store.apply_link(decision)
                linked += 1
            # Storylines as add writes them, once the stories hold their articles.
            placed = set(store.unplaced_stories())
            for line in lines.decisions:
                if line.story in placed:
                    store.apply_storyline(line)
            for row in stories.toLocalIterator():
                story = decode_story(row["data"])
                store.put_story(story, list(store.articles(story.articles)))
            version = pipeline.reconciler_version(job.settings).encode()
            store.set_state(pipeline.RECONCILER_KEY, version)
    job.say(f"load: {linked} articles linked into {db}")


def _pair(row: Any) -> Any:
    values = row.asDict()
    if values.get("new_published") is not None or values.get("new_spans") is not None:
        for key in ("published", "published_inferred", "published_reason", "spans"):
            values[key] = values["new_" + key]
    return member_pair(values)


def _decisions(rows: Iterator[Any]) -> Iterator[LinkDecision]:
    seen: set[str] = set()
    for row in rows:
        story = row["story"]
        retired: tuple[str, ...] = ()
        if story not in seen:
            seen.add(story)
            retired = tuple(row["retired"] or ())
        bands = tuple(enumerate(row["bands"] or ()))
        entry = None
        # Copies and articles joined across languages are members only (pipeline._link_one).
        if row["copy_of"] is None and not row["joined"] and row["state"] is not None:
            entry = StoryIndexEntry(
                story=story, state=json.loads(row["state"]), named=bool(row["named"]),
                names=frozenset(row["names"] or ()),
            )  # fmt: skip
        yield LinkDecision(
            article=row["id"], story=story, copy_of=row["copy_of"], retired=retired, index=entry,
            signature=bytes(row["signature"] or b""), bands=bands,
        )  # fmt: skip
