"""Analysis of Chinese articles: sentences, names (``zh_names``), time expressions
(``timex_zh``) and quantities, from jieba's words and part-of-speech tags.

jieba and its dictionary load on the first Chinese article only (about a second), so English
runs never pay for them."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from ..model import Analysis, Article, Quantity, Sentence
from . import multilang, timex_zh, zh_names
from .numerals import zh_number
from .zh_names import Token

__all__ = ["analyze", "quantities", "sentences", "tokens"]

_END = "。！？!?…"
_CLOSE = "”’」』）)》\"'"
_SENTENCE = re.compile(rf"[^{_END}\n]*(?:[{_END}]+[{_CLOSE}]*|\n|$)")


@lru_cache(maxsize=1)
def _posseg() -> Any:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba.posseg


@lru_cache(maxsize=1)
def _to_simplified() -> dict[int, int]:
    from hanziconv.charmap import simplified_charmap, traditional_charmap

    table = {ord(t): ord(s) for t, s in zip(traditional_charmap, simplified_charmap, strict=True)}
    table.update(str.maketrans("０１２３４５６７８９：．週", "0123456789:.周"))
    return table


def simplified(text: str) -> str:
    """``text`` with traditional characters (and full-width digits) read as simplified ones,
    one character for one, so every offset stays valid: jieba's dictionary and the word
    lists are simplified."""
    return text.translate(_to_simplified())


def tokens(text: str) -> list[Token]:
    """jieba's words with their character offsets and part-of-speech tags."""
    out = []
    pos = 0
    for pair in _posseg().cut(text):
        word, flag = pair.word, pair.flag
        at = text.find(word, pos)
        if at < 0:
            continue
        out.append(Token(at, at + len(word), word, flag))
        pos = at + len(word)
    return out


def sentences(text: str) -> tuple[Sentence, ...]:
    """Sentences end at 。！？ (with the closing quotes after them) and at line breaks; each
    paragraph (text between blank or single line breaks) is numbered."""
    out: list[Sentence] = []
    paragraph = 0
    last_end = 0
    for m in _SENTENCE.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            continue
        if out and "\n" in text[last_end:start]:
            paragraph += 1
        out.append(Sentence(index=len(out), start=start, end=end, paragraph=paragraph))
        last_end = end
    return tuple(out)


# Units a counted number carries, in the English words claims compare across languages.
_TIME_UNITS = {"年": "year", "个月": "month", "月": "month", "周": "week", "星期": "week",
               "天": "day", "日": "day", "小时": "hour", "分钟": "minute"}  # fmt: skip
_MONEY = ("美元", "元", "人民币", "欧元", "英镑", "日元", "卢布", "加元", "港元", "澳元", "韩元")
_CLASSIFIERS = "名个位人件起次项家所座辆架艘条颗枚只头例份篇张台批"
_NUM_HEAD = re.compile(
    r"(?:百分之)?(?:\d+(?:[.,]\d+)*[百千万亿]*|[〇零一二两三四五六七八九十百千万亿]+)"
)


def quantities(
    text: str,
    toks: Sequence[Token],
    skip: Sequence[tuple[int, int]] = (),
    source: str | None = None,
) -> tuple[Quantity, ...]:
    """Numbers with what they count: "两名加拿大人" 2 (加拿大人), "十一年" 11 (year),
    "15日内" 15 (day), "1.2亿元" 1.2e8 (money), "3.5%" (percent). Numbers inside ``skip``
    spans (dates, names) are left out; ``source`` is the text as written when ``text`` is its
    simplified reading."""
    out = []
    written = source if source is not None else text
    plain = text.translate(timex_zh.FULLWIDTH)
    k = 0
    while k < len(toks):
        tok = toks[k]
        if tok.flag != "m" or any(s <= tok.start < e for s, e in skip):
            k += 1
            continue
        j = k + 1
        while j < len(toks) and toks[j].flag == "m" and toks[j].start == toks[j - 1].end:
            j += 1
        start, end = tok.start, toks[j - 1].end
        span = plain[start:end]
        head = _NUM_HEAD.match(span)
        if not head or (head.group() == "一" and len(span) > 1 and span[1] not in _CLASSIFIERS):
            k = j
            continue
        percent = head.group().startswith("百分之")
        number = zh_number(head.group().removeprefix("百分之"))
        if number is None or head.group() in ("一", "十") and len(span) == 1:
            k = j
            continue
        rest = span[head.end() :]
        unit, end = _unit(plain, toks, j, rest, end)
        if percent:
            unit = "percent"
        out.append(
            Quantity(start=start, end=end, text=written[start:end], number=number, unit=unit)
        )
        k = j
    return tuple(out)


def _unit(plain: str, toks: Sequence[Token], j: int, rest: str, end: int) -> tuple[str | None, int]:
    """The unit after a number: a time unit, money, percent, or the noun counted."""
    after = plain[end : end + 3]
    if after.startswith(("%", "％")):
        return "percent", end + 1
    word = rest.lstrip("百千万亿多余")
    for key, unit in _TIME_UNITS.items():
        if word.startswith(key) or (not word and after.startswith(key)):
            return unit, end if word else end + len(key)
    if any(word.endswith(m) or (not word and after.startswith(m)) for m in _MONEY):
        return "money", end
    if j < len(toks) and any(toks[j].word.startswith(m) for m in _MONEY):
        return "money", toks[j].end
    # the noun counted: the last noun of the noun words right after the classifier
    noun = None
    k = j
    while k < len(toks) and k < j + 3 and toks[k].flag[:1] in ("n", "a", "b"):
        if toks[k].flag.startswith("n"):
            noun = toks[k].word
        k += 1
    if noun is None and word:
        noun = word
    return noun, end


def analyze(
    article: Article, infer: Any = None, rules: frozenset[str] = zh_names.RULES
) -> tuple[Article, Analysis]:
    """The analysis of one Chinese article. ``infer`` (article, spans, timexes) -> article
    fills in a missing publication date; ``rules`` are the name rules applied."""
    text = article.text
    plain = simplified(text)
    sents = sentences(plain)
    spans = [(s.start, s.end) for s in sents]
    toks = tokens(plain)
    if not article.published and infer is not None:
        article = infer(article, spans, timex_zh.tag(plain, None, sentences=spans))
    timexes = [
        replace(t, text=text[t.start : t.end])
        for t in timex_zh.tag(
            plain, article.published, sentences=spans, anchor_inferred=article.published_inferred
        )
    ]
    blocked = [(t.start, t.end) for t in timexes]
    mentions, groups = zh_names.extract(plain, toks, sents, blocked, rules, source=text)
    timexes = multilang.outside_names(timexes, mentions)
    dated = [(t.start, t.end) for t in timexes if t.type in ("DATE", "TIME")]
    named = [(m.start, m.end) for m in mentions]
    analysis = Analysis(
        article=article.id,
        language="zh",
        sentences=sents,
        mentions=mentions,
        groups=groups,
        time_expressions=tuple(timexes),
        quantities=quantities(plain, toks, dated + named, source=text),
    )
    return article, analysis
