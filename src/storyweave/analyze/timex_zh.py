"""Chinese time expressions, normalized to the TIMEX3 values the English tagger gives.

"2021年8月11日" -> 2021-08-11; "上周三" -> the Wednesday of the week before the anchor's;
"去年12月" -> 2020-12; "本月" -> 2021-08; "周五" -> the latest Friday (the next one in the
future tense); "11年" (a term) -> P11Y; "15日内" -> P15D; "两年多" -> P2Y, MORE_THAN;
"2018年底" -> 2018, END. Extents leave prepositions out ("于2018年12月" -> "2018年12月"),
as TimeML does.

Tense comes from cue words in the sentence: 将, 即将, 计划, 预计... look ahead; 了, 已, 曾...
look back; without a cue an open date is the latest one (news mostly reports what happened).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, timedelta

from ..model import TimeExpr
from . import reltime as R
from .numerals import zh_number
from .timex_rules import Context, Norm, Rule, run, unanchored

__all__ = ["FULLWIDTH", "tag", "tense_cues"]

# Full-width digits and colon read as ASCII (one character for one: offsets do not move).
FULLWIDTH = str.maketrans("０１２３４５６７８９：．", "0123456789:.")

_CN = "〇零一二三四五六七八九十两百千廿卅"
_NUM = rf"(?:\d+(?:\.\d+)?|[{_CN}]+)"
_YEAR4 = r"(?P<y4>(?:1[5-9]|20)\d\d|[〇零一二三四五六七八九]{4}) ?年 ?"
_REL_YEAR = r"(?P<ry>大前年|前年|去年|今年|明年|后年|本年|上一年|上年|当年|同年|次年|翌年)"
_MONTH = r"(?P<mo>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]) ?月份? ?"
_DAY = (
    r"(?P<d>3[01]|[12]\d|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?"
    r"|廿[一二三四五六七八九]?|卅一?|[一二三四五六七八九])(?P<dmark>[日号])"
)
_YPART = (
    r"(?P<yp>年初|年底|年末|年中|初|底|末|上半年|下半年|早些时候|春天|春季|夏天|夏季|秋天|秋季"
    r"|冬天|冬季|第?[一二三四1-4]季度)"
)
# "中" alone is "in"/"China" too often: only as 中旬 or before punctuation.
_MPART = r"(?P<mp>初|底|末|上旬|中旬|下旬|中(?=[，。、；,\s]))"
_PARTS = r"凌晨|清晨|早上|早晨|早间|上午|中午|午间|下午|傍晚|晚上|晚间|夜间|深夜|夜里|晚|夜|早"
_CLOCK = (
    r"(?:(?P<h>2[0-4]|[01]?\d|[零一二三四五六七八九十两]{1,3})[点时](?![间候期])"
    r"(?:(?P<mi>[0-5]?\d|[零一二三四五六七八九十]{1,3})分|(?P<half>半))?"
    r"|(?P<hh>[01]?\d|2[0-3]):(?P<mm>[0-5]\d))"
)
_TOD = rf"(?:(?P<tod>{_PARTS})?{_CLOCK}|(?P<tod2>{_PARTS}))"

_YEAR_OFFSET = {
    "大前年": -3, "前年": -2, "去年": -1, "上一年": -1, "上年": -1, "今年": 0, "本年": 0,
    "明年": 1, "后年": 2,
}  # fmt: skip
_REF_YEAR = {"当年": 0, "同年": 0, "次年": 1, "翌年": 1}
_SEASONS = {"春": "SP", "夏": "SU", "秋": "FA", "冬": "WI"}
_SEASON_MONTHS = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_START = {"年初", "初", "上旬", "早些时候"}
_MID = {"年中", "中旬", "中"}
_END = {"年底", "年末", "底", "末", "下旬"}
_PM = {"下午", "傍晚", "晚上", "晚间", "夜间", "深夜", "夜里", "晚", "夜"}
_TOD_CODE = {
    "凌晨": "TMO", "清晨": "TMO", "早上": "TMO", "早晨": "TMO", "早间": "TMO", "上午": "TMO",
    "中午": "TAF", "午间": "TAF", "下午": "TAF", "傍晚": "TEV", "晚上": "TNI", "晚间": "TNI",
    "夜间": "TNI", "深夜": "TNI", "夜里": "TNI", "晚": "TNI", "夜": "TNI", "早": "TMO",
}  # fmt: skip
_WEEKDAYS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7}

_FUTURE = re.compile(
    r"将(?![军其他她该这此之近领士])|即将|将要|将会|计划|拟|预计|打算|定于|有望|届时"
)
_PAST = re.compile(r"了|已经|已|曾经|曾|此前|早前|过(?![去程])")


def tense_cues(text: str, sentences: Sequence[tuple[int, int]]) -> Callable[[int, int], int]:
    """The tense around a span: the cue word nearest to it within its sentence (+1 future,
    -1 past, 0 none)."""

    def tense(start: int, end: int) -> int:
        s, e = next(((a, b) for a, b in sentences if a <= start < b), (0, len(text)))
        best, best_d = 0, 10**9
        for pattern, t in ((_FUTURE, 1), (_PAST, -1)):
            for m in pattern.finditer(text, s, e):
                if start <= m.start() < end:
                    continue
                d = start - m.end() if m.start() < start else m.start() - end
                # a cue before the date reaches it across a comma only weakly
                d += 4 if m.start() < start else 0
                if d < best_d:
                    best, best_d = t, d
        return best

    return tense


def _n(text: str | None) -> int | None:
    if not text:
        return None
    v = zh_number(text)
    return int(v) if v is not None and float(v).is_integer() else None


def _hour(m: re.Match[str]) -> tuple[int, int] | None:
    g = m.groupdict()
    if g.get("hh"):
        return int(g["hh"]), int(g["mm"])
    h = _n(g.get("h"))
    if h is None:
        return None
    mi = 30 if g.get("half") else (_n(g.get("mi")) or 0)
    tod = g.get("tod")
    if tod in _PM and h < 12:
        h += 12
    if h > 24 or mi > 59:
        return None
    return h % 24, mi


def _with_time(m: re.Match[str], day_value: str, typ: str = "DATE") -> Norm:
    """A day with its time of day: "11日晚上8点" is TIME 2021-08-11T20:00; a part of the day
    alone keeps the day's value, as the English tagger does for "Wednesday night"."""
    clock = _hour(m) if "h" in m.re.groupindex else None
    if clock and "X" not in day_value:
        return "TIME", f"{day_value}T{clock[0]:02d}:{clock[1]:02d}", None
    return typ, day_value, None


