"""Normalizers of dates counted from the anchor or from the date under discussion:
"last week", "the following year", "yesterday", "on Wednesday", "10 a.m.", "two years ago",
"the year-ago quarter", "now".

A normalizer takes its rule's match and the tagger's context and returns (type, value, mod),
or None to decline."""

from __future__ import annotations

import re
from datetime import date, timedelta

from ...datevalue import add_months, iso_week, quarter_of
from ...datevalue import shift as shift_value
from . import words as T
from .calendar import _day, _month, _x_for
from .context import _Ctx
from .norm_dates import _norm_abs
from .numbers import _duration_value, _number, _unit_code
from .patterns import WEEKDAY
from .resolve import (
    _OR_SO,
    _QUARTER_VALUE,
    Norm,
    _duration_mod,
    _is_title,
    _key,
    _part_mod,
    _weekday_date,
)


def _norm_relperiod(m: re.Match[str], ctx: _Ctx, name: str) -> Norm | None:
    g = m.groupdict()
    part = g.get("part") or g.get("part2") or g.get("pof")
    rel = re.sub(r"\s+", " ", (g.get("rel") or g.get("rel2") or "").lower())
    unit = (g.get("unit") or g.get("unit2") or "").lower()
    mod = _part_mod(part)
    a = ctx.anchor
    before = ctx.text[max(0, m.start() - 14) : m.start()].lower()
    if _is_title(m, ctx):
        return None  # a programme or headline: ABC's "This Week"
    # "that day", "the same day", "the next morning": the date mentioned before.
    if unit in ("day", "morning", "afternoon", "evening", "night"):
        named = ctx.ref_day
        if (
            named is not None
            and rel == "the"
            and unit == "day"
            and re.fullmatch(r",\s*", ctx.text[ctx.ref_end : m.start()])
            and re.match(r"\s+(?:before|after|of|when)\b", ctx.text[m.end() : m.end() + 8])
        ):
            # "after Oct. 12, the day before the plunge": the day just named, restated.
            return "DATE", _day(named), None
        if rel in ("the", "this") and unit not in ("morning", "afternoon", "evening"):
            return None  # "the day", "the night" are too often generic
        base = ctx.ref_day
        # Only a day named shortly before can be "that day"; without one it is generic
        # ("trades made that day").
        if base is None or m.start() - ctx.ref_end > 400:
            return None
        if rel in ("the next", "the following", "next", "following"):
            base = base + timedelta(days=1)
        elif rel in ("the previous", "previous"):
            base = base - timedelta(days=1)
        elif rel == "the":
            # "Shares fell Friday. Dealers bought in the morning": that day's morning, in a
            # past account right after the day is named ("runs in the morning" is a habit).
            if not (
                before.endswith("in ")
                and m.start() - ctx.ref_end <= 200
                and ctx.tense(m.start(), m.end()) < 0
            ):
                return None
        elif rel not in ("that", "the same"):
            return None
        if unit != "day":
            return "TIME", f"{_day(base)}T{T.DAY_PARTS[unit]}", None
        return "DATE", _day(base), mod
    if unit == "period":
        if (
            rel == "the latest"
            and a is not None
            and not (ctx.ref and _QUARTER_VALUE.fullmatch(ctx.ref))
        ):
            # A report's "latest period" is its quarter: the last one before now when no
            # quarter was named ("the six months ended Oct. 1 ... in the latest period").
            y, cur = quarter_of(a)
            return "DATE", f"{y}-Q{cur - 1}" if cur > 1 else f"{y - 1}-Q4", None
        if rel in ("the same", "that", "the latest") and ctx.ref:
            return "DATE", ctx.ref, None
        return None
    # "over the past decade": a duration ending now; "in the last decade" is the decade
    # before this one.
    if rel in ("the past", "the last", "past") and unit in ("decade", "century") and not part:
        if not re.search(r"\bin\s+$", before):
            return "DURATION", _duration_value(1, unit), None
        if a is not None:
            return _rel_value(a, unit, -1, None)
    # "the following year", "the previous month": counted from the date under discussion.
    if rel in ("the following", "the next", "the previous", "following") and ctx.ref:
        n = 1 if rel != "the previous" else -1
        code = {"year": "Y", "month": "M"}.get(unit)
        # A day under discussion counts too: "On May 22, 1995, ... the following year".
        if code and re.match(r"\d{4}(?:-\d{2})?(?:-\d{2})?$", ctx.ref):
            if code == "M" and len(ctx.ref) == 4:
                return None
            shifted = shift_value(ctx.ref[:4] if code == "Y" else ctx.ref[:7], code, n)
            if shifted:
                return "DATE", shifted, mod
    if rel in ("the", "that", "the same"):
        if unit in ("week", "weekend", "month", "year") and rel in ("that", "the same"):
            if not ctx.ref:
                return None
            v = ctx.ref
            cut = {"year": 4, "month": 7}.get(unit)
            if cut and len(v) >= cut and v[:4].isdigit():
                return "DATE", v[:cut], mod
            return None
        if unit not in ("week", "weekend", "month", "year"):
            return None
        # "the year ended June 30" is a twelve-month span (TimeBank: P1Y), and so is a year
        # gone through ("throughout the year"); "for the year" is this year's account.
        if (
            rel == "the"
            and unit == "year"
            and not (part or mod)
            and (
                _ENDED.match(ctx.text, m.end())
                or re.search(r"\b(?:during|over|through|throughout)\s+$", before)
            )
        ):
            return "DURATION", "P1Y", None
        if a is None:
            return "DATE", _x_for("W" if unit.startswith("week") else unit[0].upper()), mod
        if unit == "weekend":
            return _weekend(a, 0, ctx.tense(m.start(), m.end()), mod)
        if unit == "week" and rel == "the":
            # "For the week, the index fell": TimeBank leaves the week open in the year.
            return "DATE", f"{a.year}-WXX", mod
        return _rel_value(a, unit, 0, mod)
    step = T.RELATIVE_DETERMINERS.get(rel)
    if step is None:
        return None
    n = step
    if a is None:
        return "DATE", _x_for({"week": "W", "weekend": "W", "month": "M"}.get(unit, "Y")), mod
    if part and part.lower() in ("earlier", "later") and n == 0:
        mod = "START" if part.lower() == "earlier" else "END"
    if unit == "weekend":
        return _weekend(a, n, ctx.tense(m.start(), m.end()), mod)
    return _rel_value(a, unit, n, mod)


