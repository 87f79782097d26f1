"""How alike two articles are across languages: a Chinese or Russian report against its
English coverage.

No translation model installs here, so the comparison rests on what crosses languages:

- meaning: the cosine of the articles' multilingual vectors (``analyze/embed_multi.py``);
- names: a name written in Chinese or Cyrillic is mapped to the English name words it
  transliterates (the learned back-transliteration model of ``link/translit.py``, scored
  against a vocabulary of English names: "Холви" -> halvey, "哈特利-伍德" -> hartley-wood),
  names in Latin script are kept as they are;
- dates and numbers, which survive translation: days written with a month ("5 марта",
  "3月5日", "March 5", "2022-03-05") as ``MM-DD`` keys, and numbers of two or more digits;
- publication dates: reports of one event come out within days of each other.

Names tell which saga an article belongs to; dates and numbers tell its event apart from the
saga's other events (benchmarks/crosslingual.py measures each). ``similarity`` scores a pair;
a story clusterer gives ``idf`` to weigh rare names, days and numbers above common ones.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import Any

import numpy as np

from ..config import Settings

__all__ = [
    "best_story",
    "CrossDoc",
    "CrossSettings",
    "cross_doc",
    "date_keys",
    "english_names",
    "name_words",
    "number_keys",
    "similarity",
    "story_score",
    "with_vocabulary",
]

# Scripts the transliteration model reads (translit.LANGS); other languages keep their names.
_TRANSLIT_LANGS = ("zh", "ru")
_SEPARATOR = re.compile(r"([\s·•‧・\u2027\u00b7]+|[-‐‑–])")
_LATIN = re.compile(r"[A-Za-z][A-Za-z.'’\-]*")
_FOREIGN_LETTER = re.compile(r"[\u0400-\u04ff\u3400-\u9fff]")


@dataclass(frozen=True, slots=True)
class CrossSettings:
    """Weights of the evidence and the transliteration threshold (settings.cfg
    [crosslingual] gives the shipped values and how they were chosen)."""

    vector_weight: float = 1.0
    names_weight: float = 0.25
    dates_weight: float = 0.1
    numbers_weight: float = 0.25
    published_weight: float = 0.2
    published_window_days: float = 7.0
    translit_threshold: float = 7.0
    translit_margin: float = 2.0
    join_threshold: float = 0.6
    undated_margin: float = 0.05

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> CrossSettings:
        """The ``[crosslingual]`` settings (the shipped ones by default)."""
        return (settings or Settings.default()).numbers(cls, "crosslingual")


@dataclass(frozen=True, slots=True)
class CrossDoc:
    """What a cross-language comparison needs of one article."""

    language: str
    vector: np.ndarray  # multilingual, L2-normalized
    names: frozenset[str] = frozenset()  # lower-case name words and runs, English forms added
    dates: frozenset[str] = frozenset()  # "MM-DD"
    numbers: frozenset[str] = frozenset()  # digits only, "1000000"
    foreign_names: tuple[str, ...] = field(default=())  # names in their own script, unmapped
    published: str | None = None  # YYYY-MM-DD


# -- dates and numbers ---------------------------------------------------------------------

_EN_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# Russian month stems, every case ("марта", "мае", "июнем").
_RU_MONTHS = ("январ", "феврал", "март", "апрел", "ма[йяею]", "июн", "июл", "август",
              "сентябр", "октябр", "ноябр", "декабр")  # fmt: skip
_EN_NAME = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_RU_NAME = "(" + "|".join(_RU_MONTHS) + r")[а-я]*"
_DAY_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"\b{_EN_NAME}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b", re.I), "en-md"),
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_EN_NAME}", re.I), "en-dm"),
    (re.compile(rf"(?<!\d)(\d{{1,2}})\s+{_RU_NAME}", re.I), "ru"),
    (re.compile(r"(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]"), "zh"),
    (re.compile(r"(?<!\d)(?:19|20)\d\d[-/.年](\d{1,2})[-/.月](\d{1,2})(?!\d)"), "ymd"),
    (re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(?:19|20)\d\d(?!\d)"), "dmy"),
)


def _month(word: str, lang: str) -> int | None:
    word = word.lower()
    if lang == "ru":
        for k, stem in enumerate(_RU_MONTHS):
            if re.match(stem, word):
                return k + 1
        return None
    return _EN_MONTHS.index(word[:3]) + 1 if word[:3] in _EN_MONTHS else None


def date_keys(text: str) -> frozenset[str]:
    """Every day written with its month in the text, as ``MM-DD`` (years are often left out,
    and a story's year is already known from its publication dates)."""
    found: set[tuple[int, int]] = set()
    for pattern, kind in _DAY_PATTERNS:
        for m in pattern.finditer(text):
            if kind == "en-md":
                month, day = _month(m.group(1), "en"), int(m.group(2))
            elif kind == "en-dm":
                month, day = _month(m.group(2), "en"), int(m.group(1))
            elif kind == "ru":
                month, day = _month(m.group(2), "ru"), int(m.group(1))
            elif kind == "dmy":
                month, day = int(m.group(2)), int(m.group(1))
            else:
                month, day = int(m.group(1)), int(m.group(2))
            if month and 1 <= month <= 12 and 1 <= day <= 31:
                found.add((month, day))
    return frozenset(f"{m:02d}-{d:02d}" for m, d in found)


_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?![\d])|\d+(?:[.,]\d+)?")