def _part_mod(part: str | None) -> str | None:
    if part in _START:
        return "START"
    if part in _MID:
        return "MID"
    if part in _END:
        return "END"
    return None


def _year_part(year: str, part: str | None) -> Norm:
    if not part:
        return "DATE", year, None
    if part in ("上半年", "下半年"):
        return "DATE", f"{year}-H{1 if part == '上半年' else 2}", None
    if "季度" in part:
        q = _n(part.strip("第季度"))
        return "DATE", f"{year}-Q{q}", None
    for ch, code in _SEASONS.items():
        if part.startswith(ch):
            return "DATE", f"{year}-{code}", None
    return "DATE", year, _part_mod(part)


def _year_of(m: re.Match[str], ctx: Context) -> str | None:
    g = m.groupdict()
    if g.get("y4"):
        y = _n(g["y4"])
        return f"{y:04d}" if y else None
    rel = g.get("ry")
    if rel in _REF_YEAR:
        base = ctx.ref[:4] if ctx.ref else (f"{ctx.anchor.year:04d}" if ctx.anchor else None)
        return f"{int(base) + _REF_YEAR[rel]:04d}" if base else "XXXX"
    if ctx.anchor is None:
        return "XXXX"
    return f"{ctx.anchor.year + _YEAR_OFFSET[rel or '今年']:04d}"


def _norm_dated(m: re.Match[str], ctx: Context) -> Norm | None:
    """A year (written or relative) with what follows it: month, day, time, part."""
    year = _year_of(m, ctx)
    if year is None:
        return None
    g = m.groupdict()
    mo = _n(g.get("mo"))
    if mo is None:
        return _year_part(year, g.get("yp"))
    if not 1 <= mo <= 12:
        return None
    value = f"{year}-{mo:02d}"
    d = _n(g.get("d"))
    if d is None:
        return "DATE", value, _part_mod(g.get("mp"))
    if "X" not in year:
        try:
            date(int(year), mo, d)
        except ValueError:
            return None
    return _with_time(m, f"{value}-{d:02d}")


