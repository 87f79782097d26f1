"""The story index of one time window, held in memory: what the store's linking side keeps
(story states, the names indexed to each story, name counts), with the same answers, so that
``pipeline.place_doc`` decides in a batch task exactly as it does over a store.

Two things differ on purpose. Name counts start from the counts of every article linked
before the window (``df``, ``docs``: computed across the cluster), so a name is as rare here
as it is in the store at that point of the stream. And when the window holds many stories
without names, an article is offered those near it by embedding (random-hyperplane LSH)
rather than all of them; below ``lsh_min`` such stories it gets all of them, as the store
gives."""

from __future__ import annotations

import hashlib
import heapq
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from ..model import LinkDecision, NearDuplicate, StorylineDecision

__all__ = ["WindowIndex", "EmbeddingLSH"]


class EmbeddingLSH:
    """Random-hyperplane signatures of unit vectors, cut into bands: two vectors at cosine c
    agree on one bit with probability 1 - acos(c)/pi, so stories near an article share a band
    with it and far ones rarely do."""

    def __init__(self, dim: int = 384, bands: int = 16, rows: int = 8, seed: int = 5) -> None:
        rng = np.random.default_rng(seed)
        self.planes = rng.standard_normal((bands * rows, dim)).astype(np.float32)
        self.bands = bands
        self.rows = rows

    def keys(self, vector: np.ndarray) -> list[tuple[int, bytes]]:
        bits = (self.planes @ np.asarray(vector, dtype=np.float32)) > 0
        return [
            (b, np.packbits(bits[b * self.rows : (b + 1) * self.rows]).tobytes())
            for b in range(self.bands)
        ]


