"""Publication-date inference for articles that carry no date.

Every candidate day in a window around the years the article names is scored against the
evidence in its text, and the best-scoring day wins:

- dates written in full or as month and day ("June 7"): an article usually appears within
  days after the dates it reports in the past tense, and before those it announces;
- "a June 7 report", "reported on June 7": the article is at most a few days younger;
- years, months, quarters and seasons: a past-tense mention of a period means the period has
  begun; the article is usually not much later;
- weekdays in the past tense ("said Friday"): the article appears on that day or the next;
- durations lasting up to the time of writing ("held for 910 days", "nearly 1,000 days of
  strained relations"), counted from a dated event that starts something (an arrest, a
  detention, an outbreak) named elsewhere in the article;
- the page's own date stamp (a date opening the text, or after "date", "Published:",
  "Posted on", "Updated": "Updated 3 hours ago" names no day), a date printed in the
  article's header lines or identifier ("APW19980807.0261  NEWS STORY 08/07/1998 06:18:00")
  or in its dateline ("JOHANNESBURG, August 7 (Xinhua) --"), and a date or a month in its URL
  or file name ("/2021/06/07/", "/202106/07/", "/2021/06/"): the strongest evidence, and the
  only kind that is not soft; each is labelled with what it is in the reasoning;
- a weekday written with a month and day ("Friday, Aug. 7"): only some years agree, which
  can pick the year when the text names none near it.

The evidence is soft: each item scores every day, with a floor so that one odd mention (a
historical date, a misread tense) cannot veto the rest.

Within a story (``infer_story``) an undated article also takes the dates of the articles that
read most like it, given or pinned by their own text: a story may wrongly hold several
happenings of one saga, and the reports of one happening read alike. An article whose own
text pins its date is moved by them at most within what its own clues leave open.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from .. import datevalue
from ..config import Settings
from ..model import Article, TimeExpr
from . import timex
from .timex.words import MONTHS, WEEKDAYS

__all__ = [
    "DateSettings",
    "article_sources",
    "datelines",
    "infer_published",
    "infer_story",
    "refine_published",
    "source_date",
]

# Verbs and nouns of events that start a lasting state: a duration "up to now" is counted
# from a date named in a sentence with one of them.
START_WORDS = re.compile(
    r"\b(?:arrest|detain|detention|jail|imprison|seiz|captur|kidnap|abduct|held|began|begin|"
    r"start|launch|outbreak|invasion|invad|took\s+office|elected|since|founded|opened|"
    r"broke\s+out|erupted|sworn)\w*",
    re.I,
)
_REPORT = re.compile(
    r"^\s*(?:report|article|story|statement|interview|editorial|broadcast|press\s+release|"
    r"dispatch|column|op-ed|letter)\b",
    re.I,
)
_REPORTED_ON = re.compile(r"\b(?:reported|published|wrote|aired|revealed)\s+(?:on\s+)?$", re.I)


@dataclass(frozen=True, slots=True)
class DateSettings:
    """The weights of the evidence (``[dates]`` in settings.cfg says how each was chosen)."""

    day_scale: float = 20.0  # days over which a reported date loses one point
    stamp_slope: float = 4.0  # points a header date or dateline loses a day away from it
    stamp_floor: float = 60.0  # ... down to this
    own_year_penalty: float = 0.3  # how far a year named outright trails the year after
    level: float = 0.2  # days scoring within this of the best are equally likely
    pool_floor: float = 3.0  # the most a story's other articles hold against a day
    pool_alike: float = 0.7  # peers: articles at least this share as alike as the most alike
    pool_sharp: int = 5  # an article whose own verdict spans at most this many days is firm
    pool_peer: float = 8.0  # what firmly dated peers hold against a day, at most
    pool_days: float = 7.0  # days from a peer's date over which the pooled score falls to -1
    pool_firm: float = 1.0  # what the peers hold against a day for a firmly dated article
    refine_spread: int = 3  # days a given month or year is narrowed to, at most

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> DateSettings:
        """The ``[dates]`` section of ``settings`` (the settings in force when None)."""
        return (settings or Settings.default()).numbers(cls, "dates")


# Days beyond a period given to the month or the year that its narrowing weighs too, so that
# evidence pointing outside the period is seen as such.
_REFINE_MARGIN = 31


@dataclass(frozen=True)
class _Evidence:
    label: str  # what the text says, for the reasoning
    scores: np.ndarray  # one score per candidate day


_NO_YEAR = "no year is named in the story and no article is dated"


def _ordinal(d: date) -> int:
    return d.toordinal()


def _day_profile(gap: np.ndarray, tense: int, scale: float, floor: float) -> np.ndarray:
    """Score of publishing ``gap`` days after a dated event: best at 0 to a few days after
    for past or unknown tense, before the date for the future tense."""
    if tense > 0:
        # Announced for later: most often a week or so before, rarely much earlier.
        s = np.where(gap <= 0, -np.abs(gap + 7) / (3 * scale), -gap / scale - 1.0)
    elif tense < 0:
        s = np.where(gap >= 0, -gap / scale, gap * 3 / scale - 0.5)
    else:
        # No tense to go by ("the appointment takes effect Nov. 13"): either side.
        s = np.where(gap >= 0, -gap / scale, gap / scale - 0.25)
    return np.maximum(s, floor)


def _period_profile(
    days: np.ndarray, start: int, end: int, tense: int, own_year_penalty: float
) -> np.ndarray:
    """A past-tense period has begun before publication, usually not long before."""
    if tense > 0:
        return np.where(days <= end, 0.0, -1.5)
    # Reports look back: a period mentioned in the past tense is as likely last year's as
    # this year's, so the score only falls a year after its end.
    before = days < start
    s = np.where(before, -1.5 - (start - days) / 365.0, -np.maximum(days - end - 365, 0) / 365.0)
    if end - start > 300:
        # A year named outright is more often an earlier one: news says "this year" for its own.
        s = s - np.where((days >= start) & (days <= end), own_year_penalty, 0.0)
    return np.maximum(s, -2.0)


def _month_profile(days: np.ndarray, months: np.ndarray, month: int, tense: int) -> np.ndarray:
    """A month named without a year ("in February"): months since its last occurrence."""
    back = (months - month) % 12  # 0..11 months since that month (0: we are in it)
    fwd = (month - months) % 12
    if tense < 0:
        g = back
    elif tense > 0:
        g = fwd
    else:
        g = np.minimum(back, fwd)
    return -g / 12.0


def _candidates(
    years: list[int], neighbours: list[datevalue.DateRange], reach: int, printed: Sequence[int] = ()
) -> np.ndarray | None:
    """Candidate days: from the year before the latest year named to the year after, or
    further when a duration running up to now reaches beyond (``reach`` years); always
    around the years of printed header dates (``printed``)."""
    # Nothing we read was published after today: a "2045" that is a clock time or a house
    # number must not date an article decades ahead.
    today = date.today()
    years = [y for y in years if y <= today.year]
    if years:
        lo, hi = max(years) - 1, max(years) + 1 + reach
    elif neighbours:
        lo, hi = min(n[0].year for n in neighbours) - 1, max(n[1].year for n in neighbours) + 1
    else:
        return None
    if printed:
        lo, hi = min(lo, min(printed) - 1), max(hi, max(printed) + 1)
    last = min(_ordinal(date(hi, 12, 31)), _ordinal(today))
    days = np.arange(_ordinal(date(lo, 1, 1)), last + 1)
    return days if len(days) else None


# Header lines: the short lines before the first line of prose, within these limits.
_HEAD_LINES = 30
_HEAD_CHARS = 3000
# Header dates of one story agree within days (filed, updated, the identifier's date).
_HEAD_SPREAD = 7
# Numeric stamps as wire services, archives and feeds print them in headers and identifiers.
# Each is (order of the groups, pattern); two-digit years are 1950-2049. Tokenized text may
# space the separators ("1998 - 08 - 07", "08 / 07 / 98").
_STAMPS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # 1998-08-07
    (
        "ymd",
        re.compile(
            r"(?<![\d-])(?<!-\s)((?:19|20)\d\d)\s?-\s?(\d\d)\s?-\s?(\d\d)(?![\d-])(?!\s-\s?\d)"
        ),
    ),
    # 08/07/98
    (
        "mdy",
        re.compile(
            r"(?<![\d/])(?<!/\s)(\d{1,2})\s?/\s?(\d{1,2})\s?/\s?((?:19|20)?\d\d)(?![\d/])(?!\s/\s?\d)"
        ),
    ),
    ("ymd", re.compile(r"(?<!\d)((?:19|20)\d\d)(\d\d)(\d\d)(?!\d)")),  # APW19980807.0261
    ("mdy", re.compile(r"(?<![\d-])(\d\d)-(\d\d)-(\d\d)(?![\d-])")),  # AP-NR-08-15-90
    ("ymd", re.compile(r"(?<![\w-])[A-Za-z]{0,6}(\d\d)(\d\d)(\d\d)(?=[-.\s]|$)")),  # WSJ891102-01
)
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY_ALT = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
# "JOHANNESBURG, August 7 (Xinhua) --", "DAR ES SALAAM, Tanzania, Aug. 7, 1998 -": a place in
# capitals opening a line, a month and day, an optional year and agency, then a dash.
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'\- ]{1,40}(?:,\s*[A-Z][A-Za-z.'\- ]{1,30})?,\s*"
    rf"((?i:{_MONTH_ALT}))(?:\s?\.)?\s+(\d{{1,2}})(?:\s?,?\s+((?:19|20)\d\d))?\s*"
    r"(?:\([^)\n]{1,40}\)\s*)?(?:--|-|_|:|\u2014|\u2013)",
    re.M,
)


def datelines(text: str) -> list[tuple[int, int]]:
    """Spans of the datelines opening the article's lines, their dash included
    ("JOHANNESBURG, August 7 (Xinhua) --")."""
    return [m.span() for m in _DATELINE.finditer(text[:_HEAD_CHARS])]


# Full weekday names only: "Sat" or "Wed" in a lead are too often something else.
_LEAD_WEEKDAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_LEAD_CHARS = 300
_WEEKDAY_BEFORE = re.compile(rf"\b({_WEEKDAY_ALT})(?:\s?\.)?(?:\s?,)?\s*$", re.I)
# Years a weekday agreeing with a month and day may look ahead of the latest year named.
_AGREEMENT_REACH = 6


@dataclass(frozen=True)
class _Stamp:
    label: str
    year: int | None  # None: a dateline without a year
    month: int
    day: int
    weekday: int | None = None  # a weekday the lead after a yearless dateline names
    span: int = 0  # days the stamp covers after its first (a month in a URL: the month's)


def _full_year(y: int) -> int:
    return y if y >= 100 else (1900 + y if y >= 50 else 2000 + y)


def _valid(y: int | None, m: int, d: int) -> bool:
    try:
        date(y or 2000, m, d)
    except ValueError:
        return False
    return y is None or 1900 <= y <= 2100


def _is_prose(line: str) -> bool:
    """A line of running text: long, and most of its words in lower case (punctuation set
    apart by tokenization is no word)."""
    words = [w for w in line.split() if w[0].isalnum()]
    return len(words) >= 12 and sum(w[0].islower() for w in words) * 2 >= len(words)


def head_lines(text: str) -> list[tuple[int, int]]:
    """Spans of the header lines: the lines before the first line of prose."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text[:_HEAD_CHARS].split("\n")[:_HEAD_LINES]:
        if _is_prose(line):
            break
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


