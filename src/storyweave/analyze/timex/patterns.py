"""Pattern fragments the rules are built from: months, weekdays, numbers, units, parts of
periods, holidays; and the contexts in which a four-digit number is not a year."""

from __future__ import annotations

import re
from collections.abc import Sequence

from . import words as T


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
# "over" is a modifier only before "a"/"an" or a number ("over an hour", "over 100 years");
# before "the past 20 years" or "several years" it is a preposition, outside the extent.
_DMODS = (
    _alt([k for k in T.DURATION_MODS if k != "over"])
    + r"|over(?=\s+(?:an?\s|\d|(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a\s+hundred|one)\b))"
)
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
