"""Proper-name mentions of one article and their grouping into names ("Zhang Weiming", "Zhang",
"Zhangs" are one group).

Every name-like model entity is kept, plus capitalized proper-noun runs the model missed, with
the model's label as evidence only (``PROPN`` when it had none). Mentions are normalized
(possessives, plurals of names seen elsewhere in the article, leading titles and "the",
sentence-initial words fused into the name) and grouped: a full name with its later surname
mentions (the first word for romanized Chinese names), organization acronyms and reorderings.

Ambiguity rule: when two different full names share a surname ("Michael Smith", "Anna Smith"),
a bare "Smith" joins the full name mentioned most recently before it (or, failing that, the
nearest one after it); the two full names are never grouped together.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..model import Mention, NameGroup, Sentence
from .nametables import (
    DATA,
    chinese_order,
    fold,
    given_names,
    honorifics,
    name_suffixes,
    org_prefixes,
    org_words,
    place_heads,
    title_modifiers,
    titles,
)

__all__ = [
    "NAME_LABELS",
    "PERSON_PRONOUNS",
    "place_named",
    "place_order",
    "extract",
    "group_names",
    "is_org_like",
    "org_keys",
    "person_like",
    "surname_key",
]

NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
)
# Labels whose spans never hold a title to split off ("General Motors", "Energy Department").
_NO_TITLE_SPLIT = frozenset({"ORG", "GPE", "LOC", "FAC", "EVENT", "LAW", "NORP"})
# Leading parts of speech that are never part of a name ("the", "Following", "In").
_LEADING_JUNK = frozenset(
    {"DET", "VERB", "AUX", "ADP", "ADV", "PRON", "CCONJ", "SCONJ", "PART", "PUNCT", "NUM", "INTJ"}
)
_POSSESSIVE = re.compile(r"(?:['’]s|s['’]|['’])$")
# Gendered third-person pronouns: the evidence for pronoun consistency across sources.
PERSON_PRONOUNS = {
    "he": "m",
    "him": "m",
    "his": "m",
    "himself": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
    "herself": "f",
}
# Labels of multi-word names that are not people's ("New York" does not make "York" a surname).
_PLACE_LABELS = frozenset({"GPE", "LOC", "NORP", "FAC", "EVENT", "LAW"})
_SPEECH_VERBS = frozenset({"say", "add", "tell", "state", "note", "explain", "insist", "write"})
# Verbs that continue what was being said: their pronoun is the last speaker.
_CONTINUING_VERBS = frozenset({"add", "continue", "insist", "conclude"})
_LINK_DEPS = frozenset({"conj", "appos", "compound", "flat", "cc"})


@dataclass
class _Raw:
    start_tok: int
    end_tok: int  # exclusive
    label: str
    name: str = ""
    start: int = 0
    end: int = 0
    title: str | None = None
    dep: str | None = None
    verb: str | None = None
    descriptor: str | None = None
    sentence: int = -1
    tokens: list[str] = field(default_factory=list)


def _doc_text(doc: Any) -> str:
    """The doc's text, kept once: spaCy's ``Doc.text`` joins every token on each access."""
    text = doc.user_data.get("_text")
    if text is None:
        text = doc.user_data["_text"] = doc.text
    return str(text)


@lru_cache(maxsize=65536)
def surname_key(name: str) -> str | None:
    """The word a later short mention of this person uses: the last word, or the first for a
    romanized Chinese name. None for one-word names."""
    tokens = name.split()
    suffixes = name_suffixes()
    while len(tokens) > 2 and fold(tokens[-1]).rstrip(".,") in suffixes:
        tokens = tokens[:-1]
    if len(tokens) < 2:
        return None
    if hyphenated_given(tokens[-1]) and (
        tokens[-1].split("-")[1].islower() or fold(tokens[-2]) not in given_names()
    ):
        return fold(tokens[-2])  # "Lee Siu-ming", "Henry Lok Ka-wing": the word before it
    return fold(tokens[0] if chinese_order(tokens) else tokens[-1])


_HYPHENATED_GIVEN = re.compile(r"[A-Z][a-z]{0,5}-(?:[a-z]{1,6}|[A-Z][a-z]{1,5})")


def hyphenated_given(token: str) -> bool:
    """A Cantonese or Korean given name written with a hyphen after the surname ("Siu-ming",
    "Do-hyung"): two short syllables, the second in lower case, or both capitalized and short
    ("Do-Hyung"; "Hartley-Wood" is a surname)."""
    if not _HYPHENATED_GIVEN.fullmatch(token):
        return False
    first, second = token.split("-")
    return second.islower() or len(first) + len(second) <= 7


def person_like(name: str, label: str) -> bool:
    """Whether a multi-word name can be a person's full name, whose surname later mentions
    use: the model calls it a person, or it starts with a known given name, or it reads as a
    romanized Chinese name ("Explorer Microsoft" and "New York" do not)."""
    tokens = name.split()
    if len(tokens) < 2 or is_org_like(name) or label in _PLACE_LABELS:
        return False
    if place_named(tokens):
        return False  # "Port of Vellmar", "Velmar Port", "Harrow Road"
    return (
        label == "PERSON"
        or fold(tokens[0]) in given_names()
        or chinese_order(tokens)
        or (hyphenated_given(tokens[-1]) and len(tokens) <= 3)
    )


def place_named(tokens: Sequence[str]) -> bool:
    """Whether a name of several words is a place's by its head word: "Harrow Road",
    "Port of Vellmar" (not "Harbour Radio")."""
    if len(tokens) < 2:
        return False
    heads = place_heads()
    return fold(tokens[-1]) in heads or (fold(tokens[0]) in heads and fold(tokens[1]) == "of")


def place_order(name: str) -> str:
    """A folded place name in the order a translation often gives it: "port of vellmar" as
    "vellmar port"; other names unchanged."""
    tokens = name.split()
    if len(tokens) > 2 and tokens[1] == "of" and tokens[0] in place_heads():
        return " ".join(tokens[2:] + tokens[:1])
    return name


def _content_words(name: str) -> list[str]:
    words = [w for w in fold(name).split() if w not in {"of", "and", "for", "&"}]
    prefixes = org_prefixes()
    while words and words[0] in prefixes:
        words = words[1:]
    return words


@lru_cache(maxsize=65536)
def is_org_like(name: str) -> bool:
    return not org_words().isdisjoint(fold(name).split())


def org_keys(name: str) -> set[str]:
    return set(_org_keys(name))


@lru_cache(maxsize=65536)
def _org_keys(name: str) -> frozenset[str]:
    """Keys under which two forms of one organization's name meet: the bag of content words
    ("Department of Energy" = "Energy Department") and its acronyms ("DOE")."""
    words = _content_words(name)
    if not words:
        return frozenset()
    keys = {"bag:" + " ".join(sorted(words))}
    full = [w for w in fold(name).split() if w not in {"the", "and", "&"}]
    for seq in (words, full):
        if len(seq) >= 2:
            keys.add("acr:" + "".join(w[0] for w in seq))
    # "Department of Energy" is also written DOE: initials including "of".
    with_of = [w for w in fold(name).split() if w not in {"the"}]
    prefixes = org_prefixes()
    while with_of and with_of[0] in prefixes:
        with_of = with_of[1:]
    if len(with_of) >= 2:
        keys.add("acr:" + "".join(w[0] for w in with_of))
    return frozenset(keys)


def _title_marks(doc: Any) -> list[bool]:
    """Which tokens belong to a title phrase; longest phrases first, modifiers only before one."""
    table = titles()
    starts = _title_starts()
    lowers = [t.lower_ for t in doc]
    n = len(lowers)
    marks = [False] * n
    i = 0
    while i < n:
        if lowers[i] not in starts:
            i += 1
            continue
        for size in (4, 3, 2, 1):
            if i + size <= n and " ".join(lowers[i : i + size]) in table:
                for k in range(i, i + size):
                    marks[k] = True
                i += size
                break
        else:
            i += 1
    mods = title_modifiers()
    for i in range(n - 2, -1, -1):
        if marks[i + 1] and lowers[i] in mods:
            marks[i] = True
    return marks


@lru_cache(maxsize=1)
def _title_starts() -> frozenset[str]:
    """First words of the title phrases: only tokens among them can start a title."""
    return frozenset(t.split()[0] for t in titles())


def _candidate_spans(doc: Any, marks: list[bool]) -> list[_Raw]:
    spans: list[_Raw] = []
    covered = [False] * len(doc)
    ents = list(doc.ents)
    taken: set[int] = set()  # entities already joined to the one before them
    for n, ent in enumerate(ents):
        if ent.label_ not in NAME_LABELS or n in taken:
            continue
        end = ent.end
        # a name never runs over a line break ("PHOTO: May Tse" + "Lok said")
        breaks = [k for k in range(ent.start, ent.end) if _line_break(doc[k])]
        if breaks:
            end = breaks[0]
            if end <= ent.start:
                continue
        # "Ho Kwai" + "-lam": the model stops inside a hyphenated given name
        while (
            ent.label_ == "PERSON"
            and not breaks
            and end + 1 < len(doc)
            and doc[end].text in ("-", "‐", "‑")
            and not doc[end - 1].whitespace_
            and not doc[end].whitespace_
            and doc[end + 1].is_alpha
        ):
            end += 2
        # "the Eastern District" + "of" + "New York": a district, court or bank of a place is
        # one name, which the model splits at "of".
        nxt = ents[n + 1] if n + 1 < len(ents) else None
        if (
            nxt is not None
            and nxt.start == end + 1
            and nxt.label_ in ("GPE", "LOC")
            and _of_join(doc, end)
        ):
            end = nxt.end
            taken.add(n + 1)
        # The model sometimes stops short of a name ("Acme CFO Zhang" + "Weiming"); a place
        # or organization followed by a name ("the U.S. Li Wei") is two names.
        while (
            ent.label_ not in _NO_TITLE_SPLIT
            and not breaks
            and end < len(doc)
            and doc[end].ent_iob_ == "O"
            and _is_proper(doc[end])
            and not marks[end]
        ):
            end += 1
        start, label = ent.start, ent.label_
        # the model sometimes starts a name late ("Do" + "Seo"): a given name or a short
        # proper noun right before a one-word person's name, in one sentence, belongs to it
        while (
            label == "PERSON"
            and ent.end - start == 1
            and start > 0
            and doc[start - 1].tag_ == "NNP"
            and (len(doc[start - 1].text) <= 3 or fold(doc[start - 1].text) in given_names())
            and doc[start - 1].text.isalpha()
            and not doc[start - 1].text.isupper()
            and fold(doc[start - 1].text) not in honorifics()
            and fold(doc[start - 1].text) + "." not in honorifics()
            and doc[start - 1].ent_iob_ == "O"
            and _is_proper(doc[start - 1])
            and not marks[start - 1]
            and not doc[start].is_sent_start
            and doc[start - 1].whitespace_ == " "
        ):
            start -= 1
        head = doc[start - 2] if start >= 2 else None
        if (
            head is not None
            and head.ent_iob_ == "O"
            and _is_proper(head)
            and _of_join(doc, start - 1)
        ):
            # "Port of Vellmar" with only "Vellmar" recognized: the name is the whole phrase
            start, label = start - 2, "FAC" if fold(head.text) in place_heads() else "ORG"
        spans.append(_Raw(start, end, label))
        for k in range(start, end):
            covered[k] = True
    i = 0
    while i < len(doc):
        if not covered[i] and doc[i].ent_iob_ == "O" and _is_proper(doc[i]) and not marks[i]:
            j = i
            while j < len(doc) and not covered[j] and doc[j].ent_iob_ == "O":
                if not _is_proper(doc[j]) or marks[j]:
                    break
                j += 1
                # "Port of Vellmar", "Bank of Norway": a place or organization word takes
                # the name after "of" with it
                if (
                    j + 1 < len(doc)
                    and _of_join(doc, j)
                    and not covered[j + 1]
                    and doc[j + 1].ent_iob_ == "O"
                    and _is_proper(doc[j + 1])
                ):
                    j += 1
            # "Warehouse 7", "Terminal 2": a capitalized word numbered inside a sentence
            if (
                j == i + 1
                and j < len(doc)
                and not doc[i].is_sent_start
                and doc[j].text.isdigit()
                and len(doc[j].text) <= 3
                and not covered[j]
            ):
                j += 1
            # A capitalized descriptor compounded onto the next name ("Basketball Legend" before
            # a person's name) is not a name of its own.
            nxt = j < len(doc) and doc[j].ent_iob_ == "B" and doc[j].ent_type_ in NAME_LABELS
            if not (nxt and all(doc[k].dep_ == "compound" for k in range(i, j))):
                spans.append(_Raw(i, j, "PROPN"))
            i = j
        else:
            i += 1
    spans.sort(key=lambda r: r.start_tok)
    return spans


def _line_break(token: Any) -> bool:
    return bool(token.is_space and "\n" in token.text)


@lru_cache(maxsize=1)
def _of_heads() -> frozenset[str]:
    return place_heads() | org_words()


def _of_join(doc: Any, k: int) -> bool:
    """Whether token k is the "of" of a place or organization word that takes the name
    after it ("Port of Vellmar", "Bank of Norway", "the Eastern District of New York")."""
    return k > 0 and doc[k].lower_ == "of" and fold(doc[k - 1].text) in _of_heads()


def capitalized(text: str) -> bool:
    """A capital first letter, or a lower-case prefix before one ("iPhone", "eBay")."""
    return text[:1].isupper() or (len(text) > 2 and text[0].islower() and text[1].isupper())


def _is_proper(token: Any) -> bool:
    text = token.text
    return (
        (token.pos_ == "PROPN" or token.tag_ in ("NNP", "NNPS"))
        and capitalized(text)
        and any(ch.isalpha() for ch in text)
        and len(text) > 1
    )


_UNITS = frozenset(
    ["kb", "mb", "gb", "tb", "ghz", "mhz", "mm", "cm", "km", "kg", "mph", "kph", "kw", "mw"]
)


def _counted_given_name(doc: Any, k: int) -> bool:
    """Whether token k is a given name counted as several people ("the two Marias"): a
    group named by what its members share, no one person's name."""
    before = doc[k - 1] if k > 0 else None
    if before is None or before.lower_ in ("one", "1"):
        return False
    if not (before.like_num or before.lower_ == "both"):
        return False
    if doc[k].dep_ == "compound":
        return False  # "two Maria dolls"
    word = fold(doc[k].text)
    given = given_names()
    return word in given or (word.endswith("s") and word[:-1] in given)