def number_keys(text: str) -> frozenset[str]:
    """Numbers of two or more digits, thousands separators dropped ("1,000" and "1 000" are
    "1000"); one-digit numbers are too common to tell events apart."""
    out = set()
    for m in _NUMBER.finditer(text):
        raw = m.group()
        if re.fullmatch(r"\d{1,3}(?:[,\u00a0\u202f ]\d{3})+", raw):
            raw = re.sub(r"\D", "", raw)
        raw = raw.replace(",", ".")
        if sum(ch.isdigit() for ch in raw) >= 2:
            out.add(raw.rstrip("0").rstrip(".") if "." in raw else raw)
    return frozenset(out)


# -- names ---------------------------------------------------------------------------------


def name_words(names: Iterable[str]) -> frozenset[str]:
    """Lower-case forms of names as the story clusterer keeps them: each name and, for a name
    of several words, each of its words ("corinne halvey", "corinne", "halvey")."""
    out: set[str] = set()
    for name in names:
        words = name.lower().split()
        if not words:
            continue
        out.add(" ".join(words))
        if len(words) > 1:
            out.update(words)
    return frozenset(out)


@lru_cache(maxsize=8)
def _lexicon(vocabulary: tuple[str, ...], language: str) -> Any:
    from . import translit

    return translit.Lexicon(vocabulary, translit.load_model(language))


def english_names(
    names: Iterable[str],
    language: str,
    vocabulary: Sequence[str],
    settings: CrossSettings | None = None,
) -> dict[str, str]:
    """Each foreign-script name (or part of one) that transliterates a word of
    ``vocabulary`` -> its English form; a name of several parts maps when each part does
    ("Коринн Холви" -> "corinne halvey", "哈特利-伍德" -> "hartley-wood").

    A part maps to the vocabulary word the model scores highest, when that score reaches
    ``translit_threshold`` and beats the runner-up by ``translit_margin``."""
    s = settings or CrossSettings.from_settings()
    words = tuple(sorted({w for w in vocabulary if " " not in w and w.isascii() and len(w) > 1}))
    if language not in _TRANSLIT_LANGS or not words:
        return {}
    lexicon = _lexicon(words, language)
    part_cache: dict[str, str | None] = {}

    def part(token: str) -> str | None:
        if token not in part_cache:
            best = None
            if len(_FOREIGN_LETTER.findall(token)) >= 2:
                scores = lexicon.scores(token)
                order = np.argsort(-scores)[:2]
                top = float(scores[order[0]])
                second = float(scores[order[1]]) if len(order) > 1 else -1e9
                if top >= s.translit_threshold and top - second >= s.translit_margin:
                    best = words[int(order[0])]
            part_cache[token] = best
        return part_cache[token]

    out: dict[str, str] = {}
    for name in names:
        if not _FOREIGN_LETTER.search(name):
            continue
        pieces = _SEPARATOR.split(name.strip())
        english: list[str] = []
        whole = True
        for i, piece in enumerate(pieces):
            if i % 2 == 1:  # a separator: a hyphen stays one, any other becomes a space
                english.append("-" if piece.strip() in "-‐‑–" and piece.strip() else " ")
                continue
            if not piece:
                continue
            mapped = piece.lower() if _LATIN.fullmatch(piece) else part(piece)
            if mapped is None:
                whole = False
                continue
            out[piece] = mapped
            english.append(mapped)
        if whole and len(pieces) > 1:
            out[name] = "".join(english).strip(" -")
    return out


def cross_doc(
    language: str | None,
    vector: np.ndarray | bytes,
    text: str,
    names: Iterable[str] = (),
    vocabulary: Sequence[str] = (),
    settings: CrossSettings | None = None,
    published: str | None = None,
) -> CrossDoc:
    """The comparison features of one article: ``names`` are its names as its analysis found
    them (name groups' fullest forms, any script); ``vocabulary``, English name words that
    foreign-script names may transliterate (the names of the stories it may join)."""
    if isinstance(vector, bytes):
        vector = np.frombuffer(vector, dtype="<f4")
    vec = np.asarray(vector, dtype=np.float32).reshape(-1)
    norm = float(np.linalg.norm(vec))
    vec = vec / norm if norm > 0 else vec
    names = [n for n in names if n.strip()]
    language = (language or "en").lower()[:2]
    doc = CrossDoc(
        language=language,
        vector=vec,
        names=name_words(names),
        dates=date_keys(text),
        numbers=number_keys(text),
        foreign_names=tuple(n for n in names if _FOREIGN_LETTER.search(n)),
        published=published,
    )
    return with_vocabulary(doc, vocabulary, settings) if vocabulary else doc


