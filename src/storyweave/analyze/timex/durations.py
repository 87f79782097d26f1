"""Durations on the calendar: the length of a TIMEX3 duration in days, the interval it covers
when it ends on a given day, and the event a sentence says it measures ("held for 910 days")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from ...model import TimeExpr
from .calendar import _add_months, _day, _parse_anchor

__all__ = ["DurationEvent", "anchor_duration", "duration_days", "duration_events"]


def duration_days(value: str) -> float | None:
    """The length of a TIMEX3 duration in days (months as 30.44 days); None when vague."""
    m = _DURATION_VALUE.fullmatch(value)
    if not m or value in ("P", "PT") or value.endswith("T"):
        return None
    total = 0.0
    for unit, days in _UNIT_DAYS.items():
        if m[unit]:
            total += float(m[unit]) * days
    return total


_UNIT_DAYS = {
    "Y": 365.25, "Q": 91.31, "M": 30.44, "W": 7.0, "D": 1.0, "DE": 3652.5, "CE": 36525.0,
    "TH": 1 / 24, "TM": 1 / 1440, "TS": 1 / 86400,
}  # fmt: skip
_N = r"\d+(?:\.\d+)?"
_DURATION_VALUE = re.compile(
    rf"P(?:(?P<CE>{_N})CE|(?P<DE>{_N})DE|(?:(?P<Y>{_N})Y)?(?:(?P<Q>{_N})Q)?(?:(?P<M>{_N})M)?"
    rf"(?:(?P<W>{_N})W)?(?:(?P<D>{_N})D)?)(?:T(?:(?P<TH>{_N})H)?(?:(?P<TM>{_N})M)?(?:(?P<TS>{_N})S)?)?"
)


def anchor_duration(value: str, mod: str | None, as_of: str) -> tuple[str, str] | None:
    """The interval (start, end) a duration covers when it ends on ``as_of``: "P910D" as of
    2021-06-07 starts on 2018-12-10. Calendar units are counted on the calendar (P2Y as of
    2021-06-07 starts 2019-06-07). ``mod`` does not move the interval; it says how exact it
    is. None for vague durations (PXY) or a bad date."""
    end = _parse_anchor(as_of)
    if end is None:
        return None
    m = _DURATION_VALUE.fullmatch(value)
    whole_days = value != "P" and "." not in value and "T" not in value and "E" not in value
    if m and whole_days:  # whole years, quarters, months, weeks and days, no clock part
        y, q, mo, w, d = (int(m[k] or 0) for k in ("Y", "Q", "M", "W", "D"))
        start = _add_months(end, -(12 * y + 3 * q + mo)) - timedelta(days=7 * w + d)
        return _day(start), _day(end)
    days = duration_days(value)
    if days is None:
        return None
    return _day(end - timedelta(days=round(days))), _day(end)


@dataclass(frozen=True, slots=True)
class DurationEvent:
    """A duration and the event it measures, as its sentence says ("held for 910 days").

    ``duration`` indexes the time expression in the list given to ``duration_events``;
    ``start``/``end`` are the offsets of the event's words (the verb or noun phrase the
    duration measures); ``ongoing`` is True when the state lasts up to the time of writing
    ("have been held for 910 days"), so the duration can be anchored on the article's date."""

    duration: int
    start: int
    end: int
    text: str
    ongoing: bool


# "held for 910 days", "detained for nearly 1,000 days", "in prison for 15 years"
_BEFORE_FOR = re.compile(
    r"(?P<ev>(?:(?:have|has|had)\s+been\s+|been\s+|being\s+|were\s+|was\s+|are\s+|is\s+)?"
    r"(?:[a-z]+ed|held|kept|spent|gone|lasted|in\s+(?:prison|jail|custody|detention|office|power)"
    r"|behind\s+bars)(?:\s+\w+){0,3}?)\s+(?:for|over)\s+(?:about\s+|almost\s+)?$",
    re.I,
)
# "nearly 1,000 days of strained relations", "910 days in detention"
_AFTER_OF = re.compile(
    r"^\s+(?:of|in)\s+(?P<ev>(?:[a-z]+\s+){0,3}?(?:[a-z]+(?:ion|ment|ship|ance|ence|ity|ure|al)"
    r"|relations|talks|war|detention|custody|prison|captivity|negotiations|fighting|rule))\b",
    re.I,
)
# "spent three weeks in Washington", "has served 15 years"
_VERB_BEFORE = re.compile(
    r"(?P<ev>(?:(?:have|has|had)\s+)?(?:spent|served|lasted|took|waited|remained|stayed|"
    r"spend|serve|last|take|wait|remain|stay)(?:ed|s|ing)?)\s+(?:about\s+|almost\s+)?$",
    re.I,
)
_ONGOING = re.compile(
    r"\b(?:have|has)\s+been\b|\bbeing\b|\bare\s+still\b|\bstill\b|\bnow\b|\bsince\b", re.I
)


def duration_events(
    text: str, timexes: Sequence[TimeExpr], sentences: Sequence[tuple[int, int]]
) -> list[DurationEvent]:
    """Link each DURATION to the event its sentence says it measures.

    Three shapes are read: an event before "for" ("held for 910 days", "have been detained
    for nearly 1,000 days"), a verb of spending time right before ("spent three weeks",
    "has served 15 years") and a noun phrase after "of"/"in" ("1,000 days of strained
    relations"). Durations with none of them are left out."""
    spans = list(sentences) or [(0, len(text))]
    out = []
    for i, tx in enumerate(timexes):
        if tx.type != "DURATION":
            continue
        s0, e0 = next(((s, e) for s, e in spans if s <= tx.start < e), (0, len(text)))
        before = text[max(s0, tx.start - 80) : tx.start]
        m = _BEFORE_FOR.search(before)
        if m:
            off = tx.start - len(before)
            ev_start, ev_end = off + m.start("ev"), off + m.end("ev")
            ongoing = bool(_ONGOING.search(m.group("ev"))) or bool(
                re.search(r"\b(?:have|has)\b", text[s0 : tx.start], re.I)
            )
            out.append(DurationEvent(i, ev_start, ev_end, text[ev_start:ev_end], ongoing))
            continue
        m = _VERB_BEFORE.search(before)
        if m:
            off = tx.start - len(before)
            ev_start, ev_end = off + m.start("ev"), off + m.end("ev")
            ongoing = bool(re.match(r"(?:have|has)\b", m.group("ev"), re.I))
            out.append(DurationEvent(i, ev_start, ev_end, text[ev_start:ev_end], ongoing))
            continue
        after = text[tx.end : min(e0, tx.end + 80)]
        m = _AFTER_OF.search(after)
        if m:
            ev_start, ev_end = tx.end + m.start("ev"), tx.end + m.end("ev")
            ongoing = not re.search(r"\b(?:had|was|were|after|before)\b", text[s0 : tx.start], re.I)
            out.append(DurationEvent(i, ev_start, ev_end, text[ev_start:ev_end], ongoing))
    return out
