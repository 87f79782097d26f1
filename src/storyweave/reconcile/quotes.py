"""Quotations that sources render with other words: one utterance, two wordings.

Two sources quoting the same person say the same sentence; when the quotations match word for
word over most of their length and differ in a word that carries meaning ("on her way to the
United States" / "on her way home"), at least one is not the speaker's words: a conflict of
wording. A difference only in function words ("spoke with" / "spoke to"), in inflection
("these days" / "this day"), or in where the quotation starts or stops (one source quotes
more) is none.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path

from ..link.evidence import person_words
from ..model import Analysis, Article, Citation, Claim
from .slots import published_day

__all__ = ["quote_claims"]

_DATA = Path(__file__).resolve().parent.parent / "data" / "claims" / "function_words.txt"
# A quotation: between curly or straight double quotes, or from an opening mark to the end of
# its paragraph when the closing one is missing (excerpts cut mid-quotation).
_QUOTE = re.compile(r"“([^”\n]+)(”)?|\"([^\"\n]+)(\")?")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
# Words in common, at least, and share of the shorter quotation they cover.
_MIN_SHARED = 8
_MIN_SHARE = 0.6
# Quotations of articles written further apart than this are not compared.
_DAYS_APART = 7
# Words of a difference at either end of two closed quotations still compared as a change of
# wording, at most (longer: one quotes another sentence).
_TAIL = 5
# Words shown around a difference.
_CONTEXT = 4


@dataclass(frozen=True, slots=True)
class _Quote:
    article: str
    source: str
    start: int  # offset of its first word
    closed: bool
    words: tuple[str, ...]  # lower case
    spans: tuple[tuple[int, int], ...]  # offsets of each word in the article
    upper: tuple[bool, ...]  # each word capitalised where no sentence starts (a name)
    published: date | None
    citation: Citation


@cache
def _function_words() -> frozenset[str]:
    lines = _DATA.read_text(encoding="utf-8").splitlines()
    return frozenset(w for ln in lines if not ln.startswith("#") for w in ln.split())


def _fold(word: str) -> str:
    """A word without its inflection, roughly ("days" -> "day", "reported" -> "report")."""
    w = re.sub(r"'s$", "", word.replace("’", "'"))
    for suffix in ("ies", "es", "s", "ed", "ing"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)] + ("y" if suffix == "ies" else "")
            break
    return w[:-1] if w.endswith("e") and len(w) > 4 else w  # "restore", "restored"


def _content(words: Sequence[str]) -> frozenset[str]:
    fw = _function_words()
    return frozenset(_fold(w) for w in words if w not in fw and not w.isdigit())


def _quotes(article: Article, an: Analysis, source: str, published: date | None) -> list[_Quote]:
    out = []
    for m in _QUOTE.finditer(article.text):
        body, start = (
            (m.group(1), m.start(1)) if m.group(1) is not None else (m.group(3), m.start(3))
        )
        closed = bool(m.group(2) or m.group(4))
        found = list(_WORD.finditer(body))
        if len(found) < _MIN_SHARED:
            continue
        words = tuple(w.group().lower().replace("’", "'") for w in found)
        upper = tuple(
            w.group()[0].isupper() and k > 0 and not re.search(r"[.!?]\W*$", body[: w.start()])
            and _fold(w.group().lower()) not in _function_words()
            for k, w in enumerate(found)
        )  # fmt: skip
        spans = tuple((start + w.start(), start + w.end()) for w in found)
        sent = next((s for s in an.sentences if s.start <= spans[0][0] < s.end), None)
        if sent is None:
            continue
        cite = Citation(article.id, sent.index, sent.start, sent.end,
                        article.text[sent.start : sent.end])  # fmt: skip
        out.append(
            _Quote(article.id, source, spans[0][0], closed, words, spans, upper, published, cite)
        )
    return out


def _differences(a: _Quote, b: _Quote) -> list[tuple[int, int, int, int]] | None:
    """The word ranges ((i1, i2) of ``a``, (j1, j2) of ``b``) where two renderings of one
    quotation put other words of meaning; None when they are not one quotation."""
    sm = SequenceMatcher(None, a.words, b.words, autojunk=False)
    blocks = [bl for bl in sm.get_matching_blocks() if bl.size]
    shared = sum(bl.size for bl in blocks)
    if shared < _MIN_SHARED or shared < _MIN_SHARE * min(len(a.words), len(b.words)):
        return None
    out = []
    first, last = blocks[0], blocks[-1]
    edges = []
    if a.closed and b.closed:
        # Both end where the speaker stopped: a different end is a different wording.
        tail_a = (last.a + last.size, len(a.words))
        tail_b = (last.b + last.size, len(b.words))
        edges.append((*tail_a, *tail_b))
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag != "replace" or i1 < first.a or j1 < first.b or i2 > last.a + last.size:
            continue
        edges.append((i1, i2, j1, j2))
    for i1, i2, j1, j2 in edges:
        if not (0 < i2 - i1 <= _TAIL and 0 < j2 - j1 <= _TAIL):
            continue
        if any(
            f(x, k1, k2, y, l1, l2)
            for f in (_renamed, _unsaid_self)
            for x, k1, k2, y, l1, l2 in ((a, i1, i2, b, j1, j2), (b, j1, j2, a, i1, i2))
        ):
            out.append((i1, i2, j1, j2))
    return out


def _renamed(a: _Quote, i1: int, i2: int, b: _Quote, j1: int, j2: int) -> bool:
    """Where ``a`` names a place or person ("on her way to the United States") ``b`` puts a
    common word of meaning ("on her way home"): another referent, not another wording of one.
    Two names ("the Russian" / "Bout", "U.S." / "American") may be one referent described two
    ways; two common words are most often a translator's synonyms ("spying" / "espionage")."""
    named = [w for w, up in zip(a.words[i1:i2], a.upper[i1:i2], strict=True) if up]
    if not named or any(b.upper[j1:j2]) or set(named) & set(b.words):
        return False
    if set(b.words[j1:j2]) & person_words():
        return False  # "Putin" / "the president": a name and its title
    return bool(_content(b.words[j1:j2]) - _content(a.words))


