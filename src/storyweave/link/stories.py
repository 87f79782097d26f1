"""Streaming event clustering: each article, in publication order, joins a story or starts one.

A story here is an **event**: one happening and its coverage, over days (the storylines that
group events over months are link/storylines.py's). A story is scored against a new article
by three signals:

- meaning: cosine between the article's embedding and the story's centroid;
- names: cosine between the article's names and the story's name profile (each name weighted
  by its rarity, IDF, over the articles seen so far, and in the story by the share of members
  that mention it), so that two similar events with different people or places stay apart;
- time: coverage of one happening comes within days of it, so an article given a date more
  than a few days from a story's given dates pays a penalty large enough to outweigh any
  shared names (a verdict six weeks after an arrest is another event of the same people),
  and one dated within a day or so of them gains a little. A story of a single article is not
  yet such a burst of coverage and is held only to the wider window of a saga. Dates
  inferred from the text count with a much wider window (they are often right to the year
  only), and so do the years the texts mention when they are all some years apart.

The caller may add a bias per story (``add(doc, bias=...)``): the storyline level's view
that the article's actors belong to another saga than the story's.

A story is named after the article that started it, and keeps that id. One kind of move
happens after the fact: an article that started a story of its own (it arrived before its
story had taken shape, or fit it only loosely) is offered again each time a nearby story
grows, and joins it when it now fits clearly. Its lone story's id then forwards to the story
it joined (``resolve``). Adding an article reads every centroid (one matrix product) but
changes only the story it joins, the lone stories that join it, and the name counts used for
IDF.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

import numpy as np

from ..config import Settings
from ..datevalue import period, precision

__all__ = [
    "StoryDoc",
    "counter_of",
    "StoryClusterer",
    "StorySettings",
    "guess_names",
    "guess_years",
    "state_of_members",
]

STATE_VERSION = 1


@dataclass(frozen=True, slots=True, eq=False)
class StoryDoc:
    """What the clusterer needs of one article."""

    article_id: str
    vector: np.ndarray  # L2-normalized article embedding
    names: frozenset[str] = frozenset()  # normalized names (people, places, groups, numbers)
    published: str | None = None  # ISO date YYYY-MM-DD
    years: frozenset[int] = frozenset()  # years the text mentions (its time expressions)
    published_inferred: bool = False  # the date was inferred from the text, not given


@dataclass(frozen=True, slots=True)
class StorySettings:
    """Weights and thresholds; the shipped values and their reasons are in settings.cfg."""

    embedding_weight: float = 1.0
    names_weight: float = 2.0
    join_threshold: float = 1.0
    embedding_only_threshold: float = 0.55
    candidates: int = 20
    time_window_days: float = 4.0
    time_penalty: float = 3.0
    lone_time_window_days: float = 120.0
    lone_time_penalty: float = 0.5
    time_bonus: float = 0.2
    time_bonus_days: float = 1.0
    inferred_time_window_days: float = 365.0
    inferred_time_penalty: float = 0.2
    year_penalty: float = 0.2
    year_gap: int = 3
    idf_prior_docs: float = 50.0
    reoffer_margin: float = 0.2
    reoffer_candidates: int = 10
    lone_join_margin: float = 0.1
    # Which stories an article is scored against (link/assign.py, from the store's index).
    candidate_common_share: float = 0.05
    candidate_common_min: int = 50
    candidate_common_max: int = 500
    candidate_stories: int = 40

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> StorySettings:
        """The ``[stories]`` settings (the shipped ones by default)."""
        return (settings or Settings.default()).numbers(cls, "stories")


@dataclass(slots=True)
class _Story:
    id: str
    members: list[str]
    vector_sum: np.ndarray
    names: Counter[str] = field(default_factory=Counter)
    years: Counter[int] = field(default_factory=Counter)
    first: str | None = None  # earliest and latest given publication date
    last: str | None = None
    inferred_first: str | None = None  # the same over inferred dates
    inferred_last: str | None = None


@lru_cache(maxsize=4096)
def _days(value: str | None) -> int | None:
    # Cached: an article is compared with dozens of stories whose dates repeat.
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _span(value: str | None) -> tuple[str, str] | None:
    """The first and last day (ISO) a publication date covers: a day, or a whole month or
    year when it was given only so precisely."""
    found = period(value) if value else None
    return (found.first.isoformat(), found.last.isoformat()) if found else None


class StoryClusterer:
    """Assigns articles to stories, one at a time, with stable story ids."""

    def __init__(self, settings: StorySettings | None = None, dim: int = 384) -> None:
        self.settings = settings or StorySettings.from_settings()
        self.dim = dim
        self._stories: list[_Story] = []
        self._index: dict[str, int] = {}  # story id -> position
        # article id -> story id; None after from_state: made from the members when asked
        self._story_of: dict[str, str] | None = {}
        self._df: Counter[str] = Counter()  # articles mentioning each name
        self._docs = 0
        self._idf_of: dict[str, float] = {}  # _idf's values while _df and _docs stay as they are
        self._centroids = np.zeros((0, dim), dtype=np.float32)
        self._forward: dict[str, str] = {}  # id of a lone story that joined another -> its id
        # (article, its former lone story) moved by the last add(): a store updates those too.
        self.last_moves: list[tuple[str, str]] = []

    def __len__(self) -> int:
        return len(self._stories)

    def story_of(self, article_id: str) -> str | None:
        return self._owners().get(article_id)

    def _owners(self) -> dict[str, str]:
        if self._story_of is None:
            self._story_of = {a: s.id for s in self._stories for a in s.members}
        return self._story_of

    def resolve(self, story_id: str) -> str:
        """The id a story goes by now (a lone story that joined another forwards to it)."""
        seen = set()
        while story_id in self._forward and story_id not in seen:
            seen.add(story_id)
            story_id = self._forward[story_id]
        return story_id

    def story_state(self, story_id: str) -> dict[str, Any]:
        """The state of one story (as ``state()`` gives it), its ``vector_sum`` kept as a
        numpy array: the next article placed reads it back as one, and a store writes it
        as a list (``store.codec.json_default``)."""
        return story_state(self._stories[self._index[story_id]], vector=True)

    def stories(self) -> dict[str, list[str]]:
        """Story id -> member article ids, in the order they joined."""
        return {s.id: list(s.members) for s in self._stories}

    # scoring

    def _idf(self, name: str) -> float:
        # As if idf_prior_docs more articles, none naming it, had been seen: while few articles
        # exist, every name weighs about the same (with two articles, a shared name would
        # otherwise count less than one only either names).
        found = self._idf_of.get(name)
        if found is None:
            found = math.log((self._docs + self.settings.idf_prior_docs) / (self._df[name] + 1))
            found = self._idf_of[name] = found + 1.0
        return found

    def _name_similarity(self, names: frozenset[str], story: _Story) -> float:
        """Cosine of IDF-weighted article names and the story's share-weighted IDF profile."""
        if not names or not story.names:
            return 0.0
        size = len(story.members)
        doc_norm = math.sqrt(sum(self._idf(x) ** 2 for x in names))
        story_sq = 0.0
        dot = 0.0
        for name, count in story.names.items():
            weight = self._idf(name) * count / size
            story_sq += weight * weight
            if name in names:
                dot += weight * self._idf(name)
        if doc_norm == 0.0 or story_sq == 0.0:
            return 0.0
        return dot / (doc_norm * math.sqrt(story_sq))

    def _time_penalty(self, doc: StoryDoc, story: _Story) -> float:
        penalty = 0.0
        # Two reports whose mentioned years are all some years apart are most often about
        # different events (a quake of one year and another of a later one).
        if doc.years and story.years:
            gap = min(abs(a - b) for a in doc.years for b in story.years)
            if gap >= self.settings.year_gap:
                penalty += self.settings.year_penalty
        to_given, to_inferred = self._gaps(doc, story)
        s = self.settings
        # Coverage of one happening comes within days of it: an article dated weeks away
        # from a story's dated articles reports another happening (the verdict, not the
        # arrest), however many people they share. A story of one article is not yet such a
        # burst of coverage (it may be a retelling of the saga), and is held to the wider
        # window of a saga.
        if len(story.members) > 1:
            given = (s.time_window_days, s.time_penalty)
        else:
            given = (s.lone_time_window_days, s.lone_time_penalty)
        # An inferred date is only as good as the clues it came from (often a year and a
        # season), so it counts with the wider window and smaller penalty.
        loose = (s.inferred_time_window_days, s.inferred_time_penalty)
        if doc.published_inferred:
            rules = ((to_given, loose), (to_inferred, loose))
        else:
            rules = ((to_given, given), (to_inferred, loose))
        worst = 0.0
        for days, (window, weight) in rules:
            if days is not None and days > window:
                worst = max(worst, weight * min(1.0, (days - window) / window))
        return penalty + worst

    def _time_bonus(self, doc: StoryDoc, story: _Story) -> float:
        """Two reports given dates within a day or so of each other that share names are
        most often coverage of one happening (a date given only to the month says too little
        for that)."""
        if doc.published_inferred or precision(doc.published or "") != "day":
            return 0.0
        gap, _ = self._gaps(doc, story)
        if gap is not None and gap <= self.settings.time_bonus_days:
            return self.settings.time_bonus
        return 0.0

    def _gaps(self, doc: StoryDoc, story: _Story) -> tuple[int | None, int | None]:
        """Days between the article's date and the story's given dates, and its inferred
        ones (None where either has none)."""
        span = _span(doc.published)
        if span is None:
            return None, None
        lo, hi = _days(span[0]), _days(span[1])
        assert lo is not None and hi is not None

        def gap(first_iso: str | None, last_iso: str | None) -> int | None:
            first, last = _days(first_iso), _days(last_iso)
            if first is None or last is None:
                return None
            return max(first - hi, lo - last, 0)

        return gap(story.first, story.last), gap(story.inferred_first, story.inferred_last)

    def score(self, doc: StoryDoc, story_id: str) -> float:
        """The join score of an article against one story (for inspection and tests)."""
        story = self._stories[self._index[story_id]]
        cosine = float(self._centroids[self._index[story_id]] @ self._vector(doc))
        return self._combine(doc, story, cosine)[0]

    def _combine(self, doc: StoryDoc, story: _Story, cosine: float) -> tuple[float, float]:
        """(score, threshold) for an article against a story."""
        s = self.settings
        penalty = self._time_penalty(doc, story)
        if not doc.names or not story.names:
            # Without names, only the embedding speaks: it gets a threshold of its own.
            return cosine - penalty, s.embedding_only_threshold
        names = self._name_similarity(doc.names, story)
        score = s.embedding_weight * cosine + s.names_weight * names - penalty
        score += self._time_bonus(doc, story)
        # Joining a story of one article is a decision on two articles alone, the likeliest to
        # pair two similar events: it asks for a clearer fit. A report kept apart now is
        # offered again when its story grows (_reoffer).
        extra = s.lone_join_margin if len(story.members) == 1 else 0.0
        return score, s.join_threshold + extra

    def _vector(self, doc: StoryDoc) -> np.ndarray:
        vector = np.asarray(doc.vector, dtype=np.float32).reshape(-1)
        if vector.shape[0] != self.dim:
            raise ValueError(f"vector of {vector.shape[0]} dimensions, expected {self.dim}")
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm > 0 else vector

    # adding

    def add(self, doc: StoryDoc, bias: Callable[[str], float] | None = None) -> str:
        """The id of the story the article joins (a new one if none fits well enough).
        ``bias(story id)``, when given, is added to the article's score against that story:
        the storyline level's say (link/storylines.py)."""
        self.last_moves = []
        known = self._owners().get(doc.article_id)
        if known is not None:
            return known
        vector = self._vector(doc)
        # Counted before scoring, so the article's own names have their current rarity.
        self._docs += 1
        self._df.update(doc.names)
        self._idf_of = {}
        best: _Story | None = None
        best_margin = 0.0
        if self._stories:
            cosines = self._centroids @ vector
            k = min(self.settings.candidates, len(cosines))
            top = np.argpartition(-cosines, k - 1)[:k] if k < len(cosines) else range(k)
            for pos in top:
                story = self._stories[int(pos)]
                score, threshold = self._combine(doc, story, float(cosines[pos]))
                if bias is not None:
                    score += bias(story.id)
                margin = score - threshold
                if margin >= 0 and (best is None or margin > best_margin):
                    best, best_margin = story, margin
        if best is None:
            best = self._new_story(doc.article_id)
        self._join(best, doc, vector)
        if len(best.members) > 1:
            self.last_moves = self._reoffer(best)
        return best.id

    def _reoffer(self, story: _Story) -> list[tuple[str, str]]:
        """Lone articles near a story that has grown join it when they now fit it with room
        to spare (the margin keeps a loose fit, which the article had on arrival, out)."""
        s = self.settings
        k = min(s.reoffer_candidates + 1, len(self._stories))  # +1: the story itself
        if k < 2:
            return []
        cosines = self._centroids @ self._centroids[self._index[story.id]]
        top = np.argpartition(-cosines, k - 1)[:k] if k < len(cosines) else range(k)
        fits: list[tuple[_Story, StoryDoc]] = []
        for pos in top:
            other = self._stories[int(pos)]
            if other is story or len(other.members) != 1:
                continue
            doc = _lone_doc(other)
            score, threshold = self._combine(doc, story, float(cosines[pos]))
            if score - threshold >= s.reoffer_margin:
                fits.append((other, doc))
        # Moved only after scoring: removing a story changes the positions scored above.
        for other, doc in fits:
            self._remove(other)
            self._forward[other.id] = story.id
            self._join(story, doc, self._vector(doc))
        return [(doc.article_id, other.id) for other, doc in fits]

    def _remove(self, story: _Story) -> None:
        # The last story takes the removed one's place: no other position changes.
        pos, last = self._index.pop(story.id), len(self._stories) - 1
        if pos != last:
            moved = self._stories[last]
            self._stories[pos] = moved
            self._index[moved.id] = pos
            self._centroids[pos] = self._centroids[last]
        self._stories.pop()
        self._centroids = self._centroids[:last]

    def _new_story(self, article_id: str) -> _Story:
        story = _Story(id="s" + article_id, members=[], vector_sum=np.zeros(self.dim))
        self._index[story.id] = len(self._stories)
        self._stories.append(story)
        self._centroids = np.vstack([self._centroids, np.zeros((1, self.dim), np.float32)])
        return story

    def _join(self, story: _Story, doc: StoryDoc, vector: np.ndarray) -> None:
        story.members.append(doc.article_id)
        story.vector_sum = story.vector_sum + vector
        story.names.update(doc.names)
        story.years.update(doc.years)
        span = _span(doc.published)
        if span:
            lo, hi = span
            if doc.published_inferred:
                story.inferred_first = min(story.inferred_first or lo, lo)
                story.inferred_last = max(story.inferred_last or hi, hi)
            else:
                story.first = min(story.first or lo, lo)
                story.last = max(story.last or hi, hi)
        norm = float(np.linalg.norm(story.vector_sum))
        self._centroids[self._index[story.id]] = story.vector_sum / (norm or 1.0)
        if self._story_of is not None:
            self._story_of[doc.article_id] = story.id

    def add_all(self, docs: Iterable[StoryDoc]) -> list[str]:
        return [self.add(doc) for doc in docs]

    # persistence

    def state(self) -> dict[str, Any]:
        """A JSON-serializable snapshot; ``from_state`` continues exactly where this left."""
        return {
            "version": STATE_VERSION,
            "dim": self.dim,
            "docs": self._docs,
            "df": dict(self._df),
            "stories": [story_state(s) for s in self._stories],
            "forward": dict(self._forward),
        }

    @classmethod
    def from_state(
        cls, state: dict[str, Any], settings: StorySettings | None = None
    ) -> StoryClusterer:
        if state.get("version") != STATE_VERSION:
            raise ValueError(f"unknown story state version {state.get('version')!r}")
        clusterer = cls(settings, dim=int(state["dim"]))
        clusterer._docs = int(state["docs"])
        clusterer._df = Counter(state["df"])
        stories = [_story_from_state(item) for item in state["stories"]]
        clusterer._stories = stories
        clusterer._index = {s.id: i for i, s in enumerate(stories)}
        clusterer._story_of = None  # _owners() makes it if it is asked for
        centroids = np.zeros((len(stories), clusterer.dim), dtype=np.float32)
        for i, s in enumerate(stories):
            norm = float(np.linalg.norm(s.vector_sum))
            centroids[i] = s.vector_sum / (norm or 1.0)
        clusterer._centroids = centroids
        clusterer._forward = dict(state.get("forward", {}))
        return clusterer


