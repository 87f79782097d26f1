"""What the linker knows about each name group of each article, read back from an Analysis
(no parse needed): its names, mentions, sentences, titles, descriptors, roles, pronouns, and
the votes for its type."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache

from ..analyze.names import PERSON_PRONOUNS, is_org_like, person_like, place_named, surname_key
from ..analyze.nametables import (
    DATA,
    chinese_order,
    fold,
    given_names,
    honorifics,
    titles,
)
from ..analyze.pubdate import datelines
from ..model import Analysis, Article, Mention, Sentence

__all__ = ["Node", "build_nodes", "type_votes", "TYPES", "alias_text", "romanized"]

TYPES = ("PERSON", "ORG", "GPE", "LOC", "NORP", "OTHER")
# How much one model label counts towards a type. The model's person labels are its most
# reliable; its place labels are the ones it gives unfamiliar people ("Halvorsen" as LOC).
_LABEL_VOTES = {
    "PERSON": ("PERSON", 1.0),
    "ORG": ("ORG", 0.8),
    "GPE": ("GPE", 0.6),
    "LOC": ("LOC", 0.6),
    "NORP": ("NORP", 1.0),
    "FAC": ("LOC", 0.4),
    "PRODUCT": ("OTHER", 0.3),
    "EVENT": ("OTHER", 0.5),
    "WORK_OF_ART": ("OTHER", 0.5),
    "LAW": ("OTHER", 0.5),
}
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


def _table(name: str) -> list[str]:
    path = DATA / name
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")]


@cache
def person_words() -> frozenset[str]:
    return frozenset(_table("person_words.txt")) | titles()


@cache
def person_verbs() -> dict[str, str]:
    out = {}
    for line in _table("person_verbs.tsv"):
        verb, _, role = line.partition("\t")
        out[verb] = role
    return out


def alias_text(mention: Mention) -> str:
    """The surface form of a mention as an alias: its text without a possessive ending."""
    return _POSSESSIVE.sub("", mention.text.strip().rstrip(':;,!?"”“')).strip()


@lru_cache(maxsize=65536)
def romanized(name: str) -> str | None:
    """ "zh", "ru", "ar" when a name looks transliterated (the transliteration module decides
    when it can), else None. A name starting with an English given name is taken as English
    ("Tina Fey" also reads as pinyin, "John Jenkin" as Russian)."""
    tokens = name.split()
    if len(tokens) > 1 and fold(tokens[0]) in given_names():
        return None
    try:
        from . import translit

        detect = getattr(translit, "romanization", None)
        if detect is not None:
            result = detect(name)
            return str(result) if result else None
    except ImportError:  # pragma: no cover
        pass
    return "zh" if chinese_order(name.split()) else None


@dataclass
class Node:
    """One name group of one article."""

    index: int
    article: str
    group: int
    name: str  # the group's fullest name
    mentions: list[Mention]
    aliases: Counter[str] = field(default_factory=Counter)
    forms: set[str] = field(default_factory=set)  # folded normalized names
    sentences: set[int] = field(default_factory=set)
    pronouns: list[tuple[int, int, str]] = field(default_factory=list)
    votes: dict[str, float] = field(default_factory=dict)
    western_full: list[str] = field(default_factory=list)  # multi-word, not romanized
    romanized: str | None = None
    kb_ids: dict[str, float] = field(default_factory=dict)  # knowledge-base id -> confidence

    @property
    def key(self) -> tuple[str, int]:
        return (self.article, self.group)

    @property
    def first(self) -> int:
        return self.mentions[0].start if self.mentions else 0

    @property
    def full(self) -> bool:
        return len(self.name.split()) > 1

    @property
    def surname(self) -> str | None:
        return surname_key(self.name)


def type_votes(
    mentions: Sequence[Mention], pronouns: Sequence[tuple[int, int, str]]
) -> dict[str, float]:
    """Votes for each type from every mention's label and context: titles and honorifics,
    person verbs, descriptors, pronouns, given names, organization words."""
    votes: dict[str, float] = defaultdict(float)
    words_p = person_words()
    verbs = person_verbs()
    hon = honorifics()
    names = set()
    for m in mentions:
        kind, weight = _LABEL_VOTES.get(m.label, ("OTHER", 0.0))
        votes[kind] += weight
        names.add(m.name)
        if m.title:
            last = fold(m.title).split()[-1:] or [""]
            title_words = fold(m.title).split()
            if last[0] in hon or last[0] + "." in hon or any(w in words_p for w in title_words):
                votes["PERSON"] += 3.0
        if m.verb and m.verb in verbs:
            role = verbs[m.verb]
            dep = m.dep or ""
            if (role == "subj" and dep == "nsubj") or (role == "pass" and dep == "nsubjpass"):
                votes["PERSON"] += 1.5
        if m.descriptor:
            dwords = {w.rstrip("s") for w in fold(m.descriptor).split()} | set(
                fold(m.descriptor).split()
            )
            if dwords & words_p:
                votes["PERSON"] += 2.0
    votes["PERSON"] += 2.0 * sum(1 for p in pronouns if p[2].split()[0].lower() in PERSON_PRONOUNS)
    placed = {m.name for m in mentions if m.label in ("GPE", "LOC", "FAC", "ORG", "NORP")}
    for name in names:
        tokens = name.split()
        if is_org_like(name):
            votes["ORG"] += 4.0
        elif place_named(tokens):
            votes["LOC"] += 2.0  # "Port of Vellmar", "Velmar Port", "Harrow Road"
        elif len(tokens) > 1 and fold(tokens[0]) in given_names():
            votes["PERSON"] += 2.0
        elif chinese_order(tokens) and name not in placed:
            # reads as a romanized Chinese name, unless the model calls it a place
            # ("Hong Kong", "Xinjiang")
            votes["PERSON"] += 1.0
        if len(tokens) == 1 and name.isupper() and len(name) >= 2:
            votes["ORG"] += 1.0
    return dict(votes)


def build_nodes(docs: Sequence[tuple[Article, Analysis]]) -> list[Node]:
    """One Node per name group, in input order."""
    nodes: list[Node] = []
    for article, analysis in docs:
        if not analysis.supported:
            continue
        for g in analysis.groups:
            ms = [analysis.mentions[i] for i in g.mentions]
            if not ms:
                continue
            node = Node(index=len(nodes), article=article.id, group=g.id, name=g.name, mentions=ms)
            for m in ms:
                node.aliases[alias_text(m) or m.name] += 1
                node.forms.add(fold(m.name))
                node.sentences.add(m.sentence)
            node.pronouns = list(g.pronouns)
            node.votes = type_votes(ms, g.pronouns)
            # full names of people: the model's person label (or none), not a team or a
            # place ("San Diego Chargers" has no surname)
            for form in sorted(
                {
                    m.name
                    for m in ms
                    if m.label in ("PERSON", "PROPN") and person_like(m.name, "PERSON")
                }
            ):
                if romanized(form) is None:
                    node.western_full.append(form)
            if not node.western_full:
                node.romanized = romanized(g.name)
            nodes.append(node)
    texts = {a.id: a.text for a, _ in docs}
    nodes = _drop_positional(nodes, texts, {a.id: an.sentences for a, an in docs})
    _vote_places(nodes, texts)
    _vote_agencies(nodes, texts)
    return nodes


_AGENCY_VOTE = 3.0


def _vote_agencies(nodes: list[Node], texts: Mapping[str, str]) -> None:
    """ "VELLMAR, May 2 (Norvik) -": the name in brackets of a dateline is a news agency."""
    lines = {a: datelines(t) for a, t in texts.items()}
    for n in nodes:
        text = texts.get(n.article, "")
        for m in n.mentions:
            if text[m.end : m.end + 1] == ")" and any(
                a <= m.start and m.end < b for a, b in lines.get(n.article, ())
            ):
                n.votes["ORG"] = n.votes.get("ORG", 0.0) + _AGENCY_VOTE
                break


def _drop_positional(
    nodes: list[Node], texts: dict[str, str], sentences: dict[str, Sequence[Sentence]]
) -> list[Node]:
    """Without the nodes whose every mention is one capitalized word opening a sentence
    ("Ships began unloading", "Union representative Anna Berg said") when the story also
    writes that word in lower case and never capitalizes it inside a sentence: the capital
    comes from the position, not from a name."""

    def opens(m: Mention, article: str) -> bool:
        starts = sentences.get(article, ())
        k = m.sentence if 0 <= m.sentence < len(starts) else -1
        return k >= 0 and not texts[article][starts[k].start : m.start].strip(" \t\n\"'“‘(-—")

    inside: set[str] = set()  # words seen capitalized inside a sentence or a longer name
    opening: list[str | None] = []  # per node: its one word when every mention opens a sentence
    for n in nodes:
        flags = [opens(m, n.article) for m in n.mentions]
        for m, at_start in zip(n.mentions, flags, strict=True):
            if " " in m.name or not at_start:
                inside.update(fold(w) for w in m.name.split())
        alone = all(flags)
        words = {m.name for m in n.mentions}
        opening.append(next(iter(words)) if alone and len(words) == 1 else None)
    suspects = {w.lower() for w in opening if w and " " not in w and fold(w) not in inside}
    if not suspects:
        return nodes
    lower = {w for t in texts.values() for w in _LOWER_WORD.findall(t) if w in suspects}
    kept: list[Node] = []
    for n, word in zip(nodes, opening, strict=True):
        if word is None or word.lower() not in lower or fold(word) in inside:
            kept.append(replace(n, index=len(kept)) if n.index != len(kept) else n)
    return kept


_LOWER_WORD = re.compile(r"\b[a-z][a-z'-]+\b")


# "Port of X", "Gulf of X": X names a place, whatever the model labelled it elsewhere.
_PLACE_WORDS = (
    r"(?:port|city|town|village|gulf|bay|province|state|county|district|island|isle|lake|"
    r"mount|republic|kingdom|sea|strait|cape|region|harbour|harbor)"
)
_PLACE_OF = re.compile(rf"^{_PLACE_WORDS}\s+of\s+(.+)$", re.I)
_PLACE_OF_BEFORE = re.compile(rf"\b{_PLACE_WORDS}\s+of\s+$", re.I)
_PLACE_VOTE = 3.0


def _vote_places(nodes: list[Node], texts: Mapping[str, str]) -> None:
    places = {fold(m[1]) for n in nodes if (m := _PLACE_OF.match(n.name))}
    for n in nodes:
        text = texts.get(n.article, "")
        before = any(
            _PLACE_OF_BEFORE.search(text[max(0, m.start - 20) : m.start]) for m in n.mentions
        )
        if (fold(n.name) in places or before) and not n.western_full:
            n.votes["GPE"] = n.votes.get("GPE", 0.0) + _PLACE_VOTE
