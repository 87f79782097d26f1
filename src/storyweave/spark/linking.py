"""The batch's linking on Spark: near-duplicates by MinHash band keys grouped across the
cluster, then stories by time windows linked in parallel (spark/windows.py) and joined
across their edges. No step holds more than one window's articles (or one band key's) in
one task.

Writes ``links/`` (article, story, copy_of, window) and ``_link/states/`` (each story's
clusterer state, for loading a store that later ``add`` runs continue)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import partial
from typing import Any

from ..analyze.language import is_english
from ..config import Settings
from ..link import dedup
from ..link.stories import state_of_members
from .context import Job
from .session import memory_and_disk
from .storylines import actors_of
from .windows import LinkRow, day_number, link_window, plan_windows, window_of

__all__ = ["link", "order_column", "read_stories"]

_MAX_ROUNDS = 64  # pointer-jumping rounds; chains are as long as the windows a story spans


def order_column(F: Any) -> Any:
    """The order ``add`` links articles in, as one sortable string: English first (then the
    other languages, ``pipeline.link``), undated last, then the publication date as written
    (a month sorts before its days), then the id."""
    return F.concat(
        F.when(F.col("english"), F.lit("0")).otherwise(F.lit("1")),
        F.when(F.col("published").isNull(), F.lit("1")).otherwise(F.lit("0")),
        F.coalesce(F.col("published"), F.lit("")),
        F.lit(" "),
        F.col("id"),
    )


def link(job: Job) -> None:
    from pyspark.sql import functions as F

    if job.stage_done("link"):
        links = job.spark.read.parquet(job.out.path("links"))
        job.report.copies = links.where(F.col("copy_of").isNotNull()).count()
        job.report.stories = links.select("story").distinct().count()
        job.say("link: done in an earlier run")
        return
    spark, settings = job.spark, job.settings
    analyses = spark.read.parquet(job.out.path("analyses")).where("supported")
    titles = spark.read.parquet(job.out.path("articles")).select("id", "title")
    english = F.udf(is_english, "boolean", useArrow=False)
    analyses = analyses.withColumn("english", english("analysis_language"))
    # The storyline level's actors (link/storylines.py), read here so that no window task
    # carries an analysis.
    actors = F.udf(actors_of, "struct<actors: array<string>, lead: array<string>>", useArrow=False)
    read = actors("id", "title", "analysis_language", "spans")
    rows = analyses.join(titles, "id").select(
        "id", "published", "published_inferred", "names", "years", "vector", "signature",
        "bands", "english", order_column(F).alias("okey"), read["actors"].alias("actors"),
        read["lead"].alias("lead"),
    ).persist()  # fmt: skip
    copies = _copies(spark, rows, settings.getfloat("stories", "duplicate_threshold"))
    copies = copies.persist()
    job.report.copies = copies.count()
    placed = rows.join(copies.select("id"), "id", "left_anti")
    # English first, then the other languages against the English stories (pipeline.link).
    stories, windows, forwards = _stories(job, placed.where("english"))
    job.report.windows = windows
    stories = stories.withColumn("joined", F.lit(False))
    others = placed.where(~F.col("english"))
    if not others.isEmpty():
        stories, forwards = _place_others(job, rows, stories, forwards, others)
    # A copy joins its original's story (and is no member of the clusterer's state).
    copy_links = copies.join(
        stories.select(F.col("id").alias("copy_of"), "story", "window"), "copy_of"
    ).select("id", "story", "copy_of", "window", F.lit(False).alias("joined"))
    links = stories.select(
        "id", "story", F.lit(None).cast("string").alias("copy_of"), "window", "joined"
    )
    links = links.unionByName(copy_links)
    links.write.mode("overwrite").parquet(job.out.path("links"))
    links = spark.read.parquet(job.out.path("links"))
    job.report.stories = links.select("story").distinct().count()
    _write_states(job, rows, links, forwards)
    rows.unpersist()
    copies.unpersist()
    job.out.mark("link", "all")
    job.say(f"link: {job.report.stories} stories, {job.report.copies} copies, "
            f"{windows} windows")  # fmt: skip


# -- near-duplicates ------------------------------------------------------------------------------


def _copies(spark: Any, rows: Any, threshold: float) -> Any:
    """(id, copy_of): each article copying one linked before it, with the original it
    copies (``duplicates.original``'s choice: the most similar earlier article sharing a
    band key, or the original that one copies)."""
    from pyspark.sql import functions as F

    keyed = rows.select("id", "okey", F.posexplode("bands").alias("band", "key"))
    left = keyed.select(F.col("id").alias("cand"), F.col("okey").alias("cand_okey"), "band", "key")
    right = keyed.select(F.col("id").alias("art"), F.col("okey").alias("art_okey"), "band", "key")
    pairs = (
        left.join(right, ["band", "key"])
        .where(F.col("cand_okey") < F.col("art_okey"))
        .select("cand", "cand_okey", "art")
        .distinct()
    )
    sigs = rows.select("id", "signature")
    pairs = pairs.join(
        sigs.select(F.col("id").alias("cand"), F.col("signature").alias("cand_sig")), "cand"
    ).join(sigs.select(F.col("id").alias("art"), F.col("signature").alias("art_sig")), "art")
    best = (
        pairs.rdd.map(
            lambda r: (
                r.art,
                (dedup.similarity(bytes(r.art_sig), bytes(r.cand_sig)), r.cand_okey, r.cand),
            )
        )
        .filter(lambda kv: kv[1][0] >= threshold)
        # The most similar; of equals, the earliest.
        .reduceByKey(lambda a, b: a if (-a[0], a[1]) <= (-b[0], b[1]) else b)
        .map(lambda kv: (kv[0], kv[1][2]))
    )
    pointers = spark.createDataFrame(best, "id string, copy_of string")
    return _follow(pointers, "id", "copy_of")


def _follow(pointers: Any, key: str, target: str) -> Any:
    """Pointers followed to their ends: (key, target) where target is no key itself (or
    points at itself), by pointer jumping."""
    from pyspark.sql import functions as F

    current = pointers.where(F.col(key) != F.col(target)).localCheckpoint()
    for _ in range(_MAX_ROUNDS):
        nxt = current.alias("p").join(
            current.alias("q"), F.col(f"p.{target}") == F.col(f"q.{key}"), "left"
        )
        moved = nxt.where(F.col(f"q.{key}").isNotNull()).count()
        current = nxt.select(
            F.col(f"p.{key}").alias(key),
            F.coalesce(F.col(f"q.{target}"), F.col(f"p.{target}")).alias(target),
        ).localCheckpoint()
        current = current.where(F.col(key) != F.col(target))
        if moved == 0:
            break
    return current


# -- stories --------------------------------------------------------------------------------------


def _place_others(job: Job, rows: Any, english: Any, forwards: Any, others: Any) -> tuple[Any, Any]:
    """The other-language articles placed against the final English stories
    (spark/crosslingual.py); the English articles of a story one of them made retire move
    with it."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    from .crosslingual import place_others

    members = english.select("id", "story").join(rows, "id")
    states = members.rdd.map(lambda r: (r["story"], r)).groupByKey().map(_state_row)
    states = job.spark.createDataFrame(states, "story string, named boolean, state string")
    placed = rows.join(english.select("id"), "id")
    names_df = placed.select(F.explode("names").alias("name")).groupBy("name").count()
    links, moved = place_others(job, others, states, names_df, placed.count())
    # A story retired in two windows goes where the earlier one sent it.
    first = Window.partitionBy("old").orderBy("window", "new")
    moved = moved.withColumn("n", F.row_number().over(first)).where("n = 1").select("old", "new")
    ends = _follow(moved, "old", "new")
    both = english.unionByName(links)
    final = (
        both.join(ends.withColumnRenamed("old", "story"), "story", "left")
        .select("id", F.coalesce(F.col("new"), F.col("story")).alias("story"), "window", "joined")
        .localCheckpoint()
    )
    job.say(f"link: {links.count()} articles in other languages, "
            f"{links.where('joined').count()} joined across languages")  # fmt: skip
    forwards = forwards.unionByName(ends)
    forwards = (
        forwards.join(
            ends.select(F.col("old").alias("new"), F.col("new").alias("next")), "new", "left"
        )
        .select("old", F.coalesce(F.col("next"), F.col("new")).alias("new"))
        .localCheckpoint()
    )
    return final, forwards