def with_vocabulary(
    doc: CrossDoc, vocabulary: Sequence[str], settings: CrossSettings | None = None
) -> CrossDoc:
    """``doc`` with the English forms of its foreign-script names added to its names."""
    mapped = english_names(doc.foreign_names, doc.language, vocabulary, settings)
    if not mapped:
        return doc
    return replace(doc, names=doc.names | name_words(mapped.values()))


# -- the score -----------------------------------------------------------------------------


def _overlap(a: frozenset[str], b: frozenset[str], idf: Callable[[str], float] | None) -> float:
    """Cosine of two sets with each member weighted by ``idf`` (1 without)."""
    if not a or not b:
        return 0.0
    weight = idf or (lambda _key: 1.0)
    shared = sum(weight(k) ** 2 for k in a & b)
    if not shared:
        return 0.0
    norm_a = math.sqrt(sum(weight(k) ** 2 for k in a))
    norm_b = math.sqrt(sum(weight(k) ** 2 for k in b))
    return shared / (norm_a * norm_b)


def _day(value: str | None) -> int | None:
    try:
        return date.fromisoformat(value[:10]).toordinal() if value else None
    except ValueError:
        return None


def _closeness(a: str | None, b: str | None, window: float) -> float:
    """1 for two articles published the same day, falling to 0 at ``window`` days apart."""
    day_a, day_b = _day(a), _day(b)
    if day_a is None or day_b is None or window <= 0:
        return 0.0
    return max(0.0, 1.0 - abs(day_a - day_b) / window)


def similarity(
    a: CrossDoc,
    b: CrossDoc,
    settings: CrossSettings | None = None,
    idf: Callable[[str], float] | None = None,
) -> float:
    """How alike two articles are, in any two languages: the weighted sum of their vectors'
    cosine, the overlaps of their names, days and numbers (``idf`` weighs each key; the keys
    of the three kinds never collide: names are words, days ``MM-DD``, numbers digits) and
    how close their publication dates are."""
    s = settings or CrossSettings.from_settings()
    cosine = float(a.vector @ b.vector) if a.vector.shape == b.vector.shape else 0.0
    return (
        s.vector_weight * cosine
        + s.names_weight * _overlap(a.names, b.names, idf)
        + s.dates_weight * _overlap(a.dates, b.dates, idf)
        + s.numbers_weight * _overlap(a.numbers, b.numbers, idf)
        + s.published_weight * _published_closeness(a, b, s.published_window_days)
    )


def _published_closeness(a: CrossDoc, b: CrossDoc, window: float) -> float:
    """``_closeness`` of the publication dates; when one article is undated, of the days its
    text names (in the other's year) to the other's date: a report names its event's day,
    and the coverage of that event comes out within days of it."""
    if a.published and b.published:
        return _closeness(a.published, b.published, window)
    for undated, dated in ((a, b), (b, a)):
        if not undated.published and dated.published and undated.dates:
            year = dated.published[:4]
            return max(_closeness(f"{year}-{k}", dated.published, window) for k in undated.dates)
    return 0.0


def story_score(
    doc: CrossDoc,
    members: Sequence[CrossDoc],
    settings: CrossSettings | None = None,
    idf: Callable[[str], float] | None = None,
) -> float:
    """The mean similarity of an article to the members of a story (0 for none): a mean, not
    the best pair, so that one member of another event sharing a day does not carry it."""
    if not members:
        return 0.0
    s = settings or CrossSettings.from_settings()
    return sum(similarity(doc, m, s, idf) for m in members) / len(members)


def best_story(
    doc: CrossDoc,
    stories: dict[str, Sequence[CrossDoc]],
    settings: CrossSettings | None = None,
    idf: Callable[[str], float] | None = None,
) -> tuple[str, float] | None:
    """(story id, score) of the story an article in another language joins: the best scoring
    one when it reaches ``join_threshold``, else None.

    An undated article cannot earn the publication-date part of the score (up to
    ``published_weight``): its bar is lowered by that much, so the rest of the evidence is
    asked as much as of a dated one; and since no date keeps the saga's other events out of
    its candidates, its best story must also beat the runner-up by ``undated_margin``."""
    s = settings or CrossSettings.from_settings()
    scored = sorted(
        ((story_score(doc, members, s, idf), sid) for sid, members in stories.items()),
        reverse=True,
    )
    if not scored:
        return None
    score, sid = scored[0]
    if _day(doc.published) is not None:
        return (sid, score) if score >= s.join_threshold else None
    runner_up = scored[1][0] if len(scored) > 1 else -math.inf
    if score >= s.join_threshold - s.published_weight and score - runner_up >= s.undated_margin:
        return (sid, score)
    return None