# A page's own date stamp: a full date opening the text, or after a label saying what it is
# ("date 2024-07-19", "Published: June 3, 2024", "Posted on 03/06/2024", "Last updated ...")
# at the start of one of the first lines. Relative ones ("Updated 3 hours ago") name no day.
_STAMP_CHARS = 400
_STAMP_LABEL = re.compile(
    r"(?:^|\n)[ \t]*(?:(?:date|dated|published|posted|updated|last\s+updated|first\s+published|"
    r"modified|last\s+modified|created)(?:\s+(?:on|at))?[ \t]*[:.\-|]?[ \t]*)$",
    re.I,
)


def _page_stamps(text: str, found: Sequence[TimeExpr]) -> list[_Stamp]:
    """The page's own date stamps: full dates opening one of the first lines, bare or after
    a label ("date 2024-07-19", "Published: June 3, 2024")."""
    out = []
    for t in found:
        if t.start >= _STAMP_CHARS:
            break
        d = _parse_day(t.value)
        if d is None or t.type not in ("DATE", "TIME"):
            continue
        before = text[: t.start]
        # A bare date opens the text; a labelled one may open any of the first lines.
        if not before.strip() or _STAMP_LABEL.search(before):
            out.append(_Stamp(f'page date stamp "{t.text}"', d.year, d.month, d.day))
    return out