def state_of_members(story_id: str, docs: Iterable[StoryDoc], dim: int = 384) -> dict[str, Any]:
    """The state the clusterer keeps of a story holding ``docs`` (in the order they joined):
    what a batch rebuilds for a story whose articles were placed in other tasks."""
    clusterer = StoryClusterer(dim=dim)
    story = _Story(id=story_id, members=[], vector_sum=np.zeros(dim))
    clusterer._index[story_id] = 0
    clusterer._stories.append(story)
    clusterer._centroids = np.zeros((1, dim), np.float32)
    for doc in docs:
        clusterer._join(story, doc, clusterer._vector(doc))
    return story_state(story)


def _lone_doc(story: _Story) -> StoryDoc:
    """The article of a one-article story, as the clusterer saw it."""
    given = story.first is not None
    return StoryDoc(
        article_id=story.members[0],
        vector=story.vector_sum,
        names=frozenset(story.names),
        published=story.first if given else story.inferred_first,
        years=frozenset(story.years),
        published_inferred=not given and story.inferred_first is not None,
    )


def story_state(story: _Story, vector: bool = False) -> dict[str, Any]:
    """The JSON-ready state of a story; ``vector``: its ``vector_sum`` as a numpy array."""
    total = np.asarray(story.vector_sum, dtype=np.float64)
    return {
        "id": story.id,
        "members": list(story.members),
        "vector_sum": total if vector else total.tolist(),
        "names": dict(story.names),
        "years": {str(y): c for y, c in story.years.items()},
        "first": story.first,
        "last": story.last,
        "inferred_first": story.inferred_first,
        "inferred_last": story.inferred_last,
    }


