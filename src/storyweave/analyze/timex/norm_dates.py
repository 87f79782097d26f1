"""Normalizers of dates named on the calendar: full dates, months, years, decades,
centuries, quarters, halves, seasons and holidays ("June 7", "the 1990s", "last spring").

A normalizer takes its rule's match and the tagger's context and returns (type, value, mod),
or None to decline (another rule matching the same span may then try)."""

from __future__ import annotations

import re
from datetime import date

from ...datevalue import iso_week, quarter_of
from . import words as T
from .calendar import _day, _holiday, _month
from .context import _Ctx
from .patterns import _STREET_AFTER, _YEAR_PREP, MONTH
from .resolve import (
    _QUARTER_VALUE,
    Norm,
    _duration_mod,
    _key,
    _month_num,
    _part_mod,
    _pick_year,
    _quarter_year,
    _season_year,
    _spelled_year,
    _year_of_ref,
)


def _norm_abs(m: re.Match[str], ctx: _Ctx, name: str) -> Norm | None:
    g = m.groupdict()
    if name == "iso":
        y, mo, d = int(g["y"]), int(g["m"]), int(g["d"])
        try:
            dd = date(y, mo, d)
        except ValueError:
            return None
        if g.get("hh"):
            return "TIME", f"{_day(dd)}T{g['hh']}:{g['mm']}", None
        return "DATE", _day(dd), None
    if name in ("slash", "dotted"):
        if name == "slash":
            a, b = int(g["a"]), int(g["b"])
            mo, d = (a, b) if a <= 12 else (b, a)
        else:
            d, mo = int(g["d"]), int(g["m"])
        y = int(g["y"])
        if y < 100:
            y += 1900 if y > 30 else 2000
        try:
            return "DATE", _day(date(y, mo, d)), None
        except ValueError:
            return None
    # month-day (+ year)
    mo = _month_num(g["mon"])
    dm = re.match(r"\d+", g["d"])
    d = int(dm.group()) if dm else T.DAY_WORDS[g["d"].lower()]
    yr: int | None
    if g.get("y"):
        yr = _year_of_ref(g["y"], ctx.anchor)
    elif g.get("wd") and ctx.anchor is not None:
        # "Monday, Oct. 26": the year in which that day is that weekday, nearest the anchor.
        wd = T.WEEKDAYS[_key(g["wd"])]
        yr = _pick_year(ctx.anchor, mo, d, ctx.tense(m.start(), m.end()))
        for cand in (yr, yr - 1, yr + 1):
            try:
                if date(cand, mo, d).isoweekday() == wd:
                    yr = cand
                    break
            except ValueError:
                continue
    elif ctx.anchor is not None:
        yr = _pick_year(ctx.anchor, mo, d, ctx.tense(m.start(), m.end()))
    else:
        yr = None
    if yr is None:
        return "DATE", f"XXXX-{mo:02d}-{d:02d}", None
    try:
        return "DATE", _day(date(yr, mo, d)), None
    except ValueError:
        return None


