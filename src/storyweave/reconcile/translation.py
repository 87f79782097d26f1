"""Translations beside their originals: which English text of a story renders an article in
another language, which sentence renders which, and where the two part ways.

No translation model installs here, so a translation is recognised by what survives it:

- each sentence's multilingual vector (``analyze/embed_multi.py``): the cosine of a sentence
  and its rendering is high, that of two reports of one event written apart is not;
- the numbers and the named actors two sentences share (actors through the story's entities,
  which link "玛拉" and "Mala" to one person).

Sentences align in order (a dynamic programme over the pairs scoring above ``pair_min``, then
a lone sentence on each side between two aligned pairs pairs at ``gap_min``); an
English text is a translation of an original when the aligned pairs cover most sentences of
both. Each aligned pair is then compared value by value (numbers, dates, durations, actors):
a value on one side only is a rendering that left it out, not a difference; a value the
other side gives differently is. A flag is raised only where the alignment is sure: the pair
is each sentence's best match and scores at least ``flag_min`` or is held in place by its
aligned neighbours.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..analyze.language import is_english
from ..config import Settings
from ..model import (
    Analysis,
    Article,
    Citation,
    Comparison,
    Entity,
    Flag,
    SentencePair,
    Translation,
)

__all__ = [
    "TranslationSettings",
    "actor_index",
    "align",
    "compare",
    "find_translations",
    "sentence_values",
    "translation_flags",
]

_ACTOR_TYPES = frozenset({"PERSON", "ORG"})
_FOREIGN = re.compile(r"[^\x00-\u024f\u1e00-\u1eff]")


@dataclass(frozen=True, slots=True)
class TranslationSettings:
    """Thresholds of alignment (settings.cfg [translation] gives the values and why)."""

    pair_min: float = 0.5
    gap_min: float = 0.35
    flag_min: float = 0.6
    coverage_min: float = 0.7
    mean_min: float = 0.6
    min_pairs: float = 3
    value_bonus: float = 0.1

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> TranslationSettings:
        return (settings or Settings.default()).numbers(cls, "translation", optional=True)


@dataclass(frozen=True, slots=True)
class Values:
    """What one sentence says that survives translation."""

    numbers: tuple[float, ...] = ()
    dates: tuple[str, ...] = ()
    durations: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()  # entity ids


def sentence_values(
    article: Article, analysis: Analysis, actors_at: Callable[[str, int, int], Sequence[str]]
) -> list[Values]:
    """The values of each sentence of an article; ``actors_at(article, start, end)`` gives
    the entity ids named within a span."""
    out = []
    for s in analysis.sentences:
        times = [t for t in analysis.time_expressions if s.start <= t.start < s.end]
        spans = [(t.start, t.end) for t in times]
        numbers = tuple(
            q.number
            for q in analysis.quantities
            if s.start <= q.start < s.end and not any(a < q.end and q.start < b for a, b in spans)
        )
        out.append(
            Values(
                numbers=numbers,
                dates=tuple(t.value for t in times if t.type in ("DATE", "TIME")),
                durations=tuple(t.value for t in times if t.type == "DURATION"),
                actors=tuple(dict.fromkeys(actors_at(article.id, s.start, s.end))),
            )
        )
    return out


def _same_date(a: str, b: str) -> bool:
    """Two TIMEX3 dates agree on the precision both give ("2025-03-04" and
    "2025-03-04TNI"; "2025-03" and "2025-03-12" too)."""
    a, b = a.split("T")[0], b.split("T")[0]
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def _known(value: str) -> bool:
    return "X" not in value and not value.endswith("_REF")


def _number(x: float) -> str:
    return f"{x:g}"


def compare(original: Values, translation: Values, name: Callable[[str], str]) -> list[Comparison]:
    """The values of an aligned pair set side by side. A value both give agrees; when each
    side has exactly one value of a kind the other lacks, those two conflict (one each: which
    stands for which is then not in doubt); a value on one side only is left alone."""
    out: list[Comparison] = []
    kinds: list[tuple[str, Sequence[Any], Sequence[Any], Callable[[Any, Any], bool], Any]] = [
        ("number", original.numbers, translation.numbers, lambda a, b: a == b, _number),
        ("date", original.dates, translation.dates, _same_date, str),
        ("duration", original.durations, translation.durations, lambda a, b: a == b, str),
        ("actor", original.actors, translation.actors, lambda a, b: a == b, name),
    ]
    for slot, mine, theirs, same, show in kinds:
        mine = [v for v in dict.fromkeys(mine) if not isinstance(v, str) or _known(v)]
        theirs = [v for v in dict.fromkeys(theirs) if not isinstance(v, str) or _known(v)]
        left = [a for a in mine if not any(same(a, b) for b in theirs)]
        right = [b for b in theirs if not any(same(a, b) for a in mine)]
        for a in mine:
            for b in theirs:
                if same(a, b):
                    out.append(Comparison(slot, show(a), show(b), True))
                    break
        if len(left) == 1 and len(right) == 1:
            out.append(Comparison(slot, show(left[0]), show(right[0]), False))
    return out


def _shared(a: Values, b: Values) -> int:
    return len(set(a.numbers) & set(b.numbers)) + len(set(a.actors) & set(b.actors))


def align(scores: np.ndarray, pair_min: float) -> list[tuple[int, int]]:
    """The in-order sentence pairs (i, j) maximising the sum of ``score - pair_min`` over
    pairs scoring above ``pair_min``; a sentence may stay unpaired."""
    n, m = scores.shape
    gain = scores - pair_min
    best = np.zeros((n + 1, m + 1))
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            take = best[i - 1, j - 1] + gain[i - 1, j - 1] if gain[i - 1, j - 1] > 0 else -1e9
            best[i, j] = max(best[i - 1, j], best[i, j - 1], take)
    pairs = []
    i, j = n, m
    while i > 0 and j > 0:
        if best[i, j] == best[i - 1, j]:
            i -= 1
        elif best[i, j] == best[i, j - 1]:
            j -= 1
        else:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
    return pairs[::-1]


def _gaps(
    pairs: list[tuple[int, int]], n: int, m: int, scores: np.ndarray, gap_min: float
) -> list[tuple[int, int]]:
    """Pairs placed by position: where exactly one sentence on each side lies unpaired between
    two aligned pairs (or an aligned pair and both ends), they render each other when they
    score ``gap_min``; a changed name or number lowers a rendering's cosine."""
    out = []
    bounds = [(-1, -1), *pairs, (n, m)]
    for (i0, j0), (i1, j1) in zip(bounds, bounds[1:], strict=False):
        if i1 - i0 == 2 and j1 - j0 == 2 and scores[i0 + 1, j0 + 1] >= gap_min:
            out.append((i0 + 1, j0 + 1))
    return out


