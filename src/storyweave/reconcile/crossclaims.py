"""Claims compared across languages: a Chinese or Russian report set beside the English
reports of the same story that it does not translate.

The English claims parse clauses with the English model only, so what an original-language
report states is compared with nothing. What survives between languages is compared here:

- the facts of each sentence of a report in another language: durations (TIMEX3, in days:
  "11年", "11 лет"), counts of people ("12人", "12 человек"), sums of money by currency
  ("50万元", "500 тысяч рублей") and percentages, each with its qualifier (a maximum: "最高",
  "до", "15日内"; a minimum: "以上", "более"; an approximation: "约", "около") and its role
  (a term asked for, a maximum penalty, time elapsed, time served);
- the English claim units' numbers (``claims.claim_units``: the same roles and bounds).

A sentence and an English sentence are set side by side only when the multilingual encoder
finds them alike (``min_cosine``), the English one is clearly the best of its article
(``margin`` over the next), and they share an anchor besides the value compared: a named
actor (through the story's entities, which link the names across scripts) or a day. Then
facts of one kind, role and qualifier compare: equal values corroborate, different ones
conflict. An approximation, a range, a duration still running at the time of writing, or
two facts of one kind on a side with none equal are left alone: a wrong conflict costs more
trust than a missing one.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from .. import datevalue
from ..analyze.language import is_english
from ..config import Settings
from ..model import Analysis, Article, Citation, Claim, Entity, TimeExpr, Translation
from .claims import Unit, claim_units
from .clauses import Clause
from .slots import Number
from .translation import actor_index

__all__ = [
    "CrossSettings",
    "Fact",
    "cross_claims",
    "foreign_facts",
    "memo_encoder",
    "merge_claims",
    "multilingual",
]


@dataclass(frozen=True, slots=True)
class CrossSettings:
    """Thresholds of the comparison (settings.cfg [crossclaims] gives the values and why)."""

    min_cosine: float = 0.45
    margin: float = 0.05

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> CrossSettings:
        return (settings or Settings.default()).numbers(cls, "crossclaims", optional=True)


@dataclass(frozen=True, slots=True)
class Fact:
    """One comparable value of a sentence."""

    kind: str  # "duration" (days), "people", "money:CNY", "percent"
    value: float
    text: str  # as written
    bound: str | None  # "max", "min", "approx" or None
    role: str  # "sought", "max", "elapsed", "served", or "" (given, or any other)
    start: int
    running: bool = False  # counted up to the time of writing ("已被关押300天")
    alone: bool = True  # the only figure its sentence writes

    def label(self) -> str:
        return f"{self.text} ({_gloss(self)})"


def _gloss(f: Fact) -> str:
    """The value in English words: "15 days, at most", "11 years"."""
    if f.kind == "duration":
        text = _days_words(f.value)
    elif f.kind == "percent":
        text = f"{f.value:g} percent"
    elif f.kind.startswith("money:"):
        text = f"{f.value:,.0f} {f.kind.split(':')[1]}"
    else:
        text = f"{f.value:g} {f.kind}"
    extra = {"max": "at most", "min": "at least", "approx": "about"}.get(f.bound or "")
    return f"{text}, {extra}" if extra else text


def _days_words(days: float) -> str:
    for unit, size in (("year", 365.25), ("month", 30.44), ("week", 7.0), ("day", 1.0)):
        n = days / size
        if n >= 1 and abs(n - round(n)) < 0.01:
            return f"{round(n)} {unit}" + ("s" if round(n) != 1 else "")
    return f"{days:g} days"


# ---------------------------------------------------------------- facts in other languages

# Qualifiers written before or after a number, by language (general grammar words).
_BEFORE = {
    "zh": (
        (re.compile(r"(?:最高|最多|至多|不超过|不超過|不到|不足|少于|最长|上限)[^\d〇零一二两三四五六七八九十]{0,6}$"), "max"),
        (re.compile(r"(?:至少|超过|超過|超|逾|多于|不少于)$"), "min"),
        (re.compile(r"(?:约|約|大约|大約|近|将近|接近|估计|逾|大概|上下)$"), "approx"),
    ),
    "ru": (
        (re.compile(r"(?:\bдо|не более|не больше|максимум|менее|меньше|не свыше|вплоть до)\s*$", re.I), "max"),
        (re.compile(r"(?:не менее|более|больше|свыше|как минимум|по меньшей мере|минимум)\s*$", re.I), "min"),
        (re.compile(r"(?:около|почти|примерно|приблизительно|порядка|свыше|более чем|почти на)\s*$", re.I), "approx"),
    ),
}  # fmt: skip
_AFTER = {
    "zh": (
        (re.compile(r"^(?:之内|以内|内|以下|之下)"), "max"),
        (re.compile(r"^(?:以上|之上|多|余)"), "min"),
        (re.compile(r"^(?:左右|上下|许)"), "approx"),
    ),
    "ru": (
        (re.compile(r"^\s*(?:с лишним|с небольшим)", re.I), "approx"),
    ),
}  # fmt: skip
_WITHIN = {
    "zh": re.compile(r"(?:在|于)?$"),
    "ru": re.compile(r"(?:в течение|в срок до|в пределах)\s*$", re.I),
}
# What a duration is, read from the words of its sentence around it.
_ROLE_WORDS = {
    "zh": (
        (re.compile(r"求刑|要求判处|要求判|建议判处|寻求判处|请求判处|求处"), "sought"),
        (re.compile(r"最高(?!法院|人民|检察|院|领导)|面临|可判|可能被判|恐被判|或被判|可处"), "max"),
        (re.compile(r"服刑|已在狱中|已被关押|已被羁押|已经被关押|羁押了|关押了"), "served"),
    ),
    "ru": (
        (re.compile(r"запрос\w*|запрашива\w*|проси\w*|проси?л\w*|требова\w*", re.I), "sought"),
        (re.compile(r"грозит|грозило|угрожает|максимальн\w*|может получить|светит", re.I), "max"),
        (re.compile(r"отбыва\w*|отсидел\w*|провел\w* в|провёл\w* в|уже находится|содержится", re.I), "served"),
    ),
}  # fmt: skip
# Right after a duration: time elapsed ("3天后", "через 3 дня" is before it), not a term.
_ELAPSED_AFTER = {"zh": re.compile(r"^(?:之后|以后|后|前|之前|以前|来|以来)"),
                  "ru": re.compile(r"^\s*(?:спустя|назад|после|до того)", re.I)}  # fmt: skip
_ELAPSED_BEFORE = {"zh": re.compile(r"(?:过去|此前|之前|近|已|已经)$"),
                   "ru": re.compile(r"(?:через|спустя|за последние|за|в течение последних)\s*$", re.I)}  # fmt: skip
_RUNNING = {"zh": re.compile(r"已|至今|迄今|目前"), "ru": re.compile(r"\bуже\b|до сих пор", re.I)}
# Counts of people as such: "12人", "12 человек" (not "12名抗议者", twelve protesters).
_PEOPLE = {"zh": re.compile(r"^人"), "ru": re.compile(r"^(?:человек|людей)\b", re.I)}
_CURRENCIES = (
    ("美元", "USD"), ("港元", "HKD"), ("港币", "HKD"), ("欧元", "EUR"), ("英镑", "GBP"),
    ("日元", "JPY"), ("卢布", "RUB"), ("加元", "CAD"), ("澳元", "AUD"), ("韩元", "KRW"),
    ("人民币", "CNY"), ("元", "CNY"),
    ("доллар", "USD"), ("руб", "RUB"), ("евро", "EUR"), ("юан", "CNY"), ("фунт", "GBP"),
    ("гривен", "UAH"), ("гривн", "UAH"), ("иен", "JPY"),
)  # fmt: skip


def _qualifier(lang: str, text: str, start: int, end: int) -> str | None:
    before, after = text[max(0, start - 12) : start], text[end : end + 6]
    for pattern, bound in _BEFORE.get(lang, ()):
        if pattern.search(before):
            return bound
    for pattern, bound in _AFTER.get(lang, ()):
        if pattern.search(after):
            return bound
    if lang == "ru" and _WITHIN["ru"].search(before):
        return "max"
    return None


def _role(lang: str, sentence: str, text: str, start: int, end: int) -> str:
    if (p := _ELAPSED_AFTER.get(lang)) and p.search(text[end : end + 6]):
        return "elapsed"
    if (p := _ELAPSED_BEFORE.get(lang)) and p.search(text[max(0, start - 16) : start]):
        return "elapsed"
    for pattern, role in _ROLE_WORDS.get(lang, ()):
        if pattern.search(sentence):
            return role
    return ""


def foreign_facts(article: Article, analysis: Analysis) -> dict[int, list[Fact]]:
    """The comparable facts of each sentence (by index) of an article in another language."""
    lang = (article.language or analysis.language or "").lower()[:2]
    text = article.text
    out: dict[int, list[Fact]] = {}
    for s in analysis.sentences:
        sentence = text[s.start : s.end]
        running = bool((p := _RUNNING.get(lang)) and p.search(sentence))
        facts: list[Fact] = []
        times = [t for t in analysis.time_expressions if s.start <= t.start < s.end]
        quoted = _quoted(sentence, s.start)
        for t in times:
            if t.type != "DURATION" or "X" in t.value or _AGE.search(text[t.start : t.end + 2]):
                continue
            if any(a <= t.start < b for a, b in quoted):
                continue  # in a name or a title ("the 47 case")
            days = datevalue.duration_days(t.value)
            if not days:
                continue
            bound = _MOD_BOUND.get(t.mod or "") or _qualifier(lang, text, t.start, t.end)
            role = _role(lang, sentence, text, t.start, t.end)
            if role == "max" and bound == "max":
                bound = None  # "最高20年", "до 20 лет": the maximum is 20 years exactly
            facts.append(Fact("duration", days, t.text, bound, role, t.start, running))
        for q in analysis.quantities:
            if not s.start <= q.start < s.end:
                continue
            if any(t.start < q.end and q.start < t.end for t in times):
                continue  # a duration or a date: read from the time expression
            if not q.number or not _STARTS_NUMERAL.match(q.text):
                continue  # a figure whose digits the tagger split off ("2" + "万美元")
            if any(a <= q.start < b for a, b in quoted):
                continue
            kind = _kind(lang, q.unit, q.text, text[q.end : q.end + 4])
            if kind is None:
                continue
            bound = _qualifier(lang, text, q.start, q.end)
            facts.append(Fact(kind, q.number, q.text, bound, "", q.start))
        if facts:
            alone = _figures(analysis, times, s.start, s.end) == 1
            out[s.index] = [replace(f, alone=alone) for f in facts]
    return out


def _figures(an: Analysis, times: Sequence[TimeExpr], start: int, end: int) -> int:
    """How many figures a sentence writes, whatever they count (dates aside): with two,
    which one an English sentence's figure stands for is in doubt ("14 were convicted, two
    acquitted")."""
    dated = [(t.start, t.end) for t in times if t.type in ("DATE", "TIME", "SET")]
    spans = [(q.start, q.end) for q in an.quantities if start <= q.start < end]
    spans += [(t.start, t.end) for t in times if t.type == "DURATION"]
    kept: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if any(x <= a < y for x, y in dated) or any(x < b and a < y for x, y in kept):
            continue
        kept.append((a, b))
    return len(kept)


