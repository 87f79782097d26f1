"""Calendar arithmetic of the tagger: the anchor, holidays, yearless values (months, weeks,
quarters and shifts of values are ``datevalue``'s)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from . import words as T


def _parse_anchor(anchor: str | None) -> date | None:
    if not anchor:
        return None
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", anchor)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _day(d: date) -> str:
    return d.isoformat()


def _month(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _x_for(unit: str) -> str:
    return {"Y": "XXXX", "M": "XXXX-XX", "W": "XXXX-WXX", "D": "XXXX-XX-XX", "Q": "XXXX-QX"}.get(
        unit, "XXXX"
    )


def _easter(year: int) -> date:
    """Easter Sunday (Gregorian; the anonymous algorithm of 1876)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _holiday(name: str, year: int) -> date | None:
    key = name.replace("’", "'")
    if key in T.FIXED_HOLIDAYS:
        mo, d = T.FIXED_HOLIDAYS[key]
        return date(year, mo, d)
    if key in T.EASTER_HOLIDAYS:
        return _easter(year) + timedelta(days=T.EASTER_HOLIDAYS[key])
    if key == "Election Day":
        # US: the Tuesday after the first Monday of November.
        first = date(year, 11, 1)
        monday = first + timedelta(days=(1 - first.isoweekday()) % 7)
        return monday + timedelta(days=1)
    if key in T.NTH_WEEKDAY_HOLIDAYS:
        mo, wd, nth = T.NTH_WEEKDAY_HOLIDAYS[key]
        if nth > 0:
            first = date(year, mo, 1)
            return first + timedelta(days=(wd - first.isoweekday()) % 7 + 7 * (nth - 1))
        last = date(year + (mo == 12), mo % 12 + 1, 1) - timedelta(days=1)
        return last - timedelta(days=(last.isoweekday() - wd) % 7)
    return None
