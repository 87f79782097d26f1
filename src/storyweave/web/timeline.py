"""Timeline events as date intervals: a day is a point, a month or a season a span."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Any

__all__ = ["interval", "timeline_items"]

# Northern-hemisphere meteorological seasons, as TIMEX3 season codes are usually read.
_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}
_HALVES = {"H1": (1, 6), "H2": (7, 12)}
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_PART = re.compile(r"^(\d{4})-(SP|SU|FA|WI|H1|H2)$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_DECADE = re.compile(r"^(\d{3})X?$")


def _months(year: int, first: int, last: int) -> tuple[date, date]:
    end_year = year + 1 if last < first else year
    return date(year, first, 1), date(end_year, last, calendar.monthrange(end_year, last)[1])


def _narrow(start: date, end: date, mod: str | None) -> tuple[date, date]:
    """START, MID and END keep the first, middle and last third of a span."""
    days = (end - start).days + 1
    if days < 3 or mod not in ("START", "MID", "END"):
        return start, end
    third = days // 3
    if mod == "START":
        return start, start + timedelta(days=third - 1)
    if mod == "END":
        return end - timedelta(days=third - 1), end
    return start + timedelta(days=third), end - timedelta(days=third)


def interval(value: str, mod: str | None = None) -> tuple[date, date, str] | None:
    """The first and last day a TIMEX3 date value covers and its precision (day, week,
    month, season, quarter, half, year, decade); None for values with no place on a
    calendar (durations, PRESENT_REF, ...)."""
    try:
        return _interval(value or "", mod)
    except ValueError:  # a well-formed but impossible date such as 2021-02-30
        return None


def _interval(value: str, mod: str | None) -> tuple[date, date, str] | None:
    if m := _DAY.match(value):
        d = date(int(m[1]), int(m[2]), int(m[3]))
        return d, d, "day"
    if m := _MONTH.match(value):
        s, e = _months(int(m[1]), int(m[2]), int(m[2]))
        return (*_narrow(s, e, mod), "month")
    if m := _QUARTER.match(value):
        q = int(m[2])
        s, e = _months(int(m[1]), 3 * q - 2, 3 * q)
        return (*_narrow(s, e, mod), "quarter")
    if m := _PART.match(value):
        first, last = (_SEASONS | _HALVES)[m[2]]
        s, e = _months(int(m[1]), first, last)
        return (*_narrow(s, e, mod), "season" if m[2] in _SEASONS else "half")
    if m := _WEEK.match(value):
        s = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        return s, s + timedelta(days=6), "week"
    if m := _YEAR.match(value):
        s, e = date(int(m[1]), 1, 1), date(int(m[1]), 12, 31)
        return (*_narrow(s, e, mod), "year")
    if m := _DECADE.match(value):
        y = int(m[1]) * 10
        return date(y, 1, 1), date(y + 9, 12, 31), "decade"
    return None


def timeline_items(timeline: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The story's events with ``index``, ``start`` and ``end`` (ISO dates, or None when the
    date is not on a calendar) and ``precision``, for drawing."""
    out = []
    for i, ev in enumerate(timeline):
        span = interval(str(ev.get("date") or ""), ev.get("mod"))
        out.append(
            {
                "index": i,
                "date": ev.get("date"),
                "mod": ev.get("mod"),
                "event": ev.get("event") or "",
                "start": span[0].isoformat() if span else None,
                "end": span[1].isoformat() if span else None,
                "precision": span[2] if span else None,
                "citations": [
                    {
                        "article": c.get("article"),
                        "sentence": c.get("sentence"),
                        "text": c.get("text") or "",
                    }
                    for c in ev.get("citations") or []
                ],
            }
        )
    return out