_ENDED = re.compile(r"\s+(?:ended|ending)\b", re.I)


def _weekend(a: date, n: int, tense: int, mod: str | None) -> Norm:
    """The weekend meant by "this/the weekend" (n=0): the one just past, unless the sentence
    is in the future tense or the anchor is on a weekend; "last"/"next" move from there."""
    if n == 0:
        on_weekend = a.isoweekday() >= 6
        d = a if (on_weekend or tense > 0) else a - timedelta(weeks=1)
    elif n < 0:
        d = a - timedelta(weeks=1)
    else:
        d = a if a.isoweekday() < 6 else a + timedelta(weeks=1)
    return "DATE", iso_week(d) + "-WE", mod


def _rel_value(a: date, unit: str, n: int, mod: str | None) -> Norm | None:
    if unit == "week":
        return "DATE", iso_week(a + timedelta(weeks=n)), mod
    if unit == "weekend":
        return "DATE", iso_week(a + timedelta(weeks=n)) + "-WE", mod
    if unit == "fortnight":
        return "DATE", iso_week(a + timedelta(weeks=2 * n)), mod
    if unit == "month":
        d = add_months(a, n)
        return "DATE", _month(d.year, d.month), mod
    if unit == "year":
        return "DATE", str(a.year + n), mod
    if unit == "decade":
        return "DATE", str(a.year // 10 + n)[:3], mod
    if unit == "century":
        return "DATE", f"{a.year // 100 + n:02d}", mod
    return None


_MONTHS_SPAN = re.compile(r"\b(?:six|nine|\d{1,2})[- ]months?\b|\bthe\s+year\b", re.I)


def _months_compared(ctx: _Ctx, pos: int) -> bool:
    """Whether the sentence compares a run of months, not the quarter: "For the nine months,
    net rose ... from a year earlier" compares with the year before, not its quarter."""
    s, _ = ctx.sentence_of(pos)
    return bool(_MONTHS_SPAN.search(ctx.text, s, pos))


def _norm_yearish(m: re.Match[str], ctx: _Ctx, name: str) -> Norm | None:
    t = m.group().lower()
    a = ctx.anchor
    if "end" in t:
        if a is None:
            return "DATE", "XXXX", "END"
        if t.startswith("the month") or "month-end" in t:
            return "DATE", _month(a.year, a.month), "END"
        if t == "year-end":
            # "by year-end" is the last day of this year, "since year-end" of the last one
            # (TimeBank writes the day for the hyphenated word, the year for "year end").
            back = re.search(r"\b(?:since|from)\s+$", ctx.text[max(0, m.start() - 8) : m.start()])
            return "DATE", f"{a.year - 1 if back else a.year}-12-31", None
        return "DATE", str(a.year), "END"
    # "year-ago", "year-earlier": a year before the period under discussion.
    if ctx.ref and re.fullmatch(r"\d{4}-Q[1-4]", ctx.ref):
        if _months_compared(ctx, m.start()):
            return "DATE", str(int(ctx.ref[:4]) - 1), None
        return "DATE", shift_value(ctx.ref, "Y", -1) or ctx.ref, None
    if a is None:
        return "DATE", "XXXX", None
    if re.search(r"\b(?:period|quarter)\b", t):
        # "the year-ago quarter" with no quarter named: the last one reported, a year back.
        y, q = quarter_of(a)
        y, q = (y, q - 1) if q > 1 else (y - 1, 4)
        return "DATE", f"{y - 1}-Q{q}", None
    return "DATE", str(a.year - 1), None


_NOUN_OF = re.compile(r"([A-Za-z]+)\s+of\s+$")
_GENERIC_TODAY = re.compile(r"['’]s\s+([A-Za-z]+)(?:\s+([A-Za-z]+))?")


def _norm_dayref(m: re.Match[str], ctx: _Ctx, name: str) -> Norm | None:
    g = m.groupdict()
    if (
        _is_title(m, ctx)
        and ctx.text[m.end() : m.end() + 1] in (".", "")
        and m.group()[0].isupper()
    ):
        return None  # "This is VOA Today.": a programme's name
    w = re.sub(r"\s+", " ", g["w"].lower())
    if w in ("today", "tomorrow"):
        after = _GENERIC_TODAY.match(ctx.text, m.end())
        if after and T.GENERIC_TODAY_NOUNS & {w.lower() for w in after.groups() if w}:
            return None  # "today's youth": nowadays, not the day
        owner = _NOUN_OF.search(ctx.text, max(0, m.start() - 24), m.start())
        if owner and owner.group(1).lower() in T.GENERIC_TODAY_NOUNS:
            return None  # "the people of tomorrow": an era, not a day
    off = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1,
           "the day before yesterday": -2, "the day after tomorrow": 2}[w]  # fmt: skip
    dp = (g.get("dp") or "").lower()
    if ctx.anchor is None:
        v = "XXXX-XX-XX"
    else:
        v = _day(ctx.anchor + timedelta(days=off))
    if dp:
        return "TIME", f"{v}T{T.DAY_PARTS[dp]}", None
    if w == "tonight":
        return "DATE", v, None
    return "DATE", v, _part_mod(g.get("part"))


