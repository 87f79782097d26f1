"""The SemEval-2015 Task 4 (TimeLine) metric: temporal awareness over timeline graphs.

Following Minard et al. (2015) and the task's evaluation notes, a timeline (lines of
``position, date, event ids``) becomes a graph of temporal relations:

- each date is a TIMEX3 node and each dated event is SIMULTANEOUS with its date (a date made
  of X's only, such as ``XXXX-XX-XX``, anchors nothing: it says the date is unknown);
- events at one position are SIMULTANEOUS;
- every event of a position is BEFORE every event of the next position. Position 0 holds the
  events that cannot be ordered: they are neither BEFORE nor SIMULTANEOUS with any event (the
  format puts them on one line for want of a place, not because they happen together), and
  take part only through their date when they have one. The task's tools page lists the rules
  above without saying how it treats position 0; this is our reading of "cannot be ordered".

Event ids (``docid-sentence-word``) are compared without case: the gold writes the token as
the text does ("Citing" at a sentence start), and a system may not.

Precision and recall are UzZaman & Allen's (2011) temporal awareness:
``P = |Sys- ∩ Ref+| / |Sys-|`` and ``R = |Ref- ∩ Sys+| / |Ref-|``, where ``G+`` is the
transitive closure of a graph and ``G-`` its reduction. Both relations are point relations
(equality and precedence), so a graph is a set of equality classes with a precedence order
between them. Relations are added as the task lists them (anchors, then BEFORE, then
SIMULTANEOUS); one that contradicts what is already there is left out, as Timegraph does with
inconsistent input. The reduction is made definite: inside a class every other member is
SIMULTANEOUS with the class's centre (its first date node if it holds one, so that each dated
event's anchoring is one relation; otherwise its smallest event id), and the covering edges of
the order between classes are BEFORE relations between their smallest event ids (the task
annotates BEFORE between events, so a system without dates can still match the ordering).
Micro-averaging sums the counts over the timelines of all target entities. The task's
"ordering only" variant leaves the date anchors out (``anchors=False``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "Graph",
    "Score",
    "Timeline",
    "graph",
    "micro",
    "parse_timeline",
    "score",
    "write_timeline",
]

# A timeline: its target entity and its lines (position, date, event ids of one line).
Line = tuple[int, str, tuple[str, ...]]


@dataclass(frozen=True)
class Timeline:
    target: str
    lines: tuple[Line, ...]


def parse_timeline(text: str) -> Timeline:
    """A timeline in the task's file format (first line the target entity)."""
    rows = [r for r in text.splitlines() if r.strip()]
    if not rows:
        return Timeline("", ())
    lines: list[Line] = []
    for row in rows[1:]:
        cells = row.strip().split("\t")
        if len(cells) < 2:
            continue
        lines.append((int(cells[0]), cells[1].strip(), tuple(c.strip() for c in cells[2:])))
    return Timeline(rows[0].strip(), tuple(lines))


def write_timeline(tl: Timeline) -> str:
    out = [tl.target]
    for pos, date, events in tl.lines:
        out.append("\t".join([str(pos), date, *events]))
    return "\n".join(out) + "\n"


_UNKNOWN = re.compile(r"^[X\-]*$")


def _date_node(date: str) -> str | None:
    """The TIMEX3 node of a date; "2003-XX-XX" and "2003" are one value written two ways."""
    date = date.strip()
    if _UNKNOWN.match(date):
        return None
    return "date:" + re.sub(r"(?:-XX)+$", "", date)


