"""The values a claim unit states, slot by slot, and how two values of one slot compare.

A unit (one clause of one source) states dates ("on Wednesday", "in March 2023", "at 11:10
p.m. EDT") and numbers: sums ("$16,200"), counts ("350 people"), terms ("sentenced to 15
years", "a nine-year term", "up to 110 years"), speeds and distances ("120 mph", "about 10
miles"). Two values are compared only when they fill the same slot:

- the same dimension, on one scale: dollars with dollars (not with roubles), speeds with
  speeds ("120 mph" against "57 m/s"), terms with terms (days: "12 months" is "one year");
- the same role: a maximum penalty ("faces up to 110 years") with a maximum, a term asked
  for ("prosecutors sought 50 years") with one asked for, a term given with one given;
- hanging on the same words (``Clause.anchors``, synonyms folded): "the $60 billion collapse"
  and "the collapse of the $40 billion ecosystem" share "collapse"; "$11 billion forfeited"
  and "$10 billion lost" share nothing.

Numbers compare as they are written: "about $16,700" admits what rounds to it, not $16,200;
"$11 billion" is "$11.02 billion" rounded (refined); "more than 25" admits 27 (refined), and
two lower bounds never disagree. A date that rests on an inferred publication date is compared
only by what its words say (a weekday, a month): "Wednesday" against a given Thursday is a
conflict whatever the inferred week.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from .. import datevalue
from ..analyze.quantities import measure, parse_number, rounding
from ..model import Analysis, TimeExpr
from .clauses import Clause, concepts
from .dates import dates_a_day
from .events import ANAPHORIC as _ANAPHORIC

__all__ = [
    "plain_date",
    "DateValue",
    "Number",
    "compare_dates",
    "compare_numbers",
    "date_values",
    "number_values",
    "same_slot",
]


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words a term of imprisonment hangs on: one concept, whatever the wording ("sentenced to",
# "jailed for", "a nine-year term", "spend 2.5 years in prison").
_PENALTY = _set(
    "sentence jail prison imprison imprisonment term colony penalty incarceration incarcerate "
    "punishment bar"
)
# What the verb above a term says the term is: asked for, a maximum, served, or given.
_SOUGHT = frozenset({"seek", "ask", "request", "demand", "recommend", "recommendation",
                     "propose", "want", "urge", "prosecutor", "prosecution"})  # fmt: skip
_MAXIMUM = frozenset({"face", "risk", "carry", "maximum", "potential", "possible"})
_SERVED = frozenset({"serve", "spend"})
# A term already running ("his existing nine-year term", "the current sentence").
_RUNNING = frozenset({"existing", "exist", "current"})
_IMPOSED = frozenset({"sentence", "jail", "imprison", "give", "hand", "receive", "get", "send",
                      "impose", "order", "mete", "term"})  # fmt: skip
# A clause reporting what was asked for ("demanded that X be sentenced to ...").
_ASKED = re.compile(
    r"\b(?:demand|ask|request|sought|seek|urge|call)\w*\s+(?:for\s+|that\s+)?$", re.I
)
# Prepositions before a duration that make it elapsed time, not a term ("after 156 days").
_ELAPSED = frozenset({"after", "before", "since"})
# Written before a figure: a part of a whole counted elsewhere ("the other 44 defendants",
# "other charges totaling up to 40 years").
_PART = re.compile(r"\b(?:other|another|remaining|additional|further|extra|separate)\b", re.I)
# Words that say nothing of what a number is about.
_GENERIC = _set(
    "year month week day hour minute time total number more less other some many few new "
    "old last next first second third"
)
# Written before a number: a lower or upper bound, or a round figure.
_BOUND_WORDS = (
    r"(?P<b>more than|over|at least|upwards of|in excess of|nearly|almost|about|around|"
    r"roughly|some|approximately|an estimated|estimated|up to|as many as|as much as|"
    r"as long as|less than|fewer than|under|at most|no more than)"
)
_BOUND = re.compile(_BOUND_WORDS + r"\s*$", re.I)
_BOUND_START = re.compile(r"^" + _BOUND_WORDS + r"\b", re.I)
_APPROX = frozenset({"nearly", "almost", "about", "around", "roughly", "some", "approximately",
                     "an estimated", "estimated"})  # fmt: skip
_MAX = frozenset({"up to", "as many as", "as much as", "as long as", "less than", "fewer than",
                  "under", "at most", "no more than"})  # fmt: skip
_MOD_BOUND = {"APPROX": "approx", "EQUAL_OR_LESS": "max", "LESS_THAN": "max",
              "EQUAL_OR_MORE": "min", "MORE_THAN": "min"}  # fmt: skip
_RANGE_BEFORE = re.compile(r"(?:between|from|ranging from|range of)\s*$", re.I)
_RANGE_JOIN = re.compile(r"^\s*(?:to|and|-|–)\s*$", re.I)
_DURATION_JOIN = re.compile(r"^\s*(?:,\s*)?and\s*$", re.I)
# Share of a value by which two terms (in days) may differ and still be one: "12 months" and
# "one year" (365.3 and 365.25 days), "50 months" and "four years and two months".
_TERM_SLACK = 0.02
# Approximations ("about 80") admit at least 2 % and at most 10 % around their value, else
# half the unit they are rounded to ("about $16,700": 50; "about 80": 5).
_APPROX_MIN, _APPROX_MAX = 0.02, 0.10


@dataclass(frozen=True, slots=True)
class Number:
    """One number a unit states, on its dimension's scale."""

    dim: str  # "duration" (days), "money:USD", "speed" (m/s), "length" (m), "percent", a noun
    role: str  # "max" (a maximum penalty), "sought" (asked for), or ""
    value: float
    text: str
    bound: str | None  # "min", "max", "approx" or None
    unit: float  # the rounding unit of the number as written, on the same scale
    loose: float  # ... counting every trailing zero ("80": 10), for approximations
    anchors: frozenset[str]  # what it hangs on, synonyms folded
    start: int
    hi: float | None = None  # the top of a range ("from 50 months to 10 years")
    ongoing: bool = False  # a duration counted up to the time of writing ("has served a year")
    verb: str | None = None  # the verb it hangs on
    head: str | None = None  # the noun it measures ("gust" of "a 74-mph gust"), folded
    who: frozenset[str] = frozenset()  # whom it is about ("Lok" of "Lok was jailed for a year")
    direct: bool = False  # a count of the verb's own argument ("14 campaigners found guilty")

    def label(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class DateValue:
    """One date (or time of day) a unit states."""

    value: str  # TIMEX3 value ("2025-12-11", "2023-03"); "" for a bare clock time
    mod: str | None
    span: datevalue.DateRange | None  # the days it covers; None for a bare clock time
    text: str
    inferred: bool  # rests on an inferred publication date
    stated: Mapping[str, int]  # what its words fix: weekday, month, day, year
    clock: tuple[int, int] | None = None  # minutes after midnight, from .. to
    zone: int | None = None  # offset from UTC in minutes, when the text names a zone
    start: int = 0
    relative: bool = False  # resolved against the publication date ("on Tuesday")

    def label(self) -> str:
        # A date placed against an inferred publication date is shown as written, and so is
        # a time of day on no day we could place ("Thursday night" written without a date).
        when = ""
        if self.clock is not None:
            zone = _ZONE.search(self.text)
            if self.clock[1] - self.clock[0] > 30:
                when = next(w for w, code in _PART_OF.items() if _PARTS[code] == self.clock)
            else:
                when = f"{self.clock[0] // 60:02d}:{self.clock[0] % 60:02d}"
            when += " " + zone.group() if zone else ""
        if self.inferred or self.span is None:
            # shown as written, with the part of the day read around it ("the afternoon of")
            extra = when if when and when.split()[0] not in self.text.lower() else ""
            return f"{self.text} ({extra})" if extra and self.span is not None else self.text
        base = datevalue.label(self.value, self.mod)
        return f"{base} {when}".strip()


# ---------------------------------------------------------------- numbers


def _fold(words: frozenset[str]) -> frozenset[str]:
    """Content words with synonyms and the words of imprisonment folded; the verb above
    ("^verb") and the linking preposition ("@prep") are dropped (see ``_links``)."""
    out = {"penalty" if w in _PENALTY else w for w in words if w[0].isalpha()}
    return concepts(frozenset(out - _GENERIC))


def _links(words: frozenset[str]) -> tuple[str | None, str | None]:
    """(the verb a number hangs on, the preposition linking them)."""
    verb = next((w[1:] for w in words if w.startswith("^")), None)
    prep = next((w[1:] for w in words if w.startswith("@")), None)
    return verb, prep


def _head(words: frozenset[str]) -> str | None:
    noun = next((w[1:] for w in words if w.startswith("=")), None)
    return next(iter(concepts(frozenset({noun})))) if noun else None


# Words saying a figure is of an earlier state ("initially given a 15-year sentence",
# "had originally pleaded not guilty in January").
_EARLIER = frozenset({"initially", "originally", "previously", "formerly"})
# Written before a time in the clause: the figure is a state at that time ("By 9 p.m., Ophelia
# had winds of 115 mph"), not the happening's.
_AS_OF = re.compile(r"\b(?:by|as of)\s+$", re.I)


def _counts(dim: str) -> bool:
    """A dimension that is a noun counted (people, charges), not a measure."""
    return dim not in ("duration", "speed", "length", "percent") and not dim.startswith("money")


def _who_of(clause: Clause, start: int) -> frozenset[str]:
    return frozenset(next((w for s, w in clause.recipients if s == start), ()))


def people_only(n: Number, people: frozenset[str]) -> Number:
    """``n`` with only the persons among whom it is about."""
    return replace(n, who=n.who & people)


def _part(clause: Clause, text: str, start: int) -> str:
    """ "part" for a figure of a part of a whole counted elsewhere ("the other 44 defendants")."""
    before = text[max(clause.start, start - 40) : start]
    return "part" if _PART.search(before) else ""


def stage(clause: Clause, an: Analysis, text: str) -> str:
    """A mark for figures and dates of another stage than the happening's own: "@first" for
    an earlier state ("initially", "originally"), "@as-of" for a state at a given time ("by 9
    p.m."), else ""."""
    if any(re.search(rf"\b{w}\b", clause.text, re.I) for w in _EARLIER):
        return "@first"
    for ti in clause.timexes:
        tx = an.time_expressions[ti]
        if _AS_OF.search(text[max(0, tx.start - 8) : tx.start]):
            return "@as-of"
    return ""


def _bound_before(text: str, start: int, own: str) -> str | None:
    m = _BOUND_START.match(own.strip()) or _BOUND.search(text[max(0, start - 24) : start])
    if not m:
        return None
    b = m.group("b").lower()
    return "approx" if b in _APPROX else "max" if b in _MAX else "min"


def _anchors_of(clause: Clause, start: int) -> frozenset[str]:
    return next((w for s, w in clause.anchors if s == start), clause.lemmas)


def _role(
    bound: str | None,
    words: frozenset[str],
    clause: Clause,
    before: str,
    after: str = "",
    ongoing: bool = False,
) -> str:
    """What a duration is: elapsed time ("after 156 days"), or a term of imprisonment asked
    for ("prosecutors sought 50 years"), the maximum ("faces up to 110 years"; "max@past" for
    one told in the past: "the charges carried up to 130 years"), served ("has served 10
    months") or given ("sentenced to 15 years"); "" for any other."""
    verb, prep = _links(words)
    if prep in _ELAPSED or re.search(r"\b(?:after|before)\s+$", before, re.I):
        return "elapsed"
    if re.match(r"\s+(?:after|before|later|earlier|ago)\b", after, re.I):
        return "elapsed"  # "less than an hour after he flew in"
    plain = {w for w in words if w[0].isalpha()}
    if not plain & _PENALTY:
        return ""  # no term of imprisonment: "gave him 10 days to appeal"
    subject = clause.subject_lemma or ""
    if (plain | {subject}) & _SOUGHT:
        return "sought"
    if bound == "max" or plain & _MAXIMUM or clause.modality in ("could", "may", "might"):
        return "max@past" if clause.tense in ("past", "pluperfect") else "max"
    if plain & _RUNNING:
        return "served"
    if verb in _SERVED and clause.tense != "future" and clause.modality is None:
        return "served"  # "has served 10 months"; "will spend 2.5 years in prison" is given
    if ongoing and prep == "for" and re.search(r"\balready\b", clause.text, re.I):
        return "served"  # "has been imprisoned for about 16 months already"
    return "given"


def number_values(
    clause: Clause, an: Analysis, text: str, ongoing: frozenset[int] = frozenset()
) -> list[Number]:
    """The numbers a clause states: quantities of ``an`` (ages left out: they belong to a
    person, see ``attributes``) and durations; those counted up to the time of writing
    (``ongoing``: indices of time expressions such as "held for 910 days") are marked so."""
    found: list[Number] = []
    mark = stage(clause, an, text)
    for qi in clause.quantities:
        q = an.quantities[qi]
        if q.unit == "age" or q.unit is None:
            continue
        if any(t.start < q.end and q.start < t.end for t in an.time_expressions):
            continue  # "three weeks" is a duration, read from the time expression
        dim, value = measure(q.number, q.unit)
        if dim is None:
            continue
        if any(m.start < q.end and q.start < m.end for m in an.mentions):
            continue  # "the Hong Kong 47": a name
        scale = value / q.number if q.number else 1.0
        words = _anchors_of(clause, q.start)
        bound = _bound_before(text, q.start, q.text)
        role = _part(clause, text, q.start)
        # A count's noun is its dimension, not a word it hangs on; a measure's is not.
        anchors = _fold(words) - ({dim} if _counts(dim) else set())
        found.append(Number(dim, role + mark, value, q.text, bound, rounding(q.text) * scale,
                            _loose(q.text) * scale, anchors, q.start,
                            verb=_links(words)[0], head=_head(words),
                            who=_who_of(clause, q.start), direct="!direct" in words))  # fmt: skip
    durations = [an.time_expressions[ti] for ti in clause.timexes]
    running = {an.time_expressions[ti].start for ti in ongoing}
    found += [
        replace(n, role=n.role + mark)
        for n in _durations(clause, [t for t in durations if t.type == "DURATION"], text, running)
    ]
    found.sort(key=lambda n: n.start)
    return _ratios(_conversions(_ranges(found, text), text), text)


# "two days in custody for one day in a penal colony", "two days for one": an exchange rate
# between two durations, no term of its own.
_RATIO_JOIN = re.compile(r"\s+(?:(?:of|in|under|on)\s+[^\W\d][\w\s-]{0,30}?\s+)?for\s+$")


def _ratios(found: list[Number], text: str) -> list[Number]:
    """Two durations joined by "for" ("two days in custody for one day in a penal colony") are a
    rate of exchange: neither fills a slot."""
    out = list(found)
    for k in range(1, len(out)):
        a, b = out[k - 1], out[k]
        if a.dim == b.dim == "duration" and _RATIO_JOIN.fullmatch(
            text[a.start + len(a.text) : b.start]
        ):
            out[k - 1], out[k] = replace(a, role="ratio"), replace(b, role="ratio")
    return out


def _conversions(found: list[Number], text: str) -> list[Number]:
    """ "120 mph (193 km/h)", "$40 billion (£29.9 billion)": the figure in brackets restates
    the one before in another unit; it fills no slot of its own."""
    out = []
    for k, n in enumerate(found):
        prev = found[k - 1] if k else None
        between = text[prev.start + len(prev.text) : n.start] if prev is not None else ""
        alike = prev is not None and prev.dim == n.dim
        if alike and re.fullmatch(r"\s*\(\s*", between):
            out.append(replace(n, role="conversion"))
            continue
        out.append(n)
    return out


def _durations(
    clause: Clause, timexes: Sequence[TimeExpr], text: str, running: set[int]
) -> list[Number]:
    out: list[Number] = []
    joined: list[list[TimeExpr]] = []
    for tx in sorted(timexes, key=lambda t: t.start):
        # "two years and eight months" is one term, tagged as two durations ("two months and
        # seven years" are two: the larger unit comes first in one term).
        last = joined[-1][-1] if joined else None
        if (
            last is not None
            and _DURATION_JOIN.match(text[last.end : tx.start])
            and _unit_rank(tx.value) < _unit_rank(last.value)
        ):
            joined[-1].append(tx)
        else:
            joined.append([tx])
    for parts in joined:
        days = [datevalue.duration_days(t.value) for t in parts]
        if any(d is None or d <= 0 for d in days):
            continue
        total = sum(d for d in days if d is not None)
        first = parts[0]
        words = _anchors_of(clause, first.start)
        own = text[first.start : parts[-1].end]
        bound = _MOD_BOUND.get(first.mod or "") or _bound_before(text, first.start, own)
        after = text[parts[-1].end : parts[-1].end + 10]
        role = _role(bound, words, clause, text[max(0, first.start - 12) : first.start], after,
                     ongoing=first.start in running)  # fmt: skip
        if role == "given" and _ASKED.search(text[max(0, clause.start - 40) : clause.start]):
            role = "sought"  # "prosecutors demanded that Halvey be sentenced to 9.5 years"
        role = _part(clause, text, first.start) or role
        if role.startswith("max") and bound == "max":
            bound = None  # "faces up to 110 years": 110 years is the maximum, exactly
        number = parse_number(own) or 1.0
        per = total / number if len(parts) == 1 else total
        unit = rounding(own) * per if len(parts) == 1 else 1.0
        out.append(Number("duration", role, total, own, bound, unit,
                          _loose(own) * per if len(parts) == 1 else unit, _fold(words),
                          first.start, ongoing=first.start in running,
                          verb=_links(words)[0], head=_head(words),
                          who=_who_of(clause, first.start)))  # fmt: skip
    return out


def _unit_rank(value: str) -> int:
    """The largest unit of a TIMEX3 duration: 4 years, 3 months, 2 weeks, 1 days, 0 smaller."""
    for rank, unit in ((4, "Y"), (3, "M"), (2, "W"), (1, "D")):
        if re.search(r"\d" + unit, value.split("T")[0]):
            return rank
    return 0


def _loose(text: str) -> float:
    """Rounding unit counting every trailing zero ("80": 10, "$50 billion": 10 billion)."""
    m = re.search(r"\d[\d,]*(?:\.\d+)?", text)
    if not m or "." in m.group():
        return rounding(text)
    digits = m.group().replace(",", "")
    zeros = len(digits) - len(digits.rstrip("0"))
    base = rounding(text)
    plain = rounding(digits)
    scale = base / plain if plain else 1.0
    return (10.0**zeros if digits.strip("0") else 1.0) * scale


def _ranges(found: list[Number], text: str) -> list[Number]:
    """ "between eight and 18 months", "from 50 months to 10 years", "40 to 50 years": one
    value with its top."""
    out: list[Number] = []
    i = 0
    while i < len(found):
        a = found[i]
        b = found[i + 1] if i + 1 < len(found) else None
        if b is not None and b.dim == a.dim and a.hi is None:
            between = text[a.start + len(a.text) : b.start]
            before = text[max(0, a.start - 14) : a.start]
            if _RANGE_JOIN.match(between) and (_RANGE_BEFORE.search(before) or
                                              between.strip() in ("to", "-", "–")):  # fmt: skip
                lo_value = a.value
                if a.dim == "duration" and lo_value > b.value:
                    # "eight and 18 months": the first number shares the second's unit.
                    n = parse_number(a.text) or 1.0
                    lo_value = n * (b.value / (parse_number(b.text) or 1.0))
                out.append(Number(a.dim, b.role or a.role, lo_value, text[a.start : b.start] +
                                  b.text, None, a.unit, a.loose, a.anchors | b.anchors, a.start,
                                  hi=b.value))  # fmt: skip
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def same_slot(a: Number, b: Number) -> bool:
    """Two numbers fill one slot: same dimension and role, and a word in common that they
    hang on; a speed or a distance also measures the same thing ("a 74-mph gust" is no
    sustained wind)."""
    if a.dim != b.dim or a.role != b.role or not a.anchors & b.anchors:
        return False
    if a.dim in ("speed", "length"):
        return a.head is not None and a.head == b.head
    return True


def _tolerance(n: Number) -> float:
    return min(max(n.loose / 2, _APPROX_MIN * abs(n.value)), _APPROX_MAX * abs(n.value))


def _interval(n: Number) -> tuple[float, float]:
    if n.bound == "min":
        return n.value, float("inf")
    if n.bound == "max":
        return 0.0, n.value
    if n.bound == "approx":
        t = _tolerance(n)
        return n.value - t, n.value + t
    return n.value, n.value


def compare_numbers(a: Number, b: Number) -> str:
    """ "same", "refined" (one admits the other and says more) or "conflict"."""
    if a.hi is not None or b.hi is not None:
        return _compare_ranges(a, b)
    eps = 1e-9 * max(abs(a.value), abs(b.value), 1.0)
    if a.bound in ("min", "max") or b.bound in ("min", "max"):
        (lo1, hi1), (lo2, hi2) = _interval(a), _interval(b)
        if lo1 > hi2 + eps or lo2 > hi1 + eps:
            return "conflict"
        return "same" if a.bound == b.bound and abs(a.value - b.value) <= eps else "refined"
    if a.bound == "approx" or b.bound == "approx":
        t = max(_tolerance(n) for n in (a, b) if n.bound == "approx")
        if abs(a.value - b.value) > t + eps:
            return "conflict"
        return "same" if a.bound == b.bound else "refined"
    if abs(a.value - b.value) <= eps:
        return "same"
    if a.dim == "duration":
        slack = _TERM_SLACK * max(a.value, b.value)
        return "same" if abs(a.value - b.value) <= slack else "conflict"
    coarse, fine = (a, b) if a.unit >= b.unit else (b, a)
    if coarse.unit > fine.unit and abs(fine.value - coarse.value) <= coarse.unit / 2 + eps:
        return "refined"  # "$11 billion" and "$11.02 billion"
    if abs(a.value - b.value) <= (a.unit + b.unit) / 2 + eps:
        return "same"  # one value in two units, each rounded ("120 mph (193 km/h)")
    return "conflict"


def _compare_ranges(a: Number, b: Number) -> str:
    if a.hi is not None and b.hi is not None:
        ends = [
            compare_numbers(_end(a, a.value), _end(b, b.value)),
            compare_numbers(_end(a, a.hi), _end(b, b.hi)),
        ]
        return "conflict" if "conflict" in ends else "same"
    rng, one = (a, b) if a.hi is not None else (b, a)
    assert rng.hi is not None
    lo, hi = rng.value, rng.hi
    t = _tolerance(one) if one.bound == "approx" else 0.0
    if one.bound == "max" and one.value >= lo:
        return "refined"
    if one.bound == "min" and one.value <= hi:
        return "refined"
    return "refined" if lo - t <= one.value <= hi + t else "conflict"


def _end(n: Number, value: float) -> Number:
    return Number(n.dim, n.role, value, n.text, None, n.unit, n.loose, n.anchors, n.start)


# ---------------------------------------------------------------- dates

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")  # fmt: skip
_MONTH_WORD = re.compile(
    r"\b(?P<m>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
    r"(?:\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b)?",
    re.I,
)
_DAY_MONTH = re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>[A-Z][a-z]+)")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
# Time zones news writes after a clock time, in minutes from UTC. "ET" (either) is left out.
_ZONES = {"EDT": -240, "EST": -300, "CDT": -300, "CST": -360, "MDT": -360, "MST": -420,
          "PDT": -420, "PST": -480, "GMT": 0, "UTC": 0, "BST": 60, "CET": 60, "CEST": 120,
          "MSK": 180, "HKT": 480, "KST": 540, "JST": 540}  # fmt: skip