def _norm_daypart(m: re.Match[str], ctx: _Ctx, name: str) -> Norm | None:
    g = m.groupdict()
    rel = g["rel"].lower()
    dp = g["dp"].lower()
    off = -1 if ("last" in rel or rel == "yesterday") else 1 if rel == "tomorrow" else 0
    if rel == "last" and dp != "night":
        return None  # "last evening" is rare; "last morning" is not an expression
    v = "XXXX-XX-XX" if ctx.anchor is None else _day(ctx.anchor + timedelta(days=off))
    return "TIME", f"{v}T{T.DAY_PARTS[dp]}", None


def _norm_midpart(m: re.Match[str], ctx: _Ctx, name: str) -> Norm | None:
    """ "mid-afternoon yesterday", "by mid morning": that part of the day (today without a
    day named)."""
    day = _day_of(m.group("wd"), ctx, m.start(), m.end()) or "XXXX-XX-XX"
    return "TIME", f"{day}T{T.DAY_PARTS[m.group('dp').lower()]}", None


def _norm_weekday(m: re.Match[str], ctx: _Ctx, name: str) -> Norm | None:
    g = m.groupdict()
    wd = T.WEEKDAYS[_key(g["wd"])]
    if g.get("pl"):
        return "SET", f"XXXX-WXX-{wd}", None
    rel = re.sub(r"\s+", " ", (g.get("rel") or "").lower())
    mod = _part_mod(g.get("part"))
    if rel == "that":
        return None
    # "Friday night" keeps the day's value: the TIMEX3 guideline writes "1998-08-07TNI", but
    # TimeBank/AQUAINT more often give the day alone (or tag "Friday" without "night"), and
    # the timeline sorts days; "evening" is the exception (below).
    if ctx.anchor is None:
        return "DATE", f"XXXX-WXX-{wd}", mod
    tense = ctx.tense(m.start(), m.end())
    if not rel and _POSSESSIVE.match(ctx.text, m.end()):
        # "Wednesday's ruling", "Friday's close": news names a day's event by its day once
        # it has happened; a coming one is announced ("ahead of Sunday's vote").
        before = ctx.text[max(0, m.start() - 16) : m.start()]
        tense = 1 if _AHEAD.search(before) else -1
    base = ctx.anchor
    if rel in ("the previous", "the following", "the next") and ctx.ref_day is not None:
        # "down from the previous Friday": counted from the day under discussion.
        base = ctx.ref_day
    d = _weekday_date(base, wd, rel, tense)
    if (g.get("dp") or "").lower() == "evening":
        # TimeBank writes "Friday evening" with its part of day (...TEV), while "Friday
        # night" and "Friday morning" mostly keep the day alone.
        return "TIME", f"{_day(d)}TEV", mod
    return "DATE", _day(d), mod


