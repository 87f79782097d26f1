"""The batch's cross-language join: articles in other languages placed after the English
ones, as ``add`` places them (``pipeline.link``: English first, then each other article in
publication order, joined to the story of its coverage in other languages when
``pipeline.crosslingual_pick`` finds one, else placed by the story clusterer).

The English stories are final once the window pass (spark/windows.py) is done. The other
articles are cut into time windows of their own; each window is one task holding the English
stories active near its days (within the cross-language window, ``near_stories``'s test),
those stories' members (text and multilingual vector, computed across the cluster for just
these members) and the name counts its articles need. In the task each article is offered the
stories near it, the ones founded by earlier articles of the task included, through the same
functions as ``add``: ``crosslingual_pick``, else ``place_with_storyline`` over the window's
index (spark/index.py) seeded with those stories.

What a task cannot see: a story founded by another-language article of an earlier window
(``add`` would offer it to a later article in a third language), and the storyline side of
the English stories (the storyline level's say on a clusterer placement reads the task's own
storylines only). docs/scale.md says what this costs on our corpora."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from functools import partial
from typing import Any

import numpy as np

from .. import pipeline
from ..analyze import embed_multi
from ..config import Settings
from ..link.crosslingual import CrossSettings, name_words
from ..link.stories import guess_names
from ..link.storylines import ActorDoc
from ..model import Article, LinkDecision
from .index import WindowIndex
from .windows import LinkRow, plan_windows

__all__ = ["place_others", "link_others", "window_ranges", "near_window"]

_EMBED_BATCH = 32  # members per multilingual-encoder call

Range = tuple[int, int | None, int | None]  # window, first day, last day (None: undated)


def _day(value: str | None) -> int | None:
    """A date's day as ``pipeline`` reads it for the cross-language window (None when it is
    missing or not a whole day: such an article or story is near every other)."""
    try:
        return date.fromisoformat(value[:10]).toordinal() if value else None
    except ValueError:
        return None


def window_ranges(days: Counter[int], undated: bool, size: int) -> list[Range]:
    """The windows of the other-language articles: whole days up to ``size`` articles each,
    then one for the undated (compared with every story)."""
    ranges: list[Range] = [(w, a, b) for w, (a, b) in enumerate(plan_windows(days, size))]
    if undated:
        ranges.append((len(ranges), None, None))
    return ranges


def window_of_day(ranges: Sequence[Range], day: int | None) -> int:
    if day is None:
        return ranges[-1][0]
    for w, first, last in ranges:
        if first is not None and last is not None and first <= day <= last:
            return w
    raise ValueError(f"day {day} is in no window")


def near_window(state: dict[str, Any], rng: Range, reach: float) -> bool:
    """Whether a story may be near some article of a window: a superset of
    ``pipeline.near_stories`` over the window's articles."""
    _, first, last = rng
    lo = _day(state.get("first") or state.get("inferred_first"))
    hi = _day(state.get("last") or state.get("inferred_last"))
    if first is None or last is None or lo is None or hi is None:
        return True
    return first <= hi + reach and last >= lo - reach


