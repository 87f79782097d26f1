"""Linking a batch in time windows: each window replays the end of the one before it, links
its own articles with the same placement as ``storyweave add`` (``pipeline.place_doc`` over a
``WindowIndex``), and its stories are joined to the stories across its edge.

Why this gives the stream's answer: ``add`` links articles one at a time in publication
order, each against the stories that share its rarer names. An article's choice depends on
the stories before it, mostly recent ones (dates far apart cost a story its fit). A window
that starts by replaying the last ``warmup`` articles of the previous window (their choices
are thrown away: the previous window makes them) has those recent stories, and name counts
taken over everything linked before it; a story of the window that grew from a replayed
article is that article's story. What a window cannot see are stories whose last article is
older than its warm-up: an article of such a story starts a new one (docs/scale.md says how
often that happens on our corpora).

Everything here is plain Python over plain rows, run inside Spark tasks (spark/job.py)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from .. import pipeline
from ..config import Settings
from ..link import assign
from ..link.stories import StoryDoc
from ..link.storylines import ActorDoc
from .index import WindowIndex

__all__ = [
    "LinkRow",
    "order_key",
    "day_number",
    "plan_windows",
    "window_of",
    "link_window",
    "resolve",
]


@dataclass(frozen=True, slots=True)
class LinkRow:
    """What linking reads of one article (kept without its text)."""

    id: str
    published: str | None
    published_inferred: bool
    names: frozenset[str]
    years: frozenset[int]
    vector: bytes
    actors: frozenset[str] = frozenset()  # link/storylines.py's actor_doc
    lead: frozenset[str] = frozenset()

    def doc(self) -> StoryDoc:
        return assign.doc_of(
            self.id, self.vector, self.names, self.years, self.published, self.published_inferred
        )


def order_key(published: str | None, article_id: str) -> tuple[bool, str, str]:
    """The order ``add`` links articles in (Store.articles): by publication date as written,
    undated last, ties by id."""
    return (published is None, published or "", article_id)


def day_number(published: str | None) -> int | None:
    """The day a publication date falls on (its first day for a month or a year), as a day
    count; None when undated."""
    if not published:
        return None
    parts = published[:10].split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2]) if len(parts) > 2 else 1
        return date(year, month, day).toordinal()
    except (ValueError, IndexError):
        return None


def plan_windows(day_counts: Mapping[int, int], size: int) -> list[tuple[int, int]]:
    """Windows as (first day, last day) over consecutive days: each holds whole days, closed
    once it reaches ``size`` articles (one busy day may hold more)."""
    windows: list[tuple[int, int]] = []
    first: int | None = None
    held = 0
    days = sorted(day_counts)
    for i, day in enumerate(days):
        if first is None:
            first = day
        held += day_counts[day]
        if held >= size or i == len(days) - 1:
            windows.append((first, day))
            first, held = None, 0
    return windows


def window_of(windows: Sequence[tuple[int, int]], day: int) -> int:
    """The index of the window holding ``day`` (days before the first go to the first)."""
    lo, hi = 0, len(windows) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if windows[mid][0] <= day:
            lo = mid
        else:
            hi = mid - 1
    return lo


def link_window(
    rows: Sequence[LinkRow],
    own: Iterable[str],
    df: Mapping[str, int],
    docs: int,
    settings: Settings,
    lsh_min: int = 200,
) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Place ``rows`` (linking order: the warm-up, then the window's own articles ``own``)
    one by one as ``add`` would, with ``df`` and ``docs`` the name counts and the number of
    articles placed before the first row. Returns, for each article of ``own``, the id of
    the story it ended in, and for each story among those, its founding article: the first
    article of the story, when that is a warm-up one (the story continues that article's
    story across the edge), and the lone stories of its own articles that joined another
    story (old id -> the id it forwards to)."""
    index = WindowIndex(df, docs, lsh_min=lsh_min)
    for row in rows:
        doc = row.doc()
        index.offer(doc.vector)
        actors = ActorDoc(row.id, row.actors, row.lead)
        index.apply_link(pipeline.place_with_storyline(index, doc, actors, index.docs, settings))
    mine = set(own)
    stories = {a: index.story[a] for a in mine if a in index.story}
    carried: dict[str, str] = {}
    for story in set(stories.values()):
        founder = story[1:]  # a story is named after the article that started it
        if founder not in mine:
            carried[story] = founder
    forwards = {old: new for old, new in index.forward.items() if old[1:] in mine}
    return stories, carried, forwards


def resolve(story_of: Mapping[str, str], carried: Mapping[str, str]) -> dict[str, str]:
    """Final story of every article: a story carried across an edge is its founder's final
    story (which may itself be carried from further back)."""
    final: dict[str, str] = {}

    def follow(story: str) -> str:
        seen = set()
        while story in carried and story not in seen:
            seen.add(story)
            founder = carried[story]
            story = story_of.get(founder, "s" + founder)
        return story

    for article, story in story_of.items():
        final[article] = follow(story)
    return final
