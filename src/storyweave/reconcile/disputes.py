"""Where sources disagree: pairs of claim units that fill one slot of one happening with
values that cannot both hold.

Two units (clauses of two sources) are compared on a slot only when they are about the same
thing:

- dates: the same predicate class ("arrested" and "detained"), a named participant in common,
  the same certainty ("will be sentenced" is not "was sentenced") and the date of the
  predicate itself in both;
- numbers: the same slot (``slots.same_slot``: dimension, role, a word they hang on) and a
  participant in common, unless the clauses were aligned as one statement or the numbers
  share two words;
- negation and the actor: only within one aligned statement.

And only when they can be one happening: two places ("in Samara" / "in Moscow") are two
happenings; so are two reports that each date the predicate in their own week but were
written more than a few days apart (a hearing in April and another in September), and two
numbers from articles written more than a week apart with nothing dating them (a sentence in
2021 and another in 2026). Dates far apart (more than 45 days) make one happening only when
the two clauses were aligned as one statement: "sentenced in 2014" and "sentenced on
Tuesday" are two sentencings, not one misdated.

Pairs become disputes: the units of one slot joined by conflicting or equal values, with at
least one conflict among them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from .. import datevalue
from .clauses import Clause, concepts
from .events import predicate_class
from .slots import DateValue, Number, compare_dates, compare_numbers, news_of_the_day, same_slot

__all__ = [
    "Dispute",
    "Finding",
    "counts_told",
    "dates_disagree",
    "find_disputes",
    "negation_conflict",
]

# Predicate classes that report nothing checkable on their own.
_LIGHT = frozenset({"", "say", "be", "have", "do", "get", "make", "go", "take", "come", "give",
                    "include", "remain", "become", "seem", "appear", "continue", "schedule",
                    "set", "expect", "plan", "due", "announce"})  # fmt: skip
_VERDICT = frozenset({"convict", "condemn", "acquit"})
# Terms that are a person's: compared only with the person named on both sides.
_PERSONAL = frozenset({"given", "served", ""})
_PERSON_PRONOUNS = frozenset({"he", "she", "they", "i", "we", "you"})
# Figures further apart than this factor are of two things ("$1" and "$40 billion").
_RATIO = 1000.0
# Two reports of their own day's news written this many days apart tell two happenings.
_NEWS_APART = 4
# Numbers of articles written more than this many days apart are not compared unless a date
# ties them to one happening; durations counted up to the time of writing only within this.
_NUMBERS_APART = 7
_ONGOING_APART = 2
# Dates further apart than this are one happening misdated only in aligned statements.
_FAR_APART = 45
# Units compared per index key (the latest ones): keeps the work linear in units.
_BUCKET = 48


class _Unit(Protocol):
    clause: Clause
    source: str
    strong: frozenset[str]
    weak: frozenset[str]
    numbers: tuple[Number, ...]
    dates: tuple[DateValue, ...]
    published: date | None
    predicate: str
    places: frozenset[str]
    stage: str

    @property
    def article(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Finding:
    """Two units' values of one slot and how they compare."""

    slot: str  # date, number, negation
    key: tuple[str, ...]
    i: int
    j: int
    relation: str  # same, refined, conflict
    values: tuple[str, str]


@dataclass
class Dispute:
    """Units of one slot that disagree: the unit indices and each one's value."""

    slot: str
    key: tuple[str, ...]
    units: list[int] = field(default_factory=list)
    values: dict[int, str] = field(default_factory=dict)