def _stamps(text: str, found: Sequence[TimeExpr]) -> list[_Stamp]:
    """Dates printed in the header lines or in a dateline, and the page's own stamp."""
    out: dict[tuple[int | None, int, int], _Stamp] = {}
    heads = head_lines(text)
    for s, e in heads:
        line = text[s:e]
        for order, pattern in _STAMPS:
            for m in pattern.finditer(line):
                a, b, c = (int(g) for g in m.groups())
                y, mo, d = (_full_year(a), b, c) if order == "ymd" else (_full_year(c), a, b)
                if order == "mdy" and mo > 12:
                    mo, d = d, mo  # day first is the only valid reading
                if _valid(y, mo, d):
                    out.setdefault((y, mo, d), _Stamp(f'header "{m.group(0).strip()}"', y, mo, d))
    # Dates written out in a header line ("Tuesday, December 3, 1991").
    for t in found:
        w = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", t.value.split("T")[0])
        if w and any(s <= t.start < e for s, e in heads):
            y, mo, d = int(w[1]), int(w[2]), int(w[3])
            if _valid(y, mo, d):
                out.setdefault((y, mo, d), _Stamp(f'header "{t.text}"', y, mo, d))
    dated = [date(y, mo, d) for y, mo, d in out if y is not None]
    if dated and (max(dated) - min(dated)).days > _HEAD_SPREAD:
        out = {}  # dates far apart in the first lines are a list (a timeline), not a header
    for st in _page_stamps(text, found):
        out.setdefault((st.year, st.month, st.day), st)
    for dl in _DATELINE.finditer(text[:_HEAD_CHARS]):
        mo, d = MONTHS[dl[1].lower()], int(dl[2])
        year = int(dl[3]) if dl[3] else None
        if _valid(year, mo, d):
            # "WARSAW, February 26 (Xinhua) -- ... said Friday": the lead's weekday is the
            # dateline's day or the day before, which only some years agree with.
            lead = _LEAD_WEEKDAY.search(text, dl.end(), dl.end() + _LEAD_CHARS)
            wd = WEEKDAYS[lead[1].lower()] if lead and year is None else None
            label = f'dateline "{dl.group(0).strip()}"'
            out.setdefault((year, mo, d), _Stamp(label, year, mo, d, wd))
    return list(out.values())


# Dates in URLs and file names: /2021/06/07/, /2021/jun/07/, 2021-06-07, 2021_06_07, 20210607,
# /202106/07/, /2021/0607/, and a stamp of the time too (20221209092650...).
_SOURCE_DATES = (
    re.compile(r"(?<!\d)((?:19|20)\d\d)/(\d{1,2})/(\d{1,2})(?!\d)"),
    re.compile(rf"(?<!\d)((?:19|20)\d\d)/((?i:{_MONTH_ALT}))/(\d{{1,2}})(?!\d)"),
    re.compile(r"(?<!\d)((?:19|20)\d\d)[-_.](\d\d)[-_.](\d\d)(?!\d)"),
    re.compile(r"(?<!\d)((?:19|20)\d\d)(\d\d)(\d\d)(?!\d)"),
    re.compile(r"(?<!\d)((?:19|20)\d\d)(\d\d)/(\d\d)(?=/)"),
    re.compile(r"(?<=/)((?:19|20)\d\d)/(\d\d)(\d\d)(?=/)"),
    re.compile(r"(?<!\d)((?:19|20)\d\d)(\d\d)(\d\d)(?=(?:[01]\d|2[0-3])[0-5]\d\d{2,})"),
)
# A month alone, as folders of a site's archive name it: /2021/06/ or /202106/.
_SOURCE_MONTHS = (
    re.compile(r"/((?:19|20)\d\d)/(\d\d)/"),
    re.compile(r"/((?:19|20)\d\d)(\d\d)/"),
)


