"""What sources say of a person rather than of a happening: ages ("Lok, 71,", "the 72-year-old
Harbour Daily boss").

An age is stated as of its article's publication date, so two ages of one person agree when
the time between their articles explains the difference: 71 and 72 written on the same day
disagree; 73 in April 2021 and 78 in December 2025 do not. Ages in articles whose publication
date was inferred are compared with none (the date they would be compared by is a guess).
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from ..model import Analysis, Article, Citation, Claim, Entity
from .events import citation
from .slots import published_day

__all__ = ["age_claims"]

# How far before or after an age a person's name may stand: "Lok, 71," and "Seo, the
# 34-year-old founder" (before); "the 34-year-old founder Do Seo" (after).
_BEFORE = 14
_AFTER = 60
# Ages of the same days as a clash are shown with it (days before the first, after the last).
_WINDOW = 7


@dataclass(frozen=True, slots=True)
class _Age:
    person: str
    years: int
    article: str
    source: str
    published: date
    citation: Citation
    text: str


def _holder(
    an: Analysis,
    start: int,
    end: int,
    people: Mapping[int, str],
    main: str | None,
) -> str | None:
    """The person an age at ``start``-``end`` is of: the name just before it, else the first
    name after it in its sentence, else (a sentence naming nobody: "the 72-year-old Harbour Daily
    boss") the person the article is about."""
    sentence = next((s for s in an.sentences if s.start <= start < s.end), None)
    if sentence is None:
        return None
    named = [(m.start, m.end, people[m.group]) for m in an.mentions
             if m.group in people and sentence.start <= m.start < sentence.end]  # fmt: skip
    before = [m for m in named if m[1] <= start and start - m[1] <= _BEFORE]
    if before:
        return max(before)[2]
    if any(m.end <= start and start - m.end <= _BEFORE and sentence.start <= m.start
           for m in an.mentions):  # fmt: skip
        return None  # right after a name we do not know as a person's ("Tsang, the 68-year-old")
    after = [m for m in named if m[0] >= end and m[0] - end <= _AFTER]
    if after:
        return min(after)[2]
    return main if not named else None


def _main_person(an: Analysis, people: Mapping[int, str]) -> str | None:
    """The person an article is about: named at least twice and clearly more often than any
    other."""
    counts = Counter(people[m.group] for m in an.mentions if m.group in people)
    top = counts.most_common(2)
    if not top or top[0][1] < 2 or (len(top) > 1 and top[0][1] <= 1.25 * top[1][1]):
        return None
    return top[0][0]


def _ages(
    docs: Sequence[tuple[Article, Analysis]],
    entity_of: Mapping[tuple[str, int], str],
    persons: frozenset[str],
    copies: Mapping[str, str],
) -> list[_Age]:
    out = []
    for article, an in docs:
        published = published_day(article.published)
        if published is None or article.published_inferred:
            continue
        people = {
            g.id: ent for g in an.groups if (ent := entity_of.get((an.article, g.id))) in persons
        }
        main = _main_person(an, people)
        for q in an.quantities:
            if q.unit != "age":
                continue
            who = _holder(an, q.start, q.end, people, main)
            sentence = next((s for s in an.sentences if s.start <= q.start < s.end), None)
            if who is None or sentence is None:
                continue
            out.append(_Age(who, int(q.number), article.id, copies.get(article.id, article.id),
                            published, citation(article, an, sentence.index), q.text))  # fmt: skip
    return out


def _consistent(a: _Age, b: _Age) -> bool:
    """Two ages of one person that the time between their articles explains."""
    first, second = (a, b) if a.published <= b.published else (b, a)
    years = (second.published - first.published).days / 365.25
    return math.floor(years) <= second.years - first.years <= math.ceil(years)


def age_claims(
    docs: Sequence[tuple[Article, Analysis]],
    entity_of: Mapping[tuple[str, int], str],
    entities: Sequence[Entity],
    copies: Mapping[str, str] | None = None,
) -> list[Claim]:
    """A ``conflicting`` claim for each person whose ages, as the sources give them, the time
    between the articles does not explain; each source's age is shown."""
    names = {e.id: e.name for e in entities}
    persons = frozenset(e.id for e in entities if e.type == "PERSON")
    ages = _ages(docs, entity_of, persons, copies or {})
    by_person: dict[str, list[_Age]] = {}
    for a in ages:
        by_person.setdefault(a.person, []).append(a)
    out = []
    for person, items in sorted(by_person.items()):
        clash = [
            (x, y)
            for k, x in enumerate(items)
            for y in items[k + 1 :]
            if x.source != y.source and not _consistent(x, y)
        ]
        if not clash:
            continue
        # The sources in the clash and those writing in the same days, one age each.
        first = min(a.published for pair in clash for a in pair)
        last = max(a.published for pair in clash for a in pair)
        chosen: dict[str, _Age] = {}
        for a in [a for pair in clash for a in pair] + items:
            if (first - a.published).days <= _WINDOW and (a.published - last).days <= _WINDOW:
                chosen.setdefault(a.source, a)
        shown = sorted(chosen.values(), key=lambda a: (a.published, a.article))
        text = f"Age of {names.get(person, person)}"
        cites = tuple(dict.fromkeys(a.citation for a in shown))
        key = text + "|" + " ".join(sorted(c.article for c in cites))
        out.append(
            Claim(
                id="c" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12],
                status="conflicting",
                text=text,
                values={a.article: str(a.years) for a in shown},
                citations=cites,
                slot="age",
            )
        )
    return out