_ZONE = re.compile(r"\b(" + "|".join(_ZONES) + r")\b")
_CLOCK = re.compile(r"T(\d{2}):(\d{2})")
# Parts of the day, in minutes after midnight (evening and night overlap: writers differ).
_PARTS = {"MO": (300, 720), "AF": (720, 1080), "EV": (1020, 1320), "NI": (1200, 1740)}
_PART_WORDS = re.compile(r"\b(morning|afternoon|evening|night)\b", re.I)
_PART_OF = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
# Written before a date that is not when the predicate happened: "held until December 5",
# "released after March 3", "by Friday".
_NOT_WHEN = re.compile(
    r"\b(?:until|till|through|by|since|from|before|after|between)\s+"
    r"(?:at\s+(?:least|the\s+latest)\s+)?$",
    re.I,
)
# Days told against another day than the publication's ("a day before", "the next day"):
# the tagger can only guess what they count from.
_ANOTHER_DAY = re.compile(
    r"^(?:(?:a|one|the)\s+day\s+(?:before|after|earlier|later)|the\s+(?:previous|following|next)\s+day)",
    re.I,
)


def plain_date(value: str, mod: str | None, text: str, inferred: bool) -> DateValue | None:
    """A DateValue for a date known only by its value and words (a timeline candidate):
    relative when its words write no year."""
    span = datevalue.date_range(value, mod)
    if span is None:
        return None
    tx = TimeExpr(0, len(text), text, "DATE", value, mod, anchor_inferred=inferred)
    stated = _stated(tx, value) if not inferred else _words_stated(text)
    return DateValue(value, mod, span, text, inferred, stated,
                     relative=not _YEAR.search(text))  # fmt: skip


