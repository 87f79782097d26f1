"""A dated clause of one article before the timeline merges it: what ``timeline`` builds and
merges and ``consistency`` checks durations on (kept apart so neither imports the other)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import datevalue
from ..model import Citation
from .clauses import Clause, concepts

__all__ = ["Candidate"]


@dataclass
class Candidate:
    """One dated clause of one article, before merging."""

    article: str
    value: str
    mod: str | None
    span: datevalue.DateRange
    clause: Clause
    citation: Citation
    timex_text: str
    derived: str | None = None  # for a duration: "'910 days' as of 2021-06-08"
    duration: tuple[float, str | None, str] | None = None  # (days, mod, as of)
    inferred: bool = False  # the date rests on an inferred publication date
    # the clause's content words and verb, synonyms folded: compared with many candidates
    words: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        c = self.clause
        self.words = concepts(c.lemmas | ({c.verb} if c.verb else frozenset()))