def article_sources(article: Article) -> list[str | None]:
    """An article's URLs and file names, the URL first."""
    names = [article.url] + [o.url for o in article.origins] + [o.file for o in article.origins]
    return list(dict.fromkeys(n for n in names if n))


def _where(name: str) -> str:
    """The part of a name that may carry its date: a URL whole; of a file path only the name
    and the three folders above it (higher folders are the user's)."""
    return name if "://" in name else "/".join(re.split(r"[\\/]", name)[-4:])


def source_date(names: Sequence[str | None]) -> tuple[date, str] | None:
    """The first date found in a URL or file name, with the name it came from."""
    for name in names:
        if not name:
            continue
        for pattern in _SOURCE_DATES:
            for m in pattern.finditer(_where(name)):
                mo = int(m[2]) if m[2].isdigit() else MONTHS.get(m[2].lower(), 0)
                y, d = int(m[1]), int(m[3])
                if mo and _valid(y, mo, d):
                    return date(y, mo, d), name
    return None


def source_month(names: Sequence[str | None]) -> tuple[int, int, str] | None:
    """The first month named by a URL's or file path's folders ("/2021/06/"): year, month
    and the name it came from."""
    for name in names:
        if not name:
            continue
        for pattern in _SOURCE_MONTHS:
            for m in pattern.finditer(_where(name)):
                y, mo = int(m[1]), int(m[2])
                if 1 <= mo <= 12 and _valid(y, mo, 1):
                    return y, mo, name
    return None


def _in_name(name: str) -> str:
    return "the URL" if "://" in name else "the file name"


def _source_stamp(
    names: Sequence[str | None], found: Sequence[TimeExpr], tense: Sequence[int]
) -> tuple[_Stamp | None, str | None]:
    """The URL or file-name date (or month) as a printed date, unless the text rules it out:
    it may not lie in the future, nor before a date the text itself reports in the past tense
    (a name can carry a fetch, upload or archive date instead)."""
    found_date = source_date(names)
    found_month = source_month(names) if found_date is None else None
    if found_date is not None:
        when, name = found_date
        first = last = when
        what, iso = "date", when.isoformat()
    elif found_month is not None:
        y, mo, name = found_month
        first = date(y, mo, 1)
        last = date(y + mo // 12, mo % 12 + 1, 1) - timedelta(days=1)
        what, iso = "month", first.isoformat()[:7]
    else:
        return None, None
    where = _in_name(name)
    if first > date.today():
        return None, f"the {what} {iso} in {where} is in the future; not used"
    past = [
        d
        for t, ts in zip(found, tense, strict=True)
        if ts < 0 and (d := _parse_day(t.value)) is not None
    ]
    if past and max(past) > last + timedelta(days=1):
        return None, (
            f"the {what} {iso} in {where} is earlier than {max(past).isoformat()}, "
            "which the text reports as past; not used"
        )
    label = f'{what} in {where} "{name}"'
    return _Stamp(label, first.year, first.month, first.day, span=(last - first).days), None


def _parse_day(value: str) -> date | None:
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:T.*)?", value)
    if not m or not _valid(int(m[1]), int(m[2]), int(m[3])):
        return None
    return date(int(m[1]), int(m[2]), int(m[3]))


def _weekday_of(text: str, t: TimeExpr) -> int | None:
    """The weekday written with a month and day ("Friday, Aug. 7"), if any."""
    m = re.match(rf"\s*({_WEEKDAY_ALT})\b", t.text, re.I) or _WEEKDAY_BEFORE.search(
        text[max(0, t.start - 14) : t.start]
    )
    return WEEKDAYS[m[1].lower()] if m else None


@dataclass(frozen=True)
class _Clues:
    text: str
    spans: list[tuple[int, int]]
    found: list[TimeExpr]
    tense: list[int]
    years: list[int]
    reach: int
    stamps: list[_Stamp]
    note: str | None = None  # why a date in the URL or file name was not used


def _clues(
    text: str, sentences: Sequence[tuple[int, int]] | None, sources: Sequence[str | None] = ()
) -> _Clues:
    spans = list(sentences) if sentences else timex.split_sentences(text)
    found = timex.tag(text, None, sentences=spans)
    tense = timex.tenses(text, found, spans)
    stamps = _stamps(text, found)
    named, note = _source_stamp(sources, found, tense)
    if named is not None:
        stamps.append(named)
    years = _years(found, tense) + [s.year for s in stamps if s.year is not None]
    reach = _reach(text, found, spans)
    agreement = any(
        re.fullmatch(r"XXXX-\d{2}-\d{2}", t.value) and _weekday_of(text, t) for t in found
    )
    if agreement or any(s.year is None for s in stamps):
        reach = max(reach, _AGREEMENT_REACH)
    return _Clues(text, spans, found, tense, years, reach, stamps, note)


@dataclass(frozen=True)
class _Grid:
    ords: np.ndarray
    months: np.ndarray
    weekday: np.ndarray
    year_of: np.ndarray


_EPOCH = date(1970, 1, 1).toordinal()


def _grid(ords: np.ndarray) -> _Grid:
    d64 = (ords - _EPOCH).astype("datetime64[D]")
    years = d64.astype("datetime64[Y]").astype(int) + 1970
    months = d64.astype("datetime64[M]").astype(int) % 12 + 1
    weekday = (ords - 1) % 7 + 1  # ordinal 1 (0001-01-01) was a Monday
    return _Grid(ords, months, weekday, years)