def _aside(text: str, start: int, end: int) -> bool:
    """A date in brackets with words of its own ("(APP - UrduPoint - 31st Dec, 2024)") or
    on a page-furniture line ("date 2024-12-31")."""
    if re.search(r"(?:^|\n)\s*date\s+$", text[max(0, start - 12) : start]):
        return True
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?", text[start:end]):
        return True  # a machine stamp ("2024-06-26 12:14:01"): page furniture
    left = text.rfind("(", max(0, start - 60), start)
    if left < 0 or ")" in text[left:start]:
        return False
    right = text.find(")", end, end + 60)
    inner = text[left + 1 : right] if right >= 0 else ""
    return right >= 0 and len(inner) - (end - start) > 12


def _words_stated(text: str) -> dict[str, int]:
    return _stated(TimeExpr(0, len(text), text, "DATE", "", anchor_inferred=True), "")


def _stated(tx: TimeExpr, value: str) -> dict[str, int]:
    """What a date's own words fix. Absolute dates and dates resolved against a given
    publication date fix all their value says; dates resolved against an inferred one only
    what is written (a weekday, a month and day, a year)."""
    out: dict[str, int] = {}
    if not tx.anchor_inferred:
        m = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$", value)
        if m:
            out["year"] = int(m.group(1))
            if m.group(2):
                out["month"] = int(m.group(2))
            if m.group(3):
                out["day"] = int(m.group(3))
                out["weekday"] = date(out["year"], out["month"], out["day"]).weekday()
        return out
    low = tx.text.lower()
    for i, name in enumerate(_WEEKDAYS):
        if name in low:
            out["weekday"] = i
    mw = _MONTH_WORD.search(tx.text)
    if mw and mw.group("m").lower()[:3] in {n[:3] for n in _MONTHS}:
        out["month"] = [n[:3] for n in _MONTHS].index(mw.group("m").lower()[:3]) + 1
        if mw.group("d"):
            out["day"] = int(mw.group("d"))
    dm = _DAY_MONTH.search(tx.text)
    if dm and dm.group("m").lower() in _MONTHS:
        out["month"] = _MONTHS.index(dm.group("m").lower()) + 1
        out["day"] = int(dm.group("d"))
    year = _YEAR.search(tx.text)
    if year:
        out["year"] = int(year.group(1))
    return out