class _Who:
    """Whether two units name the same participants: one entity in common, or two entities
    of people whose names share a word ("Seo" and "Do Hyeong Seo", which entity resolution
    may keep apart)."""

    def __init__(self, people: Mapping[str, str], places: Mapping[str, str] | None = None):
        self.people = frozenset(people)
        self.words = {e: _name_words(name) for e, name in people.items()}
        self.place_words = {e: _name_words(name) for e, name in (places or {}).items()}

    def same_place(self, a: frozenset[str], b: frozenset[str]) -> bool:
        """Places in common, by entity or by a distinctive word of their names
        ("Pulkovo airport", "Pulkovo International Airport")."""
        if a & b:
            return True
        wa = [self.place_words.get(e, frozenset()) - _PLACE_NOUNS for e in a]
        wb = [self.place_words.get(e, frozenset()) - _PLACE_NOUNS for e in b]
        return any(x & y for x in wa for y in wb)

    def alike(self, a: frozenset[str], b: frozenset[str]) -> bool:
        if a & b:
            return True
        wa = [self.words[e] for e in a if e in self.words]
        wb = [self.words[e] for e in b if e in self.words]
        # One name within the other ("Seo", "Do Hyeong Seo"); "Peter Lee" and "Lee
        # Siu-ming" share a word but are two people.
        return any(x & y and (x <= y or y <= x) for x in wa for y in wb)

    def several(self, ents: frozenset[str]) -> bool:
        """Two people or more among ``ents`` (entities whose names share a word count once:
        "Lok" and "Henry Lok")."""
        kept: list[frozenset[str]] = []
        for e in sorted(ents & self.people):
            w = self.words.get(e, frozenset())
            if not any(w & k for k in kept):
                kept.append(w)
        return len(kept) > 1

    def shared(self, u: _Unit, v: _Unit) -> bool:
        return self.alike(u.strong, v.strong)