def _scores(c: _Clues, g: _Grid, st: DateSettings) -> list[_Evidence]:
    ev: list[_Evidence] = []
    for i, t in enumerate(c.found):
        ev.extend(_evidence(c.text, t, c.tense[i], g, st))
    ev.extend(_duration_evidence(c.text, c.found, c.spans, g.ords))
    ev.extend(_stamp_evidence(c.stamps, g, st))
    return ev


def _stamp_evidence(stamps: Sequence[_Stamp], g: _Grid, weights: DateSettings) -> list[_Evidence]:
    """A printed header date or dateline: the article is of that day, give or take one."""
    out = []
    for st in stamps:
        years = [st.year] if st.year is not None else sorted(set(g.year_of.tolist()))
        years = [y for y in years if _valid(y, st.month, st.day)]
        if st.weekday is not None:
            fits = [
                y for y in years if (date(y, st.month, st.day).isoweekday() - st.weekday) % 7 <= 1
            ]
            years = fits or years
        best = np.full(len(g.ords), -weights.stamp_floor)
        for y in years:
            first = _ordinal(date(y, st.month, st.day))
            gap = np.maximum(first - g.ords, 0) + np.maximum(g.ords - first - st.span, 0)
            best = np.maximum(best, np.maximum(-weights.stamp_slope * gap, -weights.stamp_floor))
        out.append(_Evidence(st.label, best))
    return out


_NEIGHBOUR = "an article of the same story dated"


def _neighbour_evidence(near: Sequence[datevalue.DateRange], ords: np.ndarray) -> list[_Evidence]:
    out = []
    for first, last in near:
        # days outside the neighbour's date (a day, or a month or year given so coarsely)
        gap = np.maximum(_ordinal(first) - ords, 0) + np.maximum(ords - _ordinal(last), 0)
        when = first.isoformat() if first == last else f"{first.isoformat()}..{last.isoformat()}"
        out.append(_Evidence(f"{_NEIGHBOUR} {when}", np.maximum(-gap / 180.0, -1.0)))
    return out


def _decide(
    ev: list[_Evidence],
    ords: np.ndarray,
    level: float,
    extra: np.ndarray | None = None,
    pooled_note: str | None = None,
) -> tuple[str, str, int]:
    """The best day, the reasoning, and the days from the first to the last that score
    almost as well (0: the evidence pins one day)."""
    total = np.sum([e.scores for e in ev], axis=0) if ev else np.zeros(len(ords))
    if extra is not None:
        total = total + extra
    best = int(np.argmax(total))
    # When the evidence leaves a run of over a week of days about equally likely around the
    # best, its middle day is the best guess (the first would always err to one side).
    flat = total >= total[best] - level
    first = last = best
    while first > 0 and flat[first - 1]:
        first -= 1
    while last < len(flat) - 1 and flat[last + 1]:
        last += 1
    if last - first > 7:
        best = (first + last) // 2
    chosen = date.fromordinal(int(ords[best]))
    # Reasoning: the items that favour the chosen day most over their average.
    gains = sorted(ev, key=lambda e: float(e.scores[best] - e.scores.mean()), reverse=True)
    top = [e.label for e in gains[:4] if e.scores[best] - e.scores.mean() > 0.05]
    dated = sum(e.label.startswith(_NEIGHBOUR) for e in ev)
    reason = f"inferred {chosen.isoformat()} from {len(ev) - dated} clues in the text"
    if dated:
        reason += f", the dates of {dated} article{'s' * (dated > 1)} of the same story"
    if extra is not None and pooled_note:
        reason += " and " + pooled_note
    if top:
        reason += "; strongest: " + "; ".join(top)
    # Say how sharp the verdict is: the days that score almost as well as the best.
    close = np.nonzero(total >= total[best] - 0.5)[0]
    lo, hi = date.fromordinal(int(ords[close[0]])), date.fromordinal(int(ords[close[-1]]))
    if (hi - lo).days > 31:
        reason += f"; weak: any day from {lo.isoformat()} to {hi.isoformat()} fits about as well"
    return chosen.isoformat(), reason, (hi - lo).days


def infer_published(
    text: str,
    *,
    neighbours: Sequence[str] = (),
    sentences: Sequence[tuple[int, int]] | None = None,
    sources: Sequence[str | None] = (),
    settings: DateSettings | None = None,
) -> tuple[str | None, str]:
    """The most likely publication date of ``text`` (ISO) and the reasoning, or (None,
    reason) when the text names no year and no neighbour is dated.

    ``neighbours`` are publication dates of other articles of the same story; ``sources``
    the article's URLs and file names, whose dates count as printed ones; ``settings`` the
    evidence weights (those of settings.cfg when None)."""
    st = settings or DateSettings.from_settings()
    c = _clues(text, sentences, sources)
    near = _ranges(neighbours)
    days = _candidates(c.years, near, c.reach, _printed([c]))
    if days is None:
        why = "no year is named in the text and no neighbouring article is dated"
        if c.years:
            why = f"every year the text names ({', '.join(map(str, sorted(set(c.years))))}) is in the future"
        return None, _noted(why, c)
    ev = _scores(c, _grid(days), st) + _neighbour_evidence(near, days)
    if not ev:
        return None, _noted("the text gives no usable date evidence", c)
    value, reason, _ = _decide(ev, days, st.level)
    return value, _noted(reason, c)