def _clock(tx: TimeExpr, text: str) -> tuple[tuple[int, int] | None, int | None]:
    """(minutes after midnight, from .. to) and the zone of a time expression, when it gives a
    clock time ("11:10 p.m. EDT") or a part of the day ("the afternoon of 9 October")."""
    zone_m = _ZONE.search(text[tx.start : tx.end + 6])
    zone = _ZONES[zone_m.group(1)] if zone_m else None
    m = _CLOCK.search(tx.value)
    if m and tx.type == "TIME":
        minutes = int(m.group(1)) * 60 + int(m.group(2))
        return (minutes, minutes), zone
    part = re.search(r"T(MO|AF|EV|NI)", tx.value)
    word = part.group(1) if part else None
    if word is None:
        before = _PART_WORDS.search(text[max(0, tx.start - 20) : tx.start] + " " + tx.text)
        word = _PART_OF[before.group(1).lower()] if before else None
    return (_PARTS[word], zone) if word else (None, zone)


def date_values(
    clause: Clause, an: Analysis, text: str, published: date | None = None
) -> list[DateValue]:
    """The dates and times of day a clause states of its predicate (not those of a noun in
    it: "arrested ... for the collapse in May 2022")."""
    found = dates_of(clause, (*clause.timexes, *clause.lent), an, text)
    if published is not None and clause.tense in ("past", "perfect", "pluperfect"):
        # A past happening dated after its report was placed in the wrong year by the tagger
        # ("traveled to Russia in May"): only its words count.
        found = [
            replace(d, inferred=True, stated=_words_stated(d.text))
            if d.span is not None and d.relative and d.span[0] > published
            else d
            for d in found
        ]
    return found