def _norm_month_day(m: re.Match[str], ctx: Context) -> Norm | None:
    mo, d = _n(m["mo"]), _n(m.groupdict().get("d"))
    if mo is None or not 1 <= mo <= 12:
        return None
    if d is None:
        mod = _part_mod(m.groupdict().get("mp"))
        if ctx.anchor is None:
            return "DATE", f"XXXX-{mo:02d}", mod
        return "DATE", R.month_date(ctx.anchor, mo, ctx.tense(m)), mod
    if ctx.ref and ctx.listed(m):
        # "2019年8月18日、8月31日": the second date shares the first one's year
        try:
            return _with_time(m, R.day(date(int(ctx.ref[:4]), mo, d)))
        except ValueError:
            return None
    if ctx.anchor is None:
        return _with_time(m, f"XXXX-{mo:02d}-{d:02d}")
    value = R.month_day_date(ctx.anchor, mo, d, ctx.tense(m))
    return _with_time(m, value) if value else None


def _norm_day(m: re.Match[str], ctx: Context) -> Norm | None:
    d = _n(m["d"])
    if d is None or not 1 <= d <= 31:
        return None
    if ctx.ref and len(ctx.ref) >= 7:
        # the month under discussion: "莫斯科7月19日电 ... 17日" is 17 July
        try:
            return _with_time(m, R.day(date(int(ctx.ref[:4]), int(ctx.ref[5:7]), d)))
        except ValueError:
            return None
    if ctx.anchor is None:
        return _with_time(m, unanchored("D"))
    value = R.day_of_month(ctx.anchor, d, ctx.tense(m))
    return _with_time(m, value) if value else None


def _norm_weekday(m: re.Match[str], ctx: Context) -> Norm | None:
    rel, wd = m["rel"] or "", m["wd"]
    weeks = {"上上": -2, "上": -1, "上个": -1, "下下": 2, "下": 1, "下个": 1}.get(rel, 0)
    if wd == "末":
        if ctx.anchor is None:
            return "DATE", "XXXX-WXX-WE", None
        return "DATE", R.week(ctx.anchor + timedelta(weeks=weeks)) + "-WE", None
    day_no = _WEEKDAYS[wd]
    if ctx.anchor is None:
        return _with_time(m, f"XXXX-WXX-{day_no}")
    if rel:
        d = R.weekday_in_week(ctx.anchor, weeks, day_no)
    else:
        d = R.weekday_date(ctx.anchor, day_no, ctx.tense(m))
    return _with_time(m, R.day(d))


_WEEK_OFFSET = {"上上": -2, "上": -1, "本": 0, "这": 0, "今": 0, "下": 1, "下下": 2}


def _norm_rel_week(m: re.Match[str], ctx: Context) -> Norm | None:
    if ctx.anchor is None:
        return "DATE", unanchored("W"), None
    return "DATE", R.shift(ctx.anchor, "W", _WEEK_OFFSET[m["rel"]]), None


_MONTH_OFFSET = {"上": -1, "本": 0, "这": 0, "当": 0, "同": 0, "下": 1, "次": 1}


def _norm_rel_month(m: re.Match[str], ctx: Context) -> Norm | None:
    off = _MONTH_OFFSET[m["rel"]]
    base: date | None = ctx.anchor
    if m["rel"] in ("当", "同", "次") and ctx.ref:
        base = date(int(ctx.ref[:4]), int(ctx.ref[5:7] or 1), 1) if len(ctx.ref) >= 7 else base
    if base is None:
        return "DATE", unanchored("M"), None
    value = R.shift(base, "M", off)
    d = _n(m.groupdict().get("d"))
    if d is not None:
        try:
            date(int(value[:4]), int(value[5:7]), d)
        except ValueError:
            return None
        return _with_time(m, f"{value}-{d:02d}")
    return "DATE", value, _part_mod(m.groupdict().get("mp"))


