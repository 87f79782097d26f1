"""Temporal tagger: finds time expressions and normalizes them to TIMEX3 values.

A rule engine in the spirit of HeidelTime, in pure Python: each rule is one regular
expression built from the word tables in ``timex_tables`` (compiled once, at import) and one
normalizer. All rules run over the text; overlapping matches are settled longest first; the
survivors are normalized in text order, so expressions such as "the same day" or "a year
earlier" can refer to the date mentioned before them.

Extents follow TimeML (TempEval-3): prepositions stay outside ("in February" -> "February"),
modifiers and determiners that belong to the expression stay inside ("nearly 1,000 days",
"the third quarter", "the past").

Relative expressions are resolved against ``anchor`` (the publication date). Where the
direction is open ("in February", "on Wednesday") the tense of the sentence decides: past
tense picks the latest such period not after the anchor, future the next one.

Tokenized text, where punctuation stands apart ("Feb . 4 , 2009", "1 : 30 p . m .",
"2 / 3 / 2009", "a 90 - day stay"), is read as the plain text is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from ..model import TimeExpr
from . import timex_tables as T

__all__ = [
    "DurationEvent",
    "TimeExpr",
    "anchor_duration",
    "duration_days",
    "duration_events",
    "tag",
    "tenses",
]

Norm = tuple[str, str, str | None]  # (type, value, mod)


# ---------------------------------------------------------------- pattern fragments


def _alt(words: Sequence[str]) -> str:
    """A regex alternation, longest first so "sept" wins over "sep"."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _cap(word: str) -> str:
    """A name that must be capitalized ("May" the month, not "may" the verb)."""
    return f"(?:{word[0].upper()}{word[1:]}|{word.upper()})"


# Tokenized text ("Feb . 4 , 2009", "1 : 30 p . m .") sets punctuation apart from the words
# it belongs to: the rules allow one space before an abbreviation's period, before a comma and
# around the colon of a clock time.
_DOT = r"\s?\."
_COMMA = r"\s?,"
_MONTH_FULL = [m for m in T.MONTHS if m not in T.MONTH_ABBREVIATIONS]
MONTH = (
    "(?:"
    + "|".join(_cap(m) for m in sorted(_MONTH_FULL, key=len, reverse=True))
    + "|"
    + "|".join(
        _cap(m) + rf"(?:{_DOT})?" for m in sorted(T.MONTH_ABBREVIATIONS, key=len, reverse=True)
    )
    + ")"
)
# A month standing alone: abbreviations need their period ("Jan" alone is often a name).
MONTH_ALONE = (
    "(?:"
    + "|".join(_cap(m) for m in sorted(_MONTH_FULL, key=len, reverse=True))
    + "|"
    + "|".join(_cap(m) + _DOT for m in sorted(T.MONTH_ABBREVIATIONS, key=len, reverse=True))
    + ")"
)
_WD_FULL = [w for w in T.WEEKDAYS if len(w) > 4]
WEEKDAY = (
    "(?:"
    + "|".join(_cap(w) for w in _WD_FULL)
    + "|"
    + "|".join(_cap(w) + _DOT for w in T.WEEKDAYS if len(w) <= 4 and w != "sun")
    + ")"
)
_UNITS_ONE = "second|minute|hour|day|week|fortnight|month|quarter|year|decade|century"
UNIT = r"(?:centur(?:y|ies)|(?:second|minute|hour|day|week|fortnight|month|quarter|year|decade)s?)"
_SMALL = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    "fifteen|sixteen|seventeen|eighteen|nineteen"
)
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_NUMWORD = (
    rf"(?:(?:{_TENS})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|{_SMALL}|"
    r"hundred|thousand|dozen|single)"
)
_NUMWORDS = (
    rf"(?:an?\s+(?:hundred|thousand|dozen)|(?:(?:one|two|three|four|five|six|seven|eight|nine)\s+)?"
    rf"{_NUMWORD}(?:[- ]{_NUMWORD})*)"
)
_DIGITS = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
_VAGUE = r"(?:a\s+few|few|several|some|many|numerous|a\s+couple\s+of|couple\s+of|a\s+number\s+of)"
NUM = rf"(?:{_DIGITS}|{_NUMWORDS}|an?)"
_HALF = r"(?:\s+1/2|[- ]and[- ]a[- ]half|\s+and\s+a\s+half)"
# "over" is a modifier only before "a"/"an" ("over an hour"); before "the past 20 years" it
# is a preposition, outside the extent.
_DMODS = _alt([k for k in T.DURATION_MODS if k != "over"]) + r"|over(?=\s+an?\s)"
YEAR4 = r"(?:1[0-9]{3}|20[0-9]{2})"
DAYNUM = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_ORDW = _alt(list(T.ORDINALS))
_DAYWORD = rf"(?i:{_alt(list(T.DAY_WORDS))})"
_REL = r"(?:this|last|next|past|coming|the\s+past|the\s+last|the\s+next|the\s+coming|the\s+previous|the\s+following|previous|following|the\s+current|current)"
_PARTPRE = r"(?:early|late|mid|middle|earlier|later)"
_PARTOF = r"(?:the\s+(?:beginning|start|end|close|middle|dawn)\s+of)"
_SEASON = r"(?:spring|summer|fall|autumn|winter)"
_HOLIDAY = _alt(
    [*T.FIXED_HOLIDAYS, *T.NTH_WEEKDAY_HOLIDAYS, *T.EASTER_HOLIDAYS, "Election Day"]
).replace("\\'", "['’]")
# A year read out ("nineteen ninety-four", "two thousand and one"), as in broadcast transcripts.
_SPELLED_YEAR = (
    rf"(?:nineteen\s+(?:{_TENS})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|"
    rf"two\s+thousand(?:\s+and\s+(?:{_SMALL}))?)"
)
_YEARREF = (
    rf"(?:{YEAR4}|this\s+year|last\s+year|next\s+year|the\s+year|the\s+same\s+year|that\s+year)"
)