def _trim(doc: Any, raw: _Raw, marks: list[bool]) -> list[_Raw]:
    """Strip junk around the name and split off titles; may return a leftover qualifier
    ("Acme" of "Acme CFO Zhang Weiming") as a mention of its own."""
    s, e = raw.start_tok, raw.end_tok
    while s < e and (doc[s].pos_ in _LEADING_JUNK or not capitalized(doc[s].text)):
        if doc[s].pos_ == "PROPN" and capitalized(doc[s].text):
            break
        s += 1
    hon = honorifics()
    while s < e - 1 and (doc[s].lower_ in hon or doc[s].lower_ + "." in hon):
        s += 1  # "Ms Page": the honorific becomes the title
    # "the 8 GB Zune", "a 2 GHz chip": a unit after a number is no part of the name
    while s < e - 1 and s > 0 and doc[s - 1].like_num and doc[s].lower_ in _UNITS:
        s += 1
    if e - s == 1 and _counted_given_name(doc, s):
        return []
    if raw.label in ("PERSON", "PROPN"):
        # "American Hasim Rahman", "GMT Wladimir Klitschko": an adjective or a short
        # abbreviation fused onto a full name
        while e - s >= 3 and (
            doc[s].pos_ == "ADJ" or (doc[s].text.isupper() and len(doc[s].text) <= 3)
        ):
            s += 1
    # trailing possessives, punctuation and common words ("Lohan's lawyer" -> "Lohan")
    while e > s and (
        doc[e - 1].pos_ in ("PART", "PUNCT")
        or doc[e - 1].text in ("'s", "’s")
        or not capitalized(doc[e - 1].text)
    ):
        if raw.label == "PROPN" and e - s == 2 and doc[e - 1].text.isdigit():
            break  # "Warehouse 7" (see _candidate_spans)
        if _hyphen_tail(doc, e - 1, s):
            break  # "Lau Wai-chung": the lower-case half of a hyphenated given name
        e -= 1
    if s >= e or all(marks[k] for k in range(s, e)):
        return []
    # spaced punctuation inside a span joins two names ("People , Reid", "Lindsay - Lohan")
    for k in range(s + 1, e - 1):
        tok = doc[k]
        if tok.pos_ == "PUNCT" and (tok.whitespace_ or doc[k - 1].whitespace_):
            left = _trim(doc, _Raw(s, k, raw.label), marks)
            right = _trim(doc, _Raw(k + 1, e, raw.label), marks)
            return left + right
    out = []
    if raw.label not in _NO_TITLE_SPLIT:
        last_title = max((k for k in range(s, e) if marks[k]), default=-1)
        if last_title >= 0 and last_title < e - 1:
            first_title = last_title
            while first_title > s and marks[first_title - 1]:
                first_title -= 1
            if first_title > s:  # a qualifier before the title: its own mention
                out.append(_Raw(s, first_title, raw.label))
            s = last_title + 1
    out.append(_Raw(s, e, raw.label))
    return out