def _name_words(name: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[^\W\d_]+", name.lower()) if len(w) > 2)


# Words of place names that name no place on their own.
_PLACE_NOUNS = frozenset({"airport", "international", "city", "court", "district", "region",
                          "province", "state", "county", "river", "the"})  # fmt: skip


def _places_apart(u: _Unit, v: _Unit) -> bool:
    return bool(u.places and v.places and not u.places & v.places)


def _gap(u: _Unit, v: _Unit) -> int | None:
    if u.published is None or v.published is None:
        return None
    return abs((u.published - v.published).days)


def _typo_year(a: DateValue, b: DateValue) -> bool:
    """Two days equal but for the year ("March 28, 2023" and "March 28, 2024"): one date
    miswritten, not two happenings."""
    sa, sb = a.stated, b.stated
    same = all(k in sa and k in sb and sa[k] == sb[k] for k in ("month", "day"))
    return same and sa.get("year") != sb.get("year")


def _two_happenings(u: _Unit, v: _Unit, a: DateValue, b: DateValue, aligned: bool) -> bool:
    if a.span is None or b.span is None or a.inferred or b.inferred:
        return False  # compared by their words alone, as one happening
    gap = _gap(u, v)
    if (
        gap is not None
        and gap > _NEWS_APART
        and news_of_the_day(a.span, u.published)
        and news_of_the_day(b.span, v.published)
    ):
        return True
    if _deictic(a, b, u, v):
        return True  # "this evening" in two articles dated a day apart: not comparable
    if datevalue.distance_days(a.span, b.span) <= _FAR_APART or _typo_year(a, b):
        return False
    if (
        gap is not None
        and gap <= _NEWS_APART
        and news_of_the_day(a.span, u.published) != news_of_the_day(b.span, v.published)
    ):
        # Written days apart, one tells its own day's news and the other a date months
        # before: the background of an earlier happening ("was briefly detained in June"
        # in a report of an arrest in October), not the news misdated.
        return True
    # Far apart: one happening misdated only in two readings of one statement about a named
    # participant, with one predicate ("arrested in August 2020" / "arrested in December").
    return not (aligned and u.strong & v.strong and _happening(u) == _happening(v))


_DEICTIC = re.compile(
    r"\b(?:today|tonight|yesterday|this\s+(?:morning|afternoon|evening)|last\s+night)\b", re.I
)


def _deictic(a: DateValue, b: DateValue, u: _Unit, v: _Unit) -> bool:
    return _deictic_dates(a, b, u.published, v.published)


def _deictic_dates(a: DateValue, b: DateValue, pa: date | None, pb: date | None) -> bool:
    """Words that count from the moment of writing ("this evening", "yesterday") in reports
    dated a day apart: the day each means hangs on when it was written, which a publication
    date does not say to the hour."""
    if not (_DEICTIC.search(a.text) or _DEICTIC.search(b.text)):
        return False
    if pa is None or pb is None or a.span is None or b.span is None:
        return False
    return abs((pa - pb).days) <= 1 and datevalue.distance_days(a.span, b.span) <= 1


def dates_disagree(
    a: DateValue, b: DateValue, published_a: date | None, published_b: date | None
) -> bool:
    """Two dates given to one event (the timeline's merge decided it is one) that are a
    disagreement between sources worth a flag: both rest on given dates (neither on an
    inferred publication date), they cannot both hold, and nothing makes them two happenings
    or our misreading (two reports of their own day's news written days apart, a weekday
    placed in the wrong week, "this evening" in reports dated a day apart, dates months
    apart told in different words)."""
    if a.inferred or b.inferred or a.span is None or b.span is None:
        return False
    if compare_dates(a, b) != "conflict":
        return False
    if _deictic_dates(a, b, published_a, published_b):
        return False
    gap = (
        None
        if published_a is None or published_b is None
        else abs((published_a - published_b).days)
    )
    if (
        gap is not None
        and gap > _NEWS_APART
        and news_of_the_day(a.span, published_a)
        and news_of_the_day(b.span, published_b)
    ):
        return False
    return datevalue.distance_days(a.span, b.span) <= _FAR_APART or _typo_year(a, b)


def _happening(u: _Unit) -> str:
    """The predicate class, with a verdict kept apart from a sentence ("convicted in
    December", "sentenced on Monday"), which one class of predicates holds together."""
    c = u.clause
    if c.verb in _VERDICT or (c.verb == "find" and "guilty" in c.lemmas):
        return "convict" + u.stage
    return u.predicate + u.stage


def _dates(u: _Unit, v: _Unit, aligned: bool, who: _Who) -> list[tuple[str, str, str]]:
    same = _happening(u) == _happening(v) and u.predicate not in _LIGHT
    if not same:
        return []
    if u.clause.negated != v.clause.negated:
        return []  # "pleaded not guilty in January", "pleaded guilty in August"
    if not who.shared(u, v):
        nobody = not u.strong and not v.strong
        one_sided = not u.strong or not v.strong
        things_u = u.weak | (u.strong - who.people)
        things_v = v.weak | (v.strong - who.people)
        if not (
            nobody and aligned or one_sided and (who.same_place(things_u, things_v) or aligned)
        ):
            return []
    cu, cv = u.clause, v.clause
    if cu.modality != cv.modality or cu.predicate_negated != cv.predicate_negated:
        return []
    if _authorities_apart(u, v, who) or _authorities_apart(v, u, who):
        return []
    out = []
    for a in _single_dates(u):
        for b in _single_dates(v):
            rel = compare_dates(a, b)
            if rel is None:
                continue
            if rel == "conflict" and _two_happenings(u, v, a, b, aligned):
                continue
            out.append((rel, a.label(), b.label()))
    return out


def _authorities_apart(u: _Unit, v: _Unit, who: _Who) -> bool:
    """The one acting in ``u`` belongs to a place ("Montenegro's prosecutors charged ...",
    "a grand jury in New York indicted ...") and ``v`` names other places only: two
    authorities, two acts."""
    acting = frozenset(u.clause.subject) & u.places
    return bool(acting and v.places and not who.same_place(acting, v.places))


def _single_dates(u: _Unit) -> list[DateValue]:
    """A unit's dates, unless it gives several days ("in 2016 and 2021"): a list."""
    days = [d for d in u.dates if d.span is not None]
    return [d for d in u.dates if d.span is None] if len(days) > 1 else list(u.dates)


def _dated_apart(u: _Unit, v: _Unit) -> bool:
    """Both units date their predicate, on days that cannot be one."""
    spans_u = [d.span for d in u.dates if d.span is not None and not d.inferred]
    spans_v = [d.span for d in v.dates if d.span is not None and not d.inferred]
    if not spans_u or not spans_v:
        return False
    return not any(datevalue.compatible(x, y) for x in spans_u for y in spans_v)


def _single(u: _Unit) -> list[Number]:
    """The numbers of a unit that are alone of their kind in it: "two counts of wire fraud,
    two counts of conspiracy, one count of ..." is a breakdown, no count of one thing."""
    kinds = Counter((n.dim, n.role) for n in u.numbers)
    return [
        n
        for n in u.numbers
        if kinds[(n.dim, n.role)] == 1 and n.role not in ("elapsed", "conversion", "ratio")
    ]


def _numbers_about_one(u: _Unit, v: _Unit, a: Number, b: Number, aligned: bool, who: _Who) -> bool:
    """Two numbers are about the same participants: a named one in common; or, when one side
    names none (or both), words in common beyond the verbs they hang on (two of them on one
    side only: "the charges carried up to 130 years" and "Seo faced 135 years"). Terms given
    or served are a person's: they need the person named on both sides, or one aligned
    statement."""
    wa, wb = a.who & who.people, b.who & who.people
    if (
        a.dim == "duration"
        and a.role.split("@")[0] in ("given", "served")
        and ((not wa and who.several(u.strong)) or (not wb and who.several(v.strong)))
    ):
        # Several people named and the term said of none of them ("Tsang received 18
        # months, while Lee and Ng were given 11 and 12"): whose it is stays unknown.
        return False
    if wa and wb:
        return who.alike(wa, wb)  # whom each figure is about ("Tai received 10 years")
    if wa or wb:
        # One says whom: the other must not name another person ("Tai jailed for 10 years"
        # is not about "Kwok, Tam and Mo received four years").
        known, other = (wa, v) if wa else (wb, u)
        named = other.strong & who.people
        if named:
            return who.alike(known, named)
    personal = a.dim == "duration" and a.role.split("@")[0] in _PERSONAL
    if personal:
        # A term is a person's: the same person named on both sides
        return who.alike(u.strong & who.people, v.strong & who.people)
    if who.shared(u, v):
        return True
    if u.strong and v.strong:
        return False
    common = a.anchors & b.anchors - {a.verb, b.verb}
    if not _counted(a) and a.dim != "duration" and a.head and a.head == b.head:
        return bool(common)  # a measure of one thing: "maximum winds", "120 mph" / "57 m/s"
    if u.strong or v.strong:
        # One names a participant, the other none: one statement, or a maximum or a term
        # asked for of a case ("those charges carried up to 130 years"), not of a person
        # left unnamed ("he could face up to 20 years").
        unnamed = (v if u.strong else u).clause.subject_word in _PERSON_PRONOUNS
        if a.role.startswith(("max", "sought")) and not unnamed:
            return aligned or len(common) >= 2
        return aligned and not unnamed
    return aligned or bool(common)


def _numbers(
    u: _Unit,
    v: _Unit,
    aligned: bool,
    who: _Who,
    told: Mapping[str, frozenset[float]] | None = None,
) -> list[tuple[tuple[str, ...], str, str, str]]:
    if _dated_apart(u, v) or u.clause.negated != v.clause.negated:
        return []
    if _places_apart(u, v):
        return []
    gap = _gap(u, v)
    out: list[tuple[tuple[str, ...], str, str, str]] = []
    for a in _single(u):
        for b in _single(v):
            if not same_slot(a, b):
                continue
            if _counted(a) and (
                _verb_kind(a.verb) != _verb_kind(b.verb) or not a.direct or not b.direct
            ):
                continue  # "14 found guilty", "45 sentenced"; "the trial of the 47": two counts
            if (
                _counted(a)
                and told
                and (b.value in told.get(u.article, ()) or a.value in told.get(v.article, ()))
            ):
                continue  # a source giving both counts ("14 of the 16 ...", "45 convicted") tells two groups
            if a.dim == "duration" and a.role.split("@")[0] == "" and not _same_doing(a, b):
                continue  # "the trial went on for a month", "testified for three days"
            if not a.role.startswith(("max", "sought")) and u.clause.modality != v.clause.modality:
                continue  # "would be held for 48 hours", "was arrested for 30 days"
            low, high = sorted((abs(a.value), abs(b.value)))
            if high > _RATIO * max(low, 1e-9):
                continue
            limit = _ONGOING_APART if a.ongoing or b.ongoing else _NUMBERS_APART
            if gap is not None and gap > limit:
                continue
            if not _numbers_about_one(u, v, a, b, aligned, who):
                continue
            out.append((("number", a.dim, a.role), compare_numbers(a, b), a.label(), b.label()))
    return out


def _same_doing(a: Number, b: Number) -> bool:
    """Two durations of one doing: the verb of each among the words of the other."""
    va = next(iter(concepts(frozenset({a.verb or ""}))))
    vb = next(iter(concepts(frozenset({b.verb or ""}))))
    return va == vb or va in b.anchors or vb in a.anchors


def _counted(n: Number) -> bool:
    """A count of things (people, charges), not a measure."""
    return n.dim not in ("duration", "speed", "length", "percent") and not n.dim.startswith("money")


def _verb_kind(verb: str | None) -> str:
    if verb in _VERDICT:
        return "convict"
    return predicate_class_of(verb or "")


def negation_conflict(u: _Unit, v: _Unit) -> bool:
    """One source states what the other denies: the same predicate of the same participants,
    with the same certainty, negated in one only, and nothing making them two happenings."""
    cu, cv = u.clause, v.clause
    if u.predicate != v.predicate or u.predicate in _LIGHT or not u.strong & v.strong:
        return False
    if cu.predicate_negated == cv.predicate_negated or cu.modality != cv.modality:
        return False
    gap = _gap(u, v)
    return not (_dated_apart(u, v) or _places_apart(u, v) or (gap or 0) > _NUMBERS_APART)


def predicate_class_of(verb: str) -> str:
    return predicate_class(Clause("", 0, 0, 0, "", verb, frozenset(), ()), "")


def _keys(u: _Unit) -> list[str]:
    """Index keys: what a unit may share with a unit of another statement."""
    keys = [f"p:{_happening(u)}|{w}" for w in sorted(u.strong)] if u.dates else []
    for n in u.numbers:
        keys += [f"n:{n.dim}|{n.role}|{w}" for w in sorted(n.anchors)]
    return keys


def find_disputes(
    units: Sequence[_Unit],
    groups: Sequence[Sequence[int]],
    aligned: Callable[[int, int], bool] | None = None,
    people: Mapping[str, str] | None = None,
    places: Mapping[str, str] | None = None,
    told: Mapping[str, frozenset[float]] | None = None,
) -> tuple[list[Dispute], list[Finding]]:
    """The disputes among ``units`` and every finding they rest on. ``groups`` are the aligned
    statements (indices into ``units``; units in none are compared across statements only);
    ``aligned(i, j)`` says whether two units of different statements read as one (for dates
    far apart); ``people`` and ``places`` map the entity ids of persons and of places to
    their names; ``told`` the whole numbers each article writes (``counts_told``)."""
    who = _Who(people or {}, places)
    group_of = {i: g for g, members in enumerate(groups) for i in members}
    pairs: dict[tuple[int, int], bool] = {}
    for members in groups:
        for k, i in enumerate(members):
            for j in members[k + 1 :]:
                if units[i].source != units[j].source:
                    pairs[(min(i, j), max(i, j))] = True
    index: dict[str, list[int]] = {}
    for i, u in enumerate(units):
        apart = [j for key in _keys(u) for j in index.get(key, [])[-_BUCKET:]]
        if u.dates:
            # Dated units of one happening where either names nobody ("a U.S. citizen was
            # detained in February"): the participant test decides.
            nameless = index.get(f"p:{_happening(u)}", [])[-_BUCKET:]
            apart += [j for j in nameless if not u.strong or not units[j].strong]
        for j in apart:
            if units[j].source != u.source and group_of.get(j, -1 - j) != group_of.get(i, -1 - i):
                pairs.setdefault((min(i, j), max(i, j)), False)
        for key in _keys(u) + ([f"p:{_happening(u)}"] if u.dates else []):
            index.setdefault(key, []).append(i)
    findings: list[Finding] = []
    for (i, j), _same_group in sorted(pairs.items()):
        u, v = units[i], units[j]
        near = aligned is not None and aligned(i, j)
        for rel, x, y in _dates(u, v, near, who):
            findings.append(Finding("date", ("date", _happening(u)), i, j, rel, (x, y)))
        for slot_key, rel, x, y in _numbers(u, v, near, who, told):
            findings.append(Finding("number", slot_key, i, j, rel, (x, y)))
    return _disputes(units, findings), findings


_WORDS_1_20 = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
               "fourteen fifteen sixteen seventeen eighteen nineteen twenty")  # fmt: skip
