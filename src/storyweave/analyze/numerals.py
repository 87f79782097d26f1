"""Numbers written in Chinese and Russian: "十一", "两千", "1.2万", "二〇二一"; "одиннадцать",
"двадцати пяти", "полтора", "1,2 млрд", "10 000".

The patterns find a number's extent in text; the parsers turn that extent into a value."""

from __future__ import annotations

import re

__all__ = [
    "RU_NUMBER",
    "ZH_NUMBER",
    "ru_number",
    "ru_word_value",
    "zh_number",
]

_ZH_DIGITS = {
    "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_ZH_SMALL = {"十": 10, "百": 100, "千": 1000}
_ZH_LARGE = {"万": 10_000, "亿": 100_000_000}
_ZH_CHARS = "".join(_ZH_DIGITS) + "".join(_ZH_SMALL) + "".join(_ZH_LARGE)
# An Arabic number (full-width digits are read as ASCII by the callers) with an optional
# Chinese scale ("1.2万", "3000万"), or a run of Chinese numerals. "两" alone counts; a lone
# "一" is left to the callers' context (it is also "one" of "一些", "一直").
ZH_NUMBER = re.compile(rf"\d+(?:[.,]\d+)*(?:[百千万亿]+)?|[{_ZH_CHARS}]+")


def zh_number(text: str) -> float | None:
    """The value of a Chinese or Arabic number ("十一" 11, "两千" 2000, "1.2万" 12000,
    "二〇二一" 2021, "一百零五" 105), or None."""
    text = text.strip().replace("廿", "二十").replace("卅", "三十")
    if not text:
        return None
    m = re.fullmatch(r"(\d+(?:[.,]\d+)*)([百千万亿]*)", text)
    if m:
        try:
            value = float(m[1].replace(",", ""))
        except ValueError:
            return None
        for ch in m[2]:
            value *= (_ZH_SMALL | _ZH_LARGE)[ch]
        return value
    if any(ch not in _ZH_CHARS for ch in text):
        return None
    if len(text) > 1 and all(ch in _ZH_DIGITS for ch in text):
        # digit by digit, as years are written: 二〇二一
        return float("".join(str(_ZH_DIGITS[ch]) for ch in text))
    total = section = num = 0
    for ch in text:
        if ch in _ZH_DIGITS:
            num = _ZH_DIGITS[ch]
        elif ch in _ZH_SMALL:
            section += (num or 1) * _ZH_SMALL[ch]
            num = 0
        elif ch == "万":
            total += (section + num) * 10_000
            section = num = 0
        else:  # 亿
            total = (total + section + num) * 100_000_000
            section = num = 0
    return float(total + section + num)


def _forms(table: str) -> dict[str, float]:
    out = {}
    for line in table.strip().splitlines():
        value, _, words = line.partition(":")
        for word in words.split():
            out[word] = float(value)
    return out


# Every case form of the number words (ё written both ways).
_RU_WORDS = _forms(
    """
    0: ноль ноля нолю нолем нуль нуля
    1: один одна одно одного одной одному одним одном одну
    1.5: полтора полторы полутора
    2: два две двух двум двумя двое двоих двоим двоими оба обе обоих обеих обоим обеим
    3: трое троих троим троими
    4: четверо четверых четверым
    5: пятеро пятерых пятерым
    6: шестеро шестерых
    7: семеро семерых
    3: три трех трёх трем трём тремя
    4: четыре четырех четырёх четырем четырём четырьмя
    5: пять пяти пятью
    6: шесть шести шестью
    7: семь семи семью
    8: восемь восьми восемью восьмью
    9: девять девяти девятью
    10: десять десяти десятью
    11: одиннадцать одиннадцати одиннадцатью
    12: двенадцать двенадцати двенадцатью
    13: тринадцать тринадцати тринадцатью
    14: четырнадцать четырнадцати четырнадцатью
    15: пятнадцать пятнадцати пятнадцатью
    16: шестнадцать шестнадцати шестнадцатью
    17: семнадцать семнадцати семнадцатью
    18: восемнадцать восемнадцати восемнадцатью
    19: девятнадцать девятнадцати девятнадцатью
    20: двадцать двадцати двадцатью
    30: тридцать тридцати тридцатью
    40: сорок сорока
    50: пятьдесят пятидесяти пятьюдесятью
    60: шестьдесят шестидесяти шестьюдесятью
    70: семьдесят семидесяти семьюдесятью
    80: восемьдесят восьмидесяти восемьюдесятью
    90: девяносто девяноста
    100: сто ста
    200: двести двухсот двумстам двумястами
    300: триста трехсот трёхсот тремстам
    400: четыреста четырехсот четырёхсот четыремстам
    500: пятьсот пятисот пятистам
    600: шестьсот шестисот
    700: семьсот семисот
    800: восемьсот восьмисот
    900: девятьсот девятисот
    """
)
_RU_SCALES = _forms(
    """
    1000: тысяча тысячи тысяч тысячу тысячей тысячам тысячами тыс
    1000000: миллион миллиона миллионов миллиону миллионом миллионами млн
    1000000000: миллиард миллиарда миллиардов миллиарду миллиардом миллиардами млрд
    """
)
_RU_WORD = "|".join(sorted(_RU_WORDS, key=len, reverse=True))
_RU_SCALE = "|".join(sorted(_RU_SCALES, key=len, reverse=True))
# Digits with a space or a thin space between thousands and a comma before decimals
# ("10 000", "1,5"), or number words, each optionally followed by a scale ("1,2 млрд", "три
# тысячи").
RU_NUMBER = re.compile(
    rf"(?<![\w.,])(?:\d{{1,3}}(?:[\u00a0\u202f ]\d{{3}})+(?!\d)|\d+(?:[.,]\d+)?)"
    rf"(?:\s*(?:{_RU_SCALE})\b\.?)?"
    rf"|\b(?:(?:{_RU_WORD})\s+)*(?:{_RU_WORD})\b(?:\s+(?:{_RU_SCALE})\b\.?)?",
    re.I,
)


def ru_word_value(word: str) -> float | None:
    """The value of one Russian number word in any case ("пяти" 5), or None."""
    return _RU_WORDS.get(word.lower())


def ru_number(text: str) -> float | None:
    """The value of a Russian number ("двадцати пяти" 25, "1,2 млрд" 1.2e9, "10 000" 10000,
    "три тысячи" 3000), or None."""
    words = text.lower().replace("\u00a0", " ").replace("\u202f", " ").split()
    if not words:
        return None
    scale = 1.0
    last = words[-1].rstrip(".")
    if last in _RU_SCALES and len(words) > 1:
        scale = _RU_SCALES[last]
        words = words[:-1]
    elif last not in _RU_WORDS:
        m = re.fullmatch(r"(\d+(?:,\d+)?)(тыс|млн|млрд)\.?", last)
        if m and len(words) == 1:
            words, scale = [m[1]], _RU_SCALES[m[2]]
    if all(re.fullmatch(r"\d+", w) for w in words[:-1]) and re.fullmatch(
        r"\d+(?:[.,]\d+)?", words[-1]
    ):
        joined = "".join(words) if len(words) > 1 else words[0].replace(",", ".")
        return float(joined) * scale
    total = 0.0
    for w in words:
        if w not in _RU_WORDS:
            return None
        total += _RU_WORDS[w]
    return total * scale