class WindowIndex:
    """A ``pipeline.LinkIndex`` in memory, with its storylines side (what the storyline
    level's say on each placement reads, as ``add`` reads it from the store). ``df``: how many articles linked before the window
    name each name; ``docs``: how many articles were placed before it."""

    def __init__(
        self, df: Mapping[str, int] | None = None, docs: int = 0, lsh_min: int = 200
    ) -> None:
        self.df: Counter[str] = Counter(df or {})
        self.docs = docs
        self.states: dict[str, dict[str, Any]] = {}
        self.unnamed: set[str] = set()
        self.names_of: dict[str, set[str]] = defaultdict(set)
        self.stories_named: dict[str, set[str]] = defaultdict(set)
        self.members: dict[str, list[str]] = defaultdict(list)
        self.story: dict[str, str] = {}  # article -> story
        self.forward: dict[str, str] = {}  # retired story -> the story it joined
        self.lsh_min = lsh_min
        self._lsh: EmbeddingLSH | None = None
        self._buckets: dict[tuple[int, bytes], set[str]] = defaultdict(set)
        self._keys: dict[str, list[tuple[int, bytes]]] = {}
        self._current: list[tuple[int, bytes]] = []
        # The storylines side (link/storylines.py's records, kept as the store keeps them).
        self.line_docs = 0
        self.lines: dict[str, dict[str, Any]] = {}
        self.line_of: dict[str, str] = {}  # story -> storyline
        self.profiles: dict[str, dict[str, Any]] = {}  # story -> actor profile
        self.actor_df: Counter[str] = Counter()
        self.lines_named: dict[str, set[str]] = defaultdict(set)  # actor -> storylines
        self.actors_of: dict[str, set[str]] = defaultdict(set)  # storyline -> actors

    def offer(self, vector: np.ndarray) -> None:
        """Say which article is placed next: its embedding picks stories by LSH."""
        self._current = self._lsh_keys(vector)

    # -- what pipeline.place_doc reads ------------------------------------------------------
    def near_duplicates(
        self, bands: Sequence[tuple[int, int]], exclude: str
    ) -> list[NearDuplicate]:
        return []  # copies are found across the whole batch before windows are linked

    def story_of(self, ids: Iterable[str]) -> dict[str, str]:
        return {i: self.story[i] for i in ids if i in self.story}

    def candidate_stories(self, names: Collection[str], max_df: int, limit: int) -> list[str]:
        if not names:
            return self._by_embedding(set(self.states))
        counts: Counter[str] = Counter()
        for name in set(names):
            if self.df.get(name, 0) and self.df[name] <= max_df:
                counts.update(self.stories_named.get(name, ()))
        # The store's order: most shared names first, ties by story id.
        found = heapq.nsmallest(limit, counts, key=lambda s: (-counts[s], s))
        return list(dict.fromkeys(found + self._by_embedding(self.unnamed)))

    def story_states(self, ids: Sequence[str]) -> list[dict[str, Any]]:
        return [self.states[i] for i in dict.fromkeys(ids) if i in self.states]

    def name_counts(self, names: Iterable[str]) -> dict[str, int]:
        return {n: self.df[n] for n in names if self.df.get(n)}

    def storyline_docs(self) -> int:
        return self.line_docs

    def storylines_of(self, stories: Iterable[str]) -> dict[str, str]:
        return {s: self.line_of[s] for s in stories if s in self.line_of}

    def candidate_storylines(self, actors: Collection[str], max_df: int, limit: int) -> list[str]:
        counts: Counter[str] = Counter()
        for actor in set(actors):
            if self.actor_df.get(actor, 0) and self.actor_df[actor] <= max_df:
                counts.update(self.lines_named.get(actor, ()))
        return heapq.nsmallest(limit, counts, key=lambda line: (-counts[line], line))

    def storyline_records(self, ids: Sequence[str]) -> list[dict[str, Any]]:
        return [self.lines[i] for i in dict.fromkeys(ids) if i in self.lines]

    def story_profiles(self, stories: Iterable[str]) -> dict[str, dict[str, Any]]:
        return {s: self.profiles[s] for s in stories if s in self.profiles}

    def actor_counts(self, actors: Iterable[str]) -> dict[str, int]:
        return {a: self.actor_df[a] for a in actors if self.actor_df.get(a)}

    # -- what it writes ----------------------------------------------------------------------
    def apply_storyline(self, decision: StorylineDecision) -> None:
        """As the store's ``apply_storyline``: retired storylines' actors go to the one they
        joined, merged stories' records go, the touched records are written, the article's
        actors counted and indexed to its storyline."""
        for old, new in decision.retired:
            for actor in self.actors_of.pop(old, set()):
                self.lines_named[actor].discard(old)
                self.lines_named[actor].add(new)
                self.actors_of[new].add(actor)
            self.lines.pop(old, None)
        for story in decision.dropped:
            self.line_of.pop(story, None)
            self.profiles.pop(story, None)
        self.lines.update(decision.lines)
        for story, line, profile in decision.stories:
            self.line_of[story] = line
            self.profiles[story] = profile
        for actor in decision.actors:
            self.lines_named[actor].add(decision.storyline)
            self.actors_of[decision.storyline].add(actor)
        self.actor_df.update(decision.actors)
        self.line_docs += 1

    def apply_link(self, decision: LinkDecision) -> None:
        story = decision.story
        for old in decision.retired:
            self._retire(old, story)
        entry = decision.index
        if entry is not None:
            self._unindex(story)
            self.states[story] = entry.state
            if entry.named:
                self.unnamed.discard(story)
            else:
                self.unnamed.add(story)
            for name in entry.names:
                self.names_of[story].add(name)
                self.stories_named[name].add(story)
            self.df.update(entry.names)
            self.docs += 1
            keys = self._lsh_keys(np.asarray(entry.state["vector_sum"], dtype=np.float32))
            self._keys[story] = keys
            for key in keys:
                self._buckets[key].add(story)
        self.story[decision.article] = story
        self.members[story].append(decision.article)
        if decision.storyline is not None:
            self.apply_storyline(decision.storyline)

    def seed(self, state: dict[str, Any], named: bool) -> None:
        """Hold a story linked elsewhere (another pass of the batch) as the store holds it:
        its state, its names indexed to it and its members; the name counts and the number
        of articles placed are the caller's (``df``, ``docs``), so they stay as they are."""
        story = state["id"]
        self.states[story] = state
        if named:
            self.unnamed.discard(story)
        else:
            self.unnamed.add(story)
        for name in state["names"]:
            self.names_of[story].add(name)
            self.stories_named[name].add(story)
        keys = self._lsh_keys(np.asarray(state["vector_sum"], dtype=np.float32))
        self._keys[story] = keys
        for key in keys:
            self._buckets[key].add(story)
        for article in state["members"]:
            self.story[article] = story
            self.members[story].append(article)

    def _retire(self, old: str, new: str) -> None:
        # As the store does: the old story's articles and names go to the new one, its
        # index entry goes, and its id forwards.
        for article in self.members.pop(old, []):
            self.story[article] = new
            self.members[new].append(article)
        for name in self.names_of.pop(old, set()):
            self.stories_named[name].discard(old)
            self.stories_named[name].add(new)
            self.names_of[new].add(name)
        self._unindex(old)
        self.states.pop(old, None)
        self.unnamed.discard(old)
        self.forward[old] = new

    # -- stories offered by embedding ---------------------------------------------------------
    def _by_embedding(self, pool: set[str]) -> list[str]:
        """All of ``pool`` while it is small (what the store gives), else the stories in it
        that share an embedding band with the article being placed."""
        if len(pool) < self.lsh_min:
            return sorted(pool)
        near: set[str] = set()
        for key in self._current:
            near.update(self._buckets.get(key, ()))
        return sorted(near & pool)

    def _lsh_keys(self, vector: np.ndarray) -> list[tuple[int, bytes]]:
        if self._lsh is None:
            self._lsh = EmbeddingLSH(dim=len(vector))
        norm = float(np.linalg.norm(vector))
        return self._lsh.keys(vector / norm if norm else vector)

    def _unindex(self, story: str) -> None:
        for key in self._keys.pop(story, ()):
            self._buckets[key].discard(story)


def stable_hash(text: str) -> int:
    """A hash that is the same in every process (Python's own is salted per process)."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")