def place_others(
    job: Any, others: Any, english_states: Any, english_df: Any, english_docs: int
) -> tuple[Any, Any]:
    """Place the other-language articles ``others`` (rows as the window pass reads them)
    against the English stories (``english_states``: story, named, state). Returns
    (id, story, window, joined) of each, and (old, new) of stories they made retire."""
    from pyspark.sql import functions as F

    spark, settings = job.spark, job.settings
    size = settings.getint("batch", "window_articles")
    reach = 2 * CrossSettings.from_settings(settings).published_window_days
    given = others.select(
        F.when(F.col("published_inferred"), F.lit(None)).otherwise(F.col("published")).alias("p")
    )
    days: Counter[int] = Counter()
    undated = False
    for row in given.groupBy("p").count().collect():
        day = _day(row["p"])
        if day is None:
            undated = True
        else:
            days[day] += row["count"]
    ranges = window_ranges(days, undated, size)
    windows = spark.sparkContext.broadcast(ranges)

    def window_key(row: Any) -> int:
        return window_of_day(
            windows.value, None if row["published_inferred"] else _day(row["published"])
        )

    articles = spark.read.parquet(job.out.path("articles")).select("id", "title", "text")
    analyses = spark.read.parquet(job.out.path("analyses")).select(
        "id", "analysis_language", "spans", "vector_multi"
    )
    own = others.join(articles, "id").join(analyses, "id")
    rows = own.rdd.map(lambda r: (window_key(r), ("row", r.asDict())))
    per_window = rows.map(lambda kv: kv[0]).countByValue()
    states = english_states.rdd.flatMap(
        lambda r: [
            (w, ("state", (r["state"], bool(r["named"]))))
            for w in _windows_near(json.loads(r["state"]), windows.value, reach)
        ]
    ).persist()
    # The English members of those stories, each embedded once, shipped to every window near
    # its story.
    wanted = states.flatMap(lambda kv: [(m, kv[0]) for m in json.loads(kv[1][1][0])["members"]])
    wanted_df = spark.createDataFrame(wanted, "id string, window int")
    texts = spark.read.parquet(job.out.path("articles")).select(
        "id", "title", "text", "published", "published_inferred"
    )
    langs = spark.read.parquet(job.out.path("analyses")).select("id", "analysis_language")
    members = (
        wanted_df.select("id").distinct().join(texts, "id").join(langs, "id")
        .rdd.mapPartitions(_member_rows)
    )  # fmt: skip
    member_df = spark.createDataFrame(
        members,
        "id string, title string, text string, published string, published_inferred boolean, "
        "analysis_language string, vector_multi binary, keys array<string>",
    ).persist()
    shipped = wanted_df.join(member_df, "id").rdd.map(
        lambda r: (r["window"], ("member", r.asDict()))
    )
    # The name counts each window needs: its articles', its stories' and their members'.
    keys = (
        own.rdd.flatMap(lambda r: [(window_key(r), n) for n in r["names"] or ()])
        .union(states.flatMap(lambda kv: [(kv[0], n) for n in json.loads(kv[1][1][0])["names"]]))
        .union(wanted_df.join(member_df.select("id", "keys"), "id").rdd.flatMap(
            lambda r: [(r["window"], n) for n in r["keys"] or ()]
        ))
        .distinct()
    )  # fmt: skip
    keys_df = spark.createDataFrame(keys, "window int, name string")
    counts = english_df.select("name", F.col("count").alias("df"))
    needed = keys_df.join(counts, "name").rdd.map(
        lambda r: (r["window"], ("df", (r["name"], int(r["df"]))))
    )
    docs_before = {}
    total = english_docs
    for w, _, _ in ranges:
        docs_before[w] = total
        total += per_window.get(w, 0)
    tasks = spark.sparkContext.union([rows, states, shipped, needed])
    results = tasks.groupByKey(numPartitions=max(1, len(ranges))).flatMap(
        partial(_task, docs_before=docs_before, settings=settings, lsh_min=settings.getint(
            "batch", "lsh_min_stories"
        ))
    ).persist()  # fmt: skip
    links = spark.createDataFrame(
        results.filter(lambda t: t[0] == "link").map(lambda t: t[1]),
        "id string, story string, window int, joined boolean",
    ).localCheckpoint()
    forwards = spark.createDataFrame(
        results.filter(lambda t: t[0] == "forward").map(lambda t: t[1]),
        "old string, new string, window int",
    ).localCheckpoint()
    results.unpersist()
    states.unpersist()
    member_df.unpersist()
    return links, forwards


def _windows_near(state: dict[str, Any], ranges: Sequence[Range], reach: float) -> list[int]:
    return [rng[0] for rng in ranges if near_window(state, rng, reach)]