_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|annual|yearly)\s*[`'\"“]*$", re.I)


def _norm_month(m: re.Match[str], ctx: _Ctx, name: str) -> Norm | None:
    g = m.groupdict()
    mon = g["mon"]
    mo = _month_num(mon)
    mod = _part_mod(g.get("part"))
    if name == "monthyear":
        y = _year_of_ref(g["y"], ctx.anchor)
    else:
        # "the March for Life", "the March of the Mothers": a procession, not the month
        # ("in March for health reasons" is the month).
        if (
            mon == "March"
            and re.match(r"\s+(?:for|of\s+the)\b", ctx.text[m.end() : m.end() + 8])
            and _DETERMINER_BEFORE.search(ctx.text[max(0, m.start() - 12) : m.start()])
        ):
            return None
        # A capitalized "May" at the start of a sentence is as likely the verb.
        if mon in ("May", "MAY") and not g.get("rel") and not g.get("part"):
            s, _ = ctx.sentence_of(m.start())
            if ctx.text[s : m.start()].strip() == "":
                return None
        if ctx.anchor is None:
            y = None
        else:
            rel = re.sub(r"\s+", " ", (g.get("rel") or "").lower()).strip()
            a = ctx.anchor
            if rel == "last":
                # The month just gone would be "last month": "last February" said in March
                # is a year back.
                y = a.year if mo < a.month - 1 else a.year - 1
            elif rel in ("past", "this past"):
                y = a.year if mo < a.month else a.year - 1
            elif rel in ("next", "coming", "this coming"):
                y = a.year if mo > a.month else a.year + 1
            elif rel == "this":
                y = a.year
            else:
                y = _pick_year(a, mo, None, ctx.tense(m.start(), m.end()))
    return "DATE", _month(y, mo) if y is not None else f"XXXX-{mo:02d}", mod


def _norm_year(m: re.Match[str], ctx: _Ctx, name: str) -> Norm | None:
    g = m.groupdict()
    if name == "spelled_year":
        sy = _spelled_year(m.group().lower().replace("the year", ""))
        return ("DATE", str(sy), None) if sy is not None else None
    if name == "year_period":
        # "the 1988 period" in a quarterly report: that year's quarter under discussion.
        if ctx.ref and _QUARTER_VALUE.fullmatch(ctx.ref):
            return "DATE", f"{g['y']}{ctx.ref[4:]}", None
        return "DATE", g["y"], None
    y = int(g["y"])
    if not g.get("pre") and not g.get("part") and not 1800 <= y <= 2099:
        # Older bare numbers are years only after a preposition ("in 1066").
        before = ctx.text[max(0, m.start() - 8) : m.start()].lower()
        if not re.search(r"\b(?:in|since|from|of|by|until|to|year)\s+$", before):
            return None
    if not g.get("pre") and not g.get("part"):
        before = ctx.text[max(0, m.start() - 12) : m.start()]
        # Money, scores and quantities: "$2000", "No. 1999", "1,2000".
        if re.search(r"(?:[$#€£]|No\.|\bnumber|\broute|\bflight|\bpage|\brank)\s*$", before, re.I):
            return None
        if _STREET_AFTER.match(ctx.text, m.end()) and not _YEAR_PREP.search(before):
            return None  # a house number: "arrested at 2317 Orme Street"
    part = g.get("part") or ""
    if g.get("pp"):
        # "post-1959 politics": the years after it (TimeBank gives the year).
        return "DATE", str(y), "AFTER" if g["pp"].lower() == "post" else "BEFORE"
    return "DATE", str(y), _part_mod(part) if part.lower() != "the year" else None


def _norm_decade(m: re.Match[str], ctx: _Ctx, name: str) -> Norm | None:
    g = m.groupdict()
    if name == "decade_word":
        # "the nineties" is the 1990s; "in his sixties" (no article) is an age.
        return "DATE", f"19{T.DECADE_WORDS[g['w'].lower()]}", _part_mod(g.get("part"))
    dec = g["dec"]
    if dec.startswith("'"):
        d = int(dec[1:])
        dec = f"{1900 + d if d > 20 else 2000 + d}"
    return "DATE", dec[:3], _part_mod(g.get("part"))


def _norm_century(m: re.Match[str], ctx: _Ctx, name: str) -> Norm | None:
    g = m.groupdict()
    mod = _part_mod(g.get("part"))
    if g.get("ord"):
        o = g["ord"].lower()
        words = {
            "twentieth": 20,
            "twenty-first": 21,
            "nineteenth": 19,
            "eleventh": 11,
            "twelfth": 12,
        }
        n = words.get(o) or T.ORDINALS.get(o) or int(re.match(r"\d+", o).group())  # type: ignore[union-attr]
        return "DATE", f"{n - 1:02d}", mod
    if ctx.anchor is None:
        return "DATE", "XX", mod
    rel = g["rel"].lower()
    c = ctx.anchor.year // 100
    c += -1 if "last" in rel or "past" in rel else 1 if "next" in rel else 0
    return "DATE", f"{c:02d}", mod


def _norm_quarter(m: re.Match[str], ctx: _Ctx, name: str) -> Norm | None:
    g = m.groupdict()
    if name == "qshort":
        qn = int(g["q"][1])
        if g.get("y"):
            return "DATE", f"{g['y']}-Q{qn}", None
        if ctx.anchor is None:
            return "DATE", f"XXXX-Q{qn}", None
        return "DATE", f"{_quarter_year(ctx.anchor, qn, ctx.tense(m.start(), m.end()))}-Q{qn}", None
    pre = (g.get("pre") or "").lower()
    post = (g.get("post") or "").lower()
    words = re.split(r"[\s-]+", pre.strip())
    if pre.strip() in ("", "a") and not post:
        return None
    if (
        words == ["a"]
        or (len(words) == 1 and words[0] in ("first", "second", "third", "fourth"))
        and not m.group().lower().endswith("quarter")
    ):
        return None
    q: int | None = next(
        (T.ORDINALS[w] for w in words if w in T.ORDINALS and T.ORDINALS[w] <= 4), None
    )
    if any(w in ("last", "final") for w in words) and q is None and "year's" not in pre:
        q = None
    yref = re.search(r"(\d{4})|(this|last|next) year|the year", post) or re.search(
        r"(\d{4})|(this|last|next) year's", pre
    )
    a = ctx.anchor
    year: int | None = None
    if yref:
        year = _year_of_ref(yref.group().replace("'s", "").replace("of", "").strip(), a)
    if a is None and year is None:
        return "DATE", f"XXXX-Q{q}" if q else "XXXX-QX", None
    back = 1 if ("year-ago" in pre or "year-earlier" in pre or "a year" in post) else 0
    if words == ["that"]:
        # "that quarter": the one under discussion.
        if ctx.ref and re.fullmatch(r"\d{4}-Q[1-4]", ctx.ref):
            return "DATE", ctx.ref, None
        return None
    if q is None:
        if a is None:
            return "DATE", f"{year}-QX", None
        y, cur = quarter_of(a)
        if (
            words == ["this"]
            and ctx.ref
            and _QUARTER_VALUE.fullmatch(ctx.ref)
            and ctx.ref < f"{y}-Q{cur}"
            and m.start() - ctx.ref_end < 300
            and ctx.tense(m.start(), m.end()) <= 0
        ):
            # "... for the third quarter ended Sept. 30. This quarter's loss includes":
            # the quarter the report is about, not the one running now.
            return "DATE", ctx.ref, None
        if "current" in words or "this" in words:
            q = cur
        elif any(w in words for w in ("next", "coming")):
            y, q = (y, cur + 1) if cur < 4 else (y + 1, 1)
        else:
            # "the quarter", "the latest quarter": the last one reported, the one before now.
            y, q = (y, cur - 1) if cur > 1 else (y - 1, 4)
            ended = _QUARTER_ENDED.match(ctx.text, m.end())
            if ended and year is None and not back:
                # "the quarter ended July 31" ran May to July: the calendar quarter holding
                # most of it (the one of the month before the end).
                end_month = _month_num(ended.group(1))
                y = _pick_year(a, end_month, None, -1)
                if end_month == 1:
                    y, end_month = y - 1, 13
                q = (end_month - 2) // 3 + 1
        return "DATE", f"{(year if year is not None else y) - back}-Q{q}", None
    if year is None:
        assert a is not None
        year = _quarter_year(a, q, ctx.tense(m.start(), m.end()))
    return "DATE", f"{year - back}-Q{q}", None


_QUARTER_ENDED = re.compile(rf"\s+(?:ended|ending)\s+({MONTH})\s+\d")


def _norm_half(m: re.Match[str], ctx: _Ctx, name: str) -> Norm | None:
    g = m.groupdict()
    o = g["ord"].lower()
    h = 1 if o in ("first", "front") else 2
    post = (g.get("post") or "").lower()
    dm = re.search(r"'(\d)0s|(\d{3})0s", post)
    if dm:
        dec = f"19{dm[1]}" if dm[1] else dm[2]
        return "DATE", dec, "START" if h == 1 else "END"
    yr = re.search(r"\d{4}|this year|last year|next year|the year", post)
    if yr:
        y = _year_of_ref(yr.group(), ctx.anchor)
    elif ctx.anchor is not None:
        a = ctx.anchor
        cur = 1 if a.month <= 6 else 2
        y = a.year if h <= cur or ctx.tense(m.start(), m.end()) > 0 else a.year - 1
    else:
        y = None
    return "DATE", f"{y}-H{h}" if y is not None else f"XXXX-H{h}", None


def _norm_two_quarters(m: re.Match[str], ctx: _Ctx, name: str) -> Norm | None:
    """ "the first two quarters of 1990": that year's first half."""
    y = _year_of_ref(m.group("post"), ctx.anchor)
    h = 1 if m.group("ord").lower() == "first" else 2
    return "DATE", f"{y}-H{h}" if y is not None else f"XXXX-H{h}", _duration_mod(m)


def _norm_season(m: re.Match[str], ctx: _Ctx, name: str) -> Norm | None:
    g = m.groupdict()
    s = g["s"].lower()
    code = T.SEASONS[s]
    rel = re.sub(r"\s+", " ", (g.get("rel") or "").lower())
    # A bare season word is a time expression only with a determiner or a year: "the fall",
    # "last spring", "summer 2019"; "fall" alone is usually the verb.
    if not (rel or g.get("y") or g.get("the") or g.get("part")):
        before = ctx.text[max(0, m.start() - 12) : m.start()].lower()
        if s in ("fall", "spring") or not re.search(
            r"\b(?:in|during|by|until|since|over|this|last|next)\s+$", before
        ):
            return None
    mod = _part_mod(g.get("part"))
    if g.get("y"):
        return "DATE", f"{_year_of_ref(g['y'], None)}-{code}", mod
    if ctx.anchor is None:
        return "DATE", f"XXXX-{code}", mod
    y = _season_year(ctx.anchor, code, rel, ctx.tense(m.start(), m.end()))
    return "DATE", f"{y}-{code}", mod


def _norm_holiday(m: re.Match[str], ctx: _Ctx, name: str) -> Norm | None:
    g = m.groupdict()
    a = ctx.anchor
    if a is None:
        return None
    rel = (g.get("rel") or "").lower().strip()
    tense = ctx.tense(m.start(), m.end())
    best: date | None = None
    best_cost = float("inf")
    for y in (a.year - 1, a.year, a.year + 1):
        d = _holiday(g["h"], y)
        if d is None:
            continue
        gap = (d - a).days
        if rel == "last" and gap >= 0 or rel == "next" and gap <= 0:
            continue
        cost = abs(gap) * (3 if (tense < 0 < gap) or (tense > 0 > gap) else 1)
        if rel == "this":
            cost = abs(y - a.year)
        if cost < best_cost:
            best, best_cost = d, cost
    if best and g.get("wk"):
        return "DATE", iso_week(best), None  # "Easter week": the week the feast falls in
    return ("DATE", _day(best), None) if best else None


def _norm_weekof(m: re.Match[str], ctx: _Ctx, name: str) -> Norm | None:
    r = _norm_abs(m, ctx, "mdy")
    if r is None or r[1].startswith("X"):
        return r
    return "DATE", iso_week(date.fromisoformat(r[1])), None