# The speaker in the first person singular.
_SELF = frozenset({"i", "me", "my", "mine", "myself"})


def _unsaid_self(a: _Quote, i1: int, i2: int, b: _Quote, j1: int, j2: int) -> bool:
    """Where ``a`` has the speaker ("what they have done to me") ``b`` puts a thing ("to our
    country"): another referent. A person ("to my husband", "to the minister") may be the
    same one told otherwise, so only things count."""
    if not set(a.words[i1:i2]) or not set(a.words[i1:i2]) <= _SELF:
        return False
    things = _content(b.words[j1:j2]) - _content(a.words)
    return bool(things) and not set(b.words[j1:j2]) & person_words()


def _cite(doc: tuple[Article, Analysis], q: _Quote, word: int) -> Citation:
    """The sentence holding a quotation's ``word``."""
    article, an = doc
    at = q.spans[word][0]
    s = next((s for s in an.sentences if s.start <= at < s.end), None)
    if s is None:
        return q.citation
    return Citation(article.id, s.index, s.start, s.end, article.text[s.start : s.end])


def _shown(q: _Quote, text: str, lo: int, hi: int) -> str:
    """The words ``lo``..``hi`` of a quotation with a few around them, as written."""
    a = max(0, lo - _CONTEXT)
    b = min(len(q.spans), hi + _CONTEXT)
    return " ".join(text[q.spans[a][0] : q.spans[b - 1][1]].split())


def quote_claims(
    docs: Sequence[tuple[Article, Analysis]], copies: Mapping[str, str] | None = None
) -> list[Claim]:
    """A ``conflicting`` claim (slot ``quote``) for each quotation two sources give with
    other words of meaning; each source's wording around the difference is shown."""
    copies = copies or {}
    texts = {a.id: a.text for a, _ in docs}
    docs_of = {a.id: (a, an) for a, an in docs}
    quotes = [
        q
        for article, an in docs
        for q in _quotes(
            article, an, copies.get(article.id, article.id), published_day(article.published)
        )  # fmt: skip
    ]
    ranges: dict[int, tuple[int, int]] = {}  # quote -> the words its differences cover
    parent = list(range(len(quotes)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for k, a in enumerate(quotes):
        for m in range(k + 1, len(quotes)):
            b = quotes[m]
            if a.source == b.source:
                continue
            if a.published and b.published and abs((a.published - b.published).days) > _DAYS_APART:
                continue
            diffs = _differences(a, b)
            if not diffs:
                continue
            for idx, lo, hi in ((k, diffs[0][0], diffs[-1][1]), (m, diffs[0][2], diffs[-1][3])):
                old = ranges.get(idx, (lo, hi))
                ranges[idx] = (min(old[0], lo), max(old[1], hi))
            parent[find(m)] = find(k)
    groups: dict[int, list[int]] = {}
    for idx in sorted(ranges):
        groups.setdefault(find(idx), []).append(idx)
    out: list[Claim] = []
    for members in groups.values():
        chosen: dict[str, int] = {}
        for idx in members:
            chosen.setdefault(quotes[idx].source, idx)
        values = {
            quotes[i].article: _shown(quotes[i], texts[quotes[i].article], *ranges[i])
            for i in chosen.values()
        }
        if len(set(values.values())) < 2:
            continue
        first = quotes[members[0]]
        said = texts[first.article][first.spans[0][0] : first.spans[-1][1]]
        text = "Quoted words: " + " ".join(said.split())
        cites = tuple(
            dict.fromkeys(
                _cite(docs_of[quotes[i].article], quotes[i], ranges[i][0]) for i in chosen.values()
            )
        )
        key = text + "|" + " ".join(sorted(values))
        out.append(
            Claim(
                id="c" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12],
                status="conflicting",
                text=text,
                values=values,
                citations=cites,
                slot="quote",
            )
        )
    return out
