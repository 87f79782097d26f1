"""Normalizers of lengths and repetitions: durations ("910 days", "for years", "the past
two quarters") and sets ("every week", "twice a year", "daily").

A normalizer takes its rule's match and the tagger's context and returns (type, value, mod),
or None to decline."""

from __future__ import annotations

import re

from . import words as T
from .context import _Ctx
from .numbers import _duration_value, _number
from .patterns import _CLOCK_BEFORE, _CLOCK_HOURS, _NUMWORD, _RATE_AFTER
from .resolve import _OR_SO, Norm, _duration_mod, _is_title, _key

_DET_SKIP = re.compile(r"^(?:an?|the|some|many|one)$", re.I)


_AGE = re.compile(r"\s+old\b", re.I)
_SPAN_PREP = re.compile(r"\b(?:in|over|through|during|across|for)\s+$", re.I)
# An amount right before "a year"/"a week" makes a rate: a number, money or a share, maybe
# with the counted noun ("700 seats", "24 hours").
_RATE_BEFORE = re.compile(
    rf"(?:\d|\b(?:{_NUMWORD}|dollars|cents|percent|million|billion))%?"
    r"(?:\s+[A-Za-z]+s)?\s+$",
    re.I,
)
_ONE_DAY = re.compile(
    r"\b(?:will|would|could|may|might|can|shall|should|must|he|she|they|we|i|you|it)\s+$", re.I
)
# "a second" before a noun is the ordinal ("a second betrayal"); before these it is a time.
_ORDINAL_SECOND = re.compile(
    r"\s+(?!(?:or|and|of|to|in|later|earlier|before|after|ago|longer|too|more|each)\b)[A-Za-z]"
)


def _norm_duration(m: re.Match[str], ctx: _Ctx, name: str) -> Norm | None:
    g = m.groupdict()
    if g.get("unit1"):
        return "DURATION", _duration_value(1, g["unit1"]), None  # "a day-long meeting"
    unit = g["unit"]
    numtxt = g.get("num") or ""
    mod = _duration_mod(m)
    num = _number(numtxt) if numtxt else None
    vague = (
        numtxt.lower().replace("a ", "").strip() in T.VAGUE_NUMBERS or "couple" in numtxt.lower()
    )
    if numtxt and num is None and not vague and "number" not in numtxt.lower():
        return None
    if "couple" in numtxt.lower() or _OR_SO.search(m.group()):
        mod = mod or "APPROX"
    plural = unit.lower().endswith("s") or unit.lower().endswith("ies")
    tail = re.sub(r"\s+", "", g.get("tail") or "").lower()  # tokenized "- old" too
    if name == "duration" and _is_title(m, ctx) and any(c.isdigit() for c in numtxt):
        return None  # "60 Minutes", the programme
    if name == "duration" and numtxt and _RATE_AFTER.match(ctx.text, m.end()):
        return None  # "24 hours a day", "three days a week": a rate, as "$2 a year" is
    if (
        name == "duration"
        and unit.lower() == "hours"
        and _CLOCK_HOURS.fullmatch(numtxt)
        and _CLOCK_BEFORE.search(ctx.text, max(0, m.start() - 12), m.start())
    ):
        return None  # "at 1530 hours": a clock reading, left untagged like "0735 GMT"
    if (
        numtxt.lower() in ("a", "an")
        and unit.lower() == "second"
        and _ORDINAL_SECOND.match(ctx.text, m.end())
    ):
        return None  # "a second group": the ordinal
    if (
        numtxt.lower() == "one"
        and unit.lower() == "day"
        and _ONE_DAY.search(ctx.text, max(0, m.start() - 12), m.start())
    ):
        return "DATE", "FUTURE_REF", None  # "Islam will one day be ...": some day to come
    if name == "duration" and tail == "-long" and numtxt.lower() in ("a", "an"):
        return None  # "a day-long meeting": the article is the noun's; "day-long" is inside
    if name == "duration" and (tail == "-old" or _AGE.match(ctx.text, m.end())):
        return None  # ages ("a 6-year-old boy", "52 years old") are not annotated in TimeML
    if name == "bare_duration":
        det = (g.get("det") or "").strip().lower()
        # Bare plurals are expressions after "for", "in", "over", "within" or with a
        # determiner: "for years", "in recent months"; "years of talks" alone is not.
        before = ctx.text[max(0, m.start() - 10) : m.start()].lower()
        ahead = (g.get("tail") or "").strip() == "ahead"
        if ahead and not det.startswith("the"):
            return None  # "the weeks ahead"; "two days ahead" is "two days"
        if det.startswith("the") and det.split()[-1] in ("the", "early", "later") and not ahead:
            # "over the years", "in the early years": a vague run of years; "the days
            # before the vote" and "the early days" are too often a date or a name.
            if unit.lower() not in ("years", "decades") or not _SPAN_PREP.search(before):
                return None
        elif det in ("early", "later"):
            return None
        # "for the first time in years" also measures a run.
        # ... and "in weeks" ("the first sighting in weeks"), "days or even weeks" (the second
        # of two runs named together), "could face decades in prison".
        wider = ctx.text[max(0, m.start() - 30) : m.start()].lower()
        measured = (
            re.search(r"\b(?:for|over|within|took|take|takes|lasted|last|in)\s+$", before)
            or re.search(
                r"\b(?:seconds|minutes|hours|days|weeks|months|years)\s+(?:or|to)\s+(?:even\s+)?$",
                wider,
            )
            or re.search(r"\b(?:face|faces|faced|facing|spend|spent|spending)\s+$", before)
        )
        if not det and not g.get("tail") and not measured:
            return None
        if det in ("first",):
            return None
        if det in ("recent", "past") and unit.lower() == "years":
            return "DATE", "PAST_REF", None  # TimeBank: "in recent years" is a past reference
        return "DURATION", _duration_value(None, unit), mod
    if num is not None and num != 1 and not plural and not g.get("tail") and "-" not in m.group():
        # "two year" without a hyphen is a slip of translation: still a duration.
        pass
    if num == 1 and plural and numtxt.lower() in ("a", "an", "one"):
        return None
    if unit.lower().startswith("quarter"):
        # "a quarter" and "three-quarters" are fractions, "third-quarter" a date; "several
        # quarters" is a vague run of them.
        if vague and plural:
            return "DURATION", "PXQ", mod
        if num is None or numtxt.lower() in ("a", "an") or "-" in m.group():
            return None
        return "DURATION", f"P{int(num)}Q", mod
    half = bool(g.get("half") or g.get("half2"))
    # "a year" alone: a duration when it measures something ("for a year", "a year in
    # prison"); after an amount it is a rate ("$5 million a year", "four flights a week"),
    # which TimeBank mostly leaves untagged; "a year earlier" is another rule.
    if (
        numtxt.lower() in ("a", "an")
        and g.get("half2") is None
        and not g.get("mod")
        and _RATE_BEFORE.search(ctx.text, max(0, m.start() - 40), m.start())
    ):
        return None
    if g.get("det"):
        det = g["det"].lower()
        if "first" in det and num is None:
            return "DURATION", _duration_value(None, unit), mod
    return "DURATION", _duration_value(num, unit, half), mod


