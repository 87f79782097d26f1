"""The batch's storylines: once every article has its story, the stories are grouped into
storylines by the storyline linker as ``add`` runs it (link/storylines.py), fed the articles in
``add``'s linking order (English first, then publication order), each with the story it
ended in. Actors are read from the analyses in Spark tasks; only (article, story, actors)
comes to the driver, where they are linked one by one (docs/scale.md: how it grows).

The result goes into each story's dossier (``storylines[]``) and, with ``--db``, into the
store as the same decisions ``add`` writes (``Store.apply_storyline``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .. import pipeline
from ..analyze.language import is_english
from ..config import Settings
from ..link.storylines import ActorDoc, actor_doc
from ..link.storylines import storyline_title as _title
from ..model import Article, Story, Storyline, StorylineDecision
from .context import Job
from .index import WindowIndex
from .rows import json_analysis
from .windows import order_key

__all__ = [
    "StorylinePass", "actors_of", "storyline_pass", "link_storylines", "storyline_of"
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class StorylinePass:
    """Story -> its storyline's id, each storyline's record (id, events, profile) and the
    decisions in linking order (what a store writes)."""

    line_of: dict[str, str]
    records: dict[str, dict[str, Any]]
    decisions: list[StorylineDecision]


def link_storylines(
    items: Iterable[tuple[ActorDoc, str]], settings: Settings | None = None
) -> StorylinePass:
    """Each (actors, story) in linking order given to the storyline linker as ``add`` gives
    it: holding the storylines of the story and of the article's rarer actors, read from an
    index kept as the store keeps it (so each article costs what it costs ``add``)."""
    settings = settings or Settings.default()
    index = WindowIndex()
    decisions = []
    for doc, story in items:
        linker = pipeline._storyline_linker(index, doc, [story], settings)
        decisions.append(linker.decide(doc, story))
        index.apply_storyline(decisions[-1])
    return StorylinePass(dict(index.line_of), dict(index.lines), decisions)


def actors_of(
    article_id: str, title: str | None, language: str | None, spans: str | None
) -> tuple[list[str], list[str]]:
    """An article's actors and those in its lead (``actor_doc``), from its analysis row."""
    analysis = json_analysis(article_id, language, True, b"", spans) if spans else None
    doc = actor_doc(article_id, analysis, title)
    return sorted(doc.actors), sorted(doc.lead)


def _actor_row(row: Any) -> tuple[Any, ...]:
    actors, lead = actors_of(row["id"], row["title"], row["analysis_language"], row["spans"])
    # add's order: English first (pipeline.link), then publication order (Store.articles).
    key = (not is_english(row["analysis_language"]), *order_key(row["published"], row["id"]))
    return key, row["id"], row["story"], actors, lead


def storyline_pass(job: Job) -> StorylinePass:
    """The storylines of a batch whose ``links/`` are written."""
    spark = job.spark
    links = spark.read.parquet(job.out.path("links")).select("id", "story")
    titles = spark.read.parquet(job.out.path("articles")).select("id", "title")
    analyses = spark.read.parquet(job.out.path("analyses")).select(
        "id", "published", "analysis_language", "spans"
    )
    rows = links.join(titles, "id").join(analyses, "id").rdd.map(_actor_row).collect()
    rows.sort(key=lambda r: r[0])
    items = (
        (ActorDoc(article, frozenset(actors), frozenset(lead)), story)
        for _, article, story, actors, lead in rows
    )
    return link_storylines(items, job.settings)


def storyline_of(
    story: Story,
    articles: Sequence[Article],
    line_of: Mapping[str, str],
    records: Mapping[str, Mapping[str, Any]],
) -> Storyline | None:
    """The storyline of a one-story dossier, as ``pipeline.storylines_for`` gives it: titled
    after its central actor, dated by the story's articles."""
    line = line_of.get(story.id)
    if line is None:
        return None
    days = sorted(a.published for a in articles if a.published)
    record = records.get(line)
    return Storyline(
        id=line,
        title=_title(record, [story]) if record else story.title,
        stories=(story.id,),
        first=days[0] if days else None,
        last=days[-1] if days else None,
    )