def _hyphen_tail(doc: Any, k: int, s: int) -> bool:
    """Token k is the part after an unspaced hyphen inside a name ("chung" of "Wai-chung")."""
    return (
        k - 2 >= s
        and doc[k].is_alpha
        and doc[k - 1].text in ("-", "‐", "‑")
        and not doc[k - 1].whitespace_
        and not doc[k - 2].whitespace_
        and capitalized(doc[k - 2].text)
    )


def _title_before(doc: Any, s: int, marks: list[bool], ent_at: dict[int, str]) -> int | None:
    """The token where a title in front of the name starts ("US Secretary of State ..."),
    allowing a complement ("Ambassador to the U.S. Li Wei") and a qualifier in front
    ("Norwegian Foreign Minister", "Norway's ambassador")."""
    j = s - 1
    k, steps = j, 0
    while k >= 0 and not marks[k] and steps < 5:
        if doc[k].lower_ != "the" and ent_at.get(k) not in ("GPE", "ORG"):
            break
        k, steps = k - 1, steps + 1
    complement = ent_at.get(s - 1) and doc[s - 1].lower_ != "the"
    if (
        steps
        and complement
        and k >= 1
        and doc[k].lower_ in ("to", "of", "for", "at")
        and marks[k - 1]
    ):
        j = k - 1
    elif j < 0 or not marks[j]:
        return None
    while j - 1 >= 0 and marks[j - 1]:
        j -= 1
    # a qualifier: a nationality, a country or organization, or a possessive ("Norway's")
    if j - 1 >= 0 and doc[j - 1].text in ("'s", "’s") and j - 2 >= 0 and _is_proper(doc[j - 2]):
        j -= 2
    else:
        k = j - 1
        while k >= 0 and ent_at.get(k) in ("NORP", "GPE", "ORG"):
            k -= 1
        j = k + 1 if k + 1 < j else j
    return j