class Graph:
    """Point relations: union-find classes for SIMULTANEOUS, a DAG of classes for BEFORE."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.after: dict[str, set[str]] = {}  # class root -> roots directly after it

    def add_node(self, x: str) -> None:
        if x not in self.parent:
            self.parent[x] = x
            self.after[x] = set()

    def find(self, x: str) -> str:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def _reach(self, a: str) -> set[str]:
        seen: set[str] = set()
        stack = [a]
        while stack:
            for b in self.after[stack.pop()]:
                b = self.find(b)
                if b not in seen:
                    seen.add(b)
                    stack.append(b)
        return seen

    def before(self, x: str, y: str) -> bool:
        """True when the closure holds ``x BEFORE y``."""
        if x not in self.parent or y not in self.parent:
            return False
        return self.find(y) in self._reach(self.find(x))

    def same(self, x: str, y: str) -> bool:
        if x not in self.parent or y not in self.parent:
            return False
        return self.find(x) == self.find(y)

    def add_same(self, x: str, y: str) -> bool:
        self.add_node(x)
        self.add_node(y)
        rx, ry = self.find(x), self.find(y)
        if rx == ry:
            return True
        if ry in self._reach(rx) or rx in self._reach(ry):
            return False  # inconsistent with an order already there
        self.parent[ry] = rx
        self.after[rx] |= self.after.pop(ry)
        self.after[ry] = set()
        return True

    def add_before(self, x: str, y: str) -> bool:
        self.add_node(x)
        self.add_node(y)
        rx, ry = self.find(x), self.find(y)
        if rx == ry or rx in self._reach(ry):
            return False
        self.after[rx].add(ry)
        return True

    def classes(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for x in sorted(self.parent):
            out.setdefault(self.find(x), []).append(x)
        return out

    def reduction(self) -> list[tuple[str, str, str]]:
        """The reduced relations ``(x, rel, y)``, rel SIMULTANEOUS or BEFORE."""
        classes = self.classes()
        rep = {}
        out: list[tuple[str, str, str]] = []
        for root, members in classes.items():
            dates = [m for m in members if m.startswith("date:")]
            events = [m for m in members if not m.startswith("date:")]
            centre = dates[0] if dates else members[0]
            rep[root] = events[0] if events else centre
            out += [(m, "SIMULTANEOUS", centre) for m in members if m != centre]
        for root in classes:
            direct = {self.find(b) for b in self.after[root]}
            # A covering edge: not reachable through another class after this one.
            implied = set().union(*(self._reach(b) for b in direct)) if direct else set()
            for b in sorted(direct - implied, key=lambda b: rep[b]):
                out.append((rep[root], "BEFORE", rep[b]))
        return out

    def holds(self, rel: tuple[str, str, str]) -> bool:
        x, kind, y = rel
        return self.same(x, y) if kind == "SIMULTANEOUS" else self.before(x, y)


def graph(tl: Timeline, anchors: bool = True) -> Graph:
    """The relation graph of one timeline (see the module docstring); ``anchors=False`` gives
    the task's "ordering only" variant, without the dates."""
    g = Graph()
    by_pos: dict[int, list[str]] = {}
    for pos, date, events in tl.lines:
        node = _date_node(date) if anchors else None
        for e in map(str.lower, events):
            g.add_node(e)
            if pos > 0:
                by_pos.setdefault(pos, []).append(e)
            if node is not None:
                g.add_same(e, node)
    ordered = sorted(by_pos)
    for a, b in zip(ordered, ordered[1:], strict=False):
        for x in by_pos[a]:
            for y in by_pos[b]:
                g.add_before(x, y)
    for members in by_pos.values():
        for x in members[1:]:
            g.add_same(members[0], x)
    return g


@dataclass(frozen=True)
class Score:
    """Counts of one comparison: system relations verified / all, reference ones likewise."""

    sys_ok: int
    sys_all: int
    ref_ok: int
    ref_all: int

    @property
    def p(self) -> float:
        return self.sys_ok / self.sys_all if self.sys_all else 0.0

    @property
    def r(self) -> float:
        return self.ref_ok / self.ref_all if self.ref_all else 0.0

    @property
    def f1(self) -> float:
        p, r = self.p, self.r
        return 2 * p * r / (p + r) if p + r else 0.0


def score(system: Timeline, reference: Timeline, anchors: bool = True) -> Score:
    """Temporal awareness of one system timeline against its reference."""
    gs, gr = graph(system, anchors), graph(reference, anchors)
    sys_red, ref_red = gs.reduction(), gr.reduction()
    return Score(
        sys_ok=sum(gr.holds(rel) for rel in sys_red),
        sys_all=len(sys_red),
        ref_ok=sum(gs.holds(rel) for rel in ref_red),
        ref_all=len(ref_red),
    )


def micro(scores: Iterable[Score]) -> Score:
    items: Sequence[Score] = list(scores)
    return Score(
        sum(s.sys_ok for s in items),
        sum(s.sys_all for s in items),
        sum(s.ref_ok for s in items),
        sum(s.ref_all for s in items),
    )
