"""Timeline events as date intervals: a day is a point, a month or a season a span. What a
value covers, with its modifier, is ``datevalue``'s reading, the same the claims and the date
checks use."""

from __future__ import annotations

from datetime import date
from typing import Any

from .. import datevalue

__all__ = ["interval", "timeline_items"]


def interval(value: str, mod: str | None = None) -> tuple[date, date, str] | None:
    """The first and last day a TIMEX3 date value covers (narrowed or widened by its
    modifier) and its precision (day, week, month, season, quarter, half, year, decade, ...);
    None for values with no place on a calendar (durations, PRESENT_REF, ...)."""
    p = datevalue.period(value or "")
    span = datevalue.date_range(value or "", mod)
    if p is None or span is None:
        return None
    return span[0], span[1], p.precision


def timeline_items(timeline: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The story's events with ``index``, ``start`` and ``end`` (ISO dates, or None when the
    date is not on a calendar), ``precision`` and the date in ``words``, for drawing."""
    out = []
    for i, ev in enumerate(timeline):
        span = interval(str(ev.get("date") or ""), ev.get("mod"))
        out.append(
            {
                "index": i,
                "date": ev.get("date"),
                "mod": ev.get("mod"),
                "words": datevalue.words(str(ev.get("date") or ""), ev.get("mod")),
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