def _root(doc: Any, s: int, e: int) -> Any:
    for k in range(e - 1, s - 1, -1):
        head = doc[k].head.i
        if head < s or head >= e or doc[k].head.i == k:
            return doc[k]
    return doc[e - 1]


def _role(token: Any) -> tuple[str | None, str | None]:
    """The dependency role of a name through conjunctions and appositions, and its verb."""
    tok = token
    for _ in range(6):
        if tok.dep_ in _LINK_DEPS and tok.head.i != tok.i:
            tok = tok.head
            continue
        break
    dep = tok.dep_ or None
    verb = None
    head = tok.head if tok.head.i != tok.i else tok
    for _ in range(4):
        if head.pos_ in ("VERB", "AUX"):
            verb = head.lemma_.lower()
            break
        if head.head.i == head.i:
            break
        head = head.head
    return dep, verb


def _descriptor(doc: Any, root: Any, s: int, e: int) -> str | None:
    """An appositive or modifier phrase about the name: "Lindqvist, a Swedish diplomat",
    "Norway's ambassador to Chile, Hana Lindqvist", "the two Swedes" after a pair."""
    cand = None
    for child in root.children:
        if child.dep_ == "appos" and not (s <= child.i < e):
            cand = child
            break
    if cand is None and root.dep_ == "appos" and root.head.pos_ in ("NOUN", "PROPN"):
        head = root.head
        if not (s <= head.i < e):
            cand = head
    if cand is None and root.dep_ == "conj":
        for child in root.head.children:
            if child.dep_ == "appos" and child.i > root.i:
                cand = child
                break
    if cand is None:
        mods = [c for c in root.lefts if c.dep_ == "amod" and c.i < s]
        if mods:
            return " ".join(m.text for m in mods)
        return None
    toks = [t for t in cand.subtree if not (s <= t.i < e) and t.i - cand.i < 10]
    if cand.i > root.i:  # an appositive after the name: stop at its own conjuncts and clauses
        toks = [t for t in toks if t.i >= cand.left_edge.i]
    toks = [t for t in toks if t.dep_ not in ("relcl", "punct", "cc", "conj") and t.pos_ != "PUNCT"]
    if not toks:
        return None
    first, last = min(t.i for t in toks), max(t.i for t in toks)
    if last - first > 12:
        last = first + 12
    text = doc[first : last + 1].text.strip(" ,")
    return text or None