_DATE_UNITS = "YMWD"
_PART = re.compile(r"P(?:T)?(\d+)([YMWDHS])$")


def _norm_duration_pair(m: re.Match[str], ctx: _Ctx, name: str) -> Norm | None:
    """One length written in two units, the larger first ("four years and two months" is
    P4Y2M, "two hours and 30 minutes" PT2H30M); anything else declines (the two then tag
    apart)."""
    g = m.groupdict()
    a, b = _number(g["num"]), _number(g["num2"])
    if a is None or b is None or a != int(a) or b != int(b) or a <= 0 or b <= 0:
        return None
    va, vb = _duration_value(a, g["unit"]), _duration_value(b, g["unit2"])
    pa, pb = _PART.match(va), _PART.match(vb)
    if not pa or not pb:
        return None
    clock_a, clock_b = va.startswith("PT"), vb.startswith("PT")
    order = ["Y", "M", "W", "D", "TH", "TM", "TS"]
    ka = ("T" if clock_a else "") + pa[2]
    kb = ("T" if clock_b else "") + pb[2]
    if ka not in order or kb not in order or order.index(ka) >= order.index(kb) or "W" in (ka, kb):
        return None
    date_part = "".join(f"{n}{k}" for n, k in ((pa[1], ka), (pb[1], kb)) if not k.startswith("T"))
    time_part = "".join(f"{n}{k[1]}" for n, k in ((pa[1], ka), (pb[1], kb)) if k.startswith("T"))
    value = "P" + date_part + (f"T{time_part}" if time_part else "")
    return "DURATION", value, _duration_mod(m)


_PLURAL_BEFORE = re.compile(r"[a-z]{2}s\s+$")


def _norm_set(m: re.Match[str], ctx: _Ctx, name: str) -> Norm | None:
    g = m.groupdict()
    if name == "freq":
        word = m.group()
        before = ctx.text[max(0, m.start() - 3) : m.start()].strip()
        if word[0].isupper() and before and before[-1] not in ".!?\"“'":
            return None  # part of a name: "the Harbour Daily Gazette"
        return "SET", T.FREQUENCY_WORDS[word.lower()], None
    unit = g["unit"]
    low = _key(unit)
    if (
        low in ("second", "minute", "hour")
        and m.group().lower().startswith("per")
        and _PLURAL_BEFORE.search(ctx.text, max(0, m.start() - 24), m.start())
    ):
        return None  # "instructions per second", "miles per hour": a unit of measure
    if low in T.WEEKDAYS and unit[0].isupper():
        return "SET", f"XXXX-WXX-{T.WEEKDAYS[low]}", None
    if low in T.MONTHS and unit[0].isupper():
        return "SET", f"XXXX-{T.MONTHS[low]:02d}", None
    if low in T.SEASONS:
        return "SET", f"XXXX-{T.SEASONS[low]}", None
    if low in ("morning", "night", "evening"):
        return "SET", f"XXXX-XX-XXT{T.DAY_PARTS[low]}", None
    if low == "weekend":
        return "SET", "XXXX-WXX-WE", None
    num = _number(g["num"]) if g.get("num") else 1
    if name == "setfreq":
        num = 1
    other = "other" in m.group().lower()
    n = (num or 1) * (2 if other else 1)
    return "SET", _duration_value(n, unit), None
