"""The rules of the tagger, each declared once: its name, its pattern, the head word every
match contains, its normalizer, and whether its value depends on the anchor.

Order matters: when two rules match the same span, the earlier one normalizes first (and the
next one tries when it declines). Patterns are built from the fragments in ``patterns`` and
compiled once, at import, with word boundaries on both sides; case-insensitive words are
wrapped in ``(?i:...)``.

The full patterns are slow (optional prefixes tried at every word), so each runs only in
windows around its head, which is cheap to find; rules that share a head share its windows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from . import words as T
from .context import _Ctx
from .norm_dates import (
    _norm_abs,
    _norm_century,
    _norm_decade,
    _norm_half,
    _norm_holiday,
    _norm_month,
    _norm_quarter,
    _norm_season,
    _norm_two_quarters,
    _norm_weekof,
    _norm_year,
)
from .norm_durations import _norm_duration, _norm_duration_pair, _norm_set
from .norm_relative import (
    _norm_ago,
    _norm_clock,
    _norm_clock24,
    _norm_daypart,
    _norm_dayref,
    _norm_midpart,
    _norm_nth_day,
    _norm_ref,
    _norm_relperiod,
    _norm_weekday,
    _norm_yearish,
)
from .patterns import (
    _COMMA,
    _DAYWORD,
    _DMODS,
    _DOT,
    _HALF,
    _HOLIDAY,
    _NOT_YEAR_AFTER,
    _ORDW,
    _PARTOF,
    _PARTPRE,
    _REL,
    _SEASON,
    _SMALL,
    _SPELLED_YEAR,
    _UNITS_ONE,
    _VAGUE,
    DAYNUM,
    MONTH,
    MONTH_ALONE,
    NUM,
    UNIT,
    WEEKDAY,
    YEAR4,
    _alt,
)
from .resolve import Norm

__all__ = ["RULES", "Rule"]

Normalizer = Callable[[re.Match[str], _Ctx, str], Norm | None]


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    head: str  # a cheap pattern every match contains
    normalize: Normalizer  # (match, context, rule name) -> (type, value, mod), or None
    relative: Callable[[re.Match[str]], bool]  # whether the value rested on the anchor


def never(m: re.Match[str]) -> bool:
    """Written out in full ("2021-06-07", "the 1990s") or a length ("910 days")."""
    return False


def always(m: re.Match[str]) -> bool:
    """Counted from the anchor ("two years ago", "last week", "now")."""
    return True


def unless_year_written(m: re.Match[str]) -> bool:
    """Relative unless a year is written in it: "June 7" needs the anchor, "June 7, 2021"
    does not."""
    return not re.search(r"(?<!\d)\d{4}(?!\d)", m.group())


def with_relative_word(m: re.Match[str]) -> bool:
    """Relative when a relative word names it ("this century", not "the 19th century")."""
    return bool(m.groupdict().get("rel"))


def _rule(
    name: str,
    pattern: str,
    *,
    head: str,
    normalize: Normalizer,
    relative: Callable[[re.Match[str]], bool],
) -> Rule:
    # Word boundaries on both sides; case-insensitive words are wrapped in (?i:...).
    compiled = re.compile(rf"(?<![\w$£€.-])(?:{pattern})(?![\w-]|\.\d)")
    return Rule(name, compiled, head, normalize, relative)


_I = "(?i:"
_UNIT_HEAD = r"\b(?i:second|minute|hour|day|week|fortnight|month|quarter|year|decade|centur)"
RULES: list[Rule] = [
    # absolute dates
    _rule(
        "iso",
        r"(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:[T ](?P<hh>[01]\d|2[0-3]):(?P<mm>[0-5]\d))?",
        head=r"\d{4}-\d",
        normalize=_norm_abs,
        relative=never,
    ),
    # "2/3/2009", or tokenized "2 / 3 / 2009" (spaced alike throughout and not inside a longer
    # run of numbers and slashes such as a tokenized URL path "/ 2009 / 2 / 3 /").
    _rule(
        "slash",
        r"(?<!\d\s/\s)(?P<a>\d{1,2})(?P<sp>\s)?/(?(sp)\s)(?P<b>\d{1,2})(?(sp)\s)/(?(sp)\s)"
        r"(?P<y>\d{4}|\d{2})(?(sp)(?!\s/))",
        head=r"\d\s?/\s?\d",
        normalize=_norm_abs,
        relative=never,
    ),
    _rule(
        "dotted",
        r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})",
        head=r"\d\.\d{1,2}\.\d",
        normalize=_norm_abs,
        relative=never,
    ),
    _rule(
        "mdy",
        rf"(?:(?P<wd>{WEEKDAY})(?:{_COMMA})?\s+)?(?P<mon>{MONTH})\s+(?P<d>{DAYNUM}|{_DAYWORD})"
        rf"(?:(?:{_COMMA}\s*|\s+)(?P<y>{YEAR4}|'\d\d))?",
        head=MONTH,
        normalize=_norm_abs,
        relative=unless_year_written,
    ),
    _rule(
        "dmy",
        rf"(?:(?P<wd>{WEEKDAY})(?:{_COMMA})?\s+)?(?:{_I}the)\s+)?(?P<d>{DAYNUM})(?:\s+{_I}of))?"
        rf"\s+(?P<mon>{MONTH})(?:(?:{_COMMA})?\s+(?P<y>{YEAR4}))?",
        head=MONTH,
        normalize=_norm_abs,
        relative=unless_year_written,
    ),
    _rule(
        "monthyear",
        rf"(?:(?P<part>{_I}{_PARTOF}|{_PARTPRE})(?:\s?-)?\s*))?(?P<mon>{MONTH})(?:\s+{_I}of))?(?:{_COMMA})?\s+"
        rf"(?P<y>{YEAR4}|{_I}this\s+year|last\s+year|next\s+year|that\s+year|{_SPELLED_YEAR}))",
        head=MONTH,
        normalize=_norm_month,
        relative=unless_year_written,
    ),
    _rule(
        "month",
        rf"(?:(?P<part>{_I}{_PARTOF}|{_PARTPRE})(?:\s?-)?\s*))?(?:(?P<rel>{_I}this|last|next|past|"
        rf"coming|this\s+past|this\s+coming)\s+))?(?P<mon>{MONTH_ALONE})(?!\s+\d)",
        head=MONTH,
        normalize=_norm_month,
        relative=unless_year_written,
    ),
    _rule(
        "year",
        rf"(?:(?P<part>{_I}{_PARTOF}|{_PARTPRE}|the\s+year)(?:\s?-)?\s*))?(?P<pre>{_I}fiscal|fy)\s*)?"
        rf"(?:(?P<pp>{_I}post|pre))-)?(?P<y>{YEAR4})(?!\s*(?:%|(?i:percent|per\s+cent|km|kg|miles|meters|people|troops|"
        rf"soldiers|votes|members|workers|cars|units|pounds|feet|acres|tons|dollars|euros)\b)"
        rf"|{_NOT_YEAR_AFTER})",
        head=r"\d{4}",
        normalize=_norm_year,
        relative=unless_year_written,
    ),
    _rule(
        "year_period",
        rf"{_I}the\s+)(?P<y>{YEAR4})\s+{_I}period)",
        head=r"\d{4}\s+(?i:period)",
        normalize=_norm_year,
        relative=unless_year_written,
    ),
    _rule(
        "spelled_year",
        rf"{_I}(?:the\s+year\s+)?{_SPELLED_YEAR})",
        head=r"(?i:nineteen|thousand)",
        normalize=_norm_year,
        relative=never,
    ),
    _rule(
        "decade",
        rf"{_I}(?:the\s+)?(?:(?P<part>early|late|mid)(?:\s?-)?\s*)?)(?P<dec>(?:1[0-9]|20)[0-9]0|'[0-9]0)(?:\s?')?s",
        head=r"0(?:\s?')?s\b",
        normalize=_norm_decade,
        relative=never,
    ),
    _rule(
        "decade_word",
        rf"{_I}the\s+(?:(?P<part>early|late|mid)(?:\s?-)?\s*)?(?:nineteen[- ])?(?P<w>{_alt(list(T.DECADE_WORDS))}))",
        head=rf"\b(?i:{_alt(list(T.DECADE_WORDS))})\b",
        normalize=_norm_decade,
        relative=unless_year_written,
    ),
    _rule(
        "century",
        rf"{_I}(?:the\s+)?(?:(?P<part>early|late|mid)(?:\s?-)?\s*)?(?:(?P<ord>\d{{1,2}}(?:st|nd|rd|th)|{_ORDW}|twentieth|twenty-first|nineteenth|eleventh|twelfth)|(?P<rel>this|last|next|the\s+last|the\s+next|the\s+past|the\s+current))[- ]century)",
        head=r"(?i:century)",
        normalize=_norm_century,
        relative=with_relative_word,
    ),
    _rule(
        "quarter",
        rf"{_I}(?P<pre>(?:the\s+(?!(?:fiscal[- ])?\w+-quarter\b))?(?:(?:\d{{4}}|this|that(?!\s+\w+-quarter\b)|this\s+year's|last\s+year's|next\s+year's|the\s+year's|fiscal|latest|current|previous|past|last|same|recent|year-ago|year-earlier|final|comparable|most\s+recent|first|second|third|fourth|1st|2nd|3rd|4th|calendar|fiscal-(?:first|second|third|fourth))[- ]+)*)quarter(?P<post>\s+of\s+(?:fiscal\s+)?(?:\d{{4}}|this\s+year|last\s+year|next\s+year|the\s+year)|\s+a\s+year\s+(?:ago|earlier))?)",
        head=r"(?i:quarter)",
        normalize=_norm_quarter,
        relative=unless_year_written,
    ),
    _rule(
        "holiday",
        rf"(?:(?P<rel>{_I}this|last|next)\s+))?(?P<h>{_HOLIDAY})(?P<wk>\s+{_I}week))?",
        head=r"(?:Day|Eve|Christmas|Easter|Thanksgiving|Halloween|Friday|Sunday|Monday|"
        r"Wednesday|Pentecost)\b",
        normalize=_norm_holiday,
        relative=unless_year_written,
    ),
    _rule(
        "qshort",
        rf"(?P<q>Q[1-4])(?:\s+(?P<y>{YEAR4}))?",
        head=r"Q[1-4]",
        normalize=_norm_quarter,
        relative=unless_year_written,
    ),
    _rule(
        "half",
        rf"{_I}(?:the\s+)?(?P<ord>first|second|last|latter|back|front)[- ]half(?P<post>\s+of\s+(?:the\s+)?(?:fiscal\s+)?(?:{YEAR4}|this\s+year|last\s+year|next\s+year|the\s+year|'\d0s|\d{{4}}s))?)",
        head=r"(?i:half)",
        normalize=_norm_half,
        relative=unless_year_written,
    ),
    _rule(
        "two_quarters",
        rf"{_I}(?:(?P<mod>at\s+least|about|roughly|nearly)\s+)?(?:the\s+)?(?P<ord>first|last)\s+two\s+quarters"
        rf"\s+of\s+(?:fiscal\s+)?(?P<post>{YEAR4}|this\s+year|last\s+year|next\s+year))",
        head=r"(?i:quarter)",  # shares the quarter rule's windows
        normalize=_norm_two_quarters,
        relative=unless_year_written,
    ),
    _rule(
        "season",
        rf"{_I}(?P<the>the\s+)?(?:(?P<part>early|late|mid)(?:\s?-)?\s*)?(?:(?P<rel>this|last|next|past|coming|this\s+past|this\s+coming)\s+)?(?P<s>{_SEASON})(?:\s+of)?(?:\s+(?P<y>{YEAR4}|{_SPELLED_YEAR}))?)",
        head=r"\b(?i:spring|summer|fall|autumn|winter)",
        normalize=_norm_season,
        relative=unless_year_written,
    ),
    _rule(
        "relperiod",
        rf"{_I}(?:(?P<part>early|late|mid|earlier|later)(?:\s?-)?\s*)?(?:(?P<pof>{_PARTOF})\s+)?(?P<rel>{_REL}|the|that|the\s+same|the\s+full|the\s+latest)\s+(?P<fy>fiscal[- ])?(?P<unit>week|weekend|month|year|decade|century|fortnight|day|morning|afternoon|evening|night|period)(?:\s+or\s+so\b)?|"
        rf"(?P<part2>early|late|mid|earlier|later)\s+(?P<rel2>this|last|next|that)\s+(?P<unit2>week|weekend|month|year|decade|century))",
        head=r"\b(?i:week|month|year|decade|century|fortnight|day|morning|afternoon|"
        r"evening|night|period)",
        normalize=_norm_relperiod,
        relative=always,
    ),
    _rule(
        "weekof",
        rf"{_I}the\s+week\s+of)\s+(?P<mon>{MONTH})\s+(?P<d>{DAYNUM})",
        head=MONTH,
        normalize=_norm_weekof,
        relative=unless_year_written,
    ),
    _rule(
        "yearish",
        rf"{_I}(?:the\s+(?=\w+-(?:ago|earlier)\s+(?:period|quarter)s?\b))?"
        rf"(?:year|month|quarter)-(?:ago|earlier|end)(?:\s+(?:period|quarter|level|levels|months?|figures?))?"
        rf"|(?:year|month|quarter)(?:['’]s)?\s+end"
        rf"|the\s+(?:same|corresponding|comparable)\s+(?:period|quarter)\s+"
        rf"(?:last\s+year|a\s+year\s+(?:ago|earlier)))",
        head=r"(?i:(?:year|month|quarter)(?:-|['’]s\s+end|\s+end)|period\s+(?:last|a\s+year))",
        normalize=_norm_yearish,
        relative=always,
    ),
    _rule(
        "dayref",
        rf"{_I}(?:(?P<part>early|late)\s+)?(?P<w>today|yesterday|tomorrow|tonight|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow)(?:\s+(?P<dp>morning|afternoon|evening|night))?)",
        head=r"\b(?i:today|yesterday|tomorrow|tonight)",
        normalize=_norm_dayref,
        relative=unless_year_written,
    ),
    _rule(
        "daypart",
        rf"{_I}(?P<rel>this|last|tomorrow|yesterday|late\s+last|early\s+this|later\s+this|earlier\s+this)\s+(?P<dp>morning|afternoon|evening|night))",
        head=r"\b(?i:morning|afternoon|evening|night)",
        normalize=_norm_daypart,
        relative=unless_year_written,
    ),
    _rule(
        "midpart",
        rf"{_I}mid[- ]?(?P<dp>morning|afternoon|evening))(?:\s+(?P<wd>{WEEKDAY}|{_I}today|yesterday|tomorrow)))?",
        head=r"\b(?i:morning|afternoon|evening|night)",  # the daypart rule's windows
        normalize=_norm_midpart,
        relative=unless_year_written,
    ),
    _rule(
        "weekday",
        rf"(?:(?P<part>{_I}early|late))\s+)?(?:(?P<rel>{_I}this\s+past|this\s+coming|this|last|next|the\s+following|the\s+previous|the\s+next|that))\s+)?"
        rf"(?P<wd>{WEEKDAY})(?P<pl>s)?(?:(?='s)|(?:\s+(?P<dp>{_I}morning|afternoon|evening|night))))?",
        head=WEEKDAY,
        normalize=_norm_weekday,
        relative=unless_year_written,
    ),
    _rule(
        "clock",
        rf"(?P<h>[01]?\d|2[0-3])(?:\s?[:.]\s?(?P<mi>[0-5]\d)(?:\s?:\s?[0-5]\d)?)?\s*"
        rf"(?P<ap>{_I}[ap]{_DOT}\s?m(?:{_DOT})?|am|pm)(?![a-z]))"
        rf"(?:\s+(?P<tz>[A-Z]{{1,4}}T|GMT|UTC))?(?:(?:{_COMMA})?\s+(?P<wd>{WEEKDAY}|{_I}today|"
        rf"yesterday|tomorrow))|(?:{_COMMA})?\s+(?P<mon>{MONTH})\s+(?P<d>{DAYNUM})"
        rf"(?:(?:{_COMMA}\s*|\s+)(?P<y>{YEAR4}))?)?",
        head=r"\d\s*(?i:[ap](?:\s?\.\s?)?m)",
        normalize=_norm_clock,
        relative=unless_year_written,
    ),
    # A 24-hour reading ("at 12:30", "14:05 GMT", "Updated at: 00:48"): only after a word
    # that introduces a time or before a zone, since "3:16" is as often a verse or a score.
    _rule(
        "clock24",
        r"(?<!\d:)(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?!\s?(?i:[ap]\.?\s?m)\b|:\d)"
        r"(?:\s+(?P<tz>[A-Z]{1,4}T|GMT|UTC))?",
        head=r"\d:\d\d",
        normalize=_norm_clock24,
        relative=always,
    ),
    _rule(
        "clockword",
        rf"(?P<w>{_I}noon|midnight|midday))(?:\s+(?P<wd>{WEEKDAY}|{_I}today|yesterday|tomorrow)))?",
        head=r"(?i:noon|midnight|midday)",
        normalize=_norm_clock,
        relative=unless_year_written,
    ),
    _rule(
        "ago",
        rf"{_I}(?:(?P<mod>{_DMODS})\s+)?(?P<num>{NUM}|{_VAGUE})(?P<half>{_HALF})?[- ]+(?P<unit>{UNIT})(?:\s+or\s+so)?\s+(?P<dir>ago|earlier|later|before|after|from\s+now|hence|previously|since))",
        head=_UNIT_HEAD,
        normalize=_norm_ago,
        relative=always,
    ),
    # "four years and two months", "two hours and 30 minutes": one length in two units.
    _rule(
        "duration_pair",
        rf"{_I}(?:(?P<mod>{_DMODS})\s+)?(?P<num>{NUM})[- ]+(?P<unit>{UNIT}),?\s+and\s+"
        rf"(?P<num2>{NUM})[- ]+(?P<unit2>{UNIT}))",
        head=_UNIT_HEAD,
        normalize=_norm_duration_pair,
        relative=never,
    ),
    _rule(
        "duration",
        rf"{_I}(?:(?P<mod>{_DMODS})\s+)?(?P<det>(?:each\s+of\s+)?(?:the\s+)?(?:past|last|next|first|final|coming|previous|latest|following|remaining|initial|ensuing|another|additional|an\s+additional|further|recent|year-earlier|year-ago)\s+|the\s+(?=[\w-]+\s+(?:months|years|weeks|days|quarters)\b))?"
        rf"(?P<num>{NUM}|{_VAGUE})(?P<half>{_HALF})?(?:\s+|\s?-\s?)(?:(?:more|additional|straight|consecutive|long|full|trading|business|working)\s+)?(?P<unit>{UNIT})(?P<half2>\s+and\s+a\s+half)?(?P<tail>\s?-\s?(?:old|long))?(?:\s+or\s+so\b)?)",
        head=_UNIT_HEAD,
        normalize=_norm_duration,
        relative=never,
    ),
    _rule(
        "bare_duration",
        rf"{_I}(?P<det>(?:the\s+)?(?:recent|coming|past|last|next|following|ensuing|previous|first|early|later)\s+|the\s+)?(?P<unit>seconds|minutes|hours|days|weeks|months|years|decades|centuries)(?P<tail>\s?-\s?(?:old|long)|\s+ahead(?!\s+of\b))?"
        r"|(?P<unit1>hour|day|week|month|year)\s?-\s?long)",
        head=_UNIT_HEAD,
        normalize=_norm_duration,
        relative=never,
    ),
    _rule(
        "nth_day",
        rf"{_I}(?:the\s+)?(?P<ord>{_ORDW}|\d{{1,3}}(?:st|nd|rd|th))\s+(?:straight\s+|consecutive\s+)?day)",
        head=_UNIT_HEAD,
        normalize=_norm_nth_day,
        relative=unless_year_written,
    ),
    _rule(
        "set",
        rf"{_I}(?:every|each|per)\s+(?:other\s+)?(?:(?P<num>{NUM})\s+)?)(?P<unit>{_I}{_UNITS_ONE}|{UNIT}|morning|night|evening|weekend)|{WEEKDAY}|{MONTH}|{_I}{_SEASON}))",
        head=r"\b(?i:every|each|per)\b",
        normalize=_norm_set,
        relative=never,
    ),
    _rule(
        "setfreq",
        rf"{_I}(?:once|twice|(?:{_SMALL}|\d+)\s+times)\s+(?:a|an|per|each|every)\s+(?P<unit>{_UNITS_ONE}))",
        head=r"\b(?i:once|twice|times)\b",
        normalize=_norm_set,
        relative=never,
    ),
    _rule(
        "freq",
        rf"{_I}{_alt(list(T.FREQUENCY_WORDS))})",
        head=rf"\b(?i:{_alt(list(T.FREQUENCY_WORDS))})\b",
        normalize=_norm_set,
        relative=never,
    ),
    _rule(
        "ref",
        rf"{_I}(?P<more>(?:more|most)\s+)?(?P<w>now|currently|nowadays|presently|at\s+present|the\s+present|recently|lately|the\s+past|the\s+(?:(?:near|distant)\s+)?future|these\s+days|the\s+(?:near|short)\s+term|(?:then[- ])?current|future|as\s+soon\s+as\s+possible|soon|an?\s+(?:later|future)\s+date|(?<=\b(?i:for)\s)an?\s+(?:little\s+|long\s+)?while|(?<=\b(?i:at)\s)this\s+(?:[a-z]+\s+)?moment))",
        head=r"\b(?i:now|current|present|recent|lately|past|future|these\s+days|term|soon|date|while|moment)",
        normalize=_norm_ref,
        relative=always,
    ),
]
