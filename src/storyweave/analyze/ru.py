"""Analysis of Russian articles with natasha: sentences (razdel), names (slovnet NER, each
normalized to the nominative: "Соколовского" -> "Соколовский"), morphology and syntax (the role
of a name and the verb governing it, the tense around a date), time expressions
(``timex_ru``) and quantities.

Names are grouped within the article by the rules English names follow
(``names.group_names``): a full name with its later surname mentions.

natasha's models (shipped inside the package, about 50 MB) load on the first Russian article
only, so English runs never pay for them."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from ..model import Analysis, Article, Mention, NameGroup, Quantity, Sentence
from . import multilang, names, timex_ru
from .numerals import RU_NUMBER, ru_number

__all__ = ["analyze", "name_spans", "parse", "quantities", "sentences"]

_LABELS = {"PER": "PERSON", "LOC": "GPE", "ORG": "ORG"}
# natasha's syntax labels (Universal Dependencies) in the names the English parser uses,
# which the entity linker reads.
_DEPS = {"nsubj": "nsubj", "nsubj:pass": "nsubjpass", "obj": "dobj", "iobj": "dative",
         "obl": "pobj", "nmod": "pobj", "appos": "appos", "conj": "conj"}  # fmt: skip
_FUTURE_AUX = frozenset({"буду", "будешь", "будет", "будем", "будете", "будут"})
_PLAN_VERBS = frozenset(
    {"планировать", "намереваться", "собираться", "готовиться", "предстоять", "обещать",
     "ожидаться", "рассчитывать", "намечать", "хотеть"}
)  # fmt: skip
DATA = Path(__file__).resolve().parent.parent / "data" / "names"


@dataclass(frozen=True, slots=True)
class Tok:
    start: int
    end: int
    text: str
    lemma: str
    pos: str
    feats: dict[str, str]
    index: int  # position in the article's token list
    head: int  # index of the head token, -1 for a root
    rel: str
    sent: int  # natasha's sentence number


@dataclass(frozen=True, slots=True)
class Parsed:
    """What natasha found in one text."""

    text: str
    tokens: tuple[Tok, ...]
    spans: tuple[tuple[int, int, str, str], ...]  # (start, end, PER/LOC/ORG, normal form)
    sentences: tuple[tuple[int, int], ...]


@lru_cache(maxsize=1)
def _models() -> Any:
    from natasha import (
        MorphVocab,
        NewsEmbedding,
        NewsMorphTagger,
        NewsNERTagger,
        NewsSyntaxParser,
        Segmenter,
    )

    emb = NewsEmbedding()
    return (
        Segmenter(),
        NewsMorphTagger(emb),
        NewsSyntaxParser(emb),
        NewsNERTagger(emb),
        MorphVocab(),
    )


def parse(text: str) -> Parsed:
    """Tokens with lemmas, morphology and syntax, name spans and sentences of ``text``. Each
    line is read on its own: a name or a sentence never runs across a line break."""
    from natasha import Doc

    segmenter, morph, syntax, ner, vocab = _models()
    toks: list[Tok] = []
    spans: list[tuple[int, int, str, str]] = []
    sents: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        if not line.group().strip():
            continue
        off = line.start()
        doc = Doc(line.group())
        doc.segment(segmenter)
        doc.tag_morph(morph)
        doc.parse_syntax(syntax)
        doc.tag_ner(ner)
        ids: dict[str, int] = {}
        raw: list[tuple[Any, int]] = []
        for sent in doc.sents:
            sents.append((off + sent.start, off + sent.stop))
            for tok in sent.tokens:
                tok.lemmatize(vocab)
                ids[tok.id] = len(toks) + len(raw)
                raw.append((tok, len(sents) - 1))
        for t, si in raw:
            toks.append(
                Tok(
                    start=off + t.start,
                    end=off + t.stop,
                    text=t.text,
                    lemma=(t.lemma or t.text).lower(),
                    pos=t.pos or "",
                    feats=dict(t.feats or {}),
                    index=len(toks),
                    head=ids.get(t.head_id, -1) if t.head_id != t.id else -1,
                    rel=t.rel or "",
                    sent=si,
                )
            )
        for span in doc.spans:
            span.normalize(vocab)
            spans.append((off + span.start, off + span.stop, span.type, span.normal or span.text))
    return Parsed(text, tuple(toks), tuple(spans), tuple(sents))


def sentences(text: str, parsed: Parsed) -> tuple[Sentence, ...]:
    """razdel's sentences, also cut at line breaks (news paragraphs never share a sentence),
    numbered by paragraph."""
    out: list[Sentence] = []
    paragraph = 0
    last_end = 0
    for s0, e0 in parsed.sentences:
        for m in re.finditer(r"[^\n]+", text[s0:e0]):
            start, end = s0 + m.start(), s0 + m.end()
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


def _table(name: str) -> frozenset[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return frozenset(ln.strip() for ln in lines if ln.strip() and not ln.startswith("#"))


@cache
def _titles() -> frozenset[str]:
    return _table("ru_titles.txt")


@cache
def _org_words() -> frozenset[str]:
    return _table("ru_org_words.txt")


@cache
def _not_names() -> frozenset[str]:
    return _table("ru_not_names.txt")


Span = tuple[int, int, str, str]  # (start, end, PER/LOC/ORG, normal form)


def name_spans(parsed: Parsed) -> list[Span]:
    """The NER model's names, corrected by general rules of Russian news text:

    - common-noun abbreviations ("СМИ", "СИЗО") and titles alone ("Генконсул") are no names;
    - a person's name starts at the name ("Журналистку Илсу Валиеву" -> "Илсу Валиеву");
    - a place name headed by an organization noun is an organization's ("Самарский
      областной суд");
    - an organization followed by the place it serves, in the genitive, is one name
      ("Советский районный суд Казани", "Министерство юстиции России", "ФСБ РФ");
    - names listed with slashes are several ("AFP / Scanpix / LETA");
    - capitalized names in Latin script within Russian prose are names too ("Reuters",
      "Charlie Neibergall"): a person's when they start with a known given name."""
    toks = parsed.tokens
    starts = [t.start for t in toks]

    def tokens_in(s: int, e: int) -> list[Tok]:
        i = bisect.bisect_left(starts, s)
        out = []
        while i < len(toks) and toks[i].start < e:
            out.append(toks[i])
            i += 1
        return out

    lowered = {t.lemma for t in toks if t.text[:1].islower()}
    out: list[Span] = []
    for s, e, kind, normal in parsed.spans:
        for ps, pe in _split_slashes(parsed.text, s, e):
            if (ps, pe) != (s, e):
                normal = parsed.text[ps:pe]
            ps, pe = _strip(parsed.text, ps, pe)
            inside = tokens_in(ps, pe)
            if not inside:
                continue
            if kind == "PER":
                while len(inside) > 1 and (
                    inside[0].pos in ("ADJ", "VERB", "ADP") or _common(inside[0].text)
                ):
                    inside = inside[1:]
                    ps = inside[0].start
                    normal = " ".join(normal.split()[1:]) or parsed.text[ps:pe]
            text = parsed.text[ps:pe]
            if text in _not_names() or (len(inside) == 1 and inside[0].lemma in _titles()):
                continue
            if len(inside) == 1 and _positional(parsed, inside[0], lowered):
                continue  # "Общество", "Решением": a common word capitalized by its place
            if _is_latin(text) and (ps, pe) != (s, e):
                kind = _latin_kind(text)
            if kind == "LOC" and any(t.lemma in _org_words() for t in inside):
                kind = "ORG"
            out.append((ps, pe, kind, normal))
    out = _merge_org_places(parsed, out, tokens_in)
    return sorted(out + _latin_names(parsed.text, out))


