"""Helpers the normalizers share: month and weekday keys, the year a month or season
without one belongs to, part-of-period words and modifiers, titles that look like dates."""

from __future__ import annotations

import re
from datetime import date, timedelta

from ...datevalue import SEASONS, quarter_of
from . import words as T
from .context import _Ctx
from .numbers import _number

Norm = tuple[str, str, str | None]  # (type, value, mod)
_QUARTER_VALUE = re.compile(r"\d{4}-Q[1-4]")
_OR_SO = re.compile(r"\sor\s+so\b", re.I)


def _month_num(word: str) -> int:
    return T.MONTHS[_key(word)]


def _key(word: str) -> str:
    """The table key of a month or weekday as written ("Feb.", tokenized "Feb .")."""
    return word.lower().rstrip(". ")


def _pick_year(anchor: date, month: int, day: int | None, tense: int) -> int:
    """The year of a month (or month-day) written without one: the latest not after the
    anchor in a past sentence, the next one in a future sentence, else the nearest."""
    best, best_cost = anchor.year, float("inf")
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        if day is None:
            gap = (y - anchor.year) * 12 + month - anchor.month  # in months; 0 = this month
            dist = abs(gap) * 30.0
        else:
            try:
                gap = (date(y, month, day) - anchor).days
            except ValueError:
                continue
            dist = abs(gap)
        # The direction against the tense costs more: a past sentence can still name a
        # coming day ("decided he must leave by Jan. 14"), a coming month more rarely.
        if (tense < 0 and gap > 0) or (tense > 0 and gap < 0):
            dist *= 3 if day is not None else 6
        if dist < best_cost:
            best, best_cost = y, dist
    return best


def _part_mod(part: str | None) -> str | None:
    if not part:
        return None
    p = part.lower()
    for w, mod in T.PART_WORDS.items():
        if re.search(rf"\b{w}\b", p) or p.startswith(w):
            return mod
    return None


def _spelled_year(text: str) -> int | None:
    """1994 for "nineteen ninety-four", 2001 for "two thousand and one"."""
    t = text.lower().strip()
    if t.startswith("nineteen"):
        rest = _number(t[len("nineteen") :].strip())
        return 1900 + int(rest) if rest is not None and rest < 100 else None
    if t.startswith("two thousand"):
        extra = re.search(r"\band\s+(\w+)", t)
        n = _number(extra[1]) if extra else 0
        return 2000 + int(n or 0)
    return None


def _year_of_ref(ref: str, anchor: date | None) -> int | None:
    r = ref.lower().strip()
    if re.fullmatch(r"\d{4}", r):
        return int(r)
    if r[:3] in ("nin", "two"):
        return _spelled_year(r)
    if r.startswith("'") and r[1:].isdigit():
        y = int(r[1:])
        return 1900 + y if y > 30 else 2000 + y
    if anchor is None:
        return None
    if r.startswith("this") or r.startswith("the"):
        return anchor.year
    if r.startswith("last"):
        return anchor.year - 1
    if r.startswith("next"):
        return anchor.year + 1
    return None


def _weekday_date(anchor: date, wd: int, rel: str, tense: int) -> date:
    aw = anchor.isoweekday()
    back = anchor - timedelta(days=(aw - wd) % 7)
    fwd = anchor + timedelta(days=(wd - aw) % 7)
    if rel in ("last", "this past", "the previous"):
        return anchor - timedelta(days=(aw - wd - 1) % 7 + 1)
    if rel in ("next", "this coming", "the following", "the next"):
        return anchor + timedelta(days=(wd - aw - 1) % 7 + 1)
    # Without a future cue the day is the latest one: news mostly reports what happened.
    return fwd if tense > 0 else back


def _season_year(anchor: date, code: str, rel: str, tense: int) -> int:
    first, last = SEASONS[code]
    y, m = anchor.year, anchor.month
    if code == "WI":
        # Winter Y runs Dec Y .. Feb Y+1; January belongs to last year's winter.
        current = y if m == 12 else y - 1
        in_season = m in (12, 1, 2)
        started = current if in_season else y - 1
    else:
        in_season = first <= m <= last
        started = y if m >= first else y - 1
    if rel in ("last", "past", "this past"):
        return started - 1 if in_season else started
    if rel in ("next", "coming", "this coming"):
        return started + 1
    if rel == "this":
        return started if (in_season or code == "WI") else y
    if tense < 0:
        return started
    if tense > 0:
        return started if in_season else started + 1
    return started if (in_season or code == "WI") else y


def _quarter_year(anchor: date, q: int, tense: int) -> int:
    # A quarter that has begun is this year's, whatever the tense: reports about the third
    # quarter come out in the fourth.
    y, cur = quarter_of(anchor)
    if q <= cur:
        return y
    return y if tense > 0 else y - 1


def _duration_mod(m: re.Match[str]) -> str | None:
    """The TIMEX3 mod of a rule's "mod" words ("about", "at least"), if it has any."""
    words = m.groupdict().get("mod")
    return T.DURATION_MODS.get(re.sub(r"\s+", " ", words.lower())) if words else None


def _is_title(m: re.Match[str], ctx: _Ctx) -> bool:
    """Every word capitalized in mid-sentence ("This Week", "60 Minutes"): a name. Not in a
    headline, where every word is capitalized ("Mill Shuts Next Week", "TALKS END TODAY")."""
    words = re.findall(r"[A-Za-z]+", m.group())
    if not words or not all(w[0].isupper() for w in words) or m.group().isupper():
        return False
    s, _ = ctx.sentence_of(m.start())
    lead = re.findall(r"[A-Za-z]+", ctx.text[s : m.start()])
    if not lead:
        return False  # the sentence starts with it
    small = {"a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "by"}
    return not all(w[0].isupper() for w in lead if w not in small)