# A four-digit number is not a year before a clock-time marker ("at 2140 GMT", "1530 hours")
# or when it heads a street address ("2317 Orme Street"); TimeBank leaves both untagged.
_STREET = r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Drive|Way|Place|Court|Square)"
_RATE_AFTER = re.compile(
    r"\s+(?:a|an|per)\s+(?:day|week|month|year)\b(?!\s+(?:ago|earlier|later|before|after|or))",
    re.I,
)
_CLOCK_HOURS = re.compile(r"(?:[01]\d|2[0-3])[0-5]\d")
_CLOCK_BEFORE = re.compile(r"\b(?i:at|about|around|by|until|till|before|after|from)\s+$")
_NOT_YEAR_AFTER = r"\s*(?:GMT|UTC|[A-Z][SD]T|Z\b|(?i:hours|hrs|h)\b|(?i:local(?:\s+time)?)\b)"
_STREET_AFTER = re.compile(rf"\s+(?:[A-Z][\w'’.-]*\s+){{1,3}}{_STREET}\b")
# Years follow these words far more often than house numbers do ("In 2004 Harbour Road ...").
_YEAR_PREP = re.compile(r"\b(?i:in|since|by|until|till|before|after|during|through)\s+$")


# ---------------------------------------------------------------- rule table

_Rule = tuple[str, "re.Pattern[str]"]


def _r(name: str, pattern: str) -> tuple[str, re.Pattern[str]]:
    # Word boundaries on both sides; case-insensitive words are wrapped in (?i:...).
    return name, re.compile(rf"(?<![\w$£€.-])(?:{pattern})(?![\w-]|\.\d)")