# An age, not a term: "30岁", "32-летнему", "летний".
_AGE = re.compile(r"岁|歲|-?летн|лет от роду", re.I)
_QUOTES = re.compile(r"“[^”]{1,40}”|「[^」]{1,40}」|«[^»]{1,60}»|\"[^\"]{1,60}\"")


def _quoted(sentence: str, offset: int) -> list[tuple[int, int]]:
    """The spans of quoted names and titles in a sentence (offsets into the article)."""
    return [(offset + m.start(), offset + m.end()) for m in _QUOTES.finditer(sentence)]


_STARTS_NUMERAL = re.compile(r"[\d〇零一二两三四五六七八九十百千]")
_MOD_BOUND = {"APPROX": "approx", "EQUAL_OR_LESS": "max", "LESS_THAN": "max",
              "EQUAL_OR_MORE": "min", "MORE_THAN": "min"}  # fmt: skip


def _kind(lang: str, unit: str | None, written: str, after: str) -> str | None:
    """What a quantity counts, in the words the English claims use: people, a currency,
    percent; None for anything whose English counterpart we cannot name."""
    if unit == "percent":
        return "percent"
    if unit == "money":
        for word, code in _CURRENCIES:
            if word in written.lower() or after.lower().startswith(word):
                return "money:" + code
        return None
    rest = re.sub(r"^[\d\s.,]+|^[〇零一二两三四五六七八九十百千万亿]+", "", written)
    pattern = _PEOPLE.get(lang)
    if pattern and (pattern.search(rest) or (not rest and pattern.search(after))):
        return "people"
    return None