def _member_rows(rows: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
    """Each member with its multilingual vector (as ``pipeline.multi_vectors`` computes it)
    and the name keys its cross-language features hold."""
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= _EMBED_BATCH:
            yield from _embedded(batch)
            batch = []
    if batch:
        yield from _embedded(batch)


def _embedded(rows: Sequence[Any]) -> Iterator[tuple[Any, ...]]:
    vectors = embed_multi.article_vectors([(r["title"], r["text"]) for r in rows])
    for row, vector in zip(rows, vectors, strict=True):
        whole = ((row["title"] or "") + "\n" + row["text"]).strip()
        keys = name_words(n for n in guess_names(whole) if not n.startswith("#"))
        yield (
            row["id"], row["title"], row["text"], row["published"],
            bool(row["published_inferred"]), row["analysis_language"], bytearray(vector),
            sorted(keys),
        )  # fmt: skip


def _article(row: dict[str, Any]) -> Article:
    return Article(
        id=row["id"],
        text=row["text"],
        title=row["title"],
        published=row["published"],
        published_inferred=bool(row["published_inferred"]),
        language=row["analysis_language"],
    )


def _task(
    item: tuple[int, Iterable[tuple[str, Any]]],
    docs_before: dict[int, int],
    settings: Settings,
    lsh_min: int,
) -> Iterator[tuple[str, tuple[Any, ...]]]:
    window, tagged = item
    rows: list[dict[str, Any]] = []
    states: list[tuple[str, bool]] = []
    members: list[dict[str, Any]] = []
    df: dict[str, int] = {}
    for tag, value in tagged:
        if tag == "row":
            rows.append(value)
        elif tag == "state":
            states.append(value)
        elif tag == "member":
            members.append(value)
        else:
            df[value[0]] = value[1]
    if not rows:
        return
    rows.sort(key=lambda r: r["okey"])
    stories, joined, forwards = link_others(
        rows, [(json.loads(s), named) for s, named in states], members, df,
        docs_before.get(window, 0), settings, lsh_min,
    )  # fmt: skip
    for row in rows:
        yield ("link", (row["id"], stories[row["id"]], window, row["id"] in joined))
    for old, new in forwards.items():
        yield ("forward", (old, new, window))


def link_others(
    rows: Sequence[dict[str, Any]],
    states: Sequence[tuple[dict[str, Any], bool]],
    members: Sequence[dict[str, Any]],
    df: dict[str, int],
    docs: int,
    settings: Settings,
    lsh_min: int = 200,
) -> tuple[dict[str, str], set[str], dict[str, str]]:
    """Place other-language articles (``rows``, in linking order) one by one as ``add``
    does, among the stories ``states`` (state, named) whose ``members`` (articles with their
    multilingual vectors) are given. Returns each article's story, the articles joined
    across languages (members, not in their story's clusterer state) and the stories that
    were retired into another (old -> new)."""
    index = WindowIndex(df, docs, lsh_min=lsh_min)
    for state, named in states:
        index.seed(state, named)
    articles: dict[str, Article] = {}
    vectors: dict[str, Any] = {}
    for member in members:
        articles[member["id"]] = _article(member)
        vectors[member["id"]] = np.frombuffer(bytes(member["vector_multi"]), dtype="<f4")
    joined: set[str] = set()
    for row in rows:
        article = _article(row)
        vectors[article.id] = np.frombuffer(bytes(row["vector_multi"] or b""), dtype="<f4")
        story = _crosslingual(index, article, row, articles, vectors, settings)
        if story is not None:
            index.apply_link(LinkDecision(article=article.id, story=story))
            joined.add(article.id)
        else:
            link_row = LinkRow(
                row["id"], row["published"], bool(row["published_inferred"]),
                frozenset(row["names"]), frozenset(row["years"]), bytes(row["vector"] or b""),
                frozenset(row["actors"] or ()), frozenset(row["lead"] or ()),
            )  # fmt: skip
            doc = link_row.doc()
            index.offer(doc.vector)
            actors = ActorDoc(row["id"], link_row.actors, link_row.lead)
            index.apply_link(
                pipeline.place_with_storyline(index, doc, actors, index.docs, settings)
            )
        articles[article.id] = article
    stories = {r["id"]: index.story[r["id"]] for r in rows}
    return stories, joined, dict(index.forward)


def _crosslingual(
    index: WindowIndex,
    article: Article,
    row: dict[str, Any],
    articles: dict[str, Article],
    vectors: dict[str, Any],
    settings: Settings,
) -> str | None:
    """``pipeline.crosslingual_story`` over the window's index instead of the store."""
    states = pipeline.near_stories(article, index.states.values(), settings)
    if not states:
        return None
    language = (article.language or "").lower()[:2]
    members = {
        m: articles[m]
        for s in states
        for m in s["members"]
        if m in articles and (articles[m].language or "en").lower()[:2] != language
    }
    if not members:
        return None
    names = [g["name"] for g in json.loads(row["spans"])["groups"]]
    return pipeline.crosslingual_pick(
        article, names, states, members, vectors, index.name_counts, index.docs, settings
    )
