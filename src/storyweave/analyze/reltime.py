"""Calendar arithmetic for the Chinese and Russian time taggers: TIMEX3 values of days,
weeks, months and years counted from an anchor, and the choice of a past or coming date when
a text leaves it open ("on Wednesday", "in December").

The choices follow the English tagger's: without a future cue a weekday or month is the
latest one not after the anchor (news mostly reports what happened); with one, the next."""

from __future__ import annotations

from datetime import date, timedelta

__all__ = [
    "add_months",
    "day",
    "day_of_month",
    "duration",
    "month",
    "month_date",
    "month_day_date",
    "parse_anchor",
    "shift",
    "week",
    "weekday_date",
    "weekday_in_week",
]

# TIMEX3 units for durations: years, months, weeks, days, and clock units after "T".
_CLOCK = frozenset({"H", "MIN", "S"})


def parse_anchor(anchor: str | None) -> date | None:
    """The anchor date of an ISO value ("2021-08-11"), or None when absent or malformed."""
    if not anchor:
        return None
    try:
        return date.fromisoformat(anchor[:10])
    except ValueError:
        return None


def day(d: date) -> str:
    return d.isoformat()


def month(year: int, mon: int) -> str:
    return f"{year:04d}-{mon:02d}"


def week(d: date) -> str:
    """The ISO week of ``d``: "2021-W32"."""
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def add_months(d: date, n: int) -> date:
    """``d`` moved by ``n`` calendar months, the day clipped to the month's length."""
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    for dd in (d.day, 30, 29, 28):
        try:
            return date(y, m + 1, dd)
        except ValueError:
            continue
    raise ValueError(d)  # pragma: no cover - day 28 always exists


def shift(anchor: date, unit: str, n: int) -> str:
    """The period ``n`` units from the anchor, at that unit's precision: ("Y", -1) is last
    year "2020", ("M", 1) next month, ("W", -1) last week, ("D", -2) the day before
    yesterday."""
    if unit == "Y":
        return f"{anchor.year + n:04d}"
    if unit == "M":
        d = add_months(anchor, n)
        return month(d.year, d.month)
    if unit == "W":
        return week(anchor + timedelta(weeks=n))
    if unit == "D":
        return day(anchor + timedelta(days=n))
    raise ValueError(f"unknown unit {unit!r}")


def weekday_date(anchor: date, weekday: int, tense: int) -> date:
    """The day named by a bare weekday (1 Monday .. 7 Sunday): the latest one up to the anchor,
    or the next one from it when the sentence speaks of the future."""
    aw = anchor.isoweekday()
    if tense > 0:
        return anchor + timedelta(days=(weekday - aw) % 7)
    return anchor - timedelta(days=(aw - weekday) % 7)


def weekday_in_week(anchor: date, weeks: int, weekday: int) -> date:
    """The weekday of the calendar week ``weeks`` away (Monday-based): 上周三 is the
    Wednesday of last week, whatever day the anchor is."""
    monday = anchor - timedelta(days=anchor.isoweekday() - 1) + timedelta(weeks=weeks)
    return monday + timedelta(days=weekday - 1)


def month_date(anchor: date, mon: int, tense: int) -> str:
    """A month named without its year: the nearest such month to the anchor's, a month in
    the direction the tense contradicts counting three times as far (as the English tagger
    weighs it): "September" in an article of August is this September even in the past
    tense; "December" is last December unless the sentence speaks of the future."""
    here = anchor.year * 12 + anchor.month - 1
    best = min(
        (here - here % 12 + mon - 1 + 12 * k for k in (-1, 0, 1)),
        key=lambda m: (abs(m - here) * _penalty(m - here, tense), m > here),
    )
    return month(best // 12, best % 12 + 1)


def month_day_date(anchor: date, mon: int, dd: int, tense: int) -> str | None:
    """A day and month without a year: the nearest such day to the anchor, a day in the
    direction the tense contradicts counting three times as far ("until May 29" in March is
    this May, whatever the verb). None for a day that does not exist."""
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidates.append(date(year, mon, dd))
        except ValueError:
            continue
    if not candidates:
        return None
    pick = min(
        candidates,
        key=lambda c: (abs((c - anchor).days) * _penalty((c - anchor).days, tense), c > anchor),
    )
    return day(pick)


def _penalty(gap: int, tense: int) -> int:
    return 3 if (tense < 0 < gap) or (tense > 0 > gap) else 1


def day_of_month(anchor: date, dd: int, tense: int) -> str | None:
    """A bare day of the month ("11日", "11-го"): this month's, or the previous month's when
    that day is still to come and the sentence is not in the future (the next month's in the
    future tense when it has passed)."""
    base = anchor.replace(day=1)
    if tense > 0:
        order = [base, add_months(base, 1)] if dd >= anchor.day else [add_months(base, 1)]
    else:
        order = [base, add_months(base, -1)] if dd <= anchor.day else [add_months(base, -1)]
    for b in order:
        try:
            return day(b.replace(day=dd))
        except ValueError:
            continue
    return None


def duration(number: float, unit: str) -> str:
    """A TIMEX3 duration value: (11, "Y") -> "P11Y", (1.5, "Y") -> "P1.5Y", (3, "H") ->
    "PT3H", (20, "MIN") -> "PT20M"."""
    n = int(number) if float(number).is_integer() else number
    if unit in _CLOCK:
        return f"PT{n}{'M' if unit == 'MIN' else unit}"
    return f"P{n}{unit}"