_I = "(?i:"
RULES: list[tuple[str, re.Pattern[str]]] = [
    # absolute dates
    _r("iso", r"(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:T(?P<hh>[0-2]\d):(?P<mm>[0-5]\d))?"),
    # "2/3/2009", or tokenized "2 / 3 / 2009" (spaced alike throughout and not inside a longer
    # run of numbers and slashes such as a tokenized URL path "/ 2009 / 2 / 3 /").
    _r(
        "slash",
        r"(?<!\d\s/\s)(?P<a>\d{1,2})(?P<sp>\s)?/(?(sp)\s)(?P<b>\d{1,2})(?(sp)\s)/(?(sp)\s)"
        r"(?P<y>\d{4}|\d{2})(?(sp)(?!\s/))",
    ),
    _r("dotted", r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})"),
    _r(
        "mdy",
        rf"(?:(?P<wd>{WEEKDAY})(?:{_COMMA})?\s+)?(?P<mon>{MONTH})\s+(?P<d>{DAYNUM}|{_DAYWORD})"
        rf"(?:(?:{_COMMA}\s*|\s+)(?P<y>{YEAR4}|'\d\d))?",
    ),
    _r(
        "dmy",
        rf"(?:(?P<wd>{WEEKDAY})(?:{_COMMA})?\s+)?(?:{_I}the)\s+)?(?P<d>{DAYNUM})(?:\s+{_I}of))?"
        rf"\s+(?P<mon>{MONTH})(?:(?:{_COMMA})?\s+(?P<y>{YEAR4}))?",
    ),
    _r(
        "monthyear",
        rf"(?:(?P<part>{_I}{_PARTOF}|{_PARTPRE})(?:\s?-)?\s*))?(?P<mon>{MONTH})(?:\s+{_I}of))?(?:{_COMMA})?\s+"
        rf"(?P<y>{YEAR4}|{_I}this\s+year|last\s+year|next\s+year|that\s+year|{_SPELLED_YEAR}))",
    ),
    _r(
        "month",
        rf"(?:(?P<part>{_I}{_PARTOF}|{_PARTPRE})(?:\s?-)?\s*))?(?:(?P<rel>{_I}this|last|next|past|"
        rf"coming|this\s+past|this\s+coming)\s+))?(?P<mon>{MONTH_ALONE})(?!\s+\d)",
    ),
    _r(
        "year",
        rf"(?:(?P<part>{_I}{_PARTOF}|{_PARTPRE}|the\s+year)(?:\s?-)?\s*))?(?P<pre>{_I}fiscal|fy)\s*)?"
        rf"(?:(?P<pp>{_I}post|pre))-)?(?P<y>{YEAR4})(?!\s*(?:%|(?i:percent|per\s+cent|km|kg|miles|meters|people|troops|"
        rf"soldiers|votes|members|workers|cars|units|pounds|feet|acres|tons|dollars|euros)\b)"
        rf"|{_NOT_YEAR_AFTER})",
    ),
    _r("year_period", rf"{_I}the\s+)(?P<y>{YEAR4})\s+{_I}period)"),
    _r(
        "spelled_year",
        rf"{_I}(?:the\s+year\s+)?{_SPELLED_YEAR})",
    ),
    _r(
        "decade",
        rf"{_I}(?:the\s+)?(?:(?P<part>early|late|mid)(?:\s?-)?\s*)?)(?P<dec>(?:1[0-9]|20)[0-9]0|'[0-9]0)(?:\s?')?s",
    ),
    _r(
        "decade_word",
        rf"{_I}the\s+(?:(?P<part>early|late|mid)(?:\s?-)?\s*)?(?:nineteen[- ])?(?P<w>{_alt(list(T.DECADE_WORDS))}))",
    ),
    _r(
        "century",
        rf"{_I}(?:the\s+)?(?:(?P<part>early|late|mid)(?:\s?-)?\s*)?(?:(?P<ord>\d{{1,2}}(?:st|nd|rd|th)|{_ORDW}|twentieth|twenty-first|nineteenth|eleventh|twelfth)|(?P<rel>this|last|next|the\s+last|the\s+next|the\s+past|the\s+current))[- ]century)",
    ),
    _r(
        "quarter",
        rf"{_I}(?P<pre>(?:the\s+(?!(?:fiscal[- ])?\w+-quarter\b))?(?:(?:\d{{4}}|this|that(?!\s+\w+-quarter\b)|this\s+year's|last\s+year's|next\s+year's|the\s+year's|fiscal|latest|current|previous|past|last|same|recent|year-ago|year-earlier|final|comparable|most\s+recent|first|second|third|fourth|1st|2nd|3rd|4th|calendar|fiscal-(?:first|second|third|fourth))[- ]+)*)quarter(?P<post>\s+of\s+(?:fiscal\s+)?(?:\d{{4}}|this\s+year|last\s+year|next\s+year|the\s+year)|\s+a\s+year\s+(?:ago|earlier))?)",
    ),
    _r(
        "holiday",
        rf"(?:(?P<rel>{_I}this|last|next)\s+))?(?P<h>{_HOLIDAY})(?P<wk>\s+{_I}week))?",
    ),
    _r("qshort", rf"(?P<q>Q[1-4])(?:\s+(?P<y>{YEAR4}))?"),
    _r(
        "half",
        rf"{_I}(?:the\s+)?(?P<ord>first|second|last|latter|back|front)[- ]half(?P<post>\s+of\s+(?:the\s+)?(?:fiscal\s+)?(?:{YEAR4}|this\s+year|last\s+year|next\s+year|the\s+year|'\d0s|\d{{4}}s))?)",
    ),
    _r(
        "two_quarters",
        rf"{_I}(?:(?P<mod>at\s+least|about|roughly|nearly)\s+)?(?:the\s+)?(?P<ord>first|last)\s+two\s+quarters"
        rf"\s+of\s+(?:fiscal\s+)?(?P<post>{YEAR4}|this\s+year|last\s+year|next\s+year))",
    ),
    _r(
        "season",
        rf"{_I}(?P<the>the\s+)?(?:(?P<part>early|late|mid)(?:\s?-)?\s*)?(?:(?P<rel>this|last|next|past|coming|this\s+past|this\s+coming)\s+)?(?P<s>{_SEASON})(?:\s+of)?(?:\s+(?P<y>{YEAR4}|{_SPELLED_YEAR}))?)",
    ),
    _r(
        "relperiod",
        rf"{_I}(?:(?P<part>early|late|mid|earlier|later)(?:\s?-)?\s*)?(?:(?P<pof>{_PARTOF})\s+)?(?P<rel>{_REL}|the|that|the\s+same|the\s+full|the\s+latest)\s+(?P<fy>fiscal[- ])?(?P<unit>week|weekend|month|year|decade|century|fortnight|day|morning|afternoon|evening|night|period)(?:\s+or\s+so\b)?|"
        rf"(?P<part2>early|late|mid|earlier|later)\s+(?P<rel2>this|last|next|that)\s+(?P<unit2>week|weekend|month|year|decade|century))",
    ),
    _r(
        "weekof",
        rf"{_I}the\s+week\s+of)\s+(?P<mon>{MONTH})\s+(?P<d>{DAYNUM})",
    ),
    _r(
        "yearish",
        rf"{_I}(?:the\s+(?=\w+-(?:ago|earlier)\s+(?:period|quarter)s?\b))?"
        rf"(?:year|month|quarter)-(?:ago|earlier|end)(?:\s+(?:period|quarter|level|levels|months?|figures?))?"
        rf"|(?:year|month|quarter)(?:['’]s)?\s+end"
        rf"|the\s+(?:same|corresponding|comparable)\s+(?:period|quarter)\s+"
        rf"(?:last\s+year|a\s+year\s+(?:ago|earlier)))",
    ),
    _r(
        "dayref",
        rf"{_I}(?:(?P<part>early|late)\s+)?(?P<w>today|yesterday|tomorrow|tonight|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow)(?:\s+(?P<dp>morning|afternoon|evening|night))?)",
    ),
    _r(
        "daypart",
        rf"{_I}(?P<rel>this|last|tomorrow|yesterday|late\s+last|early\s+this|later\s+this|earlier\s+this)\s+(?P<dp>morning|afternoon|evening|night))",
    ),
    _r(
        "midpart",
        rf"{_I}mid[- ]?(?P<dp>morning|afternoon|evening))(?:\s+(?P<wd>{WEEKDAY}|{_I}today|yesterday|tomorrow)))?",
    ),
    _r(
        "weekday",
        rf"(?:(?P<part>{_I}early|late))\s+)?(?:(?P<rel>{_I}this\s+past|this\s+coming|this|last|next|the\s+following|the\s+previous|the\s+next|that))\s+)?"
        rf"(?P<wd>{WEEKDAY})(?P<pl>s)?(?:(?='s)|(?:\s+(?P<dp>{_I}morning|afternoon|evening|night))))?",
    ),
    _r(
        "clock",
        rf"(?P<h>[01]?\d|2[0-3])(?:\s?[:.]\s?(?P<mi>[0-5]\d)(?:\s?:\s?[0-5]\d)?)?\s*"
        rf"(?P<ap>{_I}[ap]{_DOT}\s?m(?:{_DOT})?|am|pm)(?![a-z]))"
        rf"(?:\s+(?P<tz>[A-Z]{{2,4}}T|GMT|UTC))?(?:(?:{_COMMA})?\s+(?P<wd>{WEEKDAY}|{_I}today|"
        rf"yesterday|tomorrow))|(?:{_COMMA})?\s+(?P<mon>{MONTH})\s+(?P<d>{DAYNUM})"
        rf"(?:(?:{_COMMA}\s*|\s+)(?P<y>{YEAR4}))?)?",
    ),
    _r(
        "clockword",
        rf"(?P<w>{_I}noon|midnight|midday))(?:\s+(?P<wd>{WEEKDAY}|{_I}today|yesterday|tomorrow)))?",
    ),
    _r(
        "ago",
        rf"{_I}(?:(?P<mod>{_DMODS})\s+)?(?P<num>{NUM}|{_VAGUE})(?P<half>{_HALF})?[- ]+(?P<unit>{UNIT})(?:\s+or\s+so)?\s+(?P<dir>ago|earlier|later|before|after|from\s+now|hence|previously|since))",
    ),
    _r(
        "duration",
        rf"{_I}(?:(?P<mod>{_DMODS})\s+)?(?P<det>(?:each\s+of\s+)?(?:the\s+)?(?:past|last|next|first|final|coming|previous|latest|following|remaining|initial|ensuing|another|additional|an\s+additional|further|recent|year-earlier|year-ago)\s+|the\s+(?=[\w-]+\s+(?:months|years|weeks|days|quarters)\b))?"
        rf"(?P<num>{NUM}|{_VAGUE})(?P<half>{_HALF})?(?:\s+|\s?-\s?)(?:(?:more|additional|straight|consecutive|long|full|trading|business|working)\s+)?(?P<unit>{UNIT})(?P<half2>\s+and\s+a\s+half)?(?P<tail>\s?-\s?(?:old|long))?(?:\s+or\s+so\b)?)",
    ),
    _r(
        "bare_duration",
        rf"{_I}(?P<det>(?:the\s+)?(?:recent|coming|past|last|next|following|ensuing|previous|first|early|later)\s+|the\s+)?(?P<unit>seconds|minutes|hours|days|weeks|months|years|decades|centuries)(?P<tail>\s?-\s?(?:old|long)|\s+ahead(?!\s+of\b))?"
        r"|(?P<unit1>hour|day|week|month|year)\s?-\s?long)",
    ),
    _r(
        "nth_day",
        rf"{_I}(?:the\s+)?(?P<ord>{_ORDW}|\d{{1,3}}(?:st|nd|rd|th))\s+(?:straight\s+|consecutive\s+)?day)",
    ),
    _r(
        "set",
        rf"{_I}(?:every|each|per)\s+(?:other\s+)?(?:(?P<num>{NUM})\s+)?)(?P<unit>{_I}{_UNITS_ONE}|{UNIT}|morning|night|evening|weekend)|{WEEKDAY}|{MONTH}|{_I}{_SEASON}))",
    ),
    _r(
        "setfreq",
        rf"{_I}(?:once|twice|(?:{_SMALL}|\d+)\s+times)\s+(?:a|an|per|each|every)\s+(?P<unit>{_UNITS_ONE}))",
    ),
    _r("freq", rf"{_I}{_alt(list(T.FREQUENCY_WORDS))})"),
    _r(
        "ref",
        rf"{_I}(?P<more>(?:more|most)\s+)?(?P<w>now|currently|nowadays|presently|at\s+present|the\s+present|recently|lately|the\s+past|the\s+(?:(?:near|distant)\s+)?future|these\s+days|the\s+(?:near|short)\s+term|(?:then[- ])?current|future|as\s+soon\s+as\s+possible|soon|an?\s+(?:later|future)\s+date|(?<=\b(?i:for)\s)an?\s+(?:little\s+|long\s+)?while|(?<=\b(?i:at)\s)this\s+(?:[a-z]+\s+)?moment))",
    ),
]
_PRIORITY = {name: i for i, (name, _) in enumerate(RULES)}