def dates_of(
    clause: Clause, indices: Sequence[int], an: Analysis, text: str, own: bool = True
) -> list[DateValue]:
    """The dates among time expressions ``indices`` (those that date ``clause``'s predicate
    itself, unless ``own`` is False)."""
    out = []
    for ti in indices:
        tx = an.time_expressions[ti]
        if tx.type not in ("DATE", "TIME") or (own and tx.start not in clause.own_dates):
            continue
        if _ANAPHORIC.match(tx.text) or _ANOTHER_DAY.match(tx.text):
            continue  # "the same day", "a day before": the tagger's guess
        if _NOT_WHEN.search(text[max(0, tx.start - 24) : tx.start]):
            continue  # "until December 5": not when
        if _aside(text, tx.start, tx.end):
            continue  # "(APP - 31st Dec, 2024)", "date 2024-12-31": a credit or a page's stamp
        clock, zone = _clock(tx, text)
        value = tx.value.split("T")[0]
        span = None
        if datevalue.is_specific(value) and dates_a_day(tx.text, tx.type):
            span = datevalue.date_range(value, tx.mod)
        if span is None and clock is None:
            continue
        stated = _stated(tx, value) if span is not None else {}
        out.append(DateValue(value if span is not None else "", tx.mod, span, tx.text,
                             tx.anchor_inferred, stated, clock, zone, tx.start,
                             tx.anchor is not None))  # fmt: skip
    return out