_NUMBER_WORDS = {w: float(i) for i, w in enumerate(_WORDS_1_20.split())}
_NUMERAL = re.compile(r"(?<![\d.,:/])\d{1,3}(?:,\d{3})*(?![\d:/]|[.,]\d)|[^\W\d_]+")


_MONTH_NEAR = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d|\d(?:st|nd|rd|th)?\s+"
    r"(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)",
    re.I,
)


def counts_told(text: str) -> frozenset[float]:
    """Every whole number an article writes ("14 of the 16", "Fourteen"), for the counts: a
    source that gives both of two counts tells two groups, not one it counts otherwise."""
    out = set()
    for m in _NUMERAL.finditer(text):
        w = m.group()
        near = text[max(0, m.start() - 12) : m.end() + 12]
        if w[0].isdigit() and _MONTH_NEAR.search(near):
            continue  # "12 February", "March 14": a day, no count
        if w[0].isdigit():
            out.add(float(w.replace(",", "")))
        elif w.lower() in _NUMBER_WORDS:
            out.add(_NUMBER_WORDS[w.lower()])
    return frozenset(out)


def _disputes(units: Sequence[_Unit], findings: Sequence[Finding]) -> list[Dispute]:
    """Units joined by conflicting values of one slot, with the units that give one of their
    values exactly (a third source agreeing with one side)."""
    parent: dict[tuple[tuple[str, ...], int], tuple[tuple[str, ...], int]] = {}

    def find(x: tuple[tuple[str, ...], int]) -> tuple[tuple[str, ...], int]:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    conflicts = [f for f in findings if f.relation == "conflict"]
    for f in conflicts:
        a, b = find((f.key, f.i)), find((f.key, f.j))
        if a != b:
            parent[b] = a
    out: dict[tuple[tuple[str, ...], int], Dispute] = {}
    for f in conflicts:
        d = out.setdefault(find((f.key, f.i)), Dispute(f.slot, f.key))
        for idx, value in ((f.i, f.values[0]), (f.j, f.values[1])):
            if idx not in d.values:
                d.values[idx] = value
                d.units.append(idx)
    for f in findings:
        if f.relation != "same":
            continue
        for member, other, value in ((f.i, f.j, f.values[1]), (f.j, f.i, f.values[0])):
            root = (f.key, member)
            if root in parent and find(root) in out and (f.key, other) not in parent:
                d = out[find(root)]
                if other not in d.values:
                    d.values[other] = value
                    d.units.append(other)
    disputes = []
    for d in out.values():
        # One value per source: the first met, which is one in a conflict.
        seen: dict[str, int] = {}
        for idx in d.units:
            seen.setdefault(units[idx].source, idx)
        keep = set(seen.values())
        d.units = [i for i in d.units if i in keep]
        d.values = {i: v for i, v in d.values.items() if i in keep}
        if len({d.values[i] for i in d.units}) > 1:
            disputes.append(d)
    return disputes