# Every match of a rule contains its head word; the full patterns (slow: optional prefixes
# tried at every word) run only in windows around the heads, which are cheap to find.
_UNIT_HEAD = r"\b(?i:second|minute|hour|day|week|fortnight|month|quarter|year|decade|centur)"
_HEADS: dict[str, str] = {
    "iso": r"\d{4}-\d",
    "slash": r"\d\s?/\s?\d",
    "dotted": r"\d\.\d{1,2}\.\d",
    "mdy": MONTH,
    "dmy": MONTH,
    "monthyear": MONTH,
    "month": MONTH,
    "year": r"\d{4}",
    "spelled_year": r"(?i:nineteen|thousand)",
    "year_period": r"\d{4}\s+(?i:period)",
    "decade": r"0(?:\s?')?s\b",
    "decade_word": rf"\b(?i:{_alt(list(T.DECADE_WORDS))})\b",
    "century": r"(?i:century)",
    "quarter": r"(?i:quarter)",
    "qshort": r"Q[1-4]",
    "holiday": r"(?:Day|Eve|Christmas|Easter|Thanksgiving|Halloween|Friday|Sunday|Monday|"
    r"Wednesday|Pentecost)\b",
    "half": r"(?i:half)",
    "two_quarters": r"(?i:quarter)",  # shares the quarter rule's windows
    "season": r"\b(?i:spring|summer|fall|autumn|winter)",
    "relperiod": r"\b(?i:week|month|year|decade|century|fortnight|day|morning|afternoon|"
    r"evening|night|period)",
    "weekof": MONTH,
    "yearish": r"(?i:(?:year|month|quarter)(?:-|['’]s\s+end|\s+end)|period\s+(?:last|a\s+year))",
    "dayref": r"\b(?i:today|yesterday|tomorrow|tonight)",
    "daypart": r"\b(?i:morning|afternoon|evening|night)",
    "midpart": r"\b(?i:morning|afternoon|evening|night)",  # the daypart rule's windows
    "weekday": WEEKDAY,
    "clock": r"\d\s*(?i:[ap](?:\s?\.\s?)?m)",
    "clockword": r"(?i:noon|midnight|midday)",
    "ago": _UNIT_HEAD,
    "duration": _UNIT_HEAD,
    "bare_duration": _UNIT_HEAD,
    "nth_day": _UNIT_HEAD,
    "set": r"\b(?i:every|each|per)\b",
    "setfreq": r"\b(?i:once|twice|times)\b",
    "freq": rf"\b(?i:{_alt(list(T.FREQUENCY_WORDS))})\b",
    "ref": r"\b(?i:now|current|present|recent|lately|past|future|these\s+days|term|soon|date|while|moment)",
}
_HEAD_RX = {name: re.compile(h) for name, h in _HEADS.items()}
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


# ---------------------------------------------------------------- date arithmetic


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


def _add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return date(year, month, 28)


def _day(d: date) -> str:
    return d.isoformat()