def compare_dates(a: DateValue, b: DateValue) -> str | None:
    """ "same", "refined", "conflict", or None when the two say nothing comparable (a date
    resting on an inferred publication date that names no weekday or month)."""
    found = []
    if a.span is not None and b.span is not None:
        found.append(_compare_days(a, b))
    if a.clock is not None and b.clock is not None:
        found.append(_compare_clocks(a, b))
    found = [f for f in found if f is not None]
    if not found:
        return None
    for want in ("conflict", "refined"):
        if want in found:
            return want
    return "same"


def _words_of(d: DateValue) -> str:
    return re.sub(r"^(?:on|in|at|this|last)\s+", "", d.text.lower().strip())


def _compare_days(a: DateValue, b: DateValue) -> str | None:
    assert a.span is not None and b.span is not None
    if a.relative and b.relative and _words_of(a) == _words_of(b):
        # The same words ("on Tuesday", "earlier this evening"): what differs is how we placed
        # them against two publication dates, not what the sources say.
        return "same"
    if not a.inferred and not b.inferred:
        if not datevalue.compatible(a.span, b.span):
            if _other_week(a, b) or _other_week(b, a):
                return None  # "on Tuesday" may be this week's or last: the words agree
            return "conflict"
        if datevalue.width(a.span) != datevalue.width(b.span):
            return "refined"
        return "same"
    shared = set(a.stated) & set(b.stated)
    if not shared:
        return None
    if any(a.stated[k] != b.stated[k] for k in shared):
        return "conflict"
    return "same"