_POSSESSIVE = re.compile(r"['’]s\b")
_AHEAD = re.compile(r"\b(?:ahead\s+of|until|awaiting|await|upcoming)\s+$", re.I)


def _day_of(word: str | None, ctx: _Ctx, start: int, end: int) -> str | None:
    if ctx.anchor is None:
        return None
    if not word:
        return _day(ctx.anchor)
    w = _key(word)
    if w in ("today", "yesterday", "tomorrow"):
        return _day(ctx.anchor + timedelta(days={"today": 0, "yesterday": -1, "tomorrow": 1}[w]))
    return _day(_weekday_date(ctx.anchor, T.WEEKDAYS[w], "", ctx.tense(start, end)))


_PAREN_DAY = re.compile(
    rf"\s*\([^()]{{1,24}}\)\s*,?\s*(?:on\s+)?({WEEKDAY}|(?i:today|yesterday|tomorrow))\b"
    # "12:30 p.m. local time on Monday", "14:05 GMT on Sunday": the day named right after.
    rf"|\s*,?\s+(?:(?i:local\s+time)\s*,?\s*)?(?:(?i:on)\s+)?({WEEKDAY}|(?i:today|yesterday|tomorrow))\b"
)


def _norm_clock(m: re.Match[str], ctx: _Ctx, name: str) -> Norm | None:
    g = m.groupdict()
    if g.get("mon"):
        r = _norm_abs(m, ctx, "mdy")
        day = r[1] if r else "XXXX-XX-XX"
    else:
        wd = g.get("wd")
        if not wd:
            # "10:35 a.m. (0735 GMT) Friday": the day after a parenthesis is the time's day.
            later = _PAREN_DAY.match(ctx.text, m.end())
            wd = (later.group(1) or later.group(2)) if later else None
        day = _day_of(wd, ctx, m.start(), m.end()) or "XXXX-XX-XX"
    if name == "clockword":
        w = g["w"].lower()
        if re.search(r"\bhigh\s+$", ctx.text[max(0, m.start() - 6) : m.start()], re.I):
            return None  # "high noon": the idiom
        hhmm = "24:00" if w == "midnight" else "12:00"
        return "TIME", f"{day}T{hhmm}", None
    h = int(g["h"])
    if h > 12:
        return None
    pm = g["ap"].lower().startswith("p")
    h = (h % 12) + (12 if pm else 0)
    return "TIME", f"{day}T{h:02d}:{g.get('mi') or '00'}", None