def refine_published(
    text: str,
    given: str,
    *,
    sentences: Sequence[tuple[int, int]] | None = None,
    sources: Sequence[str | None] = (),
    settings: DateSettings | None = None,
) -> tuple[str | None, str]:
    """A day within ``given`` (a publication date known only to the month or the year) when
    the text pins one, with the reasoning; (None, reason) when it does not.

    The evidence is weighed over the given period and a month either side: a day is chosen
    only when it lies within the period and the days scoring almost as well span at most
    ``refine_spread`` days (a printed header date, a dateline, a dated URL or a report the
    article cites does; a past event it names does not)."""
    st = settings or DateSettings.from_settings()
    period = datevalue.period(given)
    if period is None or period.precision == "day":
        return None, f"given as {given}"
    c = _clues(text, sentences, sources)
    first = _ordinal(period.first) - _REFINE_MARGIN
    last = min(_ordinal(period.last) + _REFINE_MARGIN, _ordinal(date.today()))
    days = np.arange(first, last + 1)
    ev = _scores(c, _grid(days), st) if len(days) else []
    if not ev:
        return None, _noted(f"given as {given}; the text gives no date evidence to narrow it", c)
    value, reason, spread = _decide(ev, days, st.level)
    if spread > st.refine_spread:
        why = f"given as {given}; the text does not pin a day within it ({reason})"
        return None, _noted(why, c)
    if not period.first <= date.fromisoformat(value) <= period.last:
        why = f"given as {given}; the text points to {value}, outside it, so it is kept as given"
        return None, _noted(f"{why} ({reason})", c)
    return value, _noted(f"given as {given}; narrowed to {value} within it: {reason}", c)


def _noted(reason: str, c: _Clues | None) -> str:
    return f"{reason}; {c.note}" if c is not None and c.note else reason


def infer_story(
    texts: Sequence[str],
    published: Sequence[str | None] | None = None,
    *,
    sentences: Sequence[Sequence[tuple[int, int]] | None] | None = None,
    sources: Sequence[Sequence[str | None]] | None = None,
    settings: DateSettings | None = None,
) -> list[tuple[str | None, str]]:
    """Publication dates for the articles of one story, for those whose ``published`` is
    None: each article's own clues (``sources``: its URLs and file names), plus the dates of
    the articles that read most like it and are firmly dated (given, or pinned by their own
    text; reports of one happening appear within days), or else the soft clues of the other
    articles, the more alike the more. Dated articles are returned as given; the reasoning
    says what each inferred date rests on."""
    st = settings or DateSettings.from_settings()
    n = len(texts)
    given = list(published) if published is not None else [None] * n
    sents = list(sentences) if sentences is not None else [None] * n
    names = list(sources) if sources is not None else [()] * n
    clues = [
        _clues(t, s, names[i]) if given[i] is None else None
        for i, (t, s) in enumerate(zip(texts, sents, strict=True))
    ]
    near = _ranges([p for p in given if p])
    years = [y for c in clues if c is not None for y in c.years]
    reach = max((c.reach for c in clues if c is not None), default=0)
    days = _candidates(years, near, reach, _printed([c for c in clues if c is not None]))
    out: list[tuple[str | None, str]] = []
    if days is None:
        for i in range(n):
            out.append(
                (given[i], "given")
                if given[i]
                else (
                    None,
                    _NO_YEAR if not years else "every year the story names is in the future",
                )
            )
        return out
    grid = _grid(days)
    per_doc: list[list[_Evidence]] = [_scores(c, grid, st) if c is not None else [] for c in clues]
    # What each article's own clues say, and which articles are dated firmly enough to vouch
    # for others: given a day or a month, or pinned by their own text to a few days.
    fixed: list[tuple[int, int] | None] = []
    firm = [False] * n
    for i in range(n):
        if given[i]:
            r = datevalue.date_range(given[i] or "")
            ok = r is not None and (r[1] - r[0]).days <= 31
            fixed.append((_ordinal(r[0]), _ordinal(r[1])) if ok and r is not None else None)
            continue
        if not per_doc[i]:
            fixed.append(None)
            continue
        best, spread = _sharpness(np.sum([e.scores for e in per_doc[i]], axis=0), days)
        firm[i] = spread <= st.pool_sharp
        fixed.append((int(days[best]), int(days[best])) if firm[i] else None)
    totals = np.zeros((n, len(days)))
    for i, ev in enumerate(per_doc):
        if ev:
            t = np.sum([e.scores for e in ev], axis=0)
            totals[i] = t - t.max()
    sim = _similarity(texts)
    # The soft pool of every article at once: the others' verdicts (those with clues),
    # weighted by how alike they read.
    with_clues = np.array([bool(ev) for ev in per_doc])
    w = np.maximum(sim, 1e-3) * with_clues[None, :]
    np.fill_diagonal(w, 0.0)
    norm = w.sum(axis=1)
    soft_pool = (w @ totals) / np.maximum(norm, 1e-9)[:, None]
    results: list[tuple[str | None, str] | None] = [None] * n
    for _pass in range(2):
        # A second pass lets an article that the first pinned through its peers vouch in
        # turn for the articles that read like it.
        later = list(fixed)
        for i in range(n):
            if given[i]:
                continue
            peers = _peers(sim, i, fixed, st.pool_alike)
            pooled = None
            note = None
            if peers:
                spans = [fixed[j] for j in peers]
                weights = [max(float(sim[i, j]), 1e-3) for j in peers]
                pooled = _peer_profile(spans, weights, days, st.pool_days)  # type: ignore[arg-type]
                pooled *= st.pool_firm if firm[i] else st.pool_peer
                note = _peer_note(peers, fixed)
            elif norm[i] > 0:
                # No firmly dated article reads like it: the soft verdicts of the others,
                # each shifted so its best day scores 0, the more alike the more, weigh at
                # most pool_floor.
                pooled = np.maximum(soft_pool[i], -(st.pool_firm if firm[i] else st.pool_floor))
                k = int(with_clues.sum()) - int(with_clues[i])
                note = (
                    f"the clues of the {k} other article{'s' * (k > 1)} of the same story, "
                    "the more alike the more"
                )
            ev = per_doc[i]
            if not ev and pooled is None:
                results[i] = (None, _noted("the story gives no usable date evidence", clues[i]))
                continue
            value, reason, spread = _decide(ev, days, st.level, pooled, note)
            results[i] = (value, _noted(reason, clues[i]))
            if later[i] is None and value and spread <= st.pool_sharp:
                d = _ordinal(date.fromisoformat(value))
                later[i] = (d, d)
        fixed = later
    for i in range(n):
        out.append((given[i], "given") if given[i] else results[i] or (None, _NO_YEAR))
    return out


