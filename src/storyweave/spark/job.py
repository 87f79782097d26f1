"""``storyweave batch``: the pipeline's stages as one Spark job over a crawl's worth of input.

    ingest (a task per big file, small ones grouped) -> analyze (rounds, Parquet by publication day, resumable)
    -> near-duplicates (MinHash band keys grouped across the cluster)
    -> link (time windows in parallel, joined across their edges)
    -> reconcile (a task per story) -> dossiers (JSON lines) -> [--db: the store]

The output folder holds:

    _job.json                     inputs, settings and analyzer the batch was made with
    _ingest/round=R/              ingested articles (staging), one folder per round
    articles/day=D/round=R/       articles (Parquet), by publication day
    analyses/day=D/round=R/       their analyses and link features (Parquet)
    links/                        article -> story (and the original a copy copies)
    stories/                      reconciled stories (the store's stored form)
    dossiers/                     one dossier JSON per line, a story each
    failures.json                 inputs that could not be read: file, code, reason
    summary.json                  what the run did
    _done/STAGE/NAME              markers of finished rounds and stages
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
import time
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from ..analyze import ANALYZER
from ..config import Settings
from ..errors import StoryweaveError
from ..ingest import iter_articles
from ..ingest.base import limits_from
from ..version import __version__
from . import analysis as stage
from .context import BatchReport
from .files import OutDir
from .inputs import expand, is_remote
from .session import memory_and_disk, spark_session

__all__ = ["BatchReport", "run"]

Log = Callable[[str], Any]


def run(
    inputs: Sequence[str],
    out: str,
    *,
    master: str = "local[*]",
    db: str | None = None,
    published: str | None = None,
    source: str | None = None,
    kb: str | None = None,
    settings: Settings | None = None,
    spark: Any = None,
    log: Log | None = None,
    until: str | None = None,
) -> BatchReport:
    """Run the batch (see the module docstring); ``spark``: a session to use (else one on
    ``master`` is started and stopped); ``until="analyze"``: stop once the analyses are
    written (a later run with the same inputs goes on from there)."""
    settings = settings or Settings.default()
    say: Log = log or (lambda text: print(text, file=sys.stderr))
    own = spark is None
    spark = spark or spark_session(master)
    try:
        job = _Job(spark, out, settings, say)
        return job.run(list(inputs), db=db, published=published, source=source, kb=kb, until=until)
    finally:
        if own:
            spark.stop()


class _Job:
    def __init__(self, spark: Any, out: str, settings: Settings, say: Log) -> None:
        self.spark = spark
        self.sc = spark.sparkContext
        self.out = OutDir(spark, out)
        self.settings = settings
        self.say = say
        self.report = BatchReport(out=out)

    def run(
        self,
        inputs: list[str],
        *,
        db: str | None,
        published: str | None,
        source: str | None,
        kb: str | None,
        until: str | None = None,
    ) -> BatchReport:
        from . import linking, loading, reconciling, storylines

        files = expand(inputs, self.spark)
        self._check_job(files, published, source)
        self._timed("ingest", lambda: self._ingest(files, published, source))
        self._timed("analyze", self._analyze)
        if until == "analyze":
            return self.report
        self._timed("link", lambda: linking.link(self))
        lines: list[storylines.StorylinePass] = []
        self._timed("storylines", lambda: lines.append(storylines.storyline_pass(self)))
        self.report.storylines = len(lines[0].records)
        self._timed("reconcile", lambda: reconciling.reconcile(self, kb, lines[0]))
        if db:
            self._timed("load", lambda: loading.load(self, db, lines[0]))
        self.out.write_json(
            {
                "articles": self.report.articles, "analyzed": self.report.analyzed,
                "rounds": self.report.rounds, "rounds_skipped": self.report.rounds_skipped,
                "unsupported": self.report.unsupported, "copies": self.report.copies,
                "stories": self.report.stories, "storylines": self.report.storylines, "windows": self.report.windows,
                "failed": len(self.report.failed), "seconds": self.report.seconds,
            },
            "summary.json",
        )  # fmt: skip
        return self.report

    def _timed(self, name: str, step: Callable[[], Any]) -> None:
        start = time.perf_counter()
        step()
        self.report.seconds[name] = round(time.perf_counter() - start, 2)

    # -- the job record -----------------------------------------------------------------------
    def _check_job(self, files: list[str], published: str | None, source: str | None) -> None:
        record = {
            "storyweave": __version__,
            "inputs": files,
            "published": published,
            "source": source,
            "settings": self.settings.digest(),
            "analyzer": ANALYZER,
        }
        found = self.out.read_json("_job.json")
        if found is not None and {k: found.get(k) for k in record} != record:
            differ = sorted(k for k in record if found.get(k) != record[k])
            raise StoryweaveError(
                f"the output folder holds a batch made with other {', '.join(differ)}",
                self.out.uri,
                "give the same inputs and settings to resume it, or a new --out folder",
            )
        if found is None:
            self.out.write_json(record, "_job.json")

    # -- ingest ---------------------------------------------------------------------------------
    def _ingest(self, files: list[str], published: str | None, source: str | None) -> None:
        if self.out.exists("_done", "ingest", "all"):
            found = self.out.read_json("failures.json") or []
            self.report.failed = [(f, reason) for f, _code, reason in found]
            self.say("ingest: done in an earlier run")
            return
        # The run-wide options are checked (and parsed) once, as add does, before any work.
        defaults = _defaults(published, source)
        limits = limits_from(self.settings)
        local = [(i, f, None) for i, f in enumerate(files) if not is_remote(f)]
        rdd = self.sc.parallelize(local, _ingest_tasks(local, self.sc.defaultParallelism))
        remote = {f: i for i, f in enumerate(files) if is_remote(f)}
        if remote:
            data = self.sc.binaryFiles(",".join(remote), minPartitions=len(remote))
            rdd = rdd.union(data.map(lambda kv: (remote.get(kv[0], len(files)), kv[0], kv[1])))
        items = rdd.flatMap(partial(stage.ingest_rows, defaults=defaults, limits=limits))
        items = items.persist(memory_and_disk())
        failures = sorted(
            items.filter(lambda it: it[0] == "failure").map(lambda it: it[1]).collect()
        )
        merged = (
            items.filter(lambda it: it[0] == "article")
            .map(lambda it: (it[1][1].id, it[1]))
            .groupByKey()
            .map(lambda kv: stage.merge_rows(kv[1]))
            .persist(memory_and_disk())
        )
        counts = merged.map(lambda fa: _given_day(fa[1])).countByValue()
        plan = stage.plan_rounds(dict(counts), self.settings.getint("batch", "round_articles"))
        rows = merged.map(
            lambda fa: stage.ingest_row(fa[0], fa[1], stage.round_of(plan, _given(fa[1]), fa[1].id))
        )
        frame = self.spark.createDataFrame(rows, stage.INGEST_SCHEMA)
        frame.write.mode("overwrite").partitionBy("round").parquet(self.out.path("_ingest"))
        merged.unpersist()
        items.unpersist()
        self.report.failed = [(f, reason) for f, _code, reason in failures]
        self.out.write_json([list(f) for f in failures], "failures.json")
        self.out.write_json({"rounds": plan, "articles": sum(counts.values())}, "_rounds.json")
        self.out.mark("ingest", "all")
        self.say(f"ingest: {len(files)} files, {sum(counts.values())} articles, "
                 f"{len(failures)} failures")  # fmt: skip

    # -- analysis ---------------------------------------------------------------------------------
    def _analyze(self) -> None:
        plan = self.out.read_json("_rounds.json")
        rounds = sorted({r for day in plan["rounds"].values() for r in day})
        self.report.articles = int(plan["articles"])
        self.report.rounds = len(rounds)
        done = self.out.marked("analyze")
        ingested = self.spark.read.parquet(self.out.path("_ingest"))
        per_task = self.settings.getint("batch", "partition_articles")
        for n, name in enumerate(rounds, 1):
            if name in done:
                self.report.rounds_skipped += 1
                continue
            start = time.perf_counter()
            part = ingested.where(ingested["round"] == name)
            count = part.count()
            tasks = max(1, math.ceil(count / per_task))
            analyzed = part.rdd.repartition(tasks).mapPartitions(
                partial(stage.analyze_rows, settings=self.settings)
            )
            frame = self.spark.createDataFrame(analyzed, stage.ANALYZED_SCHEMA)
            frame = frame.persist(memory_and_disk())
            articles = frame.select(
                "id", "first", "text", "title", "source", "url", "published",
                "published_inferred", "published_reason", "language", "origins", "day", "round",
            )  # fmt: skip
            analyses = frame.select(
                "id", "published", "published_inferred", "analysis_language", "supported",
                "spans", "vector", "vector_multi", "names", "years", "signature", "bands",
                "analyzer", "day", "round",
            )  # fmt: skip
            writer = {"mode": "overwrite", "partitionBy": ["day", "round"]}
            articles.write.parquet(self.out.path("articles"), **writer)
            analyses.write.parquet(self.out.path("analyses"), **writer)
            frame.unpersist()
            self.out.mark("analyze", name)
            self.report.analyzed += count
            seconds = time.perf_counter() - start
            self.say(f"analyze: round {n}/{len(rounds)} ({name}): {count} articles in "
                     f"{seconds:.1f} s")  # fmt: skip
        analyses = self.spark.read.parquet(self.out.path("analyses"))
        self.report.unsupported = analyses.where(~analyses["supported"]).count()

    def stage_done(self, stage_name: str) -> bool:
        return self.out.exists("_done", stage_name, "all")


_TASK_BYTES = 32 << 20  # input read by one ingest task, at least


def _ingest_tasks(local: Sequence[tuple[int, str, None]], cores: int) -> int:
    """Ingest tasks for local files: one per file for big ones (a WARC shard), small files
    grouped so each task reads about ``_TASK_BYTES`` (a Spark task costs about a second of
    scheduling and a Python worker call: 400 one-page files took 404 s one task each at load
    18, against 402 s for add to read and analyze them), never fewer than the cores."""
    total = 0
    for _, path, _ in local:
        with contextlib.suppress(OSError):  # a missing file is reported by its reader
            total += os.path.getsize(path)
    return max(1, min(len(local), max(cores, math.ceil(total / _TASK_BYTES))))


def _given(article: Any) -> str | None:
    return None if article.published_inferred else article.published


def _given_day(article: Any) -> str:
    return stage.day_of(_given(article))


def _defaults(published: str | None, source: str | None) -> dict[str, str]:
    # iter_articles checks and parses the run-wide options exactly as add does; an
    # unreadable --published raises before anything is read.
    probe = iter_articles([], published=published, source=source)
    del probe
    defaults: dict[str, str] = {}
    if published:
        from ..ingest.base import parse_date

        defaults["published"] = parse_date(published)
    if source:
        defaults["source"] = source.strip()
    return defaults