def extract(
    doc: Any,
    sentences: Sequence[Sentence],
    spans: Sequence[tuple[int, int]] | None = None,
) -> tuple[tuple[Mention, ...], tuple[NameGroup, ...]]:
    """Proper-name mentions of a parsed article and their grouping into names.

    ``spans`` (token start, end) are name mentions found by someone else (gold annotations,
    another recognizer): they replace the candidates they overlap, keep the model's label of
    their head (``PROPN`` if none) and go through the same normalization and grouping."""
    text = _doc_text(doc)
    marks = _title_marks(doc)
    ent_at: dict[int, str] = {}
    for ent in doc.ents:
        for k in range(ent.start, ent.end):
            ent_at[k] = ent.label_
    starts = [s.start for s in sentences]
    candidates = _candidate_spans(doc, marks)
    if spans:
        given = [(a, b) for a, b in spans if a < b]
        candidates = [
            c for c in candidates if not any(c.start_tok < b and a < c.end_tok for a, b in given)
        ]
        for a, b in given:
            head = doc[a:b].root.i
            candidates.append(_Raw(a, b, ent_at.get(head, "PROPN")))
        candidates.sort(key=lambda r: r.start_tok)
    raws: list[_Raw] = []
    for cand in candidates:
        for r in _trim(doc, cand, marks):
            raws.append(r)
    for r in raws:
        span = doc[r.start_tok : r.end_tok]
        r.start, r.end = span.start_char, span.end_char
        name = _POSSESSIVE.sub("", span.text) if len(span) else ""
        if span.text != name and span.text.lower().endswith(("s’", "s'")):
            name = span.text[:-1]  # "Zhangs’": keep the s for the plural step below
        r.name = re.sub(r"\s+", " ", name).strip().rstrip(':;,!?"”“')
        r.tokens = r.name.split()
        t = _title_before(doc, r.start_tok, marks, ent_at)
        if t is not None:
            r.title = text[doc[t].idx : r.start].strip() or None
        elif r.start_tok > 0 and doc[r.start_tok - 1].lower_ in honorifics():
            r.title = doc[r.start_tok - 1].text
        root = _root(doc, r.start_tok, r.end_tok)
        r.dep, r.verb = _role(root)
        r.descriptor = _descriptor(doc, root, r.start_tok, r.end_tok)
        r.sentence = max(0, bisect.bisect_right(starts, r.start) - 1) if starts else -1
    raws = [r for r in raws if r.name and any(ch.isalpha() for ch in r.name)]
    raws = [r for r in raws if not _cut_by_the_page(text, r.end) and not _in_a_dotted_word(text, r)]
    _restore_given(text, raws)
    raws = _add_missed(doc, raws, marks, starts)
    _cut_run_ons(_doc_text(doc), raws, _headlines(doc, sentences))
    _depluralize(raws)
    group_of = _group(raws, text)
    return _build(doc, raws, group_of, sentences)


def _restore_given(text: str, raws: list[_Raw]) -> None:
    """A name whose first word was left out where it opens a sentence ("Do" of "Do Seo
    pleads guilty", read as a verb) when the article writes the longer name elsewhere."""
    full = {fold(r.name): r.name for r in raws if len(r.tokens) > 1}
    for r in raws:
        before = re.search(r"(\S+) $", text[max(0, r.start - 40) : r.start])
        if before is None or not before[1][:1].isupper():
            continue
        longer = full.get(fold(before[1] + " " + r.name))
        if longer is not None:
            r.start -= len(before[1]) + 1
            r.name = longer
            r.tokens = longer.split()


_CUT_TAIL = re.compile(r"\s*(?:…|\.\.\.)?\s*")


def _cut_by_the_page(text: str, end: int) -> bool:
    """A name at the very end of a text that stops mid-word or in an ellipsis ("... said
    Sokolovs", "in Mosc…"): an excerpt cut by the page, not a name the source wrote."""
    return bool(end > 0 and text[end - 1].isalpha() and _CUT_TAIL.fullmatch(text, end))


_DOMAIN = re.compile(r"\.[a-z]{2,4}$")


