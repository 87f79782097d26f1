"""TIMEX3 date values: what they cover on the calendar, how they compare, how they read.

The one reading of a value for all of storyweave: the tagger writes values with the helpers
here, the timeline and the claims compare their ranges, publication-date inference scores
them, the renderers and the web timeline draw and word them.

A value names a stretch of days: "2021-08-11" one day (a TIME value such as
"2021-08-11T14:00" its day), "2021-W32" an ISO week, "2021-W32-WE" its weekend, "2018-12" a
month, "2021-SP" a season, "2020-Q4" a quarter, "2019-H2" a half, "2020" a year, "199" (or
"199X") a decade, "19" (or "19XX") a century. Values with X's ("XXXX-02"), references
("PRESENT_REF") and durations ("P910D") name none.

Definitions, where the parts of storyweave used to disagree:

- Seasons are the meteorological ones of the northern hemisphere, what news in English means
  by "last spring": spring March-May, summer June-August, autumn September-November, and
  winter December of the value's year to the end of February after it ("2020-WI" is the
  winter of 2020-21; TIMEX3 names a winter by the year it starts in). Astronomical seasons
  would start three weeks into a month and split it.
- "Early", "mid" and "late" (START, MID, END) are the first, middle and last 40% of the
  period. Writers round ("late 2020" is said in August as well as in December), and a date
  near the border of two parts should fit both words: 40% parts overlap their neighbours by
  a tenth of the period, where thirds would cut it with no margin and make a conflict of
  "early April" against April 11. (The timeline drawing and date inference used thirds, the
  claims 40%.)
- APPROX widens the period by a tenth of its length on each side, at least one day: "around
  7 June" admits 6 to 8 June.
- BEFORE, AFTER, ON_OR_BEFORE, ON_OR_AFTER and the duration modifiers leave the period as it
  is: they say where the truth lies against it, and the dates derived with them (from a
  duration) carry their own slack.
- Centuries are written as TIMEX3 writes them: "19" is 1900-1999, the 20th century.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = [
    "PART_SHARE",
    "SEASONS",
    "DateRange",
    "Period",
    "add_months",
    "anchor_duration",
    "coarser",
    "compatible",
    "date_range",
    "distance_days",
    "duration_days",
    "enclosing",
    "is_specific",
    "iso_week",
    "label",
    "label_words",
    "more_precise",
    "parse_label",
    "period",
    "precision",
    "quarter_of",
    "relation",
    "shift",
    "width",
    "words",
]

DateRange = tuple[date, date]  # first and last day, both included

# TIMEX3 season code -> (first month, last month); winter's last month is in the next year.
SEASONS: dict[str, tuple[int, int]] = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}
# Share of a period that "early", "mid" and "late" cover (see the module's docstring).
PART_SHARE = 0.4
# Share of a period that APPROX adds on each side.
APPROX_SHARE = 0.1


@dataclass(frozen=True, slots=True)
class Period:
    """The stretch of days a value names, before any modifier."""

    precision: str  # day, weekend, week, month, season, quarter, half, year, decade, century
    first: date
    last: date


_PERIOD = re.compile(
    r"(?P<y>\d{4})(?:-(?:(?P<m>\d{2})(?:-(?P<d>\d{2}))?|W(?P<w>\d{2})(?P<we>-WE)?|"
    r"Q(?P<q>[1-4])|H(?P<h>[12])|(?P<s>SP|SU|FA|WI)))?"
    r"|(?P<dec>\d{3})X?|(?P<cen>\d{2})(?:XX)?"
)


def _month_end(y: int, m: int) -> date:
    return (date(y + 1, 1, 1) if m == 12 else date(y, m + 1, 1)) - timedelta(days=1)


def _months(y: int, first: int, last: int) -> tuple[date, date]:
    """The first day of month ``first`` of ``y`` to the last of month ``last`` (of the next
    year when it comes before ``first``: winter)."""
    return date(y, first, 1), _month_end(y + (last < first), last)


def period(value: str) -> Period | None:
    """The period a TIMEX3 date or time value names, or None when it names none."""
    m = _PERIOD.fullmatch((value or "").split("T")[0])
    if not m:
        return None
    try:
        if m["dec"]:
            y = int(m["dec"]) * 10
            return Period("decade", date(y, 1, 1), date(y + 9, 12, 31))
        if m["cen"]:
            y = int(m["cen"]) * 100
            return Period("century", date(max(y, 1), 1, 1), date(y + 99, 12, 31))
        y = int(m["y"])
        if m["d"]:
            d = date(y, int(m["m"]), int(m["d"]))
            return Period("day", d, d)
        if m["m"]:
            first, last = _months(y, int(m["m"]), int(m["m"]))
            return Period("month", first, last)
        if m["w"]:
            monday = date.fromisocalendar(y, int(m["w"]), 1)
            if m["we"]:
                return Period("weekend", monday + timedelta(days=5), monday + timedelta(days=6))
            return Period("week", monday, monday + timedelta(days=6))
        if m["q"]:
            q = int(m["q"])
            return Period("quarter", *_months(y, 3 * q - 2, 3 * q))
        if m["h"]:
            h = int(m["h"])
            return Period("half", *_months(y, 6 * h - 5, 6 * h))
        if m["s"]:
            return Period("season", *_months(y, *SEASONS[m["s"]]))
        return Period("year", date(y, 1, 1), date(y, 12, 31))
    except ValueError:  # "2021-02-30", "2021-13", "2021-W60"
        return None


def precision(value: str) -> str | None:
    """ "day", "week", "month", "season", ... for a value that names a period, else None."""
    p = period(value)
    return p.precision if p else None


def is_specific(value: str) -> bool:
    """A value that names a stretch of the calendar (not PRESENT_REF, not XXXX-02)."""
    return period(value) is not None


def date_range(value: str, mod: str | None = None) -> DateRange | None:
    """The first and last day a value covers with its modifier, or None when it names no
    period."""
    p = period(value)
    if p is None:
        return None
    start, end = p.first, p.last
    days = (end - start).days + 1
    part = timedelta(days=max(0, round(days * PART_SHARE) - 1))
    if mod == "START":
        return start, start + part
    if mod == "END":
        return end - part, end
    if mod == "MID":
        middle = start + timedelta(days=days // 2)
        half = timedelta(days=round(days * PART_SHARE / 2))
        return middle - half, middle + half
    if mod == "APPROX":
        slack = timedelta(days=max(1, round(days * APPROX_SHARE)))
        return start - slack, end + slack
    return start, end


def enclosing(values: Sequence[str]) -> str | None:
    """The narrowest value that holds every one of ``values``: the value itself when they
    are all one, else the month, the year, the decade or the century that holds all their
    days; None when one of them names no period."""
    ranges = [date_range(v) for v in values]
    if not values or any(r is None for r in ranges):
        return None
    if len(set(values)) == 1:
        return values[0]
    lo = min(r[0] for r in ranges if r)
    hi = max(r[1] for r in ranges if r)
    if (lo.year, lo.month) == (hi.year, hi.month):
        return f"{lo.year:04d}-{lo.month:02d}"
    for digits in (4, 3, 2):
        if str(lo.year).zfill(4)[:digits] == str(hi.year).zfill(4)[:digits]:
            return str(lo.year).zfill(4)[:digits]
    return None


def coarser(a: str, b: str) -> bool:
    """True when precision ``a`` ("year") is coarser than ``b`` ("month")."""
    return _RANK[a] > _RANK[b]


_RANK = {"day": 0, "weekend": 1, "week": 2, "month": 3, "season": 4, "quarter": 4, "half": 5,
         "year": 6, "decade": 7, "century": 8}  # fmt: skip


def width(r: DateRange) -> int:
    """Days in a range."""
    return (r[1] - r[0]).days + 1


def compatible(a: DateRange, b: DateRange) -> bool:
    """True when the two ranges share at least one day."""
    return a[0] <= b[1] and b[0] <= a[1]


def more_precise(a: DateRange, b: DateRange) -> bool:
    """True when ``a`` is strictly narrower than ``b``."""
    return width(a) < width(b)


def relation(a: DateRange, b: DateRange) -> str:
    """How ``a`` lies against ``b``: "equal", "within", "contains", "overlaps", "before" or
    "after"."""
    if a == b:
        return "equal"
    if a[1] < b[0]:
        return "before"
    if a[0] > b[1]:
        return "after"
    if b[0] <= a[0] and a[1] <= b[1]:
        return "within"
    if a[0] <= b[0] and b[1] <= a[1]:
        return "contains"
    return "overlaps"


def distance_days(a: DateRange, b: DateRange) -> int:
    """Days from the end of the earlier range to the start of the later one; 0 when they
    share a day (a day and the next are 1 apart)."""
    if compatible(a, b):
        return 0
    return (b[0] - a[1]).days if a[1] < b[0] else (a[0] - b[1]).days


def label(value: str, mod: str | None) -> str:
    """How a value is written where sources are compared: "2021-04 START", "2021-SP"."""
    return f"{value} {mod}" if mod else value


def parse_label(text: str) -> tuple[str, str | None] | None:
    """(value, mod) of a ``label`` that names a period, else None."""
    value, _, mod = text.partition(" ")
    if period(value) is None or (mod and not re.fullmatch(r"[A-Z_]+", mod)):
        return None
    return value, mod or None


# ---------------------------------------------------------------- writing values


def add_months(d: date, n: int) -> date:
    """``d`` moved by ``n`` months, its day kept where the month has it (else the month's
    last day up to the 28th)."""
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return date(year, month, 28)


def iso_week(d: date) -> str:
    """The TIMEX3 week value of a day: "2021-W32"."""
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def quarter_of(d: date) -> tuple[int, int]:
    """(year, quarter) of a day."""
    return d.year, (d.month - 1) // 3 + 1


def shift(value: str, unit: str, n: int) -> str | None:
    """A value moved by n years (``unit`` "Y") or months ("M"), keeping its granularity
    when it is finer than a year ("1989-Q3" minus a year is "1988-Q3"); None when the value
    cannot move by that unit."""
    m = re.fullmatch(r"(\d{4})(?:-(Q[1-4]|H[12]|SP|SU|FA|WI|\d{2}|W\d{2}))?(?:-(\d{2}))?", value)
    if not m:
        return None
    y = int(m[1])
    if unit == "Y":
        if not m[3]:
            return f"{y + n:04d}{value[4:]}"
        return add_months(date.fromisoformat(value), 12 * n).isoformat()
    if unit == "M" and m[2] and m[2].isdigit():
        if m[3]:
            return add_months(date.fromisoformat(value), n).isoformat()
        d = add_months(date(y, int(m[2]), 1), n)
        return f"{d.year:04d}-{d.month:02d}"
    return None


# ---------------------------------------------------------------- durations


_UNIT_DAYS = {
    "Y": 365.25, "Q": 91.31, "M": 30.44, "W": 7.0, "D": 1.0, "DE": 3652.5, "CE": 36525.0,
    "TH": 1 / 24, "TM": 1 / 1440, "TS": 1 / 86400,
}  # fmt: skip
_N = r"\d+(?:\.\d+)?"
_DURATION = re.compile(
    rf"P(?:(?P<CE>{_N})CE|(?P<DE>{_N})DE|(?:(?P<Y>{_N})Y)?(?:(?P<Q>{_N})Q)?(?:(?P<M>{_N})M)?"
    rf"(?:(?P<W>{_N})W)?(?:(?P<D>{_N})D)?)(?:T(?:(?P<TH>{_N})H)?(?:(?P<TM>{_N})M)?(?:(?P<TS>{_N})S)?)?"
)


def duration_days(value: str) -> float | None:
    """The length of a TIMEX3 duration in days (months as 30.44 days); None when vague."""
    m = _DURATION.fullmatch(value)
    if not m or value in ("P", "PT") or value.endswith("T"):
        return None
    total = 0.0
    for unit, days in _UNIT_DAYS.items():
        if m[unit]:
            total += float(m[unit]) * days
    return total


def _parse_day(text: str) -> date | None:
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def anchor_duration(value: str, mod: str | None, as_of: str) -> tuple[str, str] | None:
    """The interval (start, end) a duration covers when it ends on ``as_of``: "P910D" as of
    2021-06-07 starts on 2018-12-10. Calendar units are counted on the calendar (P2Y as of
    2021-06-07 starts 2019-06-07). ``mod`` does not move the interval; it says how exact it
    is. None for vague durations (PXY) or a bad date."""
    end = _parse_day(as_of)
    if end is None:
        return None
    m = _DURATION.fullmatch(value)
    whole_days = value != "P" and "." not in value and "T" not in value and "E" not in value
    if m and whole_days:  # whole years, quarters, months, weeks and days, no clock part
        y, q, mo, w, d = (int(m[k] or 0) for k in ("Y", "Q", "M", "W", "D"))
        start = add_months(end, -(12 * y + 3 * q + mo)) - timedelta(days=7 * w + d)
        return start.isoformat(), end.isoformat()
    days = duration_days(value)
    if days is None:
        return None
    return (end - timedelta(days=round(days))).isoformat(), end.isoformat()


# ---------------------------------------------------------------- values in words


_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
_SEASON_NAMES = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
_ORDINAL_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth"}
_DAY_PARTS = {"MO": "the morning of", "AF": "the afternoon of", "EV": "the evening of",
              "NI": "the night of", "DT": "the daytime of"}  # fmt: skip
_REFS = {"PRESENT_REF": "the present", "PAST_REF": "the past", "FUTURE_REF": "the future"}
# Modifiers around a period's name: a word for names that take one ("late 2020", "the
# mid-1990s"), a phrase for the others ("the end of the fourth quarter of 2020").
_PART_WORD = {"START": "early ", "MID": "mid-", "END": "late "}
_PART_PHRASE = {"START": "the start of ", "MID": "the middle of ", "END": "the end of "}
_AROUND = {
    "APPROX": "around ", "BEFORE": "before ", "AFTER": "after ", "ON_OR_BEFORE": "on or before ",
    "ON_OR_AFTER": "on or after ", "LESS_THAN": "less than ", "MORE_THAN": "more than ",
    "EQUAL_OR_LESS": "at most ", "EQUAL_OR_MORE": "at least ",
}  # fmt: skip
_UNIT_NAMES = {
    "CE": "century", "DE": "decade", "Y": "year", "Q": "quarter", "M": "month", "W": "week",
    "D": "day", "TH": "hour", "TM": "minute", "TS": "second",
}  # fmt: skip
_VAGUE_DURATION = re.compile(r"P(T?)X([A-Z]{1,2})")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _day_words(d: date) -> str:
    return f"{d.day} {_MONTH_NAMES[d.month - 1]} {d.year}"


def _named(value: str, p: Period, mod: str | None) -> str:
    """A period in words with START, MID or END folded in ("the mid-1990s", "late 2020")."""
    word = _PART_WORD.get(mod or "", "")
    phrase = _PART_PHRASE.get(mod or "", "")
    y = p.first.year
    if p.precision == "decade":
        return f"the {word}{y}s"
    if p.precision == "century":
        return f"the {word}{_ordinal(y // 100 + 1)} century"
    if p.precision == "year":
        return f"{word}{y}"
    if p.precision == "month":
        return f"{word}{_MONTH_NAMES[p.first.month - 1]} {y}"
    if p.precision == "season":
        code = value[5:7]
        years = f"{y}-{(y + 1) % 100:02d}" if code == "WI" else str(y)
        return f"{word}{_SEASON_NAMES[code]} {years}"
    if p.precision == "quarter":
        return f"{phrase}the {_ORDINAL_WORDS[int(value[6])]} quarter of {y}"
    if p.precision == "half":
        return f"{phrase}the {_ORDINAL_WORDS[int(value[6])]} half of {y}"
    if p.precision == "week":
        return f"{phrase}the week of {_day_words(p.first)}"
    if p.precision == "weekend":
        return f"{phrase}the weekend of {_day_words(p.first)}"
    day = _day_words(p.first)
    clock = value.partition("T")[2]
    if clock in _DAY_PARTS:
        return f"{phrase}{_DAY_PARTS[clock]} {day}"
    if re.fullmatch(r"\d{2}:\d{2}(?::\d{2})?", clock):
        return f"{phrase}{day}, {clock[:5]}"
    return f"{phrase}{day}"


def _duration_words(value: str) -> str | None:
    """ "910 days", "2 years and 6 months", "years" (PXY); None when not a duration."""
    vague = _VAGUE_DURATION.fullmatch(value)
    if vague:
        unit = {"C": "CE", "E": "DE"}.get(vague[2], vague[2])
        unit = "T" + unit if vague[1] else unit
        name = _UNIT_NAMES.get(unit)
        return {"century": "centuries"}.get(name or "", f"{name}s") if name else None
    m = _DURATION.fullmatch(value)
    if not m or duration_days(value) is None:
        return None
    parts = []
    for unit in ("CE", "DE", "Y", "Q", "M", "W", "D", "TH", "TM", "TS"):
        if m[unit]:
            n = float(m[unit])
            name = _UNIT_NAMES[unit]
            if n != 1:
                name = "centuries" if unit == "CE" else name + "s"
            parts.append(f"{n:,g} {name}")
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def words(value: str, mod: str | None = None) -> str:
    """A date, time or duration value in words: "the mid-1990s" (199, MID), "late 2020",
    "spring 2021", "the fourth quarter of 2020", "the week of 9 August 2021", "7 June 2021",
    "about 910 days". A value it cannot read (a yearless "XXXX-02", a set) is returned as
    it is, with its modifier."""
    around = _AROUND.get(mod or "", "")
    p = period(value)
    if p is not None:
        return around + _named(value, p, mod)
    if value in _REFS:
        return around + _REFS[value]
    lasting = _duration_words(value)
    if lasting is not None:
        return around.replace("around", "about") + lasting
    return label(value, mod)


def label_words(text: str) -> str:
    """A ``label`` ("2021-04 START") in words ("early April 2021"); other text as it is."""
    parsed = parse_label(text)
    return words(*parsed) if parsed else text