def _stories(job: Job, placed: Any) -> tuple[Any, int, Any]:
    """(id, story, window) of every article the clusterer places, the number of windows,
    and the (old, new) stories a lone article left."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    spark, settings = job.spark, job.settings
    size = settings.getint("batch", "window_articles")
    warmup = settings.getint("batch", "warmup_articles")
    by_date = {r["published"]: r["count"] for r in placed.groupBy("published").count().collect()}
    days: Counter[int] = Counter()
    for published, count in by_date.items():
        day = day_number(published)
        if day is not None:
            days[day] += count
    windows = plan_windows(days, size)
    # Undated articles come last in add's order: a window after every dated one.
    last = len(windows)
    window_by_date = [
        (p, window_of(windows, d) if (d := day_number(p)) is not None and windows else last)
        for p in by_date
    ]
    dates = spark.createDataFrame(window_by_date, "published string, window int")
    own = placed.join(F.broadcast(dates), placed["published"].eqNullSafe(dates["published"]))
    own = own.drop(dates["published"]).withColumn("target", F.col("window"))
    own = own.withColumn("warm", F.lit(False)).persist()
    # The warm-up: the last articles of each window, replayed first by the next one.
    rank = F.row_number().over(Window.partitionBy("window").orderBy(F.col("okey").desc()))
    warm = (
        own.withColumn("rank", rank)
        .where(F.col("rank") <= warmup)
        .drop("rank")
        .withColumn("target", F.col("window") + 1)
        .withColumn("warm", F.lit(True))
    )
    tasks = own.unionByName(warm).where(F.col("target") <= last)
    # Name counts over every article linked before each window (the store's name_df then).
    counts = own.select("window", F.explode("names").alias("name")).groupBy("name", "window")
    counts = counts.count()
    needed = tasks.select(F.col("target").alias("window"), F.explode("names").alias("name"))
    needed = needed.distinct()
    both = counts.select("name", "window", F.col("count").alias("c")).unionByName(
        needed.withColumn("c", F.lit(0))
    )
    cumulative = (
        both.groupBy("name", "window")
        .agg(F.sum("c").alias("c"))
        .withColumn(
            "before",
            F.sum("c").over(
                Window.partitionBy("name")
                .orderBy("window")
                .rowsBetween(Window.unboundedPreceding, -1)
            ),
        )
    )
    df_before = cumulative.join(needed, ["name", "window"]).select(
        "window", "name", F.coalesce(F.col("before"), F.lit(0)).alias("before")
    )
    per_window = {r["window"]: r["count"] for r in own.groupBy("window").count().collect()}
    docs_before = {}
    total = 0
    for w in range(last + 1):
        docs_before[w] = total
        total += per_window.get(w, 0)
    lsh_min = settings.getint("batch", "lsh_min_stories")
    keyed_rows = tasks.select(
        "target", "id", "published", "published_inferred", "names", "years", "vector", "okey",
        "warm", "actors", "lead",
    ).rdd.map(lambda r: (r["target"], r))  # fmt: skip
    keyed_df = df_before.rdd.map(lambda r: (r["window"], (r["name"], r["before"])))
    parts = max(1, last + 1)
    results = keyed_rows.cogroup(keyed_df, numPartitions=parts).flatMap(
        partial(_link_task, docs_before=docs_before, settings=settings, lsh_min=lsh_min)
    )
    results = results.persist(memory_and_disk())
    assigned = spark.createDataFrame(
        results.filter(lambda t: t[0] == "story").map(lambda t: t[1]),
        "id string, story string, window int",
    )
    carried = spark.createDataFrame(
        results.filter(lambda t: t[0] == "carried").map(lambda t: t[1]),
        "story string, founder string",
    )
    forwards = spark.createDataFrame(
        results.filter(lambda t: t[0] == "forward").map(lambda t: t[1]),
        "old string, new string",
    )
    # Across an edge: a story that grew from a replayed article is that article's story.
    founder_story = assigned.select(F.col("id").alias("founder"), F.col("story").alias("next"))
    steps = carried.join(founder_story, "founder").select("story", "next")
    ends = _follow(steps, "story", "next")
    final = (
        assigned.join(ends, "story", "left")
        .select("id", F.coalesce(F.col("next"), F.col("story")).alias("story"), "window")
        .localCheckpoint()
    )
    forwards = (
        forwards.join(ends.select(F.col("story").alias("new"), "next"), "new", "left")
        .select("old", F.coalesce(F.col("next"), F.col("new")).alias("new"))
        .localCheckpoint()
    )
    results.unpersist()
    own.unpersist()
    return final, last + 1, forwards


def _link_task(
    item: tuple[int, tuple[Iterable[Any], Iterable[tuple[str, int]]]],
    docs_before: dict[int, int],
    settings: Settings,
    lsh_min: int,
) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """Link one window: its warm-up, then its own articles."""
    window, (rows_in, df_in) = item
    rows = sorted(rows_in, key=lambda r: (not r["warm"], r["okey"]))
    df: Counter[str] = Counter(dict(df_in))
    docs = docs_before.get(window, 0)
    for row in rows:
        if row["warm"]:
            # The counts at the start of the warm-up: before the replayed articles.
            df.subtract(row["names"])
            docs -= 1
    link_rows = [
        LinkRow(
            r["id"],
            r["published"],
            bool(r["published_inferred"]),
            frozenset(r["names"]),
            frozenset(r["years"]),
            bytes(r["vector"] or b""),
            frozenset(r["actors"] or ()),
            frozenset(r["lead"] or ()),
        )  # fmt: skip
        for r in rows
    ]
    own = [r["id"] for r in rows if not r["warm"]]
    if not own:
        return
    stories, carried, forwards = link_window(link_rows, own, +df, docs, settings, lsh_min=lsh_min)
    for article in own:
        yield ("story", (article, stories[article], window))
    for story, founder in carried.items():
        yield ("carried", (story, founder))
    for old, new in forwards.items():
        yield ("forward", (old, new))


def _write_states(job: Job, rows: Any, links: Any, forwards: Any) -> None:
    """Each story's clusterer state (its placed members in linking order), and the lone
    stories that joined it: what ``add`` keeps in the store's story index."""
    from pyspark.sql import functions as F

    # Copies and articles joined across languages are members outside the clusterer's state.
    placed = links.where(F.col("copy_of").isNull() & ~F.col("joined"))
    members = placed.select("id", "story").join(rows, "id")
    states = members.rdd.map(lambda r: (r["story"], r)).groupByKey().map(_state_row)
    frame = job.spark.createDataFrame(states, "story string, named boolean, state string")
    retired = forwards.groupBy("new").agg(F.sort_array(F.collect_set("old")).alias("retired"))
    frame = frame.join(retired.withColumnRenamed("new", "story"), "story", "left")
    frame.write.mode("overwrite").parquet(job.out.path("_link", "states"))


def _state_row(item: tuple[str, Iterable[Any]]) -> tuple[str, bool, str]:
    story, rows = item
    ordered = sorted(rows, key=lambda r: r["okey"])
    docs = [
        LinkRow(
            r["id"], r["published"], bool(r["published_inferred"]), frozenset(r["names"]),
            frozenset(r["years"]), bytes(r["vector"] or b""),
        ).doc()
        for r in ordered
    ]  # fmt: skip
    dim = max((len(d.vector) for d in docs), default=384)
    state = state_of_members(story, docs, dim=dim)
    return story, bool(state["names"]), json.dumps(state)


def read_stories(spark: Any, out: str) -> dict[str, list[str]]:
    """Story id -> its articles (copies included), from a finished batch's ``links/``."""
    from .files import uri_of

    found: dict[str, list[str]] = {}
    for row in spark.read.parquet(uri_of(out) + "/links").select("id", "story").collect():
        found.setdefault(row["story"], []).append(row["id"])
    return {story: sorted(ids) for story, ids in sorted(found.items())}