_DAY_OFFSET = {
    "大前天": -3, "前天": -2, "昨天": -1, "昨日": -1, "今天": 0, "今日": 0, "明天": 1,
    "明日": 1, "后天": 2, "大后天": 3,
}  # fmt: skip
_REF_DAY = {"当天": 0, "当日": 0, "同日": 0, "同一天": 0, "次日": 1, "翌日": 1, "第二天": 1,
            "前一天": -1, "前一日": -1}  # fmt: skip


def _norm_rel_day(m: re.Match[str], ctx: Context) -> Norm | None:
    word = m["rel"]
    base = ctx.ref_day() if word in _REF_DAY else ctx.anchor
    if base is None:
        return _with_time(m, unanchored("D"))
    off = _REF_DAY.get(word, _DAY_OFFSET.get(word, 0))
    return _with_time(m, R.day(base + timedelta(days=off)))


_SHORT_DAY = {"今晨": (0, "TMO"), "今早": (0, "TMO"), "今晚": (0, "TNI"), "昨晚": (-1, "TNI"),
              "昨夜": (-1, "TNI"), "明晚": (1, "TNI")}  # fmt: skip


def _norm_short_day(m: re.Match[str], ctx: Context) -> Norm | None:
    off, code = _SHORT_DAY[m["rel"]]
    if ctx.anchor is None:
        return "TIME", f"{unanchored('D')}{code}", None
    clock = _hour(m)
    d = R.day(ctx.anchor + timedelta(days=off))
    if clock:
        return "TIME", f"{d}T{clock[0]:02d}:{clock[1]:02d}", None
    return "TIME", f"{d}{code}", None


def _norm_clock(m: re.Match[str], ctx: Context) -> Norm | None:
    clock = _hour(m)
    base = ctx.ref_day()
    g = m.groupdict()
    digits = bool(g.get("h") and g["h"].isdigit())
    if clock is None or not (
        g.get("tod") or g.get("hh") or (digits and (g.get("mi") or g.get("half")))
    ):
        return None  # "三点" alone is as often "three points"
    if base is None:
        return "TIME", f"{unanchored('D')}T{clock[0]:02d}:{clock[1]:02d}", None
    return "TIME", f"{R.day(base)}T{clock[0]:02d}:{clock[1]:02d}", None


_UNITS = {"年": "Y", "月": "M", "周": "W", "星期": "W", "礼拜": "W", "天": "D", "日": "D",
          "小时": "H", "钟头": "H", "分钟": "MIN", "秒": "S"}  # fmt: skip
_APPROX = {"约", "大约", "近", "将近", "接近", "差不多", "左右", "上下", "大概"}
_MORE = {"超过", "逾", "多", "余", "以上", "多于", "有余"}
_AT_LEAST = {"至少", "不少于", "最少"}
_LESS = {"不到", "不足", "以下", "未满", "少于"}


def _mod(*words: str | None) -> str | None:
    for w in words:
        if not w:
            continue
        if w in _MORE:
            return "MORE_THAN"
        if w in _AT_LEAST:
            return "EQUAL_OR_MORE"
        if w in _LESS:
            return "LESS_THAN"
        if w in _APPROX:
            return "APPROX"
    return None


def _unit(word: str) -> str:
    for key, code in _UNITS.items():
        if word.endswith(key):
            return code
    raise KeyError(word)


def _norm_duration(m: re.Match[str], ctx: Context) -> Norm | None:
    g = m.groupdict()
    unit = _unit(g["u"])
    if g.get("vague"):
        return "DURATION", f"P{'T' if unit in ('H', 'MIN', 'S') else ''}X{unit[0]}", None
    n = zh_number(g["n"]) if g.get("n") else 1.0
    if n is None or n <= 0:
        return None
    if unit == "Y" and g.get("n") and re.fullmatch(r"(?:1[5-9]|20)\d\d", g["n"]):
        return None  # a written year ("2021年"), not eleven centuries of duration
    if g.get("half") or g.get("half2"):
        n += 0.5
    if g.get("half0"):
        n = 0.5
    if unit == "Y" and n == 0.5:
        n, unit = 6, "M"
    if g.get("n2"):
        # "6年9个月": one duration of two units
        n2 = zh_number(g["n2"])
        if n2 is None:
            return None
        first = _duration_part(n, unit)
        second = _duration_part(n2, _unit(g["u3"]))
        clock = "T" if ("H" in second or "MIN" in second) and "T" not in first else ""
        value = "P" + first + clock + second.replace("MIN", "M")
        return "DURATION", value, _mod(g.get("pre"), g.get("post"), g.get("more"))
    near = g.get("pre")
    mod = _mod(
        near if near != "近" or not g.get("lai") else None,
        g.get("post"),
        g.get("more") or g.get("more2"),
    )
    return "DURATION", R.duration(n, unit), mod