def _other_week(a: DateValue, b: DateValue) -> bool:
    """A weekday placed against a publication date in one week may mean the next or the last
    ("was scheduled to testify on Tuesday"): True when a week's shift reconciles it with
    ``b``."""
    if not a.relative or a.span is None or b.span is None or "weekday" not in _words_stated(a.text):
        return False
    week = timedelta(days=7)
    return any(
        datevalue.compatible((a.span[0] + k * week, a.span[1] + k * week), b.span) for k in (-1, 1)
    )


def _compare_clocks(a: DateValue, b: DateValue) -> str | None:
    assert a.clock is not None and b.clock is not None
    (a0, a1), (b0, b1) = a.clock, b.clock
    if a.zone is not None and b.zone is not None and a0 == a1 and b0 == b1:
        # One moment told in two zones: compare in UTC ("11:10 p.m. EDT" / "11:10 p.m. EST").
        a0, a1, b0, b1 = a0 - a.zone, a1 - a.zone, b0 - b.zone, b1 - b.zone
        return "same" if abs(a0 - b0) <= 20 else "conflict"
    slack = 45  # "around 8:30", "about 9 p.m."
    # A part of the day may run past midnight ("night": 20:00-05:00).
    if not any(a0 - slack <= b1 + k and b0 + k - slack <= a1 for k in (-1440, 0, 1440)):
        return "conflict"
    if (a1 - a0) != (b1 - b0):
        return "refined"
    return "same"


def news_of_the_day(span: datevalue.DateRange, published: date | None) -> bool:
    """A date within the week before its article's publication (or the next day): the
    article's own news, not background."""
    if published is None:
        return False
    return (published - span[0]).days <= 7 and (span[1] - published).days <= 1


def publication_gap(a: date | None, b: date | None) -> int | None:
    return None if a is None or b is None else abs((a - b).days)


def published_day(value: str | None) -> date | None:
    """The first day of a publication date value (a day, a month, a year), or None."""
    if not value:
        return None
    span = datevalue.date_range(value)
    return span[0] if span else None