def _texts(article: Article, analysis: Analysis) -> list[str]:
    return [article.text[s.start : s.end] for s in analysis.sentences]


def find_translations(
    docs: Sequence[tuple[Article, Analysis]],
    entities: Sequence[Entity],
    settings: TranslationSettings | None = None,
    encode: Callable[[list[str]], np.ndarray] | None = None,
) -> tuple[Translation, ...]:
    """Each English text of ``docs`` that translates one of its articles in another language
    (a translation is never published before its original), with its aligned sentences and
    what they compare. ``encode`` gives L2-normalized sentence vectors (the multilingual
    encoder by default: loaded only when a story has articles in two languages)."""
    s = settings or TranslationSettings()
    originals = [(a, an) for a, an in docs if not is_english(a.language) and an.sentences]
    english = [(a, an) for a, an in docs if is_english(a.language) and an.sentences]
    if not originals or not english:
        return ()
    if encode is None:
        from ..analyze.embed_multi import sentence_encoder

        encode = sentence_encoder()
        if encode is None:
            return ()  # without the encoder no alignment is sure: no translation is claimed
    actors = actor_index(entities)
    names = {e.id: e.name for e in entities}
    vectors = {a.id: encode(_texts(a, an)) for a, an in [*originals, *english]}
    values = {a.id: sentence_values(a, an, actors) for a, an in [*originals, *english]}
    found = []
    for a, _an in english:
        best: tuple[float, Translation] | None = None
        for o, _on in originals:
            if a.published and o.published and a.published[:10] < o.published[:10]:
                continue
            t = _translation(a.id, o, vectors, values, s, names)
            if t is not None and (best is None or _mean(t) > best[0]):
                best = (_mean(t), t)
        if best is not None:
            found.append(best[1])
    return tuple(found)