def _duration_part(n: float, unit: str) -> str:
    num = int(n) if float(n).is_integer() else n
    return f"{num}{unit}"


def _norm_range_low(m: re.Match[str], ctx: Context) -> Norm | None:
    """ "12至15年": the lower bound of a range takes the unit written after the upper one."""
    n = zh_number(m["n"])
    return ("DURATION", R.duration(n, _unit(m["u"])), None) if n else None


def _norm_ago(m: re.Match[str], ctx: Context) -> Norm | None:
    n = zh_number(m["n"]) if m["n"] else 1.0
    if n is None or not float(n).is_integer():
        return None
    unit = _unit(m["u"])
    if unit in ("H", "MIN", "S"):
        return "DURATION", R.duration(n, unit), None  # "1小时后": an hour's time
    later = m["dir"] in ("后", "之后", "以后")
    base: date | None = ctx.anchor
    if later and ctx.ref:
        base = date(int(ctx.ref[:4]), int(ctx.ref[5:7] or 1) if len(ctx.ref) >= 7 else 1,
                    int(ctx.ref[8:10] or 1) if len(ctx.ref) >= 10 else 1)  # fmt: skip
    if base is None:
        return "DATE", unanchored(unit), None
    return "DATE", R.shift(base, unit, int(n) * (1 if later else -1)), None


def _norm_decade(m: re.Match[str], ctx: Context) -> Norm | None:
    raw = m["dec"]
    n = _n(raw)
    if n is None:
        return None
    if n >= 1000:
        return "DATE", f"{n // 10:03d}", None
    if n % 10 or n > 90:
        return None
    century = 19 if (m["cent"] in (None, "上世纪", "上个世纪", "20世纪") and n >= 20) else 20
    if m["cent"] == "本世纪":
        century = 20
    return "DATE", f"{century}{n // 10}", None


def _norm_century(m: re.Match[str], ctx: Context) -> Norm | None:
    if m["rel"]:
        if ctx.anchor is None:
            return "DATE", "XX", None
        c = ctx.anchor.year // 100 - (1 if m["rel"] in ("上世纪", "上个世纪") else 0)
        return "DATE", f"{c:02d}", None
    n = _n(m["n"])
    return ("DATE", f"{n - 1:02d}", None) if n and 1 <= n <= 30 else None


def _norm_set(m: re.Match[str], ctx: Context) -> Norm | None:
    return "SET", R.duration(1, _unit(m["u"])), None


_REFS = {"目前": "PRESENT_REF", "现在": "PRESENT_REF", "当前": "PRESENT_REF", "如今": "PRESENT_REF",
         "眼下": "PRESENT_REF", "此刻": "PRESENT_REF", "近年来": "PAST_REF", "近年": "PAST_REF",
         "近些年": "PAST_REF", "近几年": "PAST_REF", "最近": "PAST_REF", "近期": "PAST_REF",
         "近日": "PAST_REF", "日前": "PAST_REF", "不久前": "PAST_REF",
         "未来": "FUTURE_REF", "将来": "FUTURE_REF"}  # fmt: skip


def _norm_ref(m: re.Match[str], ctx: Context) -> Norm | None:
    return "DATE", _REFS[m["x"]], None


def _norm_season(m: re.Match[str], ctx: Context) -> Norm | None:
    code = _SEASONS[m["s"]]
    if ctx.anchor is None:
        return "DATE", f"XXXX-{code}", None
    first = _SEASON_MONTHS[code]
    y = ctx.anchor.year
    started = y if ctx.anchor.month >= first else y - 1
    if code == "WI" and ctx.anchor.month <= 2:
        started = y - 1
    if ctx.tense(m) > 0 and started < y and code != "WI":
        started = y
    return "DATE", f"{started:04d}-{code}", None