def _sharpness(total: np.ndarray, days: np.ndarray) -> tuple[int, int]:
    """The best day of a verdict (index) and the days from the first to the last scoring
    within 0.5 of it."""
    best = int(np.argmax(total))
    close = np.nonzero(total >= total[best] - 0.5)[0]
    return best, int(days[close[-1]] - days[close[0]])


# The most alike firm peers one article pools: a happening's first reports are enough, and
# the work stays linear in the size of a large story.
_MAX_PEERS = 12


def _peers(
    sim: np.ndarray, i: int, fixed: Sequence[tuple[int, int] | None], alike: float
) -> list[int]:
    """The firmly dated articles that read most like article ``i``: at least ``alike`` times
    as alike as the most alike of them."""
    cand = np.array([j for j in range(len(fixed)) if j != i and fixed[j] is not None], dtype=int)
    if not len(cand):
        return []
    row = sim[i, cand]
    order = np.argsort(-row, kind="stable")[:_MAX_PEERS]
    top = float(row[order[0]])
    if top <= 0:
        return [int(cand[k]) for k in order]
    return [int(cand[k]) for k in order if row[k] >= alike * top]


# Days around a peer's date that are as likely as its own: reports of one happening come out
# over a few days, the later ones a little after the first.
_PEER_BEFORE, _PEER_AFTER = 1, 3


def _peer_profile(
    spans: Sequence[tuple[int, int]], weights: Sequence[float], days: np.ndarray, reach: float
) -> np.ndarray:
    """0 on and around the days the peers are dated, falling to -1 ``reach`` days further,
    averaged over the peers in proportion to how alike they read."""
    out = np.zeros(len(days))
    for (first, last), w in zip(spans, weights, strict=True):
        gap = np.maximum(first - _PEER_BEFORE - days, 0) + np.maximum(days - last - _PEER_AFTER, 0)
        out -= w * np.minimum(gap / reach, 1.0)
    return out / max(sum(weights), 1e-9)


def _peer_note(peers: Sequence[int], fixed: Sequence[tuple[int, int] | None]) -> str:
    """What the pooled evidence rests on, for the reasoning."""
    whens: dict[str, int] = {}
    for j in peers:
        span = fixed[j]
        assert span is not None
        first, last = date.fromordinal(span[0]), date.fromordinal(span[1])
        when = first.isoformat() if first == last else f"{first}..{last}"
        whens[when] = whens.get(when, 0) + 1
    dated = ", ".join(w + (f" ({k})" if k > 1 else "") for w, k in sorted(whens.items()))
    many = len(peers) > 1
    return (
        f"the dates of the {len(peers)} article{'s' * many} of the same story that read most "
        f"like it ({dated}; given, or pinned by {'their' if many else 'its'} own text)"
    )


_WORDS = re.compile(r"[^\W\d_]{3,}|\d+", re.U)
_SIM_WORDS = 8192


def _similarity(texts: Sequence[str]) -> np.ndarray:
    """TF-IDF cosine between the texts of one story, the weights computed within the story:
    what every report shares (the names of the saga) counts for nothing, what the reports of
    one happening share counts most. A large story keeps the words that weigh most in the
    products (df x idf squared), so its matrix stays small."""
    n = len(texts)
    bags = [set(_WORDS.findall(t.lower())) for t in texts]
    df: dict[str, int] = {}
    for bag in bags:
        for w in bag:
            df[w] = df.get(w, 0) + 1
    idf = {w: float(np.log(n / c)) for w, c in df.items() if 1 < c < n}
    kept = sorted(idf, key=lambda w: -df[w] * idf[w] ** 2)[:_SIM_WORDS]
    column = {w: k for k, w in enumerate(kept)}
    mat = np.zeros((n, max(len(column), 1)), dtype=np.float32)
    for i, bag in enumerate(bags):
        for w in bag:
            k = column.get(w)
            if k is not None:
                mat[i, k] = idf[w]
    mat /= np.maximum(np.linalg.norm(mat, axis=1, keepdims=True), 1e-9)
    return (mat @ mat.T).astype(np.float64)


def _printed(clues: Sequence[_Clues]) -> list[int]:
    return [s.year for c in clues for s in c.stamps if s.year is not None]


