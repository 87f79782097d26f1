"""TIMEX3 date values as day ranges: precision, ordering and compatibility.

"2021-SP" covers 2021-03-01..2021-05-31, "2021-04" with START its first part, "2018-12-11" one
day. Two values are compatible when their ranges meet; the narrower one is the more precise.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

__all__ = [
    "DateRange",
    "compatible",
    "date_range",
    "dates_a_day",
    "is_specific",
    "label",
    "more_precise",
]

DateRange = tuple[date, date]  # first and last day, both included

# Northern-hemisphere meteorological seasons: what news in English means by "last spring".
_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}
_SPECIFIC = re.compile(r"^\d{3,4}(?:$|-)")
# Share of a period that "early", "mid" and "late" cover: generous, because writers round.
_PART = 0.4


def is_specific(value: str) -> bool:
    """A value that names a period of the calendar (not PRESENT_REF, not XXXX-02)."""
    return bool(_SPECIFIC.match(value)) and "X" not in value


# Words that name the day of a time expression; without one ("shortly before 11 p.m.") the day
# is the tagger's guess (the reference date), not something the writer said.
_DAY_WORDS = re.compile(
    r"\d{4}|\d{1,2}(?:st|nd|rd|th)?\s+[A-Z]|[A-Z][a-z]+\.?\s+\d{1,2}\b|"
    r"(?i:mon|tues|wednes|thurs|fri|satur|sun)day|(?i:today|tonight|yesterday|tomorrow)|"
    r"(?i:night|morning|evening|afternoon|day|week)"
)


def dates_a_day(text: str, type_: str) -> bool:
    """False for a bare clock time ("11 p.m."), whose day nobody wrote."""
    return type_ != "TIME" or bool(_DAY_WORDS.search(text))


def _month_end(y: int, m: int) -> date:
    y, m = y + (m - 1) // 12, (m - 1) % 12 + 1
    nxt = date(y + 1, 1, 1) if m == 12 else date(y, m + 1, 1)
    return nxt - timedelta(days=1)


def _months(y: int, m1: int, m2: int) -> DateRange:
    y1, mm1 = y + (m1 - 1) // 12, (m1 - 1) % 12 + 1
    return date(y1, mm1, 1), _month_end(y, m2)


def _base(value: str) -> DateRange | None:
    v = value.split("T")[0]
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", v):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return d, d
        if m := re.fullmatch(r"(\d{4})-(\d{2})", v):
            return _months(int(m[1]), int(m[2]), int(m[2]))
        if m := re.fullmatch(r"(\d{4})-W(\d{2})", v):
            start = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return start, start + timedelta(days=6)
        if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", v):
            a, b = _SEASONS[m[2]]
            return _months(int(m[1]), a, b)
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", v):
            q = int(m[2])
            return _months(int(m[1]), 3 * q - 2, 3 * q)
        if m := re.fullmatch(r"(\d{4})-H([12])", v):
            h = int(m[2])
            return _months(int(m[1]), 6 * h - 5, 6 * h)
        if m := re.fullmatch(r"\d{4}", v):
            return date(int(v), 1, 1), date(int(v), 12, 31)
        if m := re.fullmatch(r"\d{3}", v):
            return date(int(v) * 10, 1, 1), date(int(v) * 10 + 9, 12, 31)
        if m := re.fullmatch(r"\d{2}", v):
            return date(int(v) * 100, 1, 1), date(int(v) * 100 + 99, 12, 31)
    except ValueError:
        return None
    return None


def date_range(value: str, mod: str | None = None) -> DateRange | None:
    """The days a TIMEX3 value (with its modifier) covers, or None when it names no period."""
    base = _base(value)
    if base is None:
        return None
    start, end = base
    days = (end - start).days + 1
    part = timedelta(days=max(0, round(days * _PART) - 1))
    if mod == "START":
        return start, start + part
    if mod == "END":
        return end - part, end
    if mod == "MID":
        middle = start + timedelta(days=days // 2)
        half = timedelta(days=round(days * _PART / 2))
        return middle - half, middle + half
    if mod == "APPROX":
        slack = timedelta(days=max(1, round(days * 0.1)))
        return start - slack, end + slack
    return start, end


def compatible(a: DateRange, b: DateRange) -> bool:
    """True when the two ranges share at least one day."""
    return a[0] <= b[1] and b[0] <= a[1]


def width(r: DateRange) -> int:
    return (r[1] - r[0]).days + 1


def more_precise(a: DateRange, b: DateRange) -> bool:
    """True when ``a`` is strictly narrower than ``b``."""
    return width(a) < width(b)


def label(value: str, mod: str | None) -> str:
    """How a value is shown and compared across sources: "2021-04 START", "2021-SP"."""
    return f"{value} {mod}" if mod else value
