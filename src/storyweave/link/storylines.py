"""Storylines: the sagas events belong to, one event at a time, with stable ids.

An event (a story of link/stories.py) is one happening and its coverage, over days; a
storyline groups the events that share their central actors, over months: an arrest, the
trial, the verdict and the release of one person. Similar sagas of other people (two crypto
founders tried in one court, two journalists convicted on one day, two storms in one state)
share places, courts and words, so a storyline is told apart by its **actors**: people,
organizations and named happenings, never places (a city or a country is a setting many
sagas share). An actor counts more when it is central: named in an article's title or
opening sentences, where a report says who it is about, rather than in its background.

Each event and storyline keeps a profile: for every actor, the share of its articles naming
it, and naming it in the lead. An event joins the storyline whose profile is closest (cosine
of the IDF-weighted profiles) when it clears ``join_threshold``, else starts one. An event
alone in its storyline is offered again as it grows, and joins another when it then fits by
``reoffer_margin`` more: its lone storyline's id forwards there (``resolve``). A storyline
holding several events keeps them (ids never change once handed out).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..analyze.names import person_like, surname_key
from ..analyze.nametables import fold
from ..config import Settings
from ..model import Analysis, Story, StorylineDecision
from .stories import counter_of

__all__ = [
    "ActorDoc",
    "StorylineLinker",
    "StorylineSettings",
    "actor_doc",
    "central_actors",
    "storyline_title",
]

STATE_VERSION = 1

# Model labels of settings rather than actors: places and the groups named after them.
_PLACE_LABELS = frozenset({"GPE", "LOC", "NORP", "FAC"})


@dataclass(frozen=True, slots=True)
class ActorDoc:
    """What the storyline linker needs of one article."""

    article_id: str
    actors: frozenset[str] = frozenset()  # folded actor names (and a person's surname)
    lead: frozenset[str] = frozenset()  # those named in the title or the opening sentences


def actor_doc(
    article_id: str, analysis: Analysis | None, title: str | None = None, lead_sentences: int = 2
) -> ActorDoc:
    """The actors of an article from its name groups: each group's fullest name (and a
    person's surname, which other reports use alone), places left out. A name is in the lead
    when it is written in the title or in the first ``lead_sentences`` sentences."""
    if analysis is None:
        return ActorDoc(article_id)
    head = fold(title or "")
    actors: set[str] = set()
    lead: set[str] = set()
    for group in analysis.groups:
        label = max(group.labels, key=lambda k: group.labels[k]) if group.labels else "PROPN"
        if label in _PLACE_LABELS or not group.name or group.name[0].isdigit():
            continue
        forms = {fold(group.name)}
        if person_like(group.name, label):
            forms.add(surname_key(group.name) or "")
        forms.discard("")
        actors |= forms
        sentences = [analysis.mentions[i].sentence for i in group.mentions]
        if any(0 <= s < lead_sentences for s in sentences) or any(f in head for f in forms):
            lead |= forms
    return ActorDoc(article_id, frozenset(actors), frozenset(lead))


@dataclass(frozen=True, slots=True)
class StorylineSettings:
    """Thresholds; the shipped values and their reasons are in settings.cfg [storylines]."""

    join_threshold: float = 0.15
    lead_boost: float = 4.0
    idf_prior_docs: float = 50.0
    reoffer_margin: float = 0.05
    consistency_weight: float = 1.0

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> StorylineSettings:
        """The ``[storylines]`` settings (the shipped ones by default)."""
        return (settings or Settings.default()).numbers(cls, "storylines")


@dataclass(slots=True)
class _Profile:
    """Actor counts over a set of articles: naming it anywhere, and in the lead."""

    size: int = 0
    text: Counter[str] = field(default_factory=Counter)
    lead: Counter[str] = field(default_factory=Counter)

    def add(self, other: _Profile, sign: int = 1) -> None:
        self.size += sign * other.size
        for counter, theirs in ((self.text, other.text), (self.lead, other.lead)):
            for name, n in theirs.items():
                counter[name] += sign * n
                if counter[name] <= 0:
                    del counter[name]

    def state(self) -> dict[str, Any]:
        return {"size": self.size, "text": dict(self.text), "lead": dict(self.lead)}

    @classmethod
    def from_state(cls, item: Mapping[str, Any]) -> _Profile:
        return cls(int(item["size"]), counter_of(item["text"]), counter_of(item["lead"]))


def _line_record(line: _Storyline) -> dict[str, Any]:
    return {"id": line.id, "events": list(line.events), "profile": line.profile.state()}


def central_actors(record: Mapping[str, Any], count: int = 3) -> list[str]:
    """The actors a storyline record is most about: most often in its leads, then anywhere in
    its articles (folded names)."""
    p = _Profile.from_state(record["profile"])
    ranked = sorted(p.text.items(), key=lambda kv: (-p.lead[kv[0]], -kv[1], -len(kv[0]), kv[0]))
    return [n for n, _ in ranked[:count]]


def storyline_title(record: Mapping[str, Any], stories: Sequence[Story]) -> str:
    """A storyline's title: the name of its most central actor as its stories' entity lists
    write it ("Corinne Halvey"). Among the actors led about as often as the most central one,
    a person before anything else (a saga is most often about someone), then the one its
    stories mention most; with no actor known (places left out), its first story's title."""
    names: dict[str, tuple[str, str]] = {}
    mentions: Counter[str] = Counter()
    for story in stories:
        for entity in story.entities:
            mentions[entity.name] += len(entity.mentions)
            for form in (entity.name, *(a.text for a in entity.aliases)):
                names.setdefault(fold(form), (entity.name, entity.type))
    lead = _Profile.from_state(record["profile"]).lead
    # A place the story's entities resolve to is its setting, not its actor (as in actor_doc).
    known = [
        a for a in central_actors(record, 8) if names.get(a, ("", "GPE"))[1] not in _PLACE_LABELS
    ]
    if not known:
        return stories[0].title if stories else str(record["id"])
    top = lead[known[0]]
    close = [a for a in known if 2 * lead[a] >= top]
    best = max(close, key=lambda a: (names[a][1] == "PERSON", mentions[names[a][0]]))
    return names[best][0]