# ---------------------------------------------------------------- English side


@dataclass(frozen=True, slots=True)
class _English:
    """One English sentence of the story with its claim units' numbers."""

    article: str
    index: int
    text: str
    units: tuple[Unit, ...]
    days: frozenset[str]  # the full days it names
    start: int
    end: int
    full: str  # the article's text (numbers carry offsets into it)


def _english_bound(n: Number, text: str) -> str | None:
    """A qualifier the English numbers do not keep: "within 10 days" is a deadline, at most."""
    if n.bound:
        return n.bound
    before = text[max(0, n.start - 10) : n.start]
    return "max" if re.search(r"\bwithin\s+(?:the\s+next\s+)?$", before, re.I) else None


def _english_role(n: Number) -> str | None:
    """The role of an English number as the facts above know it; None for one never set
    beside another (a part, a rate, a conversion, an earlier or as-of state)."""
    role = n.role
    if "@" in role or role in ("part", "ratio", "conversion"):
        return None
    if role == "max@past":
        return "max"
    if role == "given":
        return ""
    return role


def _english_kind(n: Number) -> str | None:
    if n.dim in ("duration", "percent") or n.dim.startswith("money:"):
        return None if n.dim == "money:money" else n.dim
    return "people" if n.dim in ("people", "person") else None