def _norm_quarter(m: re.Match[str], ctx: Context) -> Norm | None:
    q = _n(m["q"])
    if q is None or not 1 <= q <= 4:
        return None
    if ctx.anchor is None:
        return "DATE", f"XXXX-Q{q}", None
    cur = (ctx.anchor.month - 1) // 3 + 1
    y = ctx.anchor.year if q <= cur or ctx.tense(m) > 0 else ctx.anchor.year - 1
    return "DATE", f"{y:04d}-Q{q}", None


def _norm_iso(m: re.Match[str], ctx: Context) -> Norm | None:
    try:
        d = date(int(m["y"]), int(m["mo"]), int(m["d"]))
    except ValueError:
        return None
    g = m.groupdict()
    if g.get("hh"):
        sec = f":{g['ss']}" if g.get("ss") else ""
        return "TIME", f"{R.day(d)}T{int(g['hh']):02d}:{g['mm']}{sec}", None
    return "DATE", R.day(d), None


def _norm_age(m: re.Match[str], ctx: Context) -> Norm | None:
    n = zh_number(m["n"])
    return ("DURATION", R.duration(n, "Y"), None) if n and 0 < n < 130 else None


def _shift_day(ctx: Context, off: int) -> Norm:
    if ctx.anchor is None:
        return "DATE", unanchored("D"), None
    return "DATE", R.day(ctx.anchor + timedelta(days=off)), None


def _norm_part_of_day(m: re.Match[str], ctx: Context) -> Norm | None:
    """A part of the day alone ("早上", "下午"): that part of the day under discussion."""
    base = ctx.ref_day()
    code = _TOD_CODE[m["tod2"]]
    return "TIME", f"{R.day(base) if base else unanchored('D')}{code}", None


def _rule(name: str, pattern: str, fn: Callable[..., Norm | None], relative: bool = True) -> Rule:
    return Rule(name, re.compile(pattern), fn, relative)


