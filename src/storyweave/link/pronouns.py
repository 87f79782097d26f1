"""Pronoun consistency across sources: a person called "she" in one article and "he" in
another (a machine translation that lost the gender) is a ``pronoun-mismatch`` flag.

Which name a pronoun refers to is a guess (analyze/names.py takes the nearest name), and a
wrong guess here becomes a false accusation against a source. So only pronouns whose referent
is unambiguous count: in the pronoun's sentence up to it, and in the sentence before, the
entity is named and no other person is, neither by name nor by a noun that could be the
referent ("her lawyer said he...", "his wife"). Honorifics ("Mr", "Ms") count as evidence of
their own. The gender fewer articles give (on a tie, fewer pronouns) is flagged where it is
used, citing a pronoun of each side: in an article that uses only it, or as a slip among the
other gender's pronouns of its own article when the story uses the other twice as often. When
nothing tells the sides apart, both are flagged (the sources disagree; which is right is not
known).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import cache

from ..analyze.names import PERSON_PRONOUNS
from ..analyze.nametables import fold
from ..model import Citation, Flag, Mention
from .candidates import Pool
from .evidence import person_words

__all__ = ["pronoun_flags", "unambiguous"]

_HONORIFIC_GENDER = {
    "mr": "m",
    "mister": "m",
    "sir": "m",
    "ms": "f",
    "mrs": "f",
    "miss": "f",
    "madam": "f",
    "madame": "f",
    "mme": "f",
    "dame": "f",
    "lady": "f",
}
_WORD = re.compile(r"[A-Za-z]+")
_QUOTES = '"“”«»'


@cache
def _referent_nouns() -> frozenset[str]:
    """Nouns that can be what a pronoun refers to instead of the named person."""
    words = set(person_words())
    words |= {w + "s" for w in words}
    return frozenset(w for phrase in words for w in phrase.split())


def _sentence_of(pool: Pool, article: str, offset: int) -> int:
    for s in pool.sentences.get(article, ()):
        if s.start <= offset < s.end:
            return s.index
    return -1


def unambiguous(pool: Pool, root: int, article: str, pronoun: tuple[int, int, str]) -> bool:
    """Whether a pronoun resolved to the cluster ``root`` can only mean it: the entity is
    named in the pronoun's sentence (before it) or the one before, no other person is, and no
    person noun stands between its last mention and the pronoun or follows the pronoun as the
    thing possessed ("his father": a relative, introduced beside whoever is named)."""
    phrase = pronoun[2].lower().split()
    if len(phrase) > 1 and phrase[-1] in _referent_nouns():
        return False  # "his mother, X, ... his father, Y": the possessor is someone else
    at = pronoun[0]
    s = _sentence_of(pool, article, at)
    if s < 0:
        return False
    root = pool.find(root)
    last_own = -1
    for k in (s - 1, s):
        for j in pool.at.get((article, k), ()):
            n = pool.nodes[j]
            before = [m for m in n.mentions if m.sentence == k and m.start < at]
            if not before:
                continue
            if pool.find(j) == root:
                last_own = max(last_own, max(m.end for m in before))
            elif pool.is_person(j):
                return False
    if last_own < 0:
        return False
    between = pool.articles[article].text[last_own:at]
    if any(q in between for q in _QUOTES):
        return False  # '"... she needs time," he said': the speaker, or someone quoted
    words = {w.lower() for w in _WORD.findall(between)}
    return not (words & _referent_nouns())


def pronoun_flags(pool: Pool, root: int, eid: str, name: str) -> list[Flag]:
    """The pronoun-mismatch flags of one entity (see the module docstring)."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    cites: dict[tuple[str, str], tuple[int, str]] = {}  # the first unambiguous pronoun
    titled: dict[tuple[str, str], tuple[int, str]] = {}  # the first honorific
    for i in sorted(pool.members(root)):
        n = pool.nodes[i]
        for p in sorted(n.pronouns):
            gender = PERSON_PRONOUNS.get(p[2].split()[0].lower())
            if gender and unambiguous(pool, root, n.article, p):
                votes[n.article][gender] += 1
                cites.setdefault((n.article, gender), (p[0], p[2]))
        for gender, m in _honorifics(n.mentions):
            votes[n.article][gender] += 1
            titled.setdefault((n.article, gender), (m.start, f"{m.title} {m.text}"))
    totals: Counter[str] = Counter()
    for v in votes.values():
        totals.update(v)
    if len(totals) < 2:
        return []
    sides = Counter(next(iter(v)) for v in votes.values() if len(v) == 1)
    low, high = sorted(totals, key=lambda g: (sides[g], totals[g]))
    tie = (sides[low], totals[low]) == (sides[high], totals[high])
    out = []
    for article in sorted(votes):
        v = votes[article]
        for gender in sorted(v):
            if (article, gender) not in cites:
                continue  # an honorific alone is no pronoun to flag
            if not tie and gender == high:
                continue
            if len(v) > 1 and not (tie or _dominated(v, totals, gender, high)):
                continue  # mixed here and in the story: no evidence either way
            out.append(_flag(pool, eid, name, article, gender, cites, titled, votes, tie))
    return out


def _dominated(here: Counter[str], totals: Counter[str], gender: str, high: str) -> bool:
    """A pronoun of one gender among more of the other in its own article, in a story that
    uses the other at least twice as often: a slip ("her luggage ... since his arrest")."""
    return here[gender] <= here[high] and totals[high] >= 2 * totals[gender] + 1


def _flag(
    pool: Pool,
    eid: str,
    name: str,
    article: str,
    gender: str,
    cites: dict[tuple[str, str], tuple[int, str]],
    titled: dict[tuple[str, str], tuple[int, str]],
    votes: dict[str, Counter[str]],
    tie: bool,
) -> Flag:
    here = cites[(article, gender)]
    others = [a for a in sorted(votes) if votes[a][_OTHER[gender]] and a != article]
    others = others or [article]
    there_article = next((a for a in others if (a, _OTHER[gender]) in cites), others[0])
    there = cites.get((there_article, _OTHER[gender])) or titled[(there_article, _OTHER[gender])]
    n_other = sum(1 for a in votes if votes[a][_OTHER[gender]])
    n_here = sum(1 for a in votes if votes[a][gender])
    where = (
        "this and other sources call"
        if votes[article][_OTHER[gender]]
        else "other sources call"
        if n_other > 1
        else "another source calls"
    )
    count = "which is right is not known" if tie else f"{n_other} article(s) against {n_here}"
    return Flag(
        kind="pronoun-mismatch",
        article=article,
        text=here[1],
        entity=eid,
        message=f"'{here[1]}' refers to {name}, whom {where} '{there[1]}' ({count})",
        evidence=(_cite_at(pool, article, here[0]), _cite_at(pool, there_article, there[0])),
    )


_OTHER = {"m": "f", "f": "m"}


def _honorifics(mentions: Iterable[Mention]) -> Iterable[tuple[str, Mention]]:
    for m in mentions:
        title = fold(m.title or "").split()
        if len(title) == 1 and title[0] in _HONORIFIC_GENDER:
            yield _HONORIFIC_GENDER[title[0]], m


def _cite_at(pool: Pool, article: str, offset: int) -> Citation:
    s = _sentence_of(pool, article, offset)
    if s >= 0:
        return pool.cite(article, s)
    return Citation(article, -1, offset, offset, "")