# ---------------------------------------------------------------- the comparison


def memo_encoder(
    encode: Callable[[Sequence[str]], np.ndarray],
) -> Callable[[Sequence[str]], np.ndarray]:
    """``encode`` that keeps each text's row, so that the translations and the claims across
    languages of one story encode a sentence once."""
    rows: dict[str, np.ndarray] = {}

    def cached(texts: Sequence[str]) -> np.ndarray:
        new = list(dict.fromkeys(t for t in texts if t not in rows))
        if new:
            for t, row in zip(new, encode(new), strict=True):
                rows[t] = row
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([rows[t] for t in texts])

    return cached


def multilingual(
    docs: Sequence[tuple[Article, Analysis]],
) -> Callable[[Sequence[str]], np.ndarray] | None:
    """The multilingual encoder, remembering its rows, when ``docs`` hold English and another
    language and the package is installed; else None (nothing is loaded)."""
    if len({is_english(a.language) for a, _ in docs}) < 2:
        return None
    from ..analyze.embed_multi import sentence_encoder

    encode = sentence_encoder()
    return memo_encoder(encode) if encode is not None else None


_ORDER = {"conflicting": 0, "refined": 1, "corroborated": 2, "single-source": 3}


def merge_claims(claims: Sequence[Claim], across: Sequence[Claim]) -> tuple[Claim, ...]:
    """The story's claims with those compared across languages, in the order of the
    claims (conflicting first; more sources first within a status)."""
    if not across:
        return tuple(claims)
    out = [*claims, *across]
    out.sort(key=lambda c: (_ORDER[c.status], -len({x.article for x in c.citations})))
    return tuple(out)