def _reach(text: str, found: Sequence[TimeExpr], spans: Sequence[tuple[int, int]]) -> int:
    longest = 0.0
    for link in timex.duration_events(text, found, spans):
        if link.ongoing:
            longest = max(longest, datevalue.duration_days(found[link.duration].value) or 0.0)
    return min(int(longest // 365) + 1, 10) if longest else 0


def _ranges(values: Sequence[str]) -> list[datevalue.DateRange]:
    """The days each given date covers: one for a day, a month's or a year's for the others."""
    return [r for r in (datevalue.date_range(v) for v in values) if r is not None]


def _years(found: Sequence[TimeExpr], tense: Sequence[int]) -> list[int]:
    """Years named in the text, except those only announced for the future."""
    years = []
    for t, ts in zip(found, tense, strict=True):
        if t.type not in ("DATE", "TIME") or not re.match(r"\d{4}", t.value):
            continue
        y = int(t.value[:4])
        if 1800 <= y <= 2100:
            years.append((y, ts > 0))
    past = [y for y, future in years if not future]
    return past or [y for y, _ in years]


def _evidence(text: str, t: TimeExpr, tense: int, g: _Grid, st: DateSettings) -> list[_Evidence]:
    ords, months, weekday, year_of = g.ords, g.months, g.weekday, g.year_of
    v = t.value
    label = f'"{t.text}"'
    if t.type not in ("DATE", "TIME"):
        return []
    v = v.split("T")[0] if re.match(r"[\dX]{4}-\d{2}-\d{2}T", v) else v
    after = text[t.end : t.end + 30]
    before = text[max(0, t.start - 30) : t.start]
    report = bool(_REPORT.match(after) or _REPORTED_ON.search(before))
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", v)
    if m:
        gap = ords - _ordinal(date(int(m[1]), int(m[2]), int(m[3])))
        if report:
            return [_Evidence(label + " report", _report_profile(gap))]
        return [_Evidence(label, _day_profile(gap, tense, st.day_scale, -3.0))]
    m = re.fullmatch(r"XXXX-(\d{2})-(\d{2})", v)
    if m:
        mo, d = int(m[1]), int(m[2])
        best = np.full(len(ords), -np.inf)
        years = sorted(set(year_of.tolist()) | {int(year_of.max()) + 1, int(year_of.min()) - 1})
        years = [y for y in years if _valid(y, mo, d)]
        wd = _weekday_of(text, t)
        agreeing = [y for y in years if date(y, mo, d).isoweekday() == wd]
        if agreeing:
            # "Friday, Aug. 7": only the years where Aug. 7 was a Friday.
            years = agreeing
            label += " (weekday agrees)"
        if not years:
            return []
        for y in years:
            occ = _ordinal(date(y, mo, d))
            gap = ords - occ
            prof = _report_profile(gap) if report else _day_profile(gap, tense, st.day_scale, -3.0)
            best = np.maximum(best, prof)
        return [_Evidence(label + (" report" if report else ""), best)]
    m = re.fullmatch(r"XXXX-(\d{2})", v)
    if m:
        return [_Evidence(label, _month_profile(ords, months, int(m[1]), tense))]
    m = re.fullmatch(r"XXXX-WXX-(\d)(?:T\w+)?", v)
    if m:
        w = int(m[1])
        if tense > 0:
            bonus = np.where((w - weekday) % 7 <= 2, 0.3, 0.0)
        else:
            lag = (weekday - w) % 7
            bonus = np.where(lag <= 1, 0.4, np.where(lag == 2, 0.1, 0.0))
        return [_Evidence(label, bonus)]
    # "late 2020", "early April": the part of the period its modifier names.
    p = datevalue.date_range(v, t.mod)
    if p is not None and len(v) >= 4:
        # "in 1995" for an article of 1998 is history, not a clue; the floor keeps it weak.
        return [
            _Evidence(
                label,
                _period_profile(ords, _ordinal(p[0]), _ordinal(p[1]), tense, st.own_year_penalty),
            )
        ]
    return []


def _report_profile(gap: np.ndarray) -> np.ndarray:
    """A dated report the article cites: the article is the same day or a few days later."""
    return np.maximum(np.where(gap >= 0, -gap / 3.0, gap / 1.0 - 1.0), -4.0)


def _duration_evidence(
    text: str, found: Sequence[TimeExpr], spans: Sequence[tuple[int, int]], ords: np.ndarray
) -> list[_Evidence]:
    """Durations lasting until the time of writing, counted from a starting event."""
    out: list[_Evidence] = []
    starts = []
    for t in found:
        p = datevalue.date_range(t.value) if t.type == "DATE" else None
        if p is None or p[0] != p[1] and (p[1] - p[0]).days > 40:
            continue  # only day- and month-precision starts are precise enough
        s, e = next(((s, e) for s, e in spans if s <= t.start < e), (0, len(text)))
        if START_WORDS.search(text[s:e]):
            starts.append((t, p))
    if not starts:
        return out
    for link in timex.duration_events(text, found, spans):
        if not link.ongoing:
            continue
        d = found[link.duration]
        length = datevalue.duration_days(d.value)
        if length is None or length < 60:
            continue
        # "nearly 1,000 days" is a little under a thousand; "more than" a little over.
        k = {"APPROX": 0.975, "LESS_THAN": 0.975, "MORE_THAN": 1.03, "EQUAL_OR_MORE": 1.03}.get(
            d.mod or "", 1.0
        )
        best = np.full(len(ords), -4.0)
        for _start, (a, b) in starts:
            mid = (_ordinal(a) + _ordinal(b)) / 2
            half = (_ordinal(b) - _ordinal(a)) / 2
            centre = mid + length * k
            width = half + length * 0.03 + 3
            best = np.maximum(best, np.maximum(-(((ords - centre) / width) ** 2), -4.0))
        out.append(
            _Evidence(f'"{d.text}" ({link.text}) counted from "{starts[0][0].text}"', 2.0 * best)
        )
    return out