def _week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _month(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _quarter_of(d: date) -> tuple[int, int]:
    return d.year, (d.month - 1) // 3 + 1


def _shift_value(value: str, unit: str, n: int) -> str | None:
    """Shift a TIMEX3 date value by n units, keeping its granularity when it is finer than a
    year ("1989-Q3" minus a year is "1988-Q3")."""
    m = re.fullmatch(r"(\d{4})(?:-(Q[1-4]|H[12]|SP|SU|FA|WI|\d{2}|W\d{2}))?(?:-(\d{2}))?", value)
    if not m:
        return None
    y = int(m[1])
    if unit == "Y":
        return (
            f"{y + n:04d}{value[4:]}"
            if not m[3]
            else _day(_add_months(date.fromisoformat(value), 12 * n))
        )
    if unit == "M" and m[2] and m[2].isdigit():
        d = _add_months(date(y, int(m[2]), 1), n)
        return (
            _month(d.year, d.month) if not m[3] else _day(_add_months(date.fromisoformat(value), n))
        )
    return None


def _x_for(unit: str) -> str:
    return {"Y": "XXXX", "M": "XXXX-XX", "W": "XXXX-WXX", "D": "XXXX-XX-XX", "Q": "XXXX-QX"}.get(
        unit, "XXXX"
    )


# ---------------------------------------------------------------- numbers and units


def _number(text: str) -> float | None:
    """The value of a number phrase ("1,000", "twenty-four", "a hundred"); None when vague."""
    t = text.lower().replace(",", "").strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", t):
        return float(t)
    words = re.split(r"[\s-]+", t)
    if any(w in T.VAGUE_NUMBERS for w in words) or "number" in words:
        return None
    for w, n in T.APPROX_NUMBERS.items():
        if w in words:
            return float(n)
    total, current = 0, 0
    for w in words:
        if w not in T.NUMBERS:
            if w == "of":
                continue
            return None
        n = T.NUMBERS[w]
        if n in (100, 1000):
            current = max(current, 1) * n
            if n == 1000:
                total, current = total + current, 0
        elif w == "dozen":
            current = max(current, 1) * 12
        else:
            current += n
    return float(total + current)


def _unit_code(word: str) -> tuple[str, bool]:
    w = word.lower()
    w = "century" if w.startswith("centur") else w.rstrip("s") if w != "hours" else "hour"
    return T.UNITS.get(w, ("D", False))


def _duration_value(num: float | None, unit_word: str, half: bool = False) -> str:
    code, clock = _unit_code(unit_word)
    # Decades and centuries are written in years (TimeBank: "two decades" is P20Y).
    if code == "DE":
        code, num = "Y", None if num is None else num * 10
    elif code == "CE":
        # Vague centuries are written with TimeBank's century letter ("for centuries" PXC).
        code, num = ("Y", None if num is None else num * 100) if num is not None else ("C", None)
    elif code == "F":
        code, num = "W", None if num is None else num * 2
    # Quarters stay quarters ("every quarter" P1Q, "the past two quarters" P2Q), as
    # TimeBank mostly writes them.
    p = "PT" if clock else "P"
    if num is None:
        return f"{p}X{code}"
    if half:
        num += 0.5
    if num != int(num):
        # A fraction goes into the next smaller unit, written after the whole ones as
        # TimeBank does: 2.5 years is P2Y6M, 1.5 days P1DT12H, 5.5 hours PT5H30M.
        smaller = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24)}
        if not clock and code in smaller:
            sub, k = smaller[code]
            whole, part = int(num), round((num - int(num)) * k)
            if code == "W":
                return f"P{round(num * k)}D"  # ISO 8601 does not mix weeks with days
            head = f"{whole}{code}" if whole else ""
            return f"P{head}T{part}H" if sub == "H" else f"P{head}{part}{sub}"
        if clock:
            small = {"H": "M", "M": "S"}.get(code)
            if small:
                whole = int(num)
                return f"PT{whole}{code}{round((num - whole) * 60)}{small}"
        return f"{p}{num:g}{code}"
    return f"{p}{int(num)}{code}"


# ---------------------------------------------------------------- tense


_DEADLINE = re.compile(r"\b(?:until|till|through|by)\s+$", re.I)
_PLAN_OBJECT = re.compile(r"\s+(?:to|a|an|the|their|its|his|her|new|another)\b", re.I)
_HAD = re.compile(r"\bhad\b(?!\s+to\b)", re.I)  # "had to leave by Friday" still looks ahead
_SO_FAR = re.compile(r"\b(?:this|so\s+far\s+this)\s+year\s+(?:through|until|till)\s+$", re.I)
_SOON_AS = re.compile(r"\bas\s+soon\s+as\s+$", re.I)
_SOON_CLAUSE = re.compile(r"\bas\s+soon\s+as\s+[^,;.]*$", re.I)
_HYPOTHETICAL = re.compile(
    r"\b(?:likely|would|will|could|may|might|expects?|expected|hopes?)\b", re.I
)
_SINCE = re.compile(r"\bsince\s+$", re.I)
_SPACED_PUNCT = re.compile(r"\s(?=[,.;:!?%)\]'’”])")
_CLOSE_QUOTE = re.compile(r"''|\u201d|\"")
_AUX_PLAN = re.compile(r"\s+(?:planning|going|expected|scheduled|due|set|about)\b", re.I)
_NEXT_TO = re.compile(r"\s+to\b", re.I)
# "agreed to sell" (a step ahead), not "agreed to the terms" (done).
_TO_VERB = re.compile(
    r"\s+to\s+(?!(?:the|a|an|its|their|his|her|this|that|these|those|our|my|your|some|all"
    r"|any|it|them|terms|him)\b)[a-z]+\b"
)
_AGREE = frozenset({"agree", "agrees", "agreed", "agreement", "agreements"})
_NOT_FINITE_BEFORE = frozenset(
    {"to", "a", "an", "the", "his", "her", "their", "its", "our", "my", "your", "this", "that"}
)
_HAD_BEEN = re.compile(r"\bhad\s+(?:been\s+)?$", re.I)
# A word, or a contraction tokenization set apart ("we 'll", "wo n't").
_TOKEN = re.compile(r"[A-Za-z]+(?:'[a-z]+)?|'[a-z]+\b")
# Closing quotes may be doubled ('' in wire copy) and opening ones written ``.
# Tokenized text may set the quotes apart: '. ” The', '. " She'.
_SENT_SPLIT = re.compile(
    r"(?<=[.!?])(?:\s?[\"'”’)]){0,2}\s+(?=(?:[\"“'(`]\s?){0,2}[A-Z0-9])|\n\s*\n"
)