def _in_a_dotted_word(text: str, r: _Raw) -> bool:
    """A piece of a web address or a dotted brand ("Bashkiria.ru", "Vesti" of "Sever.Vesti"):
    the tokenizer split a name that is no person's or place's as written."""
    glued_before = r.start >= 2 and text[r.start - 1] in "./" and text[r.start - 2].isalnum()
    glued_after = text[r.end : r.end + 1] in (".", "/") and text[r.end + 1 : r.end + 2].isalpha()
    return glued_before or glued_after or bool(_DOMAIN.search(r.name))


def _add_missed(doc: Any, raws: list[_Raw], marks: list[bool], starts: list[int]) -> list[_Raw]:
    """Capitalized words the tagger took for common nouns ("Halvorsens was arrested") when the
    word, or its singular, is a name found elsewhere in the article."""
    keys = {fold(r.name) for r in raws if len(r.tokens) == 1}
    keys |= {k for r in raws if len(r.tokens) > 1 for k in [surname_key(r.name)] if k}
    covered: set[int] = set()
    for r in raws:
        covered.update(range(r.start_tok, r.end_tok))
    for tok in doc:
        if tok.i in covered or marks[tok.i] or not tok.text[:1].isupper() or len(tok.text) < 3:
            continue
        if (tok.ent_type_ and tok.ent_type_ not in NAME_LABELS) or _counted_given_name(doc, tok.i):
            continue
        key = fold(tok.text)
        if key in keys or (key.endswith("s") and key[:-1] in keys):
            r = _Raw(tok.i, tok.i + 1, "PROPN", name=tok.text, tokens=[tok.text])
            r.start, r.end = tok.idx, tok.idx + len(tok.text)
            r.dep, r.verb = _role(tok)
            r.sentence = max(0, bisect.bisect_right(starts, r.start) - 1) if starts else -1
            raws.append(r)
    raws.sort(key=lambda r: r.start)
    return raws


def _cut_run_ons(text: str, raws: list[_Raw], headlines: set[int]) -> None:
    """Title-case headlines run words into a name ("Lindsay Lohan Checks Into Rehab"): cut a
    name back to a shorter name of the article it starts with (a full name, or a surname
    found after a given name), when no remaining word is a name of its own there."""
    full = {tuple(fold(t) for t in r.tokens) for r in raws if len(r.tokens) > 1}
    alone = {fold(r.name) for r in raws if len(r.tokens) == 1}
    surnames = {fold(r.tokens[-1]) for r in raws if len(r.tokens) > 1} - given_names()
    known_words = {fold(t) for r in raws if r.sentence not in headlines for t in r.tokens}
    for r in raws:
        key = tuple(fold(t) for t in r.tokens)
        if len(key) < 2 or (key in full and _seen_alone(raws, r)):
            continue
        if r.sentence in headlines:
            # in a title-case line, keep the words known as names from the body
            ok = [w in known_words or w in given_names() for w in key]
            if any(ok) and not all(ok):
                i = ok.index(True)
                j = i
                while j < len(key) and ok[j]:
                    j += 1
                _cut(text, r, j, i)
            continue
        if is_org_like(r.name):
            continue
        for size in range(len(key) - 1, 0, -1):
            prefix, rest = key[:size], key[size:]
            known = prefix in full if size > 1 else prefix[0] in surnames
            if not known or any(w in alone or w in given_names() for w in rest):
                continue
            _cut(text, r, size)
            break


def _cut(text: str, r: _Raw, size: int, first: int = 0) -> None:
    """Keep name words first..size-1 (and the matching stretch of text)."""
    words = list(re.finditer(r"\S+", text[r.start : r.end]))
    if len(words) == len(r.tokens):
        start = r.start
        r.start, r.end = start + words[first].start(), start + words[size - 1].end()
    r.tokens = r.tokens[first:size]
    r.name = " ".join(r.tokens)


def _headlines(doc: Any, sentences: Sequence[Sentence]) -> set[int]:
    """Sentences in title case (headlines), where capitals do not mark names."""
    out = set()
    words: dict[int, list[bool]] = {}
    starts = [s.start for s in sentences]
    for tok in doc:
        if tok.is_alpha and len(tok.text) >= 3 and starts:
            si = max(0, bisect.bisect_right(starts, tok.idx) - 1)
            words.setdefault(si, []).append(tok.text[:1].isupper())
    for si, caps in words.items():
        sentence = sentences[si]
        ends = _doc_text(doc)[sentence.start : sentence.end].rstrip()[-1:]
        if len(caps) >= 3 and sum(caps) / len(caps) >= 0.75 and ends not in (".", "!", "?"):
            out.add(si)
    return out


def _seen_alone(raws: list[_Raw], r: _Raw) -> bool:
    """Whether this exact multi-word name occurs more than once (then it is a name)."""
    return sum(1 for o in raws if o.tokens == r.tokens) > 1


def _depluralize(raws: list[_Raw]) -> None:
    """The plural "Halvorsens" or "Zhangs" -> the name, when the singular is a name of this
    article and the plural form is not itself a known surname ("Williams" of "Serena
    Williams")."""
    known = set()
    surnames = set()
    for r in raws:
        key = fold(r.name)
        known.add(key)
        if len(r.tokens) > 1:
            sk = surname_key(r.name)
            if sk:
                known.add(sk)
                surnames.add(sk)
    for r in raws:
        key = fold(r.name)
        if not (key.endswith("s") and not key.endswith("ss") and len(key) > 3):
            continue
        base = key[:-1]
        if len(r.tokens) == 1 and base in known and key not in surnames:
            r.name = r.name[:-1]
            r.tokens = [r.name]
        elif len(r.tokens) > 1 and base in known:
            # "Corinne Halveys appeal": a possessive that lost its apostrophe
            r.name = r.name[:-1]
            r.tokens = r.name.split()