def counter_of(counts: Mapping[Any, int]) -> Counter[Any]:
    """A Counter holding ``counts`` (a plain copy: Counter's own checks cost more than the
    copy for the many small profiles read per article)."""
    found: Counter[Any] = Counter()
    dict.update(found, counts)
    return found


def _story_from_state(item: dict[str, Any]) -> _Story:
    return _Story(
        id=item["id"],
        members=list(item["members"]),
        vector_sum=np.asarray(item["vector_sum"], dtype=np.float64),
        names=counter_of(item["names"]),
        years=counter_of({int(y): c for y, c in item.get("years", {}).items()}),
        first=item.get("first"),
        last=item.get("last"),
        inferred_first=item.get("inferred_first"),
        inferred_last=item.get("inferred_last"),
    )


# A fallback name finder for when no entity layer has run: capitalized word runs and
# numbers. Words that commonly start a sentence or a date are not names.
_TOKEN = re.compile(r"[^\W\d_][\w'’.-]*|\d[\d.,:/-]*")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_NOT_NAMES_TEXT = """
a an the and or but if of in on at to for from by with without about after before
he she it they we you i his her its their our my your this that these those there here
then when where what who which why how mr mrs ms dr mt st am pm
monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec
"""
_NOT_NAMES = frozenset(_NOT_NAMES_TEXT.split())


