"""Russian time expressions, normalized to the TIMEX3 values the English tagger gives.

"11 августа" -> the latest 11 August up to the anchor (the next one in the future tense);
"в среду" -> "среду", the latest Wednesday; "в прошлом году" -> "прошлом году", 2020; "в
декабре 2018 года" -> 2018-12; "три года" -> P3Y; "на 11 лет" -> "11 лет", P11Y (a term: a
duration, not anchored on the article's date); "в конце 2020 года" -> 2020, END. Extents
leave prepositions out, as TimeML does; case endings are all accepted.

Tense comes from the caller (the morphology of the governing verb, see ``analyze.ru``) or,
without one, from cue words in the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, timedelta

from ..model import TimeExpr
from . import reltime as R
from .numerals import RU_NUMBER, ru_number
from .timex_rules import Context, Norm, Rule, run, unanchored

__all__ = ["tag", "tense_cues"]

_MONTHS = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7,
    "август": 8, "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<mon>январ[ьяеюё]м?|феврал[ьяеюё]м?|март[аеуо]?м?|апрел[ьяеюё]м?|ма[йяеюё]м?"
    r"|июн[ьяеюё]м?|июл[ьяеюё]м?|август[аеуо]?м?|сентябр[ьяеюё]м?|октябр[ьяеюё]м?"
    r"|ноябр[ьяеюё]м?|декабр[ьяеюё]м?)"
)
_YEAR_WORD = r"(?:год(?:а|у|ом|е)?|г\.)"
_YEAR = rf"(?P<y>(?:1[5-9]|20)\d\d)(?:-?(?:го|м|й))?(?:\s+{_YEAR_WORD})?"
_REL_ADJ = {
    "позапрошл": -2, "прошл": -1, "минувш": -1, "эт": 0, "текущ": 0, "нынешн": 0, "сего": 0,
    "следующ": 1, "будущ": 1, "наступающ": 1, "грядущ": 1,
}  # fmt: skip
_REL = r"(?P<rel>позапрошл\w*|прошл\w*|минувш\w*|это\w*|эти\w*|эта|этот|текущ\w*|нынешн\w*|сего|следующ\w*|будущ\w*|наступающ\w*|грядущ\w*)"
_REL_YEAR = rf"{_REL}\s+год\w*"
_REL_AHEAD = _REL.replace("(?P<rel>", "(?:")
_PART = r"(?P<part>начал[аеоу]|середин[аеуы]|конц[аеуы]|конец)"
_DAY = r"(?P<d>3[01]|[12]\d|0?[1-9])(?:-?(?:го|е))?"
_WEEKDAYS = {
    "понедельник": 1, "вторник": 2, "сред": 3, "четверг": 4, "пятниц": 5, "суббот": 6,
    "воскресень": 7, "воскресен": 7,
}  # fmt: skip
_WEEKDAY = (
    r"(?P<wd>понедельник\w*|вторник\w*|сред[аыуеой]{1,2}|четверг\w*|пятниц\w*|суббот\w*"
    r"|воскресень\w*|воскресенье)"
)
_TOD_WORDS = {"утр": "TMO", "дн": "TAF", "днём": "TAF", "вечер": "TEV", "ноч": "TNI"}
_TOD = r"(?:\s+(?P<tod>утром|днем|днём|вечером|ночью))"
_CLOCK = r"(?:\s+в\s+(?P<hh>[01]?\d|2[0-3])[:.](?P<mm>[0-5]\d)(?!\d))"
_SEASONS = {"весн": "SP", "лет": "SU", "осен": "FA", "зим": "WI"}
_SEASON = r"(?P<season>весн(?:а|ы|у|е|ой|ою)|лет(?:о|а|у|ом)|осен(?:ь|и|ью)|зим(?:а|ы|у|е|ой|ою))"
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_UNITS = {"лет": "Y", "год": "Y", "месяц": "M", "недел": "W", "дн": "D", "ден": "D", "сут": "D",
          "час": "H", "минут": "MIN", "секунд": "S"}  # fmt: skip
_UNIT = (
    r"(?P<u>лет|год(?:а|у|ом|ам|ами|ах|ы)?|месяц(?:а|у|ем|ев|ам|ами|ах)?"
    r"|недел(?:я|и|ю|е|ей|ь|ям|ями|ях)|дн(?:я|ю|ём|ем|ей|ям|ями|ях)|день|сут(?:ок|ки|кам|ками)"
    r"|час(?:а|у|ом|ов|ам|ами|ах)?|минут(?:а|ы|у|ой|ам|ами|ах)?|секунд(?:а|ы|у|ой|ам|ами|ах)?)"
)
_NUMBER = RU_NUMBER.pattern.replace("(?<![\\w.,])", "")
_NUMBER2 = re.sub(r"\(\?P<\w+>", "(?:", _NUMBER)
_UNIT2 = _UNIT.replace("(?P<u>", "(?P<u2>")
_MODS = {
    "более": "MORE_THAN", "больше": "MORE_THAN", "свыше": "MORE_THAN", "почти": "APPROX",
    "около": "APPROX", "примерно": "APPROX", "приблизительно": "APPROX", "порядка": "APPROX",
    "почти что": "APPROX", "не менее": "EQUAL_OR_MORE", "не меньше": "EQUAL_OR_MORE",
    "минимум": "EQUAL_OR_MORE", "как минимум": "EQUAL_OR_MORE", "менее": "LESS_THAN",
    "меньше": "LESS_THAN", "не более": "EQUAL_OR_LESS", "до": "EQUAL_OR_LESS",
}  # fmt: skip
_MOD = r"(?P<mod>как\s+минимум|не\s+менее|не\s+меньше|не\s+более|почти|около|примерно|приблизительно|порядка|более|больше|свыше|минимум|менее|меньше|до)"
_REFS = {
    "сейчас": "PRESENT_REF", "теперь": "PRESENT_REF", "ныне": "PRESENT_REF",
    "в настоящее время": "PRESENT_REF", "на данный момент": "PRESENT_REF",
    "в данный момент": "PRESENT_REF", "в настоящий момент": "PRESENT_REF",
    "недавно": "PAST_REF", "в последнее время": "PAST_REF", "в последние годы": "PAST_REF",
    "в прошлом": "PAST_REF", "в будущем": "FUTURE_REF",
}  # fmt: skip

_FUTURE = re.compile(
    r"\b(?:буд(?:ет|ут|ем|ете|у|ешь)|планиру\w+|намерен\w*|собира\w+ся|предстоит|ожида\w+ся"
    r"|намечен\w*|запланирован\w*)\b",
    re.I,
)
_PAST = re.compile(r"\b\w{2,}(?:ал|ял|ел|ил|ыл|ул|ёл|ол)(?:а|о|и)?(?:сь|ся)?\b", re.I)
# Words ending like a past verb that are nouns ("генерал", "посол").
_NOT_PAST = frozenset(
    {"генерал", "канал", "материал", "журнал", "сигнал", "скандал", "финал", "капитал",
     "идеал", "вокзал", "посол", "стол", "персонал", "трибунал", "потенциал", "арсенал",
     "минерал", "квартал", "интеграл", "оригинал"}
)  # fmt: skip


def tense_cues(text: str, sentences: Sequence[tuple[int, int]]) -> Callable[[int, int], int]:
    """The tense around a span from cue words: a future auxiliary or planning verb nearest
    to it (+1), a past verb form (-1), or none (0)."""

    def tense(start: int, end: int) -> int:
        s, e = next(((a, b) for a, b in sentences if a <= start < b), (0, len(text)))
        best, best_d = 0, 10**9
        for pattern, t in ((_FUTURE, 1), (_PAST, -1)):
            for m in pattern.finditer(text, s, e):
                if start <= m.start() < end or m.group().lower() in _NOT_PAST:
                    continue
                d = start - m.end() if m.start() < start else m.start() - end
                if d < best_d:
                    best, best_d = t, d
        return best

    return tense


def _month(word: str) -> int:
    w = word.lower()
    for stem, n in sorted(_MONTHS.items(), key=lambda kv: -len(kv[0])):
        if w.startswith(stem):
            return n
    raise KeyError(word)


def _rel_offset(word: str | None) -> int | None:
    if not word:
        return None
    w = word.lower()
    if w.startswith("эт"):
        return 0
    for stem, n in _REL_ADJ.items():
        if w.startswith(stem):
            return n
    return None


def _mod_of(part: str | None) -> str | None:
    if not part:
        return None
    p = part.lower()
    return "START" if p.startswith("начал") else "MID" if p.startswith("середин") else "END"


def _year(m: re.Match[str], ctx: Context) -> str | None:
    g = m.groupdict()
    if g.get("y"):
        return g["y"]
    off = _rel_offset(g.get("rel"))
    if off is None:
        if g.get("same"):
            return ctx.ref[:4] if ctx.ref else (str(ctx.anchor.year) if ctx.anchor else "XXXX")
        return None
    return f"{ctx.anchor.year + off:04d}" if ctx.anchor else "XXXX"


def _with_time(m: re.Match[str], day_value: str) -> Norm:
    g = m.groupdict()
    for h, mi in (("hh", "mm"), ("ch", "cm"), ("ah", "am")):
        if g.get(h) and "X" not in day_value:
            return "TIME", f"{day_value}T{int(g[h]):02d}:{g[mi]}", None
    return "DATE", day_value, None


def _norm_date(m: re.Match[str], ctx: Context) -> Norm | None:
    """A day and month, with a year written or relative, or none (then the tense decides)."""
    d, mon = int(m["d"]), _month(m["mon"])
    if m.groupdict().get("y") or m.groupdict().get("rel") or m.groupdict().get("same"):
        year = _year(m, ctx)
        if year is None:
            return None
        if year != "XXXX":
            try:
                date(int(year), mon, d)
            except ValueError:
                return None
        return _with_time(m, f"{year}-{mon:02d}-{d:02d}")
    if ctx.anchor is None:
        return _with_time(m, f"XXXX-{mon:02d}-{d:02d}")
    value = R.month_day_date(ctx.anchor, mon, d, ctx.tense(m))
    return _with_time(m, value) if value else None


def _norm_month(m: re.Match[str], ctx: Context) -> Norm | None:
    mon = _month(m["mon"])
    mod = _mod_of(m.groupdict().get("part"))
    g = m.groupdict()
    if g.get("y") or g.get("rel") or g.get("same"):
        year = _year(m, ctx)
        return ("DATE", f"{year}-{mon:02d}", mod) if year else None
    if ctx.anchor is None:
        return "DATE", f"XXXX-{mon:02d}", mod
    return "DATE", R.month_date(ctx.anchor, mon, ctx.tense(m)), mod


def _norm_year(m: re.Match[str], ctx: Context) -> Norm | None:
    year = _year(m, ctx)
    if year is None:
        return None
    g = m.groupdict()
    if g.get("half"):
        return "DATE", f"{year}-H{1 if g['half'].lower().startswith('перв') else 2}", None
    if g.get("q"):
        q = {"перв": 1, "втор": 2, "трет": 3, "четв": 4}[g["q"].lower()[:4]]
        return "DATE", f"{year}-Q{q}", None
    if g.get("season"):
        return "DATE", f"{year}-{_season_code(g['season'])}", None
    return "DATE", year, _mod_of(g.get("part"))


def _season_code(word: str) -> str:
    w = word.lower()
    return next(code for stem, code in _SEASONS.items() if w.startswith(stem))


def _norm_season(m: re.Match[str], ctx: Context) -> Norm | None:
    code = _season_code(m["season"])
    if ctx.anchor is None:
        return "DATE", f"XXXX-{code}", None
    y, mon = ctx.anchor.year, ctx.anchor.month
    started = y if mon >= _SEASON_START[code] else y - 1
    if code == "WI" and mon <= 2:
        started = y - 1
    off = _rel_offset(m.groupdict().get("rel"))
    if off is not None:
        in_season = started == y or (code == "WI" and mon in (12, 1, 2))
        if off < 0:
            started = started - 1 if in_season else started
        elif off > 0:
            started = started + 1
        else:
            started = started if (in_season or code == "WI") else y
    elif ctx.tense(m) > 0 and started < y and code != "WI":
        started = y
    return "DATE", f"{started:04d}-{code}", None


def _norm_rel_period(m: re.Match[str], ctx: Context) -> Norm | None:
    """ "прошлом году", "этом месяце", "следующей неделе", with "конце" and the like."""
    off = _rel_offset(m["rel"])
    if off is None:
        return None
    unit = {"год": "Y", "мес": "M", "нед": "W"}[m["unit"].lower()[:3]]
    if ctx.anchor is None:
        return "DATE", unanchored(unit), _mod_of(m.groupdict().get("part"))
    return "DATE", R.shift(ctx.anchor, unit, off), _mod_of(m.groupdict().get("part"))


def _norm_part_current(m: re.Match[str], ctx: Context) -> Norm | None:
    """ "в начале года", "в конце месяца": this year's, this month's."""
    unit = "Y" if m["unit"].lower().startswith("год") else "M"
    if ctx.anchor is None:
        return "DATE", unanchored(unit), _mod_of(m["part"])
    return "DATE", R.shift(ctx.anchor, unit, 0), _mod_of(m["part"])


def _norm_weekday(m: re.Match[str], ctx: Context) -> Norm | None:
    w = m["wd"].lower()
    wd = next(n for stem, n in _WEEKDAYS.items() if w.startswith(stem))
    if ctx.anchor is None:
        return _with_time(m, f"XXXX-WXX-{wd}")
    rel = (m.groupdict().get("rel") or "").lower()
    a, aw = ctx.anchor, ctx.anchor.isoweekday()
    if rel.startswith(("прошл", "минувш")):
        d = a - timedelta(days=(aw - wd - 1) % 7 + 1)
    elif rel.startswith(("следующ", "будущ")):
        d = a + timedelta(days=(wd - aw - 1) % 7 + 1)
    elif rel.startswith("эт"):
        d = R.weekday_in_week(a, 0, wd)
    elif rel.startswith("ближайш"):
        d = a + timedelta(days=(wd - aw) % 7)
    else:
        d = R.weekday_date(a, wd, ctx.tense(m))
    return _with_time(m, R.day(d))


_DAY_WORDS = {"позавчера": -2, "вчера": -1, "сегодня": 0, "завтра": 1, "послезавтра": 2}


def _norm_rel_day(m: re.Match[str], ctx: Context) -> Norm | None:
    word = m["word"].lower()
    if word in _DAY_WORDS:
        base, off = ctx.anchor, _DAY_WORDS[word]
    elif word == "накануне":
        base, off = ctx.ref_day(), -1
    elif "следующ" in word:
        base, off = ctx.ref_day(), 1
    else:  # "в тот же день", "в этот день"
        base, off = ctx.ref_day(), 0
    if base is None:
        return _with_time(m, unanchored("D"))
    return _with_time(m, R.day(base + timedelta(days=off)))


def _unit(word: str) -> str:
    w = word.lower()
    return next(code for stem, code in _UNITS.items() if w.startswith(stem))


def _norm_duration(m: re.Match[str], ctx: Context) -> Norm | None:
    g = m.groupdict()
    unit = _unit(g["u"])
    clock = unit in ("H", "MIN", "S")
    if g.get("vague"):
        return "DURATION", f"P{'T' if clock else ''}X{'M' if unit == 'MIN' else unit}", None
    if g.get("half"):
        n = 0.5
    elif g.get("n"):
        value = ru_number(g["n"])
        if value is None or value <= 0:
            return None
        n = value
        if g["u"].lower().startswith("год") and float(n).is_integer() and 1500 <= n <= 2099:
            return None  # "2021 году" is a year
    else:
        n = 1.0
    if g.get("andhalf"):
        n += 0.5
    if unit == "Y" and n == 0.5:
        n, unit = 6, "M"
    mod = _MODS.get(re.sub(r"\s+", " ", (g.get("mod") or "").lower()))
    if g.get("n2"):
        n2, unit2 = ru_number(g["n2"]), _unit(g["u2"])
        order = ("Y", "M", "W", "D", "H", "MIN", "S")
        if n2 is None or order.index(unit2) <= order.index(unit):
            return None
        return "DURATION", _compound(((n, unit), (n2, unit2))), mod
    return "DURATION", R.duration(n, unit), mod


def _compound(parts: Sequence[tuple[float, str]]) -> str:
    """ "два года и восемь месяцев" -> P2Y8M; hours and minutes after "T"."""
    date_part = time_part = ""
    for n, unit in parts:
        num = int(n) if float(n).is_integer() else n
        if unit in ("H", "MIN", "S"):
            time_part += f"{num}{'M' if unit == 'MIN' else unit}"
        else:
            date_part += f"{num}{unit}"
    return "P" + date_part + ("T" + time_part if time_part else "")


_ADJ_UNITS = {"летн": "Y", "месячн": "M", "недельн": "W", "дневн": "D", "часов": "H",
              "минутн": "MIN"}  # fmt: skip
_ADJ_NUMBERS = {"одно": 1, "двух": 2, "трех": 3, "трёх": 3, "четырех": 4, "четырёх": 4,
                "пяти": 5, "шести": 6, "семи": 7, "восьми": 8, "девяти": 9, "десяти": 10,
                "пятнадцати": 15, "двадцати": 20, "тридцати": 30, "сорока": 40}  # fmt: skip


def _norm_adj_duration(m: re.Match[str], ctx: Context) -> Norm | None:
    """ "32-летний" (an age), "15-минутный", "двухлетний": TimeML durations."""
    n = float(m["n"].replace(",", ".")) if m["n"] else float(_ADJ_NUMBERS[m["w"].lower()])
    return "DURATION", R.duration(n, _ADJ_UNITS[m["au"].lower()]), None


_WHOLE = {"день": "D", "сутки": "D", "неделю": "W", "месяц": "M", "год": "Y"}


def _norm_whole(m: re.Match[str], ctx: Context) -> Norm | None:
    return "DURATION", R.duration(1, _WHOLE[m["wu"].lower()]), None


def _norm_ago(m: re.Match[str], ctx: Context) -> Norm | None:
    n = ru_number(m["n"]) if m["n"] else 1.0
    if n is None or not float(n).is_integer():
        return None
    unit = _unit(m["u"])
    if m["halfago"]:
        if unit != "Y":
            return None
        n, unit = 6, "M"  # "полгода назад": six months back
    if unit in ("H", "MIN", "S"):
        return None
    later = bool(m.groupdict().get("later") or m.groupdict().get("later2"))
    base: date | None = ctx.anchor
    if later and ctx.ref and len(ctx.ref) >= 4:
        base = date(int(ctx.ref[:4]), int(ctx.ref[5:7]) if len(ctx.ref) >= 7 else 1,
                    int(ctx.ref[8:10]) if len(ctx.ref) >= 10 else 1)  # fmt: skip
    if base is None:
        return "DATE", unanchored(unit), None
    return "DATE", R.shift(base, unit, int(n) * (1 if later else -1)), None


def _norm_iso(m: re.Match[str]) -> Norm | None:
    if m["d"]:
        try:
            return "DATE", R.day(date(int(m["y"]), int(m["mo"]), int(m["d"]))), None
        except ValueError:
            return None
    return "DATE", R.month(int(m["y"]), int(m["mo"])), None


def _norm_numeric(m: re.Match[str], ctx: Context) -> Norm | None:
    try:
        return "DATE", R.day(date(int(m["y"]), int(m["mo"]), int(m["d"]))), None
    except ValueError:
        return None


def _norm_decade(m: re.Match[str], ctx: Context) -> Norm | None:
    n = int(m["dec"])
    if n >= 1000:
        return ("DATE", f"{n // 10:03d}", None) if n % 10 == 0 else None
    if n % 10 or n > 90:
        return None
    return "DATE", f"{19 if n >= 20 else 20}{n // 10}", None


_ROMAN = {"XVIII": 18, "XIX": 19, "XX": 20, "XXI": 21}


def _norm_century(m: re.Match[str], ctx: Context) -> Norm | None:
    g = m.groupdict()
    if g.get("rel"):
        if ctx.anchor is None:
            return "DATE", "XX", None
        off = _rel_offset(g["rel"]) or 0
        return "DATE", f"{ctx.anchor.year // 100 + off:02d}", None
    raw = g["c"]
    n = _ROMAN.get(raw.upper()) if not raw.isdigit() else int(raw)
    return ("DATE", f"{n - 1:02d}", None) if n and 1 <= n <= 30 else None


def _norm_set(m: re.Match[str], ctx: Context) -> Norm | None:
    w = m["x"].lower()
    for stem, unit in (("год", "Y"), ("месяч", "M"), ("месяц", "M"), ("недел", "W"),
                       ("дневн", "D"), ("день", "D"), ("час", "H")):  # fmt: skip
        if stem in w:
            return "SET", R.duration(1, unit), None
    return None


def _norm_ref(m: re.Match[str], ctx: Context) -> Norm | None:
    return "DATE", _REFS[re.sub(r"\s+", " ", m["x"].lower())], None


def _norm_clock(m: re.Match[str], ctx: Context) -> Norm | None:
    base = ctx.ref_day()
    h, mi = int(m["hh"]), int(m["mm"] or 0)
    if m.groupdict().get("pm") and h < 12:
        h += 12
    if h > 23:
        return None
    day = R.day(base) if base else unanchored("D")
    return "TIME", f"{day}T{h:02d}:{mi:02d}", None


def _rule(name: str, pattern: str, fn: Callable[..., Norm | None], relative: bool = True) -> Rule:
    return Rule(name, re.compile(pattern, re.I), fn, relative)


_REF_WORDS = "|".join(k.replace(" ", r"\s+") for k in sorted(_REFS, key=len, reverse=True))
_B = r"(?<![\w-])"  # a word starts here
_E = r"(?![\w])"  # a word ends here
_OF_YEAR = rf"(?:\s+(?:{_YEAR}|{_REL_YEAR}|(?P<same>того\s+же\s+года)))"
RULES: tuple[Rule, ...] = (
    _rule(
        "iso",
        r"(?<![\d.-])(?P<x>(?P<y>(?:19|20)\d\d)-(?P<mo>0[1-9]|1[0-2])(?:-(?P<d>0[1-9]|[12]\d|3[01]))?)(?![\d-])",
        lambda m, ctx: _norm_iso(m),
        relative=False,
    ),
    _rule(
        "adj_duration",
        rf"{_B}(?P<x>(?:(?P<n>\d+(?:[.,]\d+)?)-|(?P<w>{'|'.join(_ADJ_NUMBERS)}))"
        rf"(?P<au>{'|'.join(_ADJ_UNITS)})\w*){_E}",
        _norm_adj_duration,
        relative=False,
    ),
    _rule(
        "whole",
        rf"{_B}(?P<x>(?:весь|всю|все|целый|целую|целые)\s+(?P<wu>день|сутки|неделю|месяц|год)){_E}",
        _norm_whole,
        relative=False,
    ),
    _rule(
        "numeric",
        r"(?<![\d.])(?P<d>3[01]|[12]\d|0?[1-9])\.(?P<mo>1[0-2]|0?[1-9])\.(?P<y>(?:19|20)\d\d)(?![\d])",
        _norm_numeric,
        relative=False,
    ),
    _rule(
        "date",
        rf"{_B}(?P<x>(?:(?P<ch>[01]?\d|2[0-3]):(?P<cm>[0-5]\d)\s+)?{_DAY}\s+{_MONTH}{_OF_YEAR}?"
        rf"(?:{_TOD}?{_CLOCK}|,?\s+(?P<ah>[01]?\d|2[0-3]):(?P<am>[0-5]\d)(?!\d))?){_E}",
        lambda m, ctx: _norm_date(m, ctx),
    ),
    _rule("month", rf"{_B}(?P<x>(?:{_PART}\s+)?{_MONTH}{_OF_YEAR}?){_E}", _norm_month),
    _rule(
        "year",
        rf"{_B}(?P<x>(?:(?:{_PART}|(?P<half>перв\w+|втор\w+)\s+(?:половин\w+|полугоди\w+)"
        rf"|(?P<q>перв\w+|втор\w+|трет\w+|четв[её]рт\w+)\s+квартал\w*|{_SEASON})\s+)?"
        rf"(?:{_YEAR}|{_REL_YEAR}))(?!\s*[-–—]\s*\d)(?!\w)",
        _norm_year,
    ),
    _rule(
        "rel_period",
        rf"{_B}(?P<x>(?:{_PART}\s+)?{_REL}\s+(?P<unit>год\w*|месяц\w*|недел\w*)){_E}",
        _norm_rel_period,
    ),
    _rule(
        "part_current",
        rf"{_B}в\s+(?P<x>{_PART}\s+(?P<unit>года|месяца)){_E}(?!\s+\d)",
        _norm_part_current,
    ),
    _rule(
        "season",
        rf"{_B}(?P<x>(?:{_REL}\s+)?{_SEASON}){_E}(?!\s+(?:\d|{_REL_AHEAD}))",
        _norm_season,
    ),
    _rule(
        "weekday",
        rf"{_B}(?P<x>(?:(?P<rel>прошл\w+|минувш\w+|следующ\w+|будущ\w+|эт[аоуи]\w*|ближайш\w+)\s+)?"
        rf"{_WEEKDAY}{_TOD}?{_CLOCK}?){_E}",
        _norm_weekday,
    ),
    _rule(
        "rel_day",
        rf"{_B}(?:(?:в|на)\s+)?(?P<x>(?P<word>позавчера|вчера|сегодня|завтра|послезавтра|накануне"
        rf"|(?:тот\s+же|этот|тот)\s+день|следующий\s+день){_TOD}?{_CLOCK}?){_E}",
        _norm_rel_day,
    ),
    _rule(
        "ago",
        rf"{_B}(?P<x>(?:(?P<later2>через|спустя)\s+)?(?:(?P<n>{_NUMBER})\s+|(?P<halfago>пол))?{_UNIT}"
        rf"(?:\s+(?P<ago>назад)|\s+(?P<later>спустя))?){_E}",
        lambda m, ctx: _norm_ago(m, ctx) if (m["ago"] or m["later"] or m["later2"]) else None,
    ),
    _rule(
        "duration",
        rf"{_B}(?P<x>(?:(?:последни[ех]|ближайши[ех])\s+)?(?:{_MOD}\s+)?"
        rf"(?:(?P<n>{_NUMBER})\s+(?:(?P<andhalf>с\s+половиной)\s+)?(?:(?:лишним|с\s+лишним)\s+)?"
        rf"|(?P<half>пол)|(?P<vague>нескольк\w+|много|многи\w+)\s+)"
        rf"{_UNIT}(?:\s+(?:и\s+)?(?P<n2>{_NUMBER2})\s+{_UNIT2})?){_E}",
        _norm_duration,
        relative=False,
    ),
    _rule(
        "duration_word",
        rf"{_B}(?:в\s+течение|на\s+протяжении|целый|целую|целых|почти|около|более)\s+"
        rf"(?P<x>(?P<u>года|год|месяца|месяц|недели|неделю|суток|сутки|дня|часа|час)){_E}",
        _norm_duration,
        relative=False,
    ),
    _rule(
        "half_year",
        rf"{_B}(?P<x>(?P<u>полгода|полмесяца|полчаса|полтора\s+года|полтора\s+месяца|полутора\s+лет|полутора\s+месяцев)){_E}",
        lambda m, ctx: _norm_half(m),
        relative=False,
    ),
    _rule(
        "decade",
        rf"{_B}(?P<x>(?P<dec>(?:1[5-9]|20)\d0|[2-9]0)-?(?:х|е|ые|ых)(?:\s+год\w*)?){_E}",
        _norm_decade,
        relative=False,
    ),
    _rule(
        "century",
        rf"{_B}(?P<x>(?:(?P<c>XVIII|XIX|XXI|XX|1[89]|2[01])|(?P<rel>прошл\w+|эт\w+|нынешн\w+|текущ\w+))\s+(?:век\w*|столети\w+)){_E}",
        _norm_century,
        relative=False,
    ),
    _rule(
        "set",
        rf"{_B}(?P<x>ежегодн\w*|ежемесячн\w*|еженедельн\w*|ежедневн\w*|ежечасн\w*"
        rf"|кажд\w+\s+(?:год|месяц|неделю|день|час)){_E}",
        _norm_set,
        relative=False,
    ),
    _rule("ref", rf"{_B}(?P<x>{_REF_WORDS}){_E}", _norm_ref),
    _rule(
        "clock",
        rf"{_B}в\s+(?P<x>(?P<hh>[01]?\d|2[0-3])[:.](?P<mm>[0-5]\d)|(?P<hh2>[01]?\d|2[0-3])\s+час\w*(?:\s+(?P<pm>вечера|дня)|\s+утра)?){_E}",
        lambda m, ctx: _norm_clock_any(m, ctx),
    ),
)


def _norm_half(m: re.Match[str]) -> Norm:
    w = re.sub(r"\s+", " ", m["u"].lower())
    table = {"полгода": "P6M", "полмесяца": "P15D", "полчаса": "PT30M", "полтора года": "P1.5Y",
             "полутора лет": "P1.5Y", "полтора месяца": "P1.5M", "полутора месяцев": "P1.5M"}  # fmt: skip
    return "DURATION", table[w], None


def _norm_clock_any(m: re.Match[str], ctx: Context) -> Norm | None:
    if m["hh2"]:
        base = ctx.ref_day()
        h = int(m["hh2"]) + (12 if m["pm"] and int(m["hh2"]) < 12 else 0)
        day = R.day(base) if base else unanchored("D")
        return "TIME", f"{day}T{h:02d}:00", None
    return _norm_clock(m, ctx)


def tag(
    text: str,
    anchor: str | None,
    *,
    sentences: Sequence[tuple[int, int]] | None = None,
    anchor_inferred: bool = False,
    tense: Callable[[int, int], int] | None = None,
) -> list[TimeExpr]:
    """Russian time expressions in ``text`` with TIMEX3 type, value and modifier, relative
    ones resolved against ``anchor`` (the publication date, YYYY-MM-DD). ``tense`` gives +1,
    -1 or 0 for a span; without it cue words decide."""
    spans = list(sentences) if sentences else [(0, len(text))]
    cue = tense or tense_cues(text, spans)
    return run(RULES, text, anchor, cue, anchor_inferred=anchor_inferred)