def _group(raws: list[_Raw], text: str = "") -> list[int]:
    parent = list(range(len(raws)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    # surnames shared by two different full names: each bare mention is assigned on its own
    # below, never all together (that would join the two people)
    full_names: dict[str, set[str]] = defaultdict(set)
    for r in raws:
        if len(r.tokens) > 1 and _may_be_person(r):
            sk = surname_key(r.name)
            if sk:
                full_names[sk].add(fold(r.name))
    # a full name that ends another ("Lok Ka-wing" of "Henry Lok Ka-wing") is that name
    for k, v in full_names.items():
        for short in sorted(v):
            if any(long != short and long.endswith(" " + short) for long in v):
                full_names[k] = {n for n in v if n != short}
    shared = {k for k, v in full_names.items() if len(v) > 1}
    by_key: dict[str, int] = {}
    for i, r in enumerate(raws):
        key = fold(r.name)
        if key in shared:
            continue
        if key in by_key:
            union(by_key[key], i)
        else:
            by_key[key] = i
    # organizations: reorderings and acronyms
    org_index: dict[str, set[int]] = {}
    for i, r in enumerate(raws):
        if is_org_like(r.name):
            for k in org_keys(r.name):
                org_index.setdefault(k, set()).add(i)
    for k, members in org_index.items():
        if k.startswith("bag:"):
            ms = sorted(members)
            for m in ms[1:]:
                union(ms[0], m)
    for i, r in enumerate(raws):
        if len(r.tokens) == 1 and r.name.isupper() and 2 <= len(r.name) <= 6:
            hits = {find(m) for m in org_index.get("acr:" + fold(r.name), set())}
            if len(hits) == 1:
                union(hits.pop(), i)
    # people: full names and their short forms
    people = {fold(r.name) for r in raws if r.label == "PERSON"}  # labelled a person somewhere
    full: dict[str, list[int]] = {}  # surname -> indices of multi-word person-like names
    for i, r in enumerate(raws):
        if len(r.tokens) > 1 and _may_be_person(r):
            sk = surname_key(r.name)
            if sk:
                full.setdefault(sk, []).append(i)
    for idx in full.values():
        for i in idx:
            key = fold(raws[i].name)
            longer = [j for j in idx if fold(raws[j].name).endswith(" " + key)]
            if longer:
                union(min(longer), i)
    for i, r in enumerate(raws):
        if len(r.tokens) != 1:
            continue
        cands = full.get(fold(r.name))
        if r.label == "ORG" and cands:
            # an organization's name is no surname of a name the model saw no person in
            # ("Microsoft" and "Explorer Microsoft")
            cands = [
                c
                for c in cands
                if person_like(raws[c].name, raws[c].label) or fold(raws[c].name) in people
            ]
        if not cands:
            continue
        names = {fold(raws[c].name) for c in cands}
        if len(names) == 1:
            first = min(cands, key=lambda c: raws[c].start)
            if r.start > raws[first].start or r.sentence <= 0:
                union(first, i)
            # else: named by the surname before any full name, past the headline: whose it is
            # is the linker's question (the only full name may be a relative named later)
            continue
        union(_surname_owner(raws, r, cands, text), i)
    return [find(i) for i in range(len(raws))]


def _relatives(text: str, raws: list[_Raw], cands: list[int]) -> set[str]:
    """The full names (folded) of people introduced as someone's relative: a kinship word
    just before the full name or its given name alone ("her brother Nils Halvorsen", "his
    brother Oleg ... Oleg Sokolovsky", "Halvey's wife, Danielle")."""
    kin = kinship_words()
    names = {fold(raws[c].name) for c in cands}
    given = {fold(raws[c].tokens[0]): fold(raws[c].name) for c in cands}
    out = set()
    for r in raws:
        key = fold(r.name)
        full = key if key in names else given.get(key) if len(r.tokens) == 1 else None
        if full is None or full in out:
            continue
        before = re.findall(r"[a-z]+", text[max(0, r.start - 30) : r.start].lower())
        if set(before[-2:]) & kin:
            out.add(full)
    return out


def _surname_owner(raws: list[_Raw], r: _Raw, cands: list[int], text: str = "") -> int:
    """Which of several full names sharing a surname a bare surname mention is: the one
    mentioned most recently before it (failing that, the nearest after it), passing over a
    relative of someone named before ("Halvey's partner Daniell Ross Halvey ... Halvey's
    arrest" is the first Halvey's): news style names a relative sharing the surname by the
    given name, never by the bare surname."""
    relatives = _relatives(text, raws, cands)
    before = [c for c in cands if raws[c].start < r.start]
    others = [c for c in before if fold(raws[c].name) not in relatives]
    if others:
        before = others
    if before:
        return max(before, key=lambda c: raws[c].start)
    return min(cands, key=lambda c: raws[c].start)


@lru_cache(maxsize=1)
def kinship_words() -> frozenset[str]:
    """Words naming a relative ("brother", "wife"), from data/names/kinship.txt."""
    path = DATA / "kinship.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(ln.strip() for ln in lines if ln.strip() and not ln.startswith("#"))


def group_names(items: Sequence[tuple[str, str, int, int]]) -> list[int]:
    """The group of each mention given as (name, label, start, end), by the rules ``extract``
    applies to a parsed article (full names with their later surname mentions, organization
    reorderings and acronyms, one person per full name when two share a surname): the index of
    the group's first member. For analyzers of other languages, whose names come normalized
    ("Соколовского" as "Соколовский")."""
    raws = [
        _Raw(0, 0, label, name=name, start=start, end=end, tokens=name.split())
        for name, label, start, end in items
    ]
    return _group(raws)


def _may_be_person(r: _Raw) -> bool:
    """Whether a multi-word name can have a surname that later bare mentions use."""
    return not is_org_like(r.name) and r.label not in _PLACE_LABELS and not place_named(r.tokens)


def _pronouns(
    doc: Any, raws: list[_Raw], gid: list[int], eligible: set[int], sentences: Sequence[Sentence]
) -> dict[int, list[tuple[int, int, str]]]:
    """Resolve gendered pronouns to the nearest person-like name: earlier in the sentence, else
    the subject (or the last such name) of the previous sentence."""
    out: dict[int, list[tuple[int, int, str]]] = {}
    if not sentences:
        return out
    starts = [s.start for s in sentences]
    by_sentence: dict[int, list[int]] = {}
    for i, r in enumerate(raws):
        if gid[i] in eligible:
            by_sentence.setdefault(r.sentence, []).append(i)
    for tok in doc:
        if tok.lower_ not in PERSON_PRONOUNS:
            continue
        si = max(0, bisect.bisect_right(starts, tok.idx) - 1)
        same = [i for i in by_sentence.get(si, []) if raws[i].end <= tok.idx]
        pick = None
        if tok.dep_ == "nsubj" and tok.head.lemma_.lower() in _SPEECH_VERBS:
            # "..., he added": the speaker quoted last, not the nearest name. A new "she said"
            # after another person has become the subject ("X said ... Y visited. She said")
            # is Y's.
            subjects = [
                i
                for k in (si - 2, si - 1, si)
                for i in by_sentence.get(k, [])
                if raws[i].end <= tok.idx and (raws[i].dep or "").startswith("nsubj")
            ]
            speakers = [i for i in subjects if raws[i].verb in _SPEECH_VERBS]
            if tok.head.lemma_.lower() in _CONTINUING_VERBS and speakers:
                pick = speakers[-1]
            elif subjects and subjects[-1] in speakers:
                pick = subjects[-1]
        if pick is not None:
            pass
        elif same:
            pick = same[-1]
        elif si - 1 in by_sentence:
            prev = by_sentence[si - 1]
            subjects = [i for i in prev if (raws[i].dep or "").startswith("nsubj")]
            pick = subjects[0] if subjects else prev[-1]
        if pick is None:
            continue
        start, end = tok.idx, tok.idx + len(tok.text)
        if tok.dep_ == "poss" and tok.head.i == tok.i + 1:
            end = tok.head.idx + len(tok.head.text)
        out.setdefault(gid[pick], []).append((start, end, _doc_text(doc)[start:end]))
    return out


def _build(
    doc: Any, raws: list[_Raw], group_of: list[int], sentences: Sequence[Sentence]
) -> tuple[tuple[Mention, ...], tuple[NameGroup, ...]]:
    order: dict[int, int] = {}
    for root in group_of:
        order.setdefault(root, len(order))
    gid = [order[root] for root in group_of]
    members: dict[int, list[int]] = {}
    for i, g in enumerate(gid):
        members.setdefault(g, []).append(i)
    eligible = set()
    for g, ms in members.items():
        if any(raws[i].label in ("PERSON", "PROPN") for i in ms) and not any(
            is_org_like(raws[i].name) for i in ms
        ):
            eligible.add(g)
    pronouns = _pronouns(doc, raws, gid, eligible, sentences)
    mentions = tuple(
        Mention(
            start=r.start,
            end=r.end,
            text=_doc_text(doc)[r.start : r.end],
            label=r.label,
            name=r.name,
            group=gid[i],
            title=r.title,
            sentence=r.sentence,
            dep=r.dep,
            verb=r.verb,
            descriptor=r.descriptor,
        )
        for i, r in enumerate(raws)
    )
    groups = []
    for g in sorted(members):
        ms = members[g]
        counts = Counter(raws[i].name for i in ms)
        name = max(
            counts, key=lambda n: (len(n.split()), counts[n], -ms.index(_first(raws, ms, n)))
        )
        groups.append(
            NameGroup(
                id=g,
                name=name,
                labels=dict(Counter(raws[i].label for i in ms)),
                mentions=tuple(ms),
                pronouns=tuple(pronouns.get(g, ())),
            )
        )
    return mentions, tuple(groups)


def _first(raws: list[_Raw], ms: list[int], name: str) -> int:
    return next(i for i in ms if raws[i].name == name)