def cross_claims(
    docs: Sequence[tuple[Article, Analysis]],
    clauses: Mapping[str, list[Clause]],
    entities: Sequence[Entity],
    *,
    translations: Sequence[Translation] = (),
    copies: Mapping[str, str] | None = None,
    encode: Callable[[Sequence[str]], np.ndarray] | None = None,
    settings: CrossSettings | None = None,
) -> tuple[Claim, ...]:
    """The claims an article in another language shares with the English articles of
    ``docs`` that do not translate it, each marked ``across_languages``. ``clauses``: the
    English articles' clauses (``clauses.extract_clauses``); ``encode``: L2-normalized
    multilingual sentence vectors (loaded when None; without the package nothing is
    compared)."""
    cs = settings or CrossSettings()
    foreign = [(a, an) for a, an in docs if not is_english(a.language) and an.sentences]
    english = [(a, an) for a, an in docs if is_english(a.language) and an.sentences]
    if not foreign or not english:
        return ()
    facts = {a.id: foreign_facts(a, an) for a, an in foreign}
    if not any(facts.values()):
        return ()
    if encode is None:
        from ..analyze.embed_multi import sentence_encoder

        encode = sentence_encoder()
        if encode is None:
            return ()
    types = {e.id: e.type for e in entities}
    units = claim_units(english, clauses, types, copies)
    sentences = _english_sentences(english, units, copies or {})
    if not sentences:
        return ()
    actors = actor_index(entities)
    paired = {(t.article, t.original) for t in translations}
    paired |= {(t.original, t.article) for t in translations}
    en_vectors = encode([e.text for e in sentences])
    en_actors = [frozenset(actors(e.article, e.start, e.end)) for e in sentences]
    by_article: dict[str, list[int]] = defaultdict(list)
    for k, e in enumerate(sentences):
        by_article[e.article].append(k)
    out: list[Claim] = []
    for article, an in foreign:
        mine = facts[article.id]
        if not mine:
            continue
        order = sorted(mine)
        texts = [article.text[an.sentences[i].start : an.sentences[i].end] for i in order]
        vectors = encode(texts)
        for row, index in enumerate(order):
            s = an.sentences[index]
            who = frozenset(actors(article.id, s.start, s.end))
            days = _days(an, s.start, s.end)
            cite = Citation(article.id, s.index, s.start, s.end, texts[row])
            matches: list[tuple[_English, float]] = []
            for en_article, ks in by_article.items():
                if (article.id, en_article) in paired:
                    continue  # a translation: the translation flags compare it
                scores = en_vectors[ks] @ vectors[row]
                top = np.argsort(-scores)
                best = float(scores[top[0]])
                second = float(scores[top[1]]) if len(top) > 1 else -1.0
                if best < cs.min_cosine or best - second < cs.margin:
                    continue
                k = ks[int(top[0])]
                if not (who & en_actors[k] or days & sentences[k].days):
                    continue  # alike, but no named actor or day in common: not sure enough
                matches.append((sentences[k], best))
            out += _compare(article, cite, mine[index], matches, sentences)
    return tuple(_merge(out))


def _days(an: Analysis, start: int, end: int) -> frozenset[str]:
    """The full days a span names (explicit or resolved, not on an inferred anchor)."""
    return frozenset(
        t.value[:10]
        for t in an.time_expressions
        if start <= t.start < end
        and t.type in ("DATE", "TIME")
        and re.fullmatch(r"\d{4}-\d{2}-\d{2}", t.value[:10])
        and not t.anchor_inferred
    )