_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)\s?\.[\"'”’)]*\Z")
# "5:40 p.m. EDT May 2", "10 a.m. Monday": the period of a clock's "a.m." before a time zone,
# a weekday or a month does not end the sentence.
_CLOCK_END = re.compile(r"\b(?i:[ap]\s?\.\s?m)\s?\.\Z")
_CLOCK_GOES_ON = re.compile(rf"(?:[A-Z]{{1,4}}T|GMT|UTC|{WEEKDAY}|{MONTH})(?![\w-])")


def _fallback_sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENT_SPLIT.finditer(text):
        word = _LAST_WORD.search(text, max(start, m.start() - 12), m.start())
        if word and word.group(1).lower() in T.ABBREVIATIONS:
            continue  # "Mr. Smith", "Roe vs. Wade", "U.S. officials"
        if _CLOCK_END.search(text, max(start, m.start() - 8), m.start()) and _CLOCK_GOES_ON.match(
            text, m.end()
        ):
            continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _strong_past(text: str, pos: int) -> bool:
    """Whether the past cue at ``pos`` is a past auxiliary ("was", "had"): a past verb form
    may be a participle ("would be paid", "which is being traded")."""
    m = _TOKEN.match(text, pos)
    return bool(m) and m.group().lower() in T.PAST_AUXILIARIES  # type: ignore[union-attr]