_NOT_NUM_BEFORE = rf"(?<![\d{_CN}.])"
_DUR_UNITS = r"个?小时|个?钟头|分钟|秒钟?|个?星期|个?礼拜|周|天|年|个月"
# The rules, declared once each. Order breaks ties between matches of one extent.
RULES: tuple[Rule, ...] = (
    # "15日内", "在3日之内": 日 counts days only before 内/以内/之内
    _rule(
        "days_within",
        rf"{_NOT_NUM_BEFORE}(?P<x>(?P<pre>约|近|将近)?(?P<n>{_NUM})(?P<u>日))(?=之?内|以内)",
        _norm_duration,
        relative=False,
    ),
    _rule(
        "duration",
        rf"(?P<x>(?:(?:过去|最近)的?)?(?P<pre>大约|约|将近|接近|近|超过|逾|至少|不少于|不到|不足|长达|达|为期|差不多|整整)?"
        rf"{_NOT_NUM_BEFORE}(?:(?P<n>{_NUM})(?P<more>多|余)?(?:个(?P<more2>多|余))?"
        rf"(?P<u>{_DUR_UNITS})(?P<half>半)?(?:(?P<n2>{_NUM})(?P<u3>个月|周|天|个?小时|分钟))?"
        rf"|(?P<half0>半)(?P<u2>个月|年|个?小时)|(?P<vague>几|数|多|好几)(?P<uv>{_DUR_UNITS}|月))"
        r"(?P<post>多|左右|以上|以下|之久|有余|上下)?)(?P<lai>来)?(?![前后底初末中份代纪])",
        lambda m, ctx: _norm_duration_any(m, ctx),
        relative=False,
    ),
    _rule(
        "range_low",
        rf"{_NOT_NUM_BEFORE}(?P<x>(?P<n>{_NUM}))(?:至|到|-|—|~)(?={_NUM}(?P<u>年|个月|天|周|小时))",
        _norm_range_low,
        relative=False,
    ),
    _rule(
        "ago",
        rf"{_NOT_NUM_BEFORE}(?P<x>(?P<n>{_NUM})(?P<u>个?星期|个?礼拜|周|天|年|个月|个?小时)"
        r"(?P<dir>以前|之前|前|以后|之后|后))(?!往|夕|景|提|所|者|述)",
        _norm_ago,
    ),
    _rule(
        "dated",
        rf"(?P<x>(?:{_YEAR4}|{_REL_YEAR})(?:{_MONTH}(?:{_DAY}(?:{_TOD})?|{_MPART})?|{_YPART})?)"
        r"(?![内来])",
        _norm_dated,
    ),
    _rule(
        "iso",
        r"(?<!\d)(?P<y>(?:19|20)\d\d)[-/.](?P<mo>1[0-2]|0?[1-9])[-/.](?P<d>3[01]|[12]\d|0?[1-9])(?!\d)"
        r"(?:[ T](?P<hh>[01]?\d|2[0-3]):(?P<mm>[0-5]\d)(?::(?P<ss>[0-5]\d))?)?",
        _norm_iso,
        relative=False,
    ),
    _rule(
        "month_day",
        rf"{_NOT_NUM_BEFORE}(?<!年)(?P<x>{_MONTH}(?:{_DAY}(?:{_TOD})?|{_MPART})?)(?![内来])",
        _norm_month_day,
    ),
    _rule(
        "day",
        rf"{_NOT_NUM_BEFORE}(?<![月年])(?P<x>{_DAY.replace('[日号]', '日')}(?:{_TOD})?)"
        r"(?!之?内|以内|元|币)",
        _norm_day,
    ),
    _rule(
        "weekday",
        rf"(?P<x>(?P<rel>上上|上个?|下下|下个?|本|这个?|今)?(?:周|星期|礼拜)(?P<wd>[一二三四五六日天末])"
        rf"(?:{_TOD})?)",
        lambda m, ctx: _norm_weekday_fix(m, ctx),
    ),
    _rule(
        "rel_week",
        r"(?P<x>(?P<rel>上上|上|本|这|下下|下)(?:个)?(?:周|星期|礼拜))(?![一二三四五六日天末])",
        lambda m, ctx: _norm_rel_week(m, ctx),
    ),
    _rule(
        "rel_month",
        rf"(?P<x>(?P<rel>上|本|这|当|同|下|次)个?月(?!份?[内来])(?:{_DAY}(?:{_TOD})?|{_MPART})?)",
        _norm_rel_month,
    ),
    _rule(
        "rel_day",
        rf"(?P<x>(?P<rel>大前天|前天|昨天|昨日|今天|今日|明天|明日|后天|大后天|当天|当日|同日"
        rf"|同一天|次日|翌日|第二天|前一天|前一日)(?:{_TOD})?)",
        _norm_rel_day,
    ),
    _rule(
        "short_day",
        rf"(?P<x>(?P<rel>今晨|今早|今晚|昨晚|昨夜|明晚)(?:{_CLOCK})?)",
        _norm_short_day,
    ),
    _rule("clock", rf"{_NOT_NUM_BEFORE}(?P<x>(?P<tod>{_PARTS})?{_CLOCK})", _norm_clock),
    _rule(
        "decade",
        r"(?P<x>(?P<cent>上世纪|上个世纪|本世纪|20世纪|二十世纪)?(?P<dec>\d{2,4}|[二三四五六七八九]十)年代)",
        _norm_decade,
        relative=False,
    ),
    _rule(
        "century",
        r"(?P<x>(?P<rel>上世纪|上个世纪|本世纪)|(?P<n>\d{1,2}|二十一|二十|十九|十八)世纪)(?!\d|[二三四五六七八九]十年代)",
        _norm_century,
        relative=False,
    ),
    _rule(
        "set",
        r"(?P<x>每(?:一)?(?P<u>年|个月|周|星期|天|日))(?![的度])",
        _norm_set,
        relative=False,
    ),
    # "出现在" (appears in) is no "现在"
    _rule(
        "ref",
        rf"(?<![出实体表发])(?P<x>{'|'.join(sorted(_REFS, key=len, reverse=True))})",
        _norm_ref,
    ),
    _rule(
        "age", rf"{_NOT_NUM_BEFORE}(?P<x>(?P<n>\d{{1,3}}|[{_CN}]+)岁)", _norm_age, relative=False
    ),
    _rule(
        "long_days",
        rf"{_NOT_NUM_BEFORE}(?P<x>(?P<n>\d{{2,}})(?P<u>日))(?![内前后])",
        lambda m, ctx: _norm_duration(m, ctx) if int(m["n"]) > 31 else None,
        relative=False,
    ),
    _rule(
        "part_of_day",
        r"(?<![\d日天晚早])(?P<x>(?P<tod2>凌晨|清晨|早上|早晨|上午|中午|下午|傍晚|晚上|深夜))(?![\d一二三四五六七八九十两点时])",
        _norm_part_of_day,
    ),
    _rule("yesterday", r"(?P<x>昨(?:全日)?)(?![天日晚夜])", lambda m, ctx: _shift_day(ctx, -1)),
    _rule(
        "dmy",
        r"(?<![\d.])(?P<d>3[01]|[12]\d|0?[1-9])\.(?P<mo>1[0-2]|0?[1-9])\.(?P<y>(?:19|20)\d\d)(?![\d.])",
        _norm_iso,
        relative=False,
    ),
    _rule("season", r"(?<![年今去明])(?P<x>(?P<s>[春夏秋冬])(?:天|季))", _norm_season),
    _rule(
        "quarter",
        r"(?<![年今去明])(?P<x>第?(?P<q>[一二三四1-4])季度)",
        _norm_quarter,
    ),
)