def _mean(t: Translation) -> float:
    return sum(p.score for p in t.pairs) / len(t.pairs)


def _translation(
    article: str,
    original: Article,
    vectors: dict[str, np.ndarray],
    values: dict[str, list[Values]],
    s: TranslationSettings,
    names: dict[str, str],
) -> Translation | None:
    mine, theirs = values[article], values[original.id]
    cosine = vectors[article] @ vectors[original.id].T
    bonus = np.array([[min(_shared(a, b), 2) for b in theirs] for a in mine], dtype=np.float32)
    scores = cosine + s.value_bonus * bonus
    pairs = align(scores, s.pair_min)
    n, m = scores.shape
    # whether it is a translation rests on the pairs aligned by their own score
    if len(pairs) < s.min_pairs or min(len(pairs) / n, len(pairs) / m) < s.coverage_min:
        return None
    if float(np.mean([cosine[i, j] for i, j in pairs])) < s.mean_min:
        return None
    between = _gaps(pairs, n, m, scores, s.gap_min)
    pairs = sorted(pairs + between)
    out = []
    for i, j in pairs:
        # sure: each is the other's best match (no tie), and either close or held in place
        # by aligned neighbours
        row, col = np.delete(scores[i], j), np.delete(scores[:, j], i)
        mutual = scores[i, j] > max(row.max(initial=-1.0), col.max(initial=-1.0))
        sure = mutual and (scores[i, j] >= s.flag_min or (i, j) in between)
        out.append(
            SentencePair(
                translation=i,
                original=j,
                score=round(float(scores[i, j]), 3),
                # only a sure pair is compared: an unsure one may pair different statements
                comparisons=tuple(compare(theirs[j], mine[i], lambda e: names.get(e, e)))
                if sure
                else (),
            )
        )
    language = (original.language or "").lower()[:2]
    return Translation(article=article, original=original.id, language=language, pairs=tuple(out))


def actor_index(entities: Sequence[Entity]) -> Callable[[str, int, int], list[str]]:
    """(article, start, end) -> the ids of the English-named people and organisations
    mentioned inside that span, in text order."""
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for e in entities:
        # an entity known by its original-script name only was not matched to any English
        # one: set against an English name it would differ by construction
        if e.type in _ACTOR_TYPES and not _FOREIGN.search(e.name):
            for article, start, end in e.mentions:
                spans[article].append((start, end, e.id))

    def at(article: str, start: int, end: int) -> list[str]:
        return [eid for a, b, eid in sorted(spans.get(article, ())) if start <= a and b <= end]

    return at


def translation_flags(
    translations: Sequence[Translation],
    docs: Sequence[tuple[Article, Analysis]],
    entities: Sequence[Entity],
) -> list[Flag]:
    """A ``translation`` flag for each value an English text gives differently from its
    original, citing the sentence of each."""
    by_id = {a.id: (a, an) for a, an in docs}
    ids = {e.name: e.id for e in entities}
    flags = []
    for t in translations:
        article, analysis = by_id[t.article]
        original, oanalysis = by_id[t.original]
        for p in t.pairs:
            for c in p.comparisons:
                if c.agree:
                    continue
                mine = _cite(article, analysis, p.translation)
                theirs = _cite(original, oanalysis, p.original)
                flags.append(
                    Flag(
                        kind="translation",
                        article=t.article,
                        text=mine.text,
                        message=f"the English translation gives {c.translation} where its {t.language} "
                        f"original gives {c.original} ({c.slot}): \u201c{theirs.text}\u201d",
                        entity=ids.get(c.translation) if c.slot == "actor" else None,
                        evidence=(mine, theirs),
                    )
                )
    return flags


def _cite(article: Article, analysis: Analysis, index: int) -> Citation:
    s = analysis.sentences[index]
    return Citation(article.id, s.index, s.start, s.end, article.text[s.start : s.end])