_CLOCK24_BEFORE = re.compile(
    r"(?:\b(?i:at|by|until|till|from|around|about|before|after|since)|(?i:at):|\d{4}-\d\d-\d\d)\s*$"
)


def _norm_clock24(m: re.Match[str], ctx: _Ctx, name: str) -> Norm | None:
    """A 24-hour clock reading, on the anchor's day or the day named after it."""
    g = m.groupdict()
    if not g.get("tz") and not _CLOCK24_BEFORE.search(ctx.text, max(0, m.start() - 12), m.start()):
        return None
    h, mi = int(g["h"]), g["mi"]
    later = _PAREN_DAY.match(ctx.text, m.end())
    wd = (later.group(1) or later.group(2)) if later else None
    day = _day_of(wd, ctx, m.start(), m.end()) or "XXXX-XX-XX"
    return "TIME", f"{day}T{h:02d}:{mi}", None


def _norm_ago(m: re.Match[str], ctx: _Ctx, name: str) -> Norm | None:
    g = m.groupdict()
    d = g["dir"].lower()
    num = _number(g["num"])
    code, clock = _unit_code(g["unit"])
    mod = _duration_mod(m)
    if _OR_SO.search(m.group()):
        mod = mod or "APPROX"  # "a week or so ago"
    if d in ("before", "after", "since"):
        return None  # "nine days after the arrest": the duration alone is the expression
    if clock or (d in ("later", "earlier") and code in ("D", "W")):
        # "three days later": TimeML tags the duration and leaves "later" as its signal;
        # only year- and month-sized shifts ("a year earlier") are annotated as dates.
        return None
    if num is None or g.get("half"):
        # "a few years ago": a past reference of that unit.
        if d in ("ago", "earlier", "previously"):
            return "DATE", "PAST_REF", mod
        return "DATE", "FUTURE_REF", mod
    n = int(num) * (-1 if d in ("ago", "earlier", "previously") else 1)
    # "ago" counts from the anchor; "earlier"/"later" from the date under discussion.
    base_ref = ctx.ref if d in ("earlier", "later", "previously") else None
    if code == "Y" and ctx.ref and re.fullmatch(r"\d{4}-Q[1-4]", ctx.ref):
        if n == -1 and _months_compared(ctx, m.start()):
            return "DATE", str(int(ctx.ref[:4]) - 1), mod
        return "DATE", shift_value(ctx.ref, "Y", n) or ctx.ref, mod
    a = ctx.anchor
    if d in ("earlier", "later") and ctx.ref_day is not None and code in ("D", "W"):
        a = ctx.ref_day
    elif base_ref and code in ("Y", "M") and re.fullmatch(r"\d{4}(?:-\d{2})?", base_ref):
        shifted = shift_value(base_ref, code, n)
        if shifted and (code == "M" or len(base_ref) == 4):
            return "DATE", shifted, mod
    if a is None:
        return "DATE", _x_for(code), mod
    if code == "D":
        return "DATE", _day(a + timedelta(days=n)), mod
    if code == "W":
        return "DATE", iso_week(a + timedelta(weeks=n)), mod
    if code == "F":
        return "DATE", iso_week(a + timedelta(weeks=2 * n)), mod
    if code == "M":
        dd = add_months(a, n)
        return "DATE", _month(dd.year, dd.month), mod
    if code == "Q":
        dd = add_months(a, 3 * n)
        y, q = quarter_of(dd)
        return "DATE", f"{y}-Q{q}", mod
    if code == "Y":
        return "DATE", str(a.year + n), mod
    if code == "DE":
        return "DATE", str(a.year + 10 * n)[:3], mod
    if code == "CE":
        return "DATE", f"{(a.year + 100 * n) // 100:02d}", mod
    return None