def _profile_of(doc: ActorDoc) -> _Profile:
    return _Profile(1, Counter(doc.actors), Counter(doc.lead & doc.actors))


@dataclass(slots=True)
class _Storyline:
    id: str
    events: list[str]
    profile: _Profile = field(default_factory=_Profile)


class StorylineLinker:
    """Assigns events to storylines as their articles arrive, with stable storyline ids."""

    def __init__(self, settings: StorylineSettings | None = None) -> None:
        self.settings = settings or StorylineSettings.from_settings()
        self._lines: dict[str, _Storyline] = {}
        self._line_of: dict[str, str] = {}  # event id -> storyline id
        self._events: dict[str, _Profile] = {}
        self._df: Counter[str] = Counter()
        self._docs = 0
        self._forward: dict[str, str] = {}
        # What the last add() changed, for a store to write back (decide()).
        self._touched: set[str] = set()  # storylines
        self._dropped: list[str] = []  # events merged into another
        self._retired: list[tuple[str, str]] = []  # lone storylines forwarded

    def __len__(self) -> int:
        return len(self._lines)

    def storyline_of(self, event: str) -> str | None:
        return self._line_of.get(event)

    def resolve(self, line_id: str) -> str:
        """The id a storyline goes by now (a lone one that joined another forwards to it)."""
        seen = set()
        while line_id in self._forward and line_id not in seen:
            seen.add(line_id)
            line_id = self._forward[line_id]
        return line_id

    def storylines(self) -> dict[str, list[str]]:
        """Storyline id -> its event ids, in the order they joined."""
        return {line.id: list(line.events) for line in self._lines.values()}

    # scoring

    def _idf(self, name: str) -> float:
        return math.log((self._docs + self.settings.idf_prior_docs) / (self._df[name] + 1)) + 1.0

    def _weights(self, p: _Profile) -> dict[str, float]:
        """Each actor's weight: its rarity times how central it is (the share of articles
        naming it, a lead counting lead_boost more), between 0 and its IDF."""
        if p.size <= 0:
            return {}
        boost = self.settings.lead_boost
        scale = p.size * (1.0 + boost)
        return {n: self._idf(n) * (c + boost * p.lead[n]) / scale for n, c in p.text.items()}

    def similarity(self, a: _Profile, b: _Profile) -> float:
        wa, wb = self._weights(a), self._weights(b)
        if not wa or not wb:
            return 0.0
        if len(wb) < len(wa):
            wa, wb = wb, wa
        dot = sum(w * wb[n] for n, w in wa.items() if n in wb)
        if dot == 0.0:
            return 0.0
        na = math.sqrt(sum(w * w for w in wa.values()))
        nb = math.sqrt(sum(w * w for w in wb.values()))
        return dot / (na * nb)

    def _best(self, event: str, exclude: str | None) -> tuple[_Storyline | None, float]:
        profile = self._events[event]
        best, best_score = None, -1.0
        for line in self._lines.values():
            if line.id == exclude:
                continue
            score = self.similarity(profile, line.profile)
            if score > best_score:
                best, best_score = line, score
        return best, best_score

    def event_bias(self, doc: ActorDoc) -> Callable[[str], float] | None:
        """What the storyline level says of an article joining each event: nothing for an
        event of the storyline its actors fit best, and less the further its storyline's fit
        falls short of that (``consistency_weight`` times the shortfall). Two similar events
        of two sagas on one day (two journalists sentenced in one country) share words and
        places; their actors tell them apart."""
        if not doc.actors or not self._lines:
            return None
        mine = _profile_of(doc)
        fits = {line.id: self.similarity(mine, line.profile) for line in self._lines.values()}
        best = max(fits.values())
        weight = self.settings.consistency_weight

        def bias(event: str) -> float:
            line = self._line_of.get(event)
            return 0.0 if line is None else -weight * (best - fits[line])

        return bias

    # adding

    def add(self, doc: ActorDoc, event: str, moved: Sequence[tuple[str, str]] = ()) -> str:
        """Record that ``doc`` joined ``event`` (and that the lone events ``moved`` names,
        as (article, former event) pairs, joined it too); returns the event's storyline."""
        self._touched, self._dropped, self._retired = set(), [], []
        self._docs += 1
        self._df.update(doc.actors)
        for _, old in moved:
            self._merge_event(old, event)
        mine = _profile_of(doc)
        if event not in self._events:
            self._events[event] = mine
            line, score = self._best(event, None)
            if line is None or score < self.settings.join_threshold:
                line = _Storyline("l" + event.removeprefix("s"), [])
                self._lines[line.id] = line
            line.events.append(event)
            line.profile.add(mine)
            self._line_of[event] = line.id
            self._touched.add(line.id)
            return line.id
        self._events[event].add(mine)
        line = self._lines[self._line_of[event]]
        line.profile.add(mine)
        self._touched.add(line.id)
        if len(line.events) == 1:
            self._reoffer(event, line)
        return self._line_of[event]

    def _reoffer(self, event: str, lone: _Storyline) -> None:
        """An event alone in its storyline joins a closer one when it fits it clearly now."""
        other, score = self._best(event, lone.id)
        s = self.settings
        if other is None or score < s.join_threshold + s.reoffer_margin:
            return
        del self._lines[lone.id]
        self._forward[lone.id] = other.id
        other.events.append(event)
        other.profile.add(lone.profile)
        self._line_of[event] = other.id
        self._touched.discard(lone.id)
        self._touched.add(other.id)
        self._retired.append((lone.id, other.id))

    def _merge_event(self, old: str, new: str) -> None:
        """A lone event (one article) that joined another event: its counts follow it."""
        profile = self._events.pop(old, None)
        line_id = self._line_of.pop(old, None)
        if profile is None or line_id is None or line_id not in self._lines:
            return
        self._dropped.append(old)
        line = self._lines[line_id]
        line.events.remove(old)
        if new not in self._events or new not in self._line_of:
            # The event it joined has no storyline yet: it takes the lone event's place.
            self._events[new] = profile
            self._line_of[new] = line.id
            line.events.append(new)
            self._touched.add(line.id)
            return
        self._events[new].add(profile)
        target = self._lines[self._line_of[new]]
        self._touched.add(target.id)
        if line is not target:
            line.profile.add(profile, -1)
            target.profile.add(profile)
            if not line.events:
                del self._lines[line_id]
                self._forward[line_id] = target.id
                self._touched.discard(line_id)
                self._retired.append((line_id, target.id))
            else:
                self._touched.add(line_id)

    def decide(
        self, doc: ActorDoc, event: str, moved: Sequence[tuple[str, str]] = ()
    ) -> StorylineDecision:
        """``add``, and what it changed as the records a store writes back."""
        line_id = self.add(doc, event, moved)
        lines = tuple((lid, _line_record(self._lines[lid])) for lid in sorted(self._touched))
        events = tuple(
            (e, lid, self._events[e].state())
            for lid, _ in lines
            for e in self._lines[lid].events
            if e in self._events
        )
        return StorylineDecision(
            story=event,
            storyline=line_id,
            lines=lines,
            stories=events,
            dropped=tuple(self._dropped),
            retired=tuple(self._retired),
            actors=doc.actors,
        )

    @classmethod
    def from_records(
        cls,
        lines: Iterable[Mapping[str, Any]],
        events: Mapping[str, Mapping[str, Any]],
        df: Mapping[str, int],
        docs: int,
        settings: StorylineSettings | None = None,
    ) -> StorylineLinker:
        """A linker holding only some storylines (records as ``decide`` writes them: id,
        events, profile) and the profiles of some of their events, with the actor counts
        over ``docs`` linked articles: what a store hands over for one article."""
        linker = cls(settings)
        linker._docs = docs
        linker._df = Counter(df)
        for item in lines:
            line = _Storyline(
                item["id"], list(item["events"]), _Profile.from_state(item["profile"])
            )
            linker._lines[line.id] = line
            for event in line.events:
                linker._line_of[event] = line.id
        linker._events = {
            e: _Profile.from_state(p) for e, p in events.items() if e in linker._line_of
        }
        return linker

    def add_all(self, items: Iterable[tuple[ActorDoc, str]]) -> list[str]:
        return [self.add(doc, event) for doc, event in items]

    # persistence

    def state(self) -> dict[str, Any]:
        """A JSON-serializable snapshot; ``from_state`` continues exactly where this left."""
        return {
            "version": STATE_VERSION,
            "docs": self._docs,
            "df": dict(self._df),
            "events": {e: p.state() for e, p in self._events.items()},
            "storylines": [_line_record(line) for line in self._lines.values()],
            "forward": dict(self._forward),
        }

    @classmethod
    def from_state(
        cls, state: dict[str, Any], settings: StorylineSettings | None = None
    ) -> StorylineLinker:
        if state.get("version") != STATE_VERSION:
            raise ValueError(f"unknown storyline state version {state.get('version')!r}")
        linker = cls(settings)
        linker._docs = int(state["docs"])
        linker._df = Counter(state["df"])
        linker._events = {e: _Profile.from_state(p) for e, p in state["events"].items()}
        for item in state["storylines"]:
            line = _Storyline(
                item["id"], list(item["events"]), _Profile.from_state(item["profile"])
            )
            linker._lines[line.id] = line
            for event in line.events:
                linker._line_of[event] = line.id
        linker._forward = dict(state.get("forward", {}))
        return linker