def _tense_cues(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(offset, +1 future / -1 past / -2 reporting verb) for every tense cue in
    text[start:end]."""
    cues = []
    prev = ""  # the word before, for "had been due", "had planned"
    for m in _TOKEN.finditer(text, start, end):
        w = m.group().lower()
        if w.endswith("'ll"):
            w = "'ll"  # "we'll", tokenized "we 'll"
        elif w == "n't" and prev == "wo":
            w = "won't"
        if w in _AGREE and _TO_VERB.match(text, m.end()):
            # "agreed to buy the unit in February": the agreed step lies ahead.
            cues.append((m.start(), -1 if prev == "had" else 1))
        elif w in T.PLAN_WORDS:
            # "plans to leave", "planned a rally" look ahead; "vacation plans for" is a noun
            # and "the hastily planned trip" an adjective.
            # "set" looks ahead only as "set to" ("they set the record" is done).
            if (_NEXT_TO if w == "set" else _PLAN_OBJECT).match(text, m.end()):
                cues.append((m.start(), -1 if prev == "had" else 1))
        elif w in T.REPORTING_CUES:
            cues.append((m.start(), -2))
        elif w in T.SCHEDULE_VERBS:
            # Not an infinitive ("to meet demand") nor a noun ("his visit Monday").
            if prev not in _NOT_FINITE_BEFORE and prev not in T.PAST_AUXILIARIES:
                cues.append((m.start(), 1))
        elif w in T.FUTURE_CUES:
            if w == "next" and _NEXT_TO.match(text, m.end()):
                pass  # "next to the embassy" is a place
            elif prev in ("had", "been") and _HAD_BEEN.search(
                text, max(start, m.start() - 12), m.start()
            ):
                # "had been due to expire", "had been scheduled": a plan of the past.
                cues.append((m.start(), -1))
            else:
                cues.append((m.start(), 1))
        elif w in ("was", "were") and _AUX_PLAN.match(text, m.end()):
            pass  # "were planning to", "was expected to": the plan word gives the tense
        elif w in T.PAST_CUES:
            cues.append((m.start(), -1))
        elif len(w) > 4 and w.endswith("ed") and w not in T.NOT_PAST_ED:
            # A participle after a present or bare "be" is passive, not past: "the case is
            # argued", "will be released".
            if prev not in ("is", "are", "am", "be", "being"):
                cues.append((m.start(), -1))
        elif w in ("is", "are", "am") and prev not in ("which", "who", "that"):
            # The present ("when the case is heard in May") leaves the direction open;
            # "is to resume Tuesday" is a plan; a relative clause ("Oslo, which is cold")
            # is not the date's verb.
            cues.append((m.start(), 1 if _NEXT_TO.match(text, m.end()) else 0))
        prev = w
    return cues


# ---------------------------------------------------------------- context


@dataclass
class _Ctx:
    text: str
    anchor: date | None
    sentences: list[tuple[int, int]]
    ref: str | None = None  # the last specific date value, for "the same day", "a year earlier"
    ref_day: date | None = None
    ref_end: int = 0  # where the expression that set ``ref`` ends
    _cues: dict[int, list[tuple[int, int]]] | None = None
    _sent_i: int = 0

    def sentence_of(self, pos: int) -> tuple[int, int]:
        # Matches arrive in text order, so the scan resumes where it stopped.
        spans = self.sentences
        i = min(self._sent_i, len(spans) - 1)
        while i > 0 and spans[i][0] > pos:
            i -= 1
        while i < len(spans) - 1 and spans[i][1] <= pos:
            i += 1
        self._sent_i = i
        return spans[i]

    def _distance(self, a: int, b: int) -> int:
        """Characters from ``a`` to ``b``, not counting spaces that tokenization set before
        punctuation (", the Colts" is as near in "2012 , the Colts" as in "2012, the Colts")."""
        return b - a - len(_SPACED_PUNCT.findall(self.text, a, b))

    def tense(self, start: int, end: int) -> int:
        """+1 future, -1 past, 0 unknown: the tense cue nearest to the expression within its
        sentence; a future cue before the expression in the same sentence wins."""
        if self._cues is None:
            self._cues = {}
        s, e = self.sentence_of(start)
        if s not in self._cues:
            self._cues[s] = _tense_cues(self.text, s, e)
        lead = self.text[max(s, start - 12) : start]
        # "until Friday", "by Jan. 14", "through January": a deadline ahead, unless the
        # sentence is in the past perfect ("had filed reports by Wednesday").
        if _DEADLINE.search(lead):
            if _SO_FAR.search(self.text, max(s, start - 24), start):
                return -1  # "down 2% this year through August": a run up to now
            near = self.text[max(s, start - 40) : min(e, end + 25)]
            return -1 if _HAD.search(near) else 1
        if _SOON_AS.search(lead):
            return 1  # "as soon as Tuesday"
        clause = _SOON_CLAUSE.search(self.text, max(s, start - 40), start)
        if clause and _HYPOTHETICAL.search(self.text, s, clause.start()):
            # "were likely to buy as soon as trading opened Monday": the clause of a coming
            # or hoped-for event, whatever its verb's form.
            return 1
        if _SINCE.search(lead):
            return -1  # "since Monday" looks back
        best, best_d = 0, 10**9
        future_before = False
        # A closing quote ends the quoted clause: its "might" does not reach a date after it
        # ("'... might send agents,'' said a man who spent Sunday night there").
        quote_end = max(self.text.rfind(q, s, start) for q in ("''", "\u201d", '"'))
        for pos, t in self._cues[s]:
            if start <= pos < end:
                continue
            d = self._distance(pos, start) if pos < start else self._distance(end, pos)
            if pos < quote_end and t == 1:
                future_before = False
            elif pos < start and t != -2:
                # A past auxiliary between a future cue and the date closes that clause:
                # "will begin ... since he was rescued in late November" (a past verb form
                # may be a participle: "which is being traded").
                strong = t == -1 and _strong_past(self.text, pos)
                future_before = t == 1 or (future_before and not strong)
            if t == -2:
                # A reporting verb right next to the expression ("said Friday") dates the
                # saying; further away, or past the quote the expression is in ("... at 4
                # a.m. Thursday,'' Castro said"), it only counts when nothing else gives the
                # tense.
                quoted = pos > end and _CLOSE_QUOTE.search(self.text, end, pos)
                t, d = -1, d if d <= 12 and not quoted else d + 10_000
            if d < best_d:
                best, best_d = t, d
        if future_before and best == -1 and best_d > 12:
            # "expected to resume operations on Friday, with ships redirected": the verb the
            # date belongs to comes before it; a past form after it is another clause's.
            return 1
        return best


# ---------------------------------------------------------------- resolution


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
    first, last = T.SEASON_MONTHS[code]
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
    y, cur = _quarter_of(anchor)
    if q <= cur:
        return y
    return y if tense > 0 else y - 1


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
        y, cur = _quarter_of(a)
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


def _duration_mod(m: re.Match[str]) -> str | None:
    """The TIMEX3 mod of a rule's "mod" words ("about", "at least"), if it has any."""
    words = m.groupdict().get("mod")
    return T.DURATION_MODS.get(re.sub(r"\s+", " ", words.lower())) if words else None


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
            y, cur = _quarter_of(a)
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
            shifted = _shift_value(ctx.ref[:4] if code == "Y" else ctx.ref[:7], code, n)
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
    return "DATE", _week(d) + "-WE", mod


def _rel_value(a: date, unit: str, n: int, mod: str | None) -> Norm | None:
    if unit == "week":
        return "DATE", _week(a + timedelta(weeks=n)), mod
    if unit == "weekend":
        return "DATE", _week(a + timedelta(weeks=n)) + "-WE", mod
    if unit == "fortnight":
        return "DATE", _week(a + timedelta(weeks=2 * n)), mod
    if unit == "month":
        d = _add_months(a, n)
        return "DATE", _month(d.year, d.month), mod
    if unit == "year":
        return "DATE", str(a.year + n), mod
    if unit == "decade":
        return "DATE", str(a.year // 10 + n)[:3], mod
    if unit == "century":
        return "DATE", f"{a.year // 100 + n:02d}", mod
    return None


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
        return "DATE", _week(best), None  # "Easter week": the week the feast falls in
    return ("DATE", _day(best), None) if best else None


def _norm_weekof(m: re.Match[str], ctx: _Ctx, name: str) -> Norm | None:
    r = _norm_abs(m, ctx, "mdy")
    if r is None or r[1].startswith("X"):
        return r
    return "DATE", _week(date.fromisoformat(r[1])), None


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
        return "DATE", _shift_value(ctx.ref, "Y", -1) or ctx.ref, None
    if a is None:
        return "DATE", "XXXX", None
    if re.search(r"\b(?:period|quarter)\b", t):
        # "the year-ago quarter" with no quarter named: the last one reported, a year back.
        y, q = _quarter_of(a)
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
            wd = later.group(1) if later else None
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
        return "DATE", _shift_value(ctx.ref, "Y", n) or ctx.ref, mod
    a = ctx.anchor
    if d in ("earlier", "later") and ctx.ref_day is not None and code in ("D", "W"):
        a = ctx.ref_day
    elif base_ref and code in ("Y", "M") and re.fullmatch(r"\d{4}(?:-\d{2})?", base_ref):
        shifted = _shift_value(base_ref, code, n)
        if shifted and (code == "M" or len(base_ref) == 4):
            return "DATE", shifted, mod
    if a is None:
        return "DATE", _x_for(code), mod
    if code == "D":
        return "DATE", _day(a + timedelta(days=n)), mod
    if code == "W":
        return "DATE", _week(a + timedelta(weeks=n)), mod
    if code == "F":
        return "DATE", _week(a + timedelta(weeks=2 * n)), mod
    if code == "M":
        dd = _add_months(a, n)
        return "DATE", _month(dd.year, dd.month), mod
    if code == "Q":
        dd = _add_months(a, 3 * n)
        y, q = _quarter_of(dd)
        return "DATE", f"{y}-Q{q}", mod
    if code == "Y":
        return "DATE", str(a.year + n), mod
    if code == "DE":
        return "DATE", str(a.year + 10 * n)[:3], mod
    if code == "CE":
        return "DATE", f"{(a.year + 100 * n) // 100:02d}", mod
    return None


_DET_SKIP = re.compile(r"^(?:an?|the|some|many|one)$", re.I)


_OR_SO = re.compile(r"\sor\s+so\b", re.I)
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
        measured = re.search(r"\b(?:for|over|within|took|take|takes|lasted|last)\s+$", before) or (
            unit.lower() == "years" and re.search(r"\bin\s+$", before)
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


_IS_BEFORE = re.compile(r"(?:\bis|['’]s)\s+$", re.I)


def _norm_nth_day(m: re.Match[str], ctx: _Ctx, name: str) -> Norm | None:
    """ "Today is the eighth day of the strike", "it's the second day of talks": the day of
    writing; elsewhere an ordinal day is rarely datable."""
    if ctx.anchor is None or not _IS_BEFORE.search(ctx.text, max(0, m.start() - 6), m.start()):
        return None
    return "DATE", _day(ctx.anchor), None


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


_NORMALIZERS: dict[str, Callable[[re.Match[str], _Ctx, str], Norm | None]] = {
    "iso": _norm_abs,
    "slash": _norm_abs,
    "dotted": _norm_abs,
    "mdy": _norm_abs,
    "dmy": _norm_abs,
    "monthyear": _norm_month,
    "month": _norm_month,
    "year": _norm_year,
    "spelled_year": _norm_year,
    "year_period": _norm_year,
    "decade": _norm_decade,
    "decade_word": _norm_decade,
    "century": _norm_century,
    "quarter": _norm_quarter,
    "qshort": _norm_quarter,
    "holiday": _norm_holiday,
    "half": _norm_half,
    "two_quarters": _norm_two_quarters,
    "season": _norm_season,
    "relperiod": _norm_relperiod,
    "weekof": _norm_weekof,
    "yearish": _norm_yearish,
    "dayref": _norm_dayref,
    "daypart": _norm_daypart,
    "midpart": _norm_midpart,
    "weekday": _norm_weekday,
    "clock": _norm_clock,
    "clockword": _norm_clock,
    "ago": _norm_ago,
    "duration": _norm_duration,
    "bare_duration": _norm_duration,
    "nth_day": _norm_nth_day,
    "set": _norm_set,
    "setfreq": _norm_set,
    "freq": _norm_set,
    "ref": _norm_ref,
}

_SPECIFIC = re.compile(r"\d{4}(?:-(?:\d{2}(?:-\d{2})?|Q[1-4]|H[12]|W\d{2}|SP|SU|FA|WI))?")


# ---------------------------------------------------------------- the tagger


def _candidates(text: str) -> list[tuple[int, int, int, str, re.Match[str]]]:
    found = []
    spans: dict[str, list[tuple[int, int]]] = {}
    for name, rx in RULES:
        head = _HEADS[name]
        if head not in spans:
            spans[head] = _windows(text, _HEAD_RX[name])
        seen = -1
        for s, e in spans[head]:
            for m in rx.finditer(text, s, e):
                # Windows that touch can yield one match twice.
                if m.end() > m.start() and m.start() > seen:
                    found.append((m.start(), m.end(), _PRIORITY[name], name, m))
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

    ``anchor`` is the publication date (YYYY-MM-DD); without it relative expressions keep
    X's in their values ("XXXX-02"). ``sentences`` (character spans) guide tense; without
    them a simple splitter is used."""
    a = _parse_anchor(anchor)
    spans = list(sentences) if sentences else _fallback_sentences(text)
    if not spans:
        spans = [(0, len(text))]
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
            norm = _NORMALIZERS[nm](mm, ctx, nm)
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
        rel = anchor if (a is not None and _is_relative(name, m)) else None
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
        prev = _shift_value(t.value, "Y" if "year" in text[s:e].lower() else "M", -1)
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


_QUARTER_VALUE = re.compile(r"\d{4}-Q[1-4]")
# "After a flat second quarter, ...": a quarter in passing, not the one the report is about.
_INDEFINITE = re.compile(r"\ban?\s+(?:[a-z]+\s+)?$", re.I)


def _forecast_quarter(value: str, anchor: date | None) -> bool:
    """A quarter still to come ("losses through the third quarter of next year") is a
    forecast, not the period a report is about: "the year-ago period" does not count from it."""
    m = re.fullmatch(r"(\d{4})-Q([1-4])", value)
    return bool(m and anchor and (int(m[1]), int(m[2])) > _quarter_of(anchor))


_YEAR_BACK = re.compile(r"year-(?:ago|earlier)", re.I)


def _is_relative(name: str, m: re.Match[str]) -> bool:
    """Whether the value depended on the anchor (a year written out makes it absolute)."""
    if name in ("iso", "slash", "dotted", "decade", "spelled_year"):
        return False
    if name in ("duration", "bare_duration", "set", "setfreq", "freq"):
        return False
    if name == "century":
        return bool(m.groupdict().get("rel"))
    if name in ("ago", "relperiod", "yearish", "ref"):
        return True
    return not re.search(r"(?<!\d)\d{4}(?!\d)", m.group())


def tenses(
    text: str, timexes: Sequence[TimeExpr], sentences: Sequence[tuple[int, int]] | None = None
) -> list[int]:
    """The tense around each expression: +1 future, -1 past, 0 unknown (the cue the tagger
    uses to pick "on Wednesday" before or after the anchor)."""
    spans = list(sentences) if sentences else _fallback_sentences(text)
    ctx = _Ctx(text=text, anchor=None, sentences=spans or [(0, len(text))])
    return [ctx.tense(t.start, t.end) for t in timexes]


# ---------------------------------------------------------------- anchored durations


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