def _english_sentences(
    english: Sequence[tuple[Article, Analysis]], units: Sequence[Unit], copies: Mapping[str, str]
) -> list[_English]:
    grouped: dict[tuple[str, int], list[Unit]] = defaultdict(list)
    for u in units:
        grouped[(u.article, u.citation.sentence)].append(u)
    out = []
    for article, an in english:
        if article.id in copies:
            continue  # a syndicated copy says what its original says
        for s in an.sentences:
            us = grouped.get((article.id, s.index), [])
            out.append(
                _English(article.id, s.index, article.text[s.start : s.end],
                         tuple(us), _days(an, s.start, s.end), s.start, s.end, article.text)
            )  # fmt: skip
    return out


def _compare(
    article: Article,
    cite: Citation,
    facts: Sequence[Fact],
    matches: Sequence[tuple[_English, float]],
    sentences: Sequence[_English],
) -> list[Claim]:
    """One claim per fact that the matched English sentences state too."""
    out = []
    for f in facts:
        if f.bound == "approx":
            continue
        values: dict[str, str] = {}
        agree: list[Citation] = []
        differ: list[Citation] = []
        text = ""
        growing = False
        for e, _score in matches:
            found = _counterpart(f, e, [x for x in facts if x.kind == f.kind and x is not f])
            if found is None:
                continue
            unit, n, same = found
            values[e.article] = n.label()
            (agree if same else differ).append(unit.citation)
            text = text or unit.clause.text
            growing = growing or n.ongoing
        if not values:
            continue
        if differ and (growing or f.running or f.role == "served"):
            continue  # counted to the day of writing: reports of different days differ
        status = "conflicting" if differ else "corroborated"
        cites = (cite, *agree, *differ)
        values = {article.id: f.label(), **values}
        out.append(
            Claim(
                id=_claim_id(text, f.label(), [c.article for c in cites]),
                status=status,
                text=text,
                values=values,
                citations=tuple(dict.fromkeys(cites)),
                slot="number",
                across_languages=True,
            )
        )
    return out


def _counterpart(f: Fact, e: _English, others: Sequence[Fact]) -> tuple[Unit, Number, bool] | None:
    """The English number of ``e`` that states ``f``'s fact and whether they agree; None when
    none does or which one does is in doubt."""
    found = []
    for u in e.units:
        for n in u.numbers:
            if _english_kind(n) != f.kind or _english_role(n) != f.role or n.hi is not None:
                continue
            if n.ongoing and f.role != "served":
                continue
            if _english_bound(n, e.full) != f.bound:
                continue
            found.append((u, n))
    if not found:
        return None
    for u, n in found:
        if _same(f, n):
            return u, n, True
    # a difference only when one value on each side could stand for the other
    if len(found) != 1 or others or not f.alone:
        return None
    u, n = found[0]
    return u, n, False


def _same(f: Fact, n: Number) -> bool:
    if f.kind == "duration":
        return abs(f.value - n.value) <= 0.02 * max(f.value, n.value)
    return abs(f.value - n.value) <= max(n.unit / 2, 1e-9) or f.value == n.value


def _merge(claims: Sequence[Claim]) -> list[Claim]:
    """One claim per statement: the same English citations and the same values in several
    reports in other languages become one claim."""
    out: dict[tuple, Claim] = {}
    for c in claims:
        key = (c.status, c.text, tuple(sorted(c.values.items())))
        out.setdefault(key, c)
    return list(out.values())


def _claim_id(text: str, value: str, articles: Sequence[str]) -> str:
    key = re.sub(r"\W+", " ", (text + " " + value).lower()).strip()
    key += "|x|" + " ".join(sorted(set(articles)))
    return "c" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]
