"""The tagger: runs every rule over a text, settles overlapping matches longest first and
normalizes the survivors in text order (see the package's docstring)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from ... import datevalue
from ...datevalue import quarter_of
from ...datevalue import shift as shift_value
from ...model import TimeExpr
from .calendar import _day, _parse_anchor
from .coarse import merge_readings
from .context import _Ctx
from .numbers import _duration_value, _number
from .patterns import _DIGITS, _NUMWORD
from .resolve import _QUARTER_VALUE
from .rules import RULES
from .tense import split_sentences

__all__ = ["tag", "tenses"]

_BY_NAME = {rule.name: rule for rule in RULES}
_HEAD_RX = {rule.name: re.compile(rule.head) for rule in RULES}
_BEFORE, _AFTER = 72, 64  # longest reach of a rule's words before and after its head
_SPACE = re.compile(r"\s")


def _windows(text: str, heads: re.Pattern[str]) -> list[tuple[int, int]]:
    """Merged spans around each head match, ending on whitespace so that the rules'
    look-aheads see the true next character."""
    out: list[tuple[int, int]] = []
    n = len(text)
    for m in heads.finditer(text):
        s = max(0, m.start() - _BEFORE)
        e = min(n, m.end() + _AFTER)
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    fixed = []
    for s, e in out:
        if e < n:
            sp = _SPACE.search(text, e)
            e = sp.start() if sp else n
        fixed.append((s, e))
    return fixed


_SPECIFIC = re.compile(r"\d{4}(?:-(?:\d{2}(?:-\d{2})?|Q[1-4]|H[12]|W\d{2}|SP|SU|FA|WI))?")


def _candidates(text: str) -> list[tuple[int, int, int, str, re.Match[str]]]:
    """Every match of every rule: (start, end, priority, rule name, match)."""
    found = []
    spans: dict[str, list[tuple[int, int]]] = {}
    for priority, rule in enumerate(RULES):
        if rule.head not in spans:
            spans[rule.head] = _windows(text, _HEAD_RX[rule.name])
        seen = -1
        for s, e in spans[rule.head]:
            for m in rule.pattern.finditer(text, s, e):
                # Windows that touch can yield one match twice.
                if m.end() > m.start() and m.start() > seen:
                    found.append((m.start(), m.end(), priority, rule.name, m))
                    seen = m.start()
    return found


def _select(
    found: list[tuple[int, int, int, str, re.Match[str]]],
) -> list[tuple[int, int, int, str, re.Match[str]]]:
    """Non-overlapping matches, longest first (earlier rules win ties)."""
    found.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    taken: list[tuple[int, int]] = []
    chosen = []
    for c in found:
        s, e = c[0], c[1]
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        chosen.append(c)
    chosen.sort(key=lambda c: c[0])
    return chosen


def tag(
    text: str,
    anchor: str | None,
    *,
    sentences: Sequence[tuple[int, int]] | None = None,
    anchor_inferred: bool = False,
) -> list[TimeExpr]:
    """Time expressions in ``text`` with TIMEX3 type, value and modifier.

    ``anchor`` is the publication date: a day (YYYY-MM-DD), or a month or year when it is
    known only so precisely (see ``coarse``); without it relative expressions keep X's in
    their values ("XXXX-02"). ``sentences`` (character spans) guide tense; without them a
    simple splitter is used."""
    spans = list(sentences) if sentences else split_sentences(text)
    if not spans:
        spans = [(0, len(text))]
    period = datevalue.period(anchor) if anchor else None
    if anchor and period is not None and period.precision != "day":
        first, last = period.first, period.last
        days = [first, first + (last - first) // 2, last]
        readings = [_tag(text, d.isoformat(), spans, anchor_inferred) for d in days]
        return merge_readings(anchor, readings, _tag(text, None, spans, anchor_inferred))
    return _tag(text, anchor, spans, anchor_inferred)


def _tag(
    text: str, anchor: str | None, spans: list[tuple[int, int]], anchor_inferred: bool
) -> list[TimeExpr]:
    a = _parse_anchor(anchor)
    ctx = _Ctx(text=text, anchor=a, sentences=spans)
    out: list[TimeExpr] = []
    # Several rules can match one span; when the longest one declines, try the next.
    found = _candidates(text)
    by_span: dict[tuple[int, int], list[tuple[int, str, re.Match[str]]]] = {}
    for s, e, p, name, m in found:
        by_span.setdefault((s, e), []).append((p, name, m))
    pending = _select(found)
    while pending:
        s, e, _, name, m = pending.pop(0)
        norm = None
        for _p, nm, mm in sorted(by_span.get((s, e), [(0, name, m)]), key=lambda x: x[0]):
            norm = _BY_NAME[nm].normalize(mm, ctx, nm)
            if norm is not None:
                break
        if norm is None:
            # Let shorter matches inside this span compete again.
            inner = [c for c in found if s <= c[0] and c[1] <= e and (c[0], c[1]) != (s, e)]
            if inner:
                later = [c for c in pending]
                pending = _select(inner + later)
                found = [c for c in found if (c[0], c[1]) != (s, e)]
            continue
        typ, value, mod = norm
        rel = anchor if (a is not None and _BY_NAME[name].relative(m)) else None
        ts = s
        if nm == "duration" and (mm.group("mod") or "").lower() in _MOD_OUTSIDE:
            # TimeBank leaves "about"/"almost" outside a duration ("about [five hours]"),
            # though inside "about two years ago"; the modifier is kept.
            ts = mm.start("det") if mm.group("det") else mm.start("num")
        around = _AROUND.search(text, max(0, s - 8), s) if typ in ("DATE", "TIME") else None
        if around and value[:1].isdigit():
            ts, mod = around.start(), mod or "APPROX"  # "around Nov. 1": TimeBank's extent
        next_to = _DAY_NEXT_TO.search(text, max(0, s - 24), s) if typ == "DATE" else None
        if next_to and _DAY_VALUE.fullmatch(value):
            # "the day before last Tuesday('s hearing)": one day off the date named.
            step = -1 if next_to.group(1).lower() == "before" else 1
            value = _day(date.fromisoformat(value) + timedelta(days=step))
            ts = next_to.start()
            while out and out[-1].end > ts:
                out.pop()  # a "the day" tagged on its own is part of this one
        low = (
            _RANGE_LOW.search(text, max(0, ts - 24), ts)
            if name == "duration" and typ == "DURATION" and not (mm.group("det") or mm.group("mod"))
            else None
        )
        if low and (not out or out[-1].end <= low.start(1)) and _number(low.group(1)) is not None:
            # "between two to six days": TimeBank tags the lower bound with the shared unit.
            lv = _duration_value(_number(low.group(1)), mm.group("unit"))
            out.append(TimeExpr(low.start(1), low.end(1), low.group(1), "DURATION", lv, None))
        found_here = TimeExpr(
            ts, e, text[ts:e], typ, value, mod, rel, anchor_inferred and rel is not None
        )
        out.append(found_here)
        out += _followers(text, s, name, found_here)
        if _moves_ref(ctx, s, name, m, typ, value):
            ctx.ref = value if typ == "DATE" else value[:10]
            ctx.ref_end = e
            ctx.ref_day = None
            if _DAY_VALUE.match(value):
                ctx.ref_day = date.fromisoformat(value[:10])
    return out


def _followers(text: str, s: int, name: str, t: TimeExpr) -> list[TimeExpr]:
    """Expressions that stand for more of ``t`` right after it: "on April 24 and 25" (the
    second day shares the month), "this year as last" ("last" is last year)."""
    out = []
    e = t.end
    also = _AND_DAY.match(text, e) if name == "mdy" and _DAY_VALUE.fullmatch(t.value) else None
    if also and int(t.value[8:]) < int(also.group(1)) <= 31:
        try:
            second = _day(date.fromisoformat(t.value).replace(day=int(also.group(1))))
        except ValueError:
            second = None
        if second:
            out.append(replace(t, start=also.start(1), end=also.end(1), text=also.group(1),
                               value=second))  # fmt: skip
    ellipsis = _ELLIPTIC_LAST.match(text, e) if t.type == "DATE" else None
    if ellipsis and re.fullmatch(r"(?i)this\s+(?:year|month)", text[s:e]):
        prev = shift_value(t.value, "Y" if "year" in text[s:e].lower() else "M", -1)
        if prev:
            out.append(replace(t, start=ellipsis.start(1), end=ellipsis.end(1), text="last",
                               value=prev, mod=None))  # fmt: skip
    return out


def _moves_ref(ctx: _Ctx, s: int, name: str, m: re.Match[str], typ: str, value: str) -> bool:
    """Whether a found date becomes the one under discussion. Dates counted from it ("a year
    earlier"), forecasts, period ends and quarters in passing do not move it."""
    text = ctx.text
    return bool(
        typ in ("DATE", "TIME")
        and _SPECIFIC.match(value)
        and "X" not in value
        and name not in _FROM_REF
        and not _YEAR_BACK.search(m.group())
        and not _forecast_quarter(value, ctx.anchor)
        and not _period_end(ctx, s)
        and not (
            _QUARTER_VALUE.fullmatch(value)
            and "-quarter" not in m.group().lower()
            and _INDEFINITE.search(text, max(0, s - 16), s)
        )
    )


_FROM_REF = frozenset({"ago", "yearish"})
_MOD_OUTSIDE = frozenset({"about", "almost"})
_AROUND = re.compile(r"\b(?i:around)\s+$")
_DAY_NEXT_TO = re.compile(r"\b(?i:day\s+(before|after))\s+$")
_DAY_VALUE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ELLIPTIC_LAST = re.compile(r"\s+(?:as|than)\s+(last)(?=\s*[.,;:)]|\s*$)", re.I)
_RANGE_LOW = re.compile(
    rf"(?<!next\s)(?<!last\s)(?<!past\s)(?<!first\s)(?<![\w.,$-])({_DIGITS}|{_NUMWORD})\s+to\s+$",
    re.I,
)
_AND_DAY = re.compile(
    r"\s+(?:and|or|through)\s+(\d{1,2})"
    r"(?=\s*[.,;:)](?:\s|$)|\s*$|\s+(?:in|at|on|during|when|while|because)\b)"
)
_ENDED_BEFORE = re.compile(r",?\s+(?:ended|ending|that\s+ended|to|through)\s+", re.I)


def _period_end(ctx: _Ctx, start: int) -> bool:
    """Whether the date at ``start`` closes the quarter just named ("the quarter ended Sept.
    30"): the period under discussion stays the quarter."""
    return bool(
        ctx.ref
        and _QUARTER_VALUE.fullmatch(ctx.ref)
        and 0 <= start - ctx.ref_end <= 20
        # only the words between them: "... fourth quarter and through 1990" is another period
        and _ENDED_BEFORE.fullmatch(ctx.text, ctx.ref_end, start)
    )


# "After a flat second quarter, ...": a quarter in passing, not the one the report is about.
_INDEFINITE = re.compile(r"\ban?\s+(?:[a-z]+\s+)?$", re.I)


def _forecast_quarter(value: str, anchor: date | None) -> bool:
    """A quarter still to come ("losses through the third quarter of next year") is a
    forecast, not the period a report is about: "the year-ago period" does not count from it."""
    m = re.fullmatch(r"(\d{4})-Q([1-4])", value)
    return bool(m and anchor and (int(m[1]), int(m[2])) > quarter_of(anchor))


_YEAR_BACK = re.compile(r"year-(?:ago|earlier)", re.I)


def tenses(
    text: str, timexes: Sequence[TimeExpr], sentences: Sequence[tuple[int, int]] | None = None
) -> list[int]:
    """The tense around each expression: +1 future, -1 past, 0 unknown (the cue the tagger
    uses to pick "on Wednesday" before or after the anchor)."""
    spans = list(sentences) if sentences else split_sentences(text)
    ctx = _Ctx(text=text, anchor=None, sentences=spans or [(0, len(text))])
    return [ctx.tense(t.start, t.end) for t in timexes]