_IS_BEFORE = re.compile(r"(?:\bis|['’]s)\s+$", re.I)


def _norm_nth_day(m: re.Match[str], ctx: _Ctx, name: str) -> Norm | None:
    """ "Today is the eighth day of the strike", "it's the second day of talks": the day of
    writing; elsewhere an ordinal day is rarely datable."""
    if ctx.anchor is None or not _IS_BEFORE.search(ctx.text, max(0, m.start() - 6), m.start()):
        return None
    return "DATE", _day(ctx.anchor), None


def _norm_ref(m: re.Match[str], ctx: _Ctx, name: str) -> Norm | None:
    w = re.sub(r"\s+", " ", m.group("w").lower())
    w = re.sub(r"^the (?:near|distant) (?=future)", "the ", w)  # "the near future"
    if w.endswith(" date"):
        return "DATE", "FUTURE_REF", None  # "at a later date"
    if w.startswith("this") and w.endswith("moment"):
        return "DATE", "PRESENT_REF", None  # "at this (crucial) moment"
    if w.endswith("while"):
        return "DURATION", "PXX", None  # "for a while": a stretch of unknown length
    after = ctx.text[m.end() : m.end() + 24].lower()
    if w in ("now", "currently") and after.startswith(","):
        # "Now, he says, ...", "Currently, the firm has ...": a discourse marker when it
        # opens the sentence with a comma (TimeBank leaves it untagged).
        s0, _ = ctx.sentence_of(m.start())
        if not ctx.text[s0 : m.start()].strip(" \t\n\"'`“"):
            return None
    if w == "the future" and (
        re.match(r"\s+of\b", after)
        or re.search(r"\bto\s+$", ctx.text[max(0, m.start() - 4) : m.start()])
    ):
        return None  # "the future of the firm", "a threat to the future": the fate, not a time
    if w.startswith("then"):
        return "DATE", "PAST_REF", None  # "the then-current price": current back then
    if w in ("current", "recent", "future"):
        # Adjectives: only before a noun that is not a period ("current quarter" is another
        # rule); not "future" as in "future generations" at the start of a noun phrase.
        if re.match(r"\s+(?:and|or)\b", after):
            return None
        if w == "future" and not re.search(
            r"\b(?:the|in|near|distant)\s+$", ctx.text[max(0, m.start() - 10) : m.start()].lower()
        ):
            return None
        if w == "current" and re.match(r"\s+(?:account|affairs|events|situation)\b", after):
            return None
    if w == "soon":
        # "soon" is a coming time only in a sentence that looks ahead: "was soon released"
        # and "soon after the vote" are narrative, "as soon as she lands" a clause.
        before = ctx.text[max(0, m.start() - 4) : m.start()].lower()
        if re.match(r"\s+(?:after|afterwards?|before|as|enough|thereafter)\b", after):
            return None
        if before.endswith("as ") or ctx.tense(m.start(), m.end()) < 0:
            return None
    if w == "recently" and _PERFECT_AUX.search(ctx.text, max(0, m.start() - 8), m.start()):
        # "have recently moved": inside a perfect it only says the perfect is recent, and
        # TimeBank leaves it untagged there.
        return None
    if m.group("more") and (w != "recently" or _DATED_AFTER.match(ctx.text, m.end())):
        # "more recently" is one expression; in "most recently last October" the date
        # after it is the expression.
        return None
    return "DATE", T.REFERENCE_WORDS[w], None


_PERFECT_AUX = re.compile(r"\b(?i:have|has|had|haven't|hasn't|hadn't)\s+$")
_DATED_AFTER = re.compile(r"\s+(?:last|this|in|on|during|at)\b", re.I)