_NAME_TAGS = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr", "UNKN"})


def _common(word: str) -> bool:
    """Whether a capitalized word reads only as a common word (no reading of it is a name,
    a place, an organization or an abbreviation)."""
    vocab = _models()[4]
    if not vocab.word_is_known(word.lower()):
        return False
    parses = vocab.parse(word)
    return bool(parses) and all(
        _NAME_TAGS.isdisjoint(str(p.tag).replace(" ", ",").split(",")) for p in parses
    )


def _positional(parsed: Parsed, tok: Tok, lowered: set[str]) -> bool:
    """A one-word name that is a common word, not in quotes, opening its sentence or
    written in lower case elsewhere in the text."""
    text = parsed.text
    if text[max(0, tok.start - 1) : tok.start] in ("«", '"', "“", "„") or not _common(tok.text):
        return False
    first = tok.index == 0 or parsed.tokens[tok.index - 1].sent != tok.sent
    return first or tok.lemma in lowered


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while e > s and text[e - 1] in " /.,:;«»\"'()":
        e -= 1
    while s < e and text[s] in " /«»\"'()":
        s += 1
    return s, e


def _is_latin(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z][A-Za-z .&'’-]*", text))


def _latin_kind(text: str) -> str:
    from .nametables import given_names

    words = text.split()
    return "PER" if len(words) > 1 and words[0].lower() in given_names() else "ORG"


def _split_slashes(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """The names in a span listed with slashes or brackets ("AFP / Scanpix", "Федеральная
    служба исполнения наказаний (ФСИН)")."""
    pieces = []
    at = s
    for m in re.finditer(r"\s+/\s+|\s*[()]\s*", text[s:e]):
        pieces.append((at, s + m.start()))
        at = s + m.end()
    pieces.append((at, e))
    return [(a, b) for a, b in pieces if b > a]


def _merge_org_places(parsed: Parsed, spans: list[Span], tokens_in: Any) -> list[Span]:
    out: list[Span] = []
    for span in spans:
        if out:
            ps, pe, pkind, pnormal = out[-1]
            s, e, kind, _ = span
            gap = parsed.text[pe:s]
            first = tokens_in(s, e)[:1]
            if (
                pkind == "ORG"
                and kind == "LOC"
                and re.fullmatch(r"\s+(?:города\s+)?", gap)
                and first
                and (first[0].feats.get("Case") == "Gen" or parsed.text[s:e].isupper())
            ):
                out[-1] = (ps, e, "ORG", pnormal + gap + parsed.text[s:e])
                continue
        out.append(span)
    return out


_LATIN_RUN = re.compile(
    r"(?<![\w.@-])[A-Z][\w&'’.-]*[\w](?:\s+(?:[A-Z][\w&'’.-]*[\w]|of|the|and|de|von|van))*"
    r"(?![\w@])"
)


def _latin_names(text: str, known: Sequence[Span]) -> list[Span]:

    out: list[Span] = []
    for line in re.finditer(r"[^\n]+", text):
        letters = [ch for ch in line.group() if ch.isalpha()]
        cyrillic = sum("\u0400" <= ch <= "\u04ff" for ch in letters)
        if not letters or cyrillic < 0.5 * len(letters):
            continue  # a line in English: its capitals are not all names
        for m in _LATIN_RUN.finditer(line.group()):
            s, e = line.start() + m.start(), line.start() + m.end()
            word = re.search(r"\S*$", text[:s]).group() + re.match(r"\S*", text[e:]).group()  # type: ignore[union-attr]
            if any(a < e and s < b for a, b, _, _ in known) or re.search(r"://|www\.|@", word):
                continue
            out.append((s, e, _latin_kind(m.group()), m.group()))
    return out


def _verb_tense(tok: Tok, toks: Sequence[Tok]) -> int | None:
    """+1, -1 or 0 for a finite verb or a short participle, with its auxiliaries; None for
    other words."""
    if tok.pos not in ("VERB", "AUX"):
        return None
    for aux in toks[max(0, tok.index - 3) : tok.index]:
        if aux.head == tok.index and aux.lemma == "быть":
            return 1 if aux.text.lower() in _FUTURE_AUX else -1
    if tok.text.lower() in _FUTURE_AUX:
        return 1
    tense = tok.feats.get("Tense")
    form = tok.feats.get("VerbForm")
    if form == "Inf":
        return None
    if form == "Part" and tense == "Past":
        return -1  # "освобожден" without "будет": done
    if tense == "Past":
        return -1
    if tense == "Fut" or (form == "Fin" and tok.feats.get("Aspect") == "Perf"):
        return 1
    return 0 if form == "Fin" else None


def tense_of(parsed: Parsed) -> Callable[[int, int], int]:
    """The tense of the verb a span depends on (up the syntax tree; a verb of planning makes
    its infinitive's date a future one), else of the nearest verb in its sentence."""
    toks = parsed.tokens
    starts = [t.start for t in toks]

    def tense(start: int, end: int) -> int:
        i = max(0, bisect.bisect_right(starts, start) - 1)
        if not toks:
            return 0
        # the span's own head: its first token whose head lies outside it
        inside = [t for t in toks[i:] if t.start < end]
        cur = next((t for t in inside if not (start <= toks[t.head].start < end)), toks[i])
        cur = toks[cur.head] if cur.head >= 0 else cur
        for _ in range(8):
            t = _verb_tense(cur, toks)
            if t is not None:
                return t
            if cur.feats.get("VerbForm") == "Inf" and cur.head >= 0:
                up = toks[cur.head]
                if up.lemma in _PLAN_VERBS:
                    return 1
            if cur.head < 0:
                break
            cur = toks[cur.head]
        same = [t for t in toks if t.sent == toks[i].sent and _verb_tense(t, toks) is not None]
        if not same:
            return 0
        near = min(same, key=lambda t: abs(t.start - start))
        return _verb_tense(near, toks) or 0

    return tense


def _role(parsed: Parsed, start: int, end: int) -> tuple[str | None, str | None, str | None]:
    """(dependency role, governing verb's lemma, title before the name) of a name span."""
    toks = parsed.tokens
    inside = [t for t in toks if start <= t.start and t.end <= end]
    if not inside:
        return None, None, None
    root = next((t for t in inside if t.head < 0 or not (start <= toks[t.head].start < end)), None)
    dep = verb = None
    if root is not None:
        dep = _DEPS.get(root.rel, root.rel or None)
        cur = root
        for _ in range(6):
            if cur.head < 0:
                break
            cur = toks[cur.head]
            if cur.pos in ("VERB", "AUX"):
                verb = cur.lemma
                break
    title = None
    first = inside[0].index
    before = toks[first - 1] if first > 0 else None
    # a title stands in apposition, in the name's case ("президент Путин"); "адвокат
    # Соколовского" is someone else, the name's lawyer
    if (
        before is not None
        and before.lemma in _titles()
        and before.feats.get("Case") == inside[0].feats.get("Case")
    ):
        title = before.text
    return dep, verb, title


def _names(
    parsed: Parsed, sents: Sequence[Sentence], blocked: Sequence[tuple[int, int]]
) -> tuple[tuple[Mention, ...], tuple[NameGroup, ...]]:
    text = parsed.text
    spans = [s for s in name_spans(parsed) if (s[0], s[1]) not in set(blocked)]
    items = [(normal, _LABELS.get(kind, kind), s, e) for s, e, kind, normal in spans]
    roots = names.group_names(items)
    order: dict[int, int] = {}
    for r in roots:
        order.setdefault(r, len(order))
    starts = [s.start for s in sents]
    mentions = []
    for (name, label, s, e), root in zip(items, roots, strict=True):
        dep, verb, title = _role(parsed, s, e)
        mentions.append(
            Mention(
                start=s,
                end=e,
                text=text[s:e],
                label=label,
                name=name,
                group=order[root],
                title=title,
                sentence=max(0, bisect.bisect_right(starts, s) - 1) if starts else -1,
                dep=dep,
                verb=verb,
            )
        )
    groups = []
    for g in range(len(order)):
        ms = [i for i, m in enumerate(mentions) if m.group == g]
        counts = Counter(mentions[i].name for i in ms)
        best = max(counts, key=lambda n: (len(n.split()), counts[n], -ms.index(
            next(i for i in ms if mentions[i].name == n))))  # fmt: skip
        groups.append(
            NameGroup(
                id=g,
                name=best,
                labels=dict(Counter(mentions[i].label for i in ms)),
                mentions=tuple(ms),
            )
        )
    return tuple(mentions), tuple(groups)


# Units a counted number carries, in the English words claims compare across languages.
_UNIT_STEMS = (
    ("лет", "year"), ("год", "year"), ("месяц", "month"), ("недел", "week"), ("дн", "day"),
    ("день", "day"), ("сут", "day"), ("час", "hour"), ("минут", "minute"),
    ("процент", "percent"), ("%", "percent"), ("рубл", "money"), ("доллар", "money"),
    ("евро", "money"), ("юан", "money"), ("$", "money"), ("€", "money"), ("фунт", "money"),
)  # fmt: skip


def quantities(parsed: Parsed, skip: Sequence[tuple[int, int]] = ()) -> tuple[Quantity, ...]:
    """Numbers with what they count: "11 лет" 11 (year), "двух граждан" 2 (гражданин),
    "1,2 млрд рублей" 1.2e9 (money), "15%" (percent). Numbers inside ``skip`` spans (dates,
    names) are left out."""
    text = parsed.text
    toks = parsed.tokens
    starts = [t.start for t in toks]
    out = []
    for m in RU_NUMBER.finditer(text):
        s, e = m.span()
        if any(a <= s < b for a, b in skip):
            continue
        number = ru_number(m.group())
        if number is None:
            continue
        unit, end = _unit(text, toks, bisect.bisect_left(starts, e), e)
        out.append(Quantity(start=s, end=end, text=text[s:end], number=number, unit=unit))
    return tuple(out)


def _unit(text: str, toks: Sequence[Tok], k: int, end: int) -> tuple[str | None, int]:
    """The unit after a number: a time unit, money, percent, or the lemma of the noun it
    counts (adjectives between are skipped: "25 иностранных миссий")."""
    for j in range(k, min(len(toks), k + 3)):
        t = toks[j]
        if t.start - end > 12:
            break
        low = t.text.lower()
        for stem, unit in _UNIT_STEMS:
            if low.startswith(stem):
                return unit, t.end
        if t.pos in ("NOUN", "PROPN"):
            return t.lemma, t.end
        if t.pos not in ("ADJ", "DET"):
            break
    return None, end


def analyze(article: Article, infer: Any = None) -> tuple[Article, Analysis]:
    """The analysis of one Russian article. ``infer`` (article, spans, timexes) -> article
    fills in a missing publication date."""
    text = article.text
    parsed = parse(text)
    sents = sentences(text, parsed)
    spans = [(s.start, s.end) for s in sents]
    tense = tense_of(parsed)
    if not article.published and infer is not None:
        article = infer(article, spans, timex_ru.tag(text, None, sentences=spans, tense=tense))
    timexes = timex_ru.tag(
        text,
        article.published,
        sentences=spans,
        anchor_inferred=article.published_inferred,
        tense=tense,
    )
    mentions, groups = _names(parsed, sents, [(t.start, t.end) for t in timexes])
    timexes = multilang.outside_names(timexes, mentions)
    dated = [(t.start, t.end) for t in timexes if t.type in ("DATE", "TIME")]
    analysis = Analysis(
        article=article.id,
        language="ru",
        sentences=sents,
        mentions=mentions,
        groups=groups,
        time_expressions=tuple(timexes),
        quantities=quantities(parsed, dated + [(m.start, m.end) for m in mentions]),
    )
    return article, analysis