def guess_names(text: str) -> frozenset[str]:
    """Lower-cased capitalized word runs (and each of their words), and numbers of two or
    more digits as ``#123``: a rough stand-in for entity names."""
    from spacy.lang.en.stop_words import STOP_WORDS

    names: set[str] = set()
    for sentence in _SENTENCE.split(text):
        run: list[str] = []
        for k, token in enumerate([*_TOKEN.findall(sentence), ""]):
            word = token.rstrip(".").lower()
            # A sentence's first word is capitalized anyway: "Meanwhile", "Both" are no names.
            opener = k == 0 and word in STOP_WORDS
            if token and token[0].isupper() and word not in _NOT_NAMES and not opener:
                run.append(word)
                continue
            if run:
                names.add(" ".join(run))
                if len(run) > 1:
                    names.update(run)
                run = []
            if token[:1].isdigit():
                number = token.rstrip(".,:/-")
                if sum(ch.isdigit() for ch in number) >= 2:
                    names.add("#" + number)
    return frozenset(names)


_YEAR = re.compile(r"(?<![\w.,$£€])(1[89]\d\d|20\d\d)(?![\w.,]?\d)")


def guess_years(text: str) -> frozenset[int]:
    """Four-digit years (1800-2099) written in the text: a stand-in for time expressions."""
    return frozenset(int(m.group(1)) for m in _YEAR.finditer(text))