def _norm_duration_any(m: re.Match[str], ctx: Context) -> Norm | None:
    g = m.groupdict()
    if g.get("u2"):
        half = {"年": "P6M", "个月": "P15D"}.get(g["u2"], "PT30M")
        return "DURATION", half, _mod(g.get("pre"), g.get("post"))
    if g.get("uv"):
        unit = _unit(g["uv"])
        return "DURATION", f"P{'T' if unit in ('H', 'MIN', 'S') else ''}X{unit[0]}", None
    n = g.get("n") or ""
    if len(n) > 1 and all(ch in "〇零一二三四五六七八九" for ch in n):
        return None  # a year written digit by digit ("二〇二一年")
    if g.get("u") == "年" and n and n in "一二三四五六七八九十" and not g.get("pre"):
        # "一年" inside a date ("一九年") is not a year long; a lone numeral before 年 in a
        # longer run of numerals is left to the date rules
        before = ctx.text[m.start("n") - 1 : m.start("n")]
        if before and before in _CN:
            return None
    return _norm_duration(m, ctx)


def _norm_weekday_fix(m: re.Match[str], ctx: Context) -> Norm | None:
    rel = m["rel"] or ""
    if rel.startswith("这") or rel in ("本", "今"):
        # this week's day: the Monday-based week of the anchor
        if m["wd"] == "末":
            return "DATE", R.week(ctx.anchor) + "-WE" if ctx.anchor else "XXXX-WXX-WE", None
        if ctx.anchor is None:
            return _with_time(m, f"XXXX-WXX-{_WEEKDAYS[m['wd']]}")
        return _with_time(m, R.day(R.weekday_in_week(ctx.anchor, 0, _WEEKDAYS[m["wd"]])))
    return _norm_weekday(m, ctx)


def tag(
    text: str,
    anchor: str | None,
    *,
    sentences: Sequence[tuple[int, int]] | None = None,
    anchor_inferred: bool = False,
    tense: Callable[[int, int], int] | None = None,
) -> list[TimeExpr]:
    """Chinese time expressions in ``text`` with TIMEX3 type, value and modifier, relative
    ones resolved against ``anchor`` (the publication date, YYYY-MM-DD)."""
    plain = text.translate(FULLWIDTH)
    spans = list(sentences) if sentences else [(0, len(text))]
    cue = tense or tense_cues(plain, spans)
    found = run(RULES, plain, anchor, cue, anchor_inferred=anchor_inferred)
    # report the original characters (full-width digits as written)
    return [t if plain == text else _retext(t, text) for t in found]


def _retext(t: TimeExpr, text: str) -> TimeExpr:
    from dataclasses import replace

    return replace(t, text=text[t.start : t.end])
