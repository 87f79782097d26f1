"""Candidate generators for entity linking, in a small registry.

A generator looks at the current clusters of a story (a :class:`Pool`) and proposes
:class:`Candidate` pairs: "node ``a`` may be the same entity as node ``b``", with a match kind,
a confidence in [0, 1] and the sentences that support it. ``a`` is the variant (it takes the
match kind), ``b`` the established name. Adding a way to match names is adding one function::

    @register("my-matcher")
    def my_matcher(pool: Pool) -> Iterable[Candidate]: ...

and naming it in ``[entities] generators`` of settings.cfg.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz.distance import JaroWinkler, Levenshtein

from ..analyze.names import (
    is_org_like,
    org_keys,
    place_named,
    place_order,
    surname_key,
)
from ..analyze.nametables import fold, given_names, pinyin_split
from ..model import Article, Citation, Sentence
from .evidence import Node, romanized
from .nicknames import same_given_name
from .translit import script_of

__all__ = ["Candidate", "Pool", "register", "get", "REGISTRY", "Generator"]


@dataclass(frozen=True, slots=True)
class Candidate:
    a: int  # node index of the variant
    b: int  # node index of the established name
    match: str
    confidence: float
    evidence: tuple[Citation, ...] = ()
    reason: str = ""


Generator = Callable[["Pool"], Iterable[Candidate]]
REGISTRY: dict[str, Generator] = {}


def register(name: str) -> Callable[[Generator], Generator]:
    """Register a candidate generator under ``name``."""

    def wrap(func: Generator) -> Generator:
        REGISTRY[name] = func
        return func

    return wrap


def get(name: str) -> Generator:
    try:
        return REGISTRY[name]
    except KeyError:
        raise KeyError(f"no candidate generator {name!r}; known: {sorted(REGISTRY)}") from None


class Pool:
    """The nodes of a story, their current clusters (union-find) and look-ups generators share."""

    def __init__(
        self,
        nodes: list[Node],
        articles: dict[str, Article],
        sentences: dict[str, tuple[Sentence, ...]],
        settings: dict[str, float],
        kb: Any = None,
    ):
        self.nodes = nodes
        self.articles = articles
        self.sentences = sentences
        self.settings = settings
        self.kb = kb
        self.parent = list(range(len(nodes)))
        self._lower: set[str] | None = None
        self._members: dict[int, list[int]] = {i: [i] for i in range(len(nodes))}
        # per cluster, kept up to date on every union: type votes, articles, English full
        # names, and the (article, sentence) places it is named in
        self._votes: dict[int, dict[str, float]] = {n.index: dict(n.votes) for n in nodes}
        self._mentions: dict[int, int] = {n.index: len(n.mentions) for n in nodes}
        self._articles: dict[int, set[str]] = {n.index: {n.article} for n in nodes}
        self._western: dict[int, set[str]] = {n.index: set(n.western_full) for n in nodes}
        self._places: dict[int, set[tuple[str, int]]] = {
            n.index: {(n.article, s) for s in n.sentences} for n in nodes
        }
        # (article, sentence) -> node indices mentioned there
        self.at: dict[tuple[str, int], list[int]] = defaultdict(list)
        for n in nodes:
            for s in n.sentences:
                self.at[(n.article, s)].append(n.index)

    # -- clusters --------------------------------------------------------------------------
    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, keep: int, join: int) -> int:
        ra, rb = self.find(keep), self.find(join)
        if ra == rb:
            return ra
        root, other = (ra, rb) if ra < rb else (rb, ra)
        self.parent[other] = root
        self._members[root].extend(self._members.pop(other))
        self._mentions[root] += self._mentions.pop(other)
        votes = self._votes[root]
        for k, v in self._votes.pop(other).items():
            votes[k] = votes.get(k, 0.0) + v
        _merge_sets(self._articles, root, other)
        _merge_sets(self._western, root, other)
        _merge_sets(self._places, root, other)
        return root

    def members(self, root: int) -> list[int]:
        return self._members[self.find(root)]

    def mention_count(self, node: int) -> int:
        """Mentions of the cluster holding ``node``."""
        return self._mentions[self.find(node)]

    def roots(self) -> list[int]:
        return sorted(self._members)

    def votes(self, root: int) -> dict[str, float]:
        return self._votes[self.find(root)]

    def type_of(self, root: int) -> str:
        votes = self.votes(root)
        if not votes or max(votes.values()) <= 0:
            return "OTHER"
        return max(sorted(votes), key=lambda k: votes[k])

    def is_person(self, root: int) -> bool:
        return self.type_of(root) == "PERSON"

    def articles_of(self, root: int) -> set[str]:
        return self._articles[self.find(root)]

    def western_full(self, root: int) -> list[str]:
        return sorted(self._western[self.find(root)])

    def places(self, root: int) -> set[tuple[str, int]]:
        return self._places[self.find(root)]

    def cooccur(self, ra: int, rb: int) -> bool:
        """Whether two clusters are named in one sentence (then they are two entities)."""
        a, b = self.places(ra), self.places(rb)
        if len(a) > len(b):
            a, b = b, a
        return any(p in b for p in a)

    def common_word(self, name: str) -> bool:
        """A one-word name the story also writes in lower case ("Marijuana" opening a sentence,
        "Journalist" in a headline): a common noun, no name to match."""
        if " " in name.strip():
            return False
        if self._lower is None:
            self._lower = {w for a in self.articles.values() for w in _LOWER_WORD.findall(a.text)}
        return fold(name).replace("'", "’") in self._lower or fold(name) in self._lower

    def cite(self, article: str, sentence: int) -> Citation:
        sents = self.sentences.get(article, ())
        text = self.articles[article].text
        if 0 <= sentence < len(sents):
            s = sents[sentence]
            return Citation(article, sentence, s.start, s.end, text[s.start : s.end])
        return Citation(article, sentence, 0, 0, "")

    def first_citation(self, node: int) -> Citation:
        n = self.nodes[node]
        m = n.mentions[0]
        return self.cite(n.article, m.sentence)


_LOWER_WORD = re.compile(r"\b[a-z][a-z'’-]+\b")


def _merge_sets(table: dict[int, set[Any]], root: int, other: int) -> None:
    """Move cluster ``other``'s set into ``root``'s, adding the smaller to the larger."""
    small = table.pop(other)
    if len(small) > len(table[root]):
        small, table[root] = table[root], small
    table[root] |= small


def _given(name: str) -> str:
    return name.split()[0]


def _given_compatible(a: str, b: str) -> bool:
    """Some given name of one can be a given name of the other ("Dirk A. Kempthorne",
    "Interior Dirk Kempthorne"; not "Michael Smith", "Anna Smith"; not "Tsang Wai-kit",
    "Tsang Yiu-chung", whose given names come after the surname)."""
    ga, gb = _given_parts(a), _given_parts(b)
    if _initials_of(ga, gb) or _initials_of(gb, ga):
        return True  # "A. Brekke" is "Astrid Brekke"
    return any(
        same_given_name(x, y) or _spelt_alike(x, y)
        for x in ga
        for y in gb
        if len(x) > 1 and len(y) > 1
    )


def _initials_of(initials: list[str], given: list[str]) -> bool:
    """Given names written as initials only, each the first letter of the other's in turn."""
    letters = [w.rstrip(".") for w in initials]
    return (
        0 < len(letters) <= len(given)
        and all(len(x) == 1 for x in letters)
        and all(x == y[0] for x, y in zip(letters, given, strict=False))
    )


# A surname this long is rare enough that two people of one story sharing it with given
# names one letter apart ("Evan"/"Ivan Velichkovich") are one person, mistranslated.
_RARE_SURNAME = 8


def _one_letter_apart(a: str, b: str) -> bool:
    """Full names with one long surname whose given names differ by one letter."""
    key = surname_key(a)
    if key is None or len(key) < _RARE_SURNAME or key != surname_key(b):
        return False
    ga, gb = _given_parts(a), _given_parts(b)
    return len(ga) == len(gb) > 0 and all(
        x == y or (min(len(x), len(y)) >= 3 and Levenshtein.distance(x, y) <= 1)
        for x, y in zip(ga, gb, strict=True)
    )


def _given_spellings(pool: Pool) -> Iterable[Candidate]:
    """ "Ivan Velichkovich" beside "Evan Velichkovich": one long surname, given names one letter
    apart, one of the two written in a single article: a misspelt or mistranslated given
    name (the word-by-word spelling test misses it, the first letters differing)."""
    by_surname: dict[str, dict[str, int]] = defaultdict(dict)
    for n in pool.nodes:
        for form in n.western_full or ([n.name] if n.full and n.romanized else []):
            key = surname_key(form)
            if key and len(key) >= _RARE_SURNAME:
                by_surname[key].setdefault(form, n.index)
    for forms in by_surname.values():
        names = sorted(forms)
        for i, fa in enumerate(names):
            for fb in names[i + 1 :]:
                a, b = forms[fa], forms[fb]
                if pool.find(a) == pool.find(b) or not _one_letter_apart(fa, fb):
                    continue
                if fold(fa) == fold(fb) or _letters(fold(fa)) == _letters(fold(fb)):
                    continue
                if pool.mention_count(a) > pool.mention_count(b):
                    a, b, fa, fb = b, a, fb, fa
                if len(pool.articles_of(a)) > 1:
                    continue  # two established names: two people
                sim = JaroWinkler.similarity(fold(fa), fold(fb))
                yield Candidate(
                    a,
                    b,
                    "spelling",
                    round(sim, 3),
                    evidence=(pool.first_citation(a), pool.first_citation(b)),
                    reason=f"the given name differs by one letter ({sim:.2f})",
                )


def _given_spelt_alike(a: str, b: str) -> bool:
    """Two full names with one surname whose given names are spellings of one name
    ("Corrine"/"Corinne"): one person however many articles use each."""
    wa, wb = a.split(), b.split()
    return (
        len(wa) == len(wb) == 2
        and wa[-1] == wb[-1]
        and wa[0] != wb[0]
        and _spelt_alike(wa[0], wb[0])
    )


def _undoubled(word: str) -> str:
    return re.sub(r"(.)\1+", r"\1", word)


def _spelt_alike(a: str, b: str) -> bool:
    """Two spellings of one given name ("Corine"/"Corinne", "Yulia"/"Yuliya"): alike once
    doubled letters are single, or close with the same first and last letters ("Maria" and
    "Mario" are two names)."""
    if _undoubled(a) == _undoubled(b):
        return True
    return (
        min(len(a), len(b)) >= 4
        and a[0] == b[0]
        and a[-1] == b[-1]
        and JaroWinkler.similarity(a, b) >= 0.9
    )


def _given_parts(name: str) -> list[str]:
    """The words of a full name other than its surname (the last word, or the one
    ``surname_key`` names: "Tsang" of "Tsang Wai-kit")."""
    words = fold(name).split()
    key = surname_key(name)
    if key in words[:-1] and key != words[-1]:
        i = len(words) - 1 - words[::-1].index(key)
        return words[:i] + words[i + 1 :]
    return words[:-1]


def _suffix_of(short: str, long: str) -> bool:
    """ "Wladimir Klitschko" ends "ET Wladimir Klitschko": the longer carries words before."""
    a, b = fold(short).split(), fold(long).split()
    return 2 <= len(a) < len(b) and b[-len(a) :] == a


def names_conflict(pool: Pool, ra: int, rb: int) -> bool:
    """Two clusters holding different people's full names: the same surname with given names
    that cannot be one person's ("Michael Smith", "Anna Smith"), or unrelated surnames."""
    if not (pool.is_person(ra) and pool.is_person(rb)):
        return False  # only people have given names to disagree on
    fa, fb = pool.western_full(ra), pool.western_full(rb)
    for a in fa:
        for b in fb:
            if _suffix_of(a, b) or _suffix_of(b, a):
                continue
            sa, sb = surname_key(a), surname_key(b)
            if sa == sb:
                if not _given_compatible(a, b) and not _one_letter_apart(a, b):
                    return True
            elif JaroWinkler.similarity(sa or "", sb or "") < 0.85:
                return True
    return False


# -- generators ------------------------------------------------------------------------------
@register("exact")
def exact(pool: Pool) -> Iterable[Candidate]:
    """The same name (folded: case, diacritics, periods), or the same organization under a
    reordering or acronym ("Department of Energy", "Energy Department", "DOE")."""
    by_name: dict[str, list[int]] = defaultdict(list)
    by_org: dict[str, list[int]] = defaultdict(list)
    for n in pool.nodes:
        by_name[fold(n.name)].append(n.index)
        if place_named(n.name.split()):  # "Port of Vellmar" and "Vellmar Port" meet here
            by_org["place:" + place_order(fold(n.name))].append(n.index)
        if is_org_like(n.name):
            for k in org_keys(n.name):
                if k.startswith("bag:"):
                    by_org[k].append(n.index)
    for idx in by_name.values():
        for i in idx[1:]:
            yield Candidate(i, idx[0], "exact", 1.0)
    # the same letters with other spacing or punctuation ("Lee Siu ming", "Lee Siu-ming";
    # "Luma USD", "LumaUSD"): one name written two ways, no variant worth a flag
    by_letters: dict[str, list[int]] = defaultdict(list)
    for key, idx in by_name.items():
        letters = _letters(key)
        if len(letters) >= 4:
            by_letters[letters].append(idx[0])
    for idx in by_letters.values():
        for i in idx[1:]:
            yield Candidate(i, idx[0], "exact", 0.95)
    # a person's name in the other order ("Halvey Corinne" in a headline, "Seo Do-hyung"
    # and "Do-hyung Seo")
    by_words: dict[str, list[int]] = defaultdict(list)
    for key, idx in by_name.items():
        words = key.split()
        n = pool.nodes[idx[0]]
        if 2 <= len(words) <= 3 and len(set(words)) == len(words) and n.votes.get("PERSON", 0) > 0:
            by_words[" ".join(sorted(words))].append(idx[0])
    for idx in by_words.values():
        for i in idx[1:]:
            yield Candidate(i, idx[0], "reordering", 0.9)
    by_acronym: dict[str, dict[str, int]] = defaultdict(dict)  # acronym -> org bag -> node
    for n in pool.nodes:
        if is_org_like(n.name) or len(n.name.split()) > 1 and n.votes.get("ORG", 0) > 0:
            keys = org_keys(n.name)
            bag = next((k for k in sorted(keys) if k.startswith("bag:")), n.name)
            for k in keys:
                if k.startswith("acr:"):
                    by_acronym[k].setdefault(bag, n.index)
    for n in pool.nodes:  # acronyms of organizations named in full elsewhere
        if len(n.name.split()) == 1 and n.name.isupper() and 2 <= len(n.name) <= 6:
            hits = by_acronym.get("acr:" + fold(n.name), {})
            if len(hits) == 1:  # one organization has these initials
                yield Candidate(n.index, next(iter(hits.values())), "acronym", 0.9)
    for idx in by_org.values():
        for i in idx[1:]:
            yield Candidate(i, idx[0], "reordering", 0.95)
    yield from _org_short_forms(pool)


def _letters(key: str) -> str:
    return "".join(ch for ch in key if ch.isalnum())


def _org_short_forms(pool: Pool) -> Iterable[Candidate]:
    """A one-word organization name that is the last word of exactly one longer organization
    name of the story ("the Post" for "Northshore Evening Post")."""
    by_last = _orgs_by_last_word(pool)
    for n in pool.nodes:
        if len(n.name.split()) != 1 or pool.type_of(n.index) != "ORG":
            continue
        longer = {fold(name): r for r, name in by_last.get(fold(n.name), [])}
        if len(longer) == 1:
            yield Candidate(n.index, next(iter(longer.values())), "short-form", 0.85)


def _orgs_by_last_word(pool: Pool) -> dict[str, list[tuple[int, str]]]:
    """(cluster, name) of every organization name of two words or more, by its last word."""
    out: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for r in pool.roots():
        if pool.type_of(r) == "ORG":
            for name in sorted({pool.nodes[i].name for i in pool.members(r)}):
                if len(name.split()) > 1:
                    out[fold(name.split()[-1])].append((r, name))
    return out


def _full_by_surname(pool: Pool) -> dict[str, set[int]]:
    out: dict[str, set[int]] = defaultdict(set)
    for n in pool.nodes:
        for form in n.western_full or ([n.name] if n.full and n.romanized else []):
            key = surname_key(form)
            if key:
                out[key].add(pool.find(n.index))
    return out


def _one_person(pool: Pool, roots: set[int]) -> bool:
    """Whether the full names of these clusters can all be one person's ("Mark Heller",
    "Mark Jay Heller")."""
    names = [f for r in roots for f in pool.western_full(r)]
    return all(
        a == b or _given_compatible(a, b) or _suffix_of(a, b) or _suffix_of(b, a)
        for a in names
        for b in names
    )


@register("surname")
def surname(pool: Pool) -> Iterable[Candidate]:
    """A bare surname ("Halvorsen") and the one full name with that surname in the story. With
    several such full names it is ambiguous: each is proposed at a low confidence (a note)."""
    full = _full_by_surname(pool)
    cache: dict[str, Any] = {}
    for n in pool.nodes:
        if n.full:
            continue
        key = fold(n.name)
        roots = {r for r in full.get(key, set()) if r != pool.find(n.index)}
        if len(roots) == 1 or roots and _one_person(pool, roots):
            for r in sorted(roots):
                yield Candidate(n.index, r, "surname", 0.9)
        elif roots:
            yield from _ambiguous_surname(pool, n, roots, cache)


def _ambiguous_surname(
    pool: Pool, n: Node, roots: set[int], cache: dict[str, Any]
) -> Iterable[Candidate]:
    """A bare surname shared by several full names goes to the one whose context (companions,
    roles, descriptors) it shares clearly more of; otherwise it stays apart, with notes."""
    if "bags" not in cache:
        cache["bags"] = bags = _bags(pool)
        cache["idf"] = _idf(bags)
    bags, idf = cache["bags"], cache["idf"]
    mine = bags[pool.find(n.index)]
    sims = sorted(((_cosine(mine, bags[r], idf)[0], r) for r in roots), reverse=True)
    best, second = sims[0], sims[1]
    if best[0] >= 0.1 and best[0] >= 2 * second[0]:
        yield Candidate(
            n.index,
            best[1],
            "surname",
            0.7,
            evidence=(pool.first_citation(n.index), pool.first_citation(best[1])),
            reason=f"shared surname; context similarity {best[0]:.2f} against {second[0]:.2f}",
        )
        return
    for _sim, r in sims:
        yield Candidate(n.index, r, "surname", 0.4, reason="ambiguous surname")


@register("nickname")
def nickname(pool: Pool) -> Iterable[Candidate]:
    """Full names with one surname whose given names are nickname forms ("Bob"/"Robert")."""
    by_surname: dict[str, list[tuple[str, int]]] = defaultdict(list)
    romanized_full: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for n in pool.nodes:
        for form in n.western_full:
            key = surname_key(form)
            if key:
                by_surname[key].append((form, n.index))
        if not n.western_full and n.full and n.romanized:
            key = surname_key(n.name)
            if key:
                romanized_full[key].append((n.name, n.index))
    # a romanized full name that ends an English one ("Lok Ka-wing" of "Henry Lok
    # Ka-wing") is that person's name, not a variant of it
    for key, forms in romanized_full.items():
        for fa, na in forms:
            for fb, nb in by_surname.get(key, []):
                if _suffix_of(fa, fb):
                    yield Candidate(na, nb, "surname", 0.9)
    for forms in by_surname.values():
        for i, (fa, na) in enumerate(forms):
            for fb, nb in forms[i + 1 :]:
                ga, gb = fold(_given(fa)), fold(_given(fb))
                if ga != gb and same_given_name(ga, gb):
                    # the variant is the shorter given name
                    a, b = (na, nb) if len(ga) <= len(gb) else (nb, na)
                    yield Candidate(
                        a,
                        b,
                        "nickname",
                        0.85,
                        evidence=(pool.first_citation(a), pool.first_citation(b)),
                        reason=f"'{_given(fa if a == na else fb)}' can be a short form of "
                        f"'{_given(fb if a == na else fa)}'",
                    )
                elif (
                    (ga == gb and fold(fa) != fold(fb)) or _suffix_of(fa, fb) or _suffix_of(fb, fa)
                ):  # a middle name more, or words before the name
                    a, b = (na, nb) if len(fa) <= len(fb) else (nb, na)
                    yield Candidate(a, b, "surname", 0.9)


@register("spelling")
def spelling(pool: Pool) -> Iterable[Candidate]:
    """Near-identical spellings ("Halvorsen"/"Halvorsem"), one of them seen in a single article:
    Jaro-Winkler similarity of the names, word by word for full names."""
    min_sim = pool.settings["spelling_min_similarity"]
    min_len = int(pool.settings["spelling_min_length"])
    by_first: dict[tuple[str, int], list[Node]] = defaultdict(list)
    for n in pool.nodes:
        key = place_order(fold(n.name))
        if len(key.replace(" ", "")) >= min_len:
            by_first[(key[:1], len(key.split()))].append(n)
    for bucket in by_first.values():
        names: dict[str, list[Node]] = defaultdict(list)
        for n in bucket:
            names[place_order(fold(n.name))].append(n)
        keys = sorted(names)
        for i, ka in enumerate(keys):
            for kb in keys[i + 1 :]:
                if abs(len(ka) - len(kb)) > 2:
                    continue
                sims = [
                    JaroWinkler.similarity(x, y)
                    for x, y in zip(ka.split(), kb.split(), strict=True)
                ]
                sim = min(sims)
                if sim < min_sim:
                    continue
                na, nb = names[ka][0], names[kb][0]
                if pool.common_word(na.name) or pool.common_word(nb.name):
                    continue  # "Journalist"/"Journalism": words, not names
                form = word_forms(ka.split(), kb.split())
                if form == "plural":
                    # "Pelican Keys", "Corinne Halveys appeal": the name in another form,
                    # joined without a flag
                    a, b = (na, nb) if len(ka) > len(kb) else (nb, na)
                    yield Candidate(a.index, b.index, "plural", 0.9)
                    continue
                people = pool.is_person(na.index) and pool.is_person(nb.index)
                nationality = _nationality(pool, na) or _nationality(pool, nb)
                if form == "derived" and (nationality or not people):
                    continue  # "Russia"/"Russian", "Montenegro"/"Montenegrin": other words
                if form == "truncated":
                    # "Associate Press", "Calif": the same name cut short, joined unflagged
                    a, b = (na, nb) if len(ka) < len(kb) else (nb, na)
                    yield Candidate(a.index, b.index, "short-form", round(sim, 3))
                    continue
                if _nationality(pool, na) or _nationality(pool, nb):
                    continue
                ca = sum(len(n.mentions) for n in names[ka])
                cb = sum(len(n.mentions) for n in names[kb])
                a, b = (na, nb) if ca <= cb else (nb, na)
                same_given = len(ka.split()) > 1 and (
                    ka.split()[:-1] == kb.split()[:-1] or _given_spelt_alike(ka, kb)
                )
                if (
                    not same_given
                    and len(pool.articles_of(pool.find(a.index))) > 1
                    and len(pool.articles_of(pool.find(b.index))) > 1
                ):
                    continue  # two established names: likely two people
                yield Candidate(
                    a.index,
                    b.index,
                    "spelling",
                    round(sim, 3),
                    evidence=(pool.first_citation(a.index), pool.first_citation(b.index)),
                    reason=f"spelling similarity {sim:.2f}",
                )
    yield from _surname_spellings(pool, min_sim, min_len)
    yield from _given_spellings(pool)


# Endings that derive a nationality or an adjective from a place name, or strip a place name
# to its stem ("Russia"/"Russian", "Ukraine"/"Ukrainian", "Czechia"/"Czech", "Montenegro"/
# "Montenegrin", "Turkic"/"Turkish", "Hong Kong"/"Hong Kongers").
_DERIVING = (
    "ians", "ian", "eans", "ean", "ans", "an", "ns", "n", "ese", "ish", "ic", "ics", "i", "is",
    "ers", "er", "ites", "ite", "s", "ia", "a", "e", "o", "y", "in", "'s",
)  # fmt: skip


def _stems(word: str) -> set[str]:
    out = {word}
    for end in _DERIVING:
        if word.endswith(end) and len(word) - len(end) >= 3:
            out.add(word[: -len(end)])
    return out


def word_forms(a: list[str], b: list[str]) -> str | None:
    """How two names of as many words differ when no letter of either is misspelt: ``plural``
    (one adds an "s" to the last word), ``derived`` (a word of one is the other's with a
    nationality or adjective ending: "Russia"/"Russian", "Montenegro"/"Montenegrin"),
    ``truncated`` (a word of one is the start of the other's otherwise: an abbreviation, a cut);
    None when they differ otherwise (a real variant)."""
    kinds = set()
    for x, y in zip(a, b, strict=True):
        if x == y:
            continue
        short, long = sorted((x, y), key=len)
        if long == short + "s" or long == short + "'s":
            kinds.add("plural")
        elif long.startswith(short) and long[len(short) :] in _DERIVING:
            kinds.add("derived")
        elif long.startswith(short):
            kinds.add("truncated")
        elif _stems(x) & _stems(y) and x[:3] == y[:3]:
            kinds.add("derived")
        else:
            return None
    if not kinds:
        return None
    if kinds == {"plural"}:
        return "plural"
    return "derived" if "derived" in kinds else "truncated"


def _nationality(pool: Pool, node: Node) -> bool:
    """A nationality, religion or political group ("Americans", "Muslims"): never a variant
    spelling of a name."""
    return pool.type_of(node.index) == "NORP" or any(m.label == "NORP" for m in node.mentions)


def _surname_spellings(pool: Pool, min_sim: float, min_len: int) -> Iterable[Candidate]:
    """A bare surname spelt otherwise than the surname of one full name of the story
    ("Veliyeva" beside "Ilsu Valiyeva"): it joins that full name, not a surname alone."""
    surnames: dict[str, set[int]] = defaultdict(set)
    for n in pool.nodes:
        if not pool.is_person(n.index):
            continue
        for form in n.western_full or ([n.name] if n.full and n.romanized else []):
            key = surname_key(form)
            if key and len(key) >= min_len:
                surnames[key].add(n.index)
    for n in pool.nodes:
        key = fold(n.name)
        if n.full or len(key) < min_len or key in surnames or key in given_names():
            continue
        if pool.common_word(n.name) or not pool.is_person(n.index):
            continue
        hits = []
        for sk, idx in surnames.items():
            if sk[:1] != key[:1] or abs(len(sk) - len(key)) > 2:
                continue
            sim = JaroWinkler.similarity(key, sk)
            if sim >= min_sim and word_forms([key], [sk]) is None:
                hits.append((sim, sk, idx))
        people = {pool.find(i) for _s, _k, idx in hits for i in idx} - {pool.find(n.index)}
        full = {pool.nodes[i].name for _s, _k, idx in hits for i in idx}
        if not people or not _same_given(full):
            continue  # none, or several people it could be
        sim, sk, idx = max(hits)
        b = min(idx)
        yield Candidate(
            n.index,
            b,
            "spelling",
            round(sim, 3),
            evidence=(pool.first_citation(n.index), pool.first_citation(b)),
            reason=f"spelling similarity {sim:.2f} to the surname of {pool.nodes[b].name}",
        )


def _same_given(names: set[str]) -> bool:
    """Whether full names can all be one person's by their given names ("Ilsu Valiyeva",
    "Ilsou Valiyeva": alike; "Oleg Sokolovsky", "Alexei Sokolovsky": not)."""
    parts = [" ".join(_given_parts(n)) for n in sorted(names)]
    return all(
        same_given_name(a, b) or JaroWinkler.similarity(a, b) >= 0.85
        for i, a in enumerate(parts)
        for b in parts[i + 1 :]
        if a and b
    )


def _translit_score(romanized_name: str, english: str) -> float | None:
    """The transliteration evidence that a romanized name (or one in its own script) is the
    English name, in [0, 1]; None when no model is at hand."""
    try:
        from . import translit
    except ImportError:  # pragma: no cover
        return None
    if translit.script_of(romanized_name) != "latin":
        try:
            return translit.cross_script_score(romanized_name, english)[0]
        except (OSError, EOFError, ValueError, KeyError):  # no usable model: no such evidence
            return None
    func = getattr(translit, "pinyin_to_english_score", None)
    if func is None:
        return None
    try:
        return float(func(romanized_name, english))
    except (OSError, EOFError, ValueError, KeyError):  # no usable model: no such evidence
        return None


@register("transliteration")
def transliteration(pool: Pool) -> Iterable[Candidate]:
    """A clearly transliterated, never introduced name ("Luobaide", "Ke Linsi") scored
    against each person's English full name by the back-transliteration model
    (link/translit.py). The model is a weak signal on its own: only a score at or above
    ``transliteration_min_score`` proposes a match; lower scores support context matches."""
    floor = pool.settings["transliteration_min_score"]
    latin = list(_latin_translit(pool, floor)) + list(_org_translit(pool, floor))
    yield from latin
    # A name in its own script is read against people as this pass will join them: its
    # English name and a romanized one ("Mala ...") are one target, not two rivals.
    sure = [c for c in latin if c.confidence >= pool.settings["merge_threshold"]]
    yield from _cross_script(pool, floor, _target_groups(pool, sure))


def _target_groups(pool: Pool, sure: Sequence[Candidate]) -> dict[int, int]:
    """Root -> the root it will share once the ``sure`` candidates are joined."""
    parent = {r: r for r in pool.roots()}

    def top(r: int) -> int:
        while parent[r] != r:
            r = parent[r]
        return r

    for c in sure:
        a, b = top(pool.find(c.a)), top(pool.find(c.b))
        if a != b:
            parent[max(a, b)] = min(a, b)
    return {r: top(r) for r in parent}


def _latin_translit(pool: Pool, floor: float) -> Iterable[Candidate]:
    """Romanized, never introduced names against each person's English full name."""
    targets = {}
    for r in pool.roots():
        if pool.is_person(r):
            full = pool.western_full(r)
            if full:
                targets[r] = max(full, key=len)
    for r in pool.roots():
        if not _orphan(pool, r):
            continue
        names = {pool.nodes[i].name for i in pool.members(r)}
        # names in their own script are read by _cross_script, against every target at once
        names = {n for n in names if _strongly_romanized(n) and script_of(n) == "latin"}
        if not names:
            continue
        variant = min(names, key=lambda n: (len(n), n))
        node = next(i for i in pool.members(r) if pool.nodes[i].name == variant)
        for t, english in targets.items():
            if t == r or pool.cooccur(r, t):
                continue
            score = _translit_score(variant, english)
            if score is None:
                return
            if score >= floor:
                yield Candidate(
                    node,
                    t,
                    "transliteration",
                    round(score, 3),
                    evidence=(pool.first_citation(node), pool.first_citation(t)),
                    reason=f"'{variant}' reads as a transliteration of '{english}' ({score:.2f})",
                )


def _latin_names(pool: Pool, r: int) -> list[str]:
    """The Latin-script names a cluster goes by, fullest first: its English full names and
    romanized full names ("Zhang Lifen"), else any Latin-script name it has."""
    names = {pool.nodes[i].name for i in pool.members(r)}
    latin = {n for n in names if script_of(n) == "latin"}
    full = set(pool.western_full(r)) | {n for n in latin if len(n.split()) > 1}
    return sorted(full or latin, key=lambda n: (-len(n.split()), n))


_MIN_FORM_CHARS = 3


def _said(pool: Pool, i: int) -> set[str]:
    return {m.name for m in pool.nodes[i].mentions}


_HOW = {
    "pinyin": "is spelt, in pinyin or Wade-Giles,",
    "sounds": "renders the sounds of",
    "letters": "transliterates",
}


def _cross_script(
    pool: Pool, floor: float, groups: Mapping[int, int] | None = None
) -> Iterable[Candidate]:
    """A cluster named only in Chinese characters, Cyrillic or Arabic script ("张展",
    "Майкл Спэвор") against every cluster with a Latin-script name, by
    ``translit.cross_script_score``. The best target proposes a match at its score when it
    reaches ``transliteration_min_score`` and beats the second by ``context_margin``;
    otherwise (two people whose names transliterate alike) the plausible ones are notes."""
    from .translit import cross_script_score

    targets = {r: latin for r in pool.roots() if (latin := _latin_names(pool, r))}
    margin = pool.settings["context_margin"]
    for r in pool.roots():
        if r in targets or not targets:
            continue  # a cluster with a Latin-script name is matched by the other generators
        names = {pool.nodes[i].name for i in pool.members(r)}
        longest = max(names, key=lambda n: (len(n), n))
        # a long short form ("奥斯特罗夫斯基") may read better than the full name; short ones
        # (a one-character surname) sound like too many names to count
        said = {m.name for i in pool.members(r) for m in pool.nodes[i].mentions}
        forms = sorted({longest} | {n for n in said if len(n) >= _MIN_FORM_CHARS})
        kind = pool.type_of(r)
        scored = []
        for t, english_names in targets.items():
            other = pool.type_of(t)
            if pool.cooccur(r, t) or (kind != other and "OTHER" not in (kind, other)):
                continue
            try:
                found = [(*cross_script_score(v, e), e, v) for v in forms for e in english_names]
            except (OSError, EOFError, ValueError, KeyError):  # no usable model
                return
            score, how, english, variant = max(found)
            scored.append((score, t, english, how, variant))
        scored.sort(key=lambda x: (-x[0], x[1]))
        group = groups or {}
        for rank, (score, t, english, how, variant) in enumerate(scored[:3]):
            node = min(
                (i for i in pool.members(r) if variant in {pool.nodes[i].name, *_said(pool, i)}),
                default=min(pool.members(r)),
            )
            if score < pool.settings["note_threshold"]:
                break
            mine = group.get(t, t)
            rivals = [x[0] for x in scored[rank + 1 :] if group.get(x[1], x[1]) != mine]
            second = rivals[0] if rivals else 0.0
            sure = rank == 0 and score >= floor and score - second >= margin
            conf = score if sure else min(score, pool.settings["merge_threshold"] - 0.01)
            yield Candidate(
                node,
                t,
                "transliteration",
                round(conf, 3),
                evidence=(pool.first_citation(node), pool.first_citation(t)),
                reason=f"'{variant}' {_HOW.get(how, 'transliterates')} '{english}' ({score:.2f})"
                + ("" if sure or rank else f"; the next candidate scores {second:.2f}"),
            )


def _org_translit(pool: Pool, floor: float) -> Iterable[Candidate]:
    """Organizations whose names end in the same words and whose other words are a
    transliteration of each other ("Ha'erwade Freight" / "Halvard Freight")."""
    for bucket in _orgs_by_last_word(pool).values():  # only names ending alike can pair
        for r, name in bucket:
            for t, other in bucket:
                if t == r or pool.cooccur(r, t):
                    continue
                head = _translit_head(name.split(), other.split())
                if head is None:
                    continue
                score = _translit_score(*head)
                if score is not None and score >= floor:
                    node = next(i for i in pool.members(r) if pool.nodes[i].name == name)
                    yield Candidate(
                        node,
                        t,
                        "transliteration",
                        round(score, 3),
                        evidence=(pool.first_citation(node), pool.first_citation(t)),
                        reason=f"'{head[0]}' reads as a transliteration of '{head[1]}' "
                        f"({score:.2f}), the rest of the names alike",
                    )


def _translit_head(words: list[str], other: list[str]) -> tuple[str, str] | None:
    """The leading words that differ when two names share their last words and the first's
    differing words read as romanized Chinese while the other's do not."""
    shared = 0
    while shared < min(len(words), len(other)) - 1 and fold(words[-1 - shared]) == fold(
        other[-1 - shared]
    ):
        shared += 1
    if not shared:
        return None
    a, b = " ".join(words[:-shared]), " ".join(other[:-shared])
    if romanized(a) != "zh" or romanized(b) is not None:
        return None
    return a, b


@register("knowledge-base")
def knowledge_base(pool: Pool) -> Iterable[Candidate]:
    """Names the knowledge base resolves to the same entry (labels, aliases, romanized forms of
    labels in other scripts)."""
    if pool.kb is None:
        return
    by_id: dict[str, list[tuple[int, float, str, str]]] = defaultdict(list)
    for n in pool.nodes:
        best: dict[str, tuple[float, str, str]] = {}
        for form in {n.name, *n.aliases}:
            for c in pool.kb.candidates(form):
                conf = float(getattr(c, "confidence", 1.0))
                better = c.id not in best or conf > best[c.id][0]
                if conf >= pool.settings["kb_min_confidence"] and better:
                    best[c.id] = (
                        conf,
                        str(getattr(c, "how", "")),
                        str(getattr(c, "label", "")),
                    )
        for kid, (conf, how, label) in best.items():
            by_id[kid].append((n.index, conf, how, label))
    for kid, hits in by_id.items():
        # the established side is a Latin-script name when there is one: a name in another
        # script is the variant, shown as an alias of the English name
        hits.sort(key=lambda h: (script_of(pool.nodes[h[0]].name) != "latin", -h[1]))
        top = hits[0]
        for idx, conf, how, label in hits[1:]:
            conf = min(conf, top[1])
            if how == "transliteration":
                # the sounds of the romanized name against the entry's English label are
                # evidence of their own, beside the romanized label match
                tr = _translit_score(pool.nodes[idx].name, label) or 0.0
                conf = 1.0 - (1.0 - conf) * (1.0 - tr)
            yield Candidate(
                idx,
                top[0],
                "knowledge-base",
                round(conf, 3),
                evidence=(pool.first_citation(idx), pool.first_citation(top[0])),
                reason=f"knowledge base {kid} ({label}) by {how or 'name'}",
            )
        for idx, _conf, _how, _label in hits:
            pool.nodes[idx].kb_ids[kid] = max(pool.nodes[idx].kb_ids.get(kid, 0.0), _conf)


# -- context ---------------------------------------------------------------------------------
_STOP = frozenset(
    {"the", "a", "an", "of", "to", "in", "on", "and", "for", "with", "by", "at", "from"}
    | {"his", "her", "their", "its", "two", "three"}
)


def _bags(pool: Pool) -> dict[int, Counter]:
    """A bag of context features for each cluster: the clusters named in the same sentences,
    its verbs with roles, and the words of its titles and descriptors."""
    bags: dict[int, Counter] = defaultdict(Counter)
    for r in pool.roots():
        bag = bags[r]
        for i in pool.members(r):
            n = pool.nodes[i]
            roles = {(m.sentence, m.dep, m.verb) for m in n.mentions if m.dep}
            for s in n.sentences:
                for j in pool.at[(n.article, s)]:
                    other = pool.find(j)
                    if other == r:
                        continue
                    bag[f"c:{other}"] += 1
                    # coordinated with this name ("Halvorsen and Lindqvist"): the same role
                    if any((m.sentence, m.dep, m.verb) in roles for m in pool.nodes[j].mentions):
                        bag[f"p:{other}"] += 2
            for m in n.mentions:
                if m.verb:
                    bag[f"v:{m.dep}:{m.verb}"] += 1
                for phrase in (m.title, m.descriptor):
                    for w in fold(phrase or "").split():
                        w = w.strip(",;:\"'’")
                        if w and w not in _STOP and w.isalpha():
                            bag["d:" + w.rstrip("s")] += 1
    return bags


def _idf(bags: dict[int, Counter]) -> dict[str, float]:
    df: Counter[str] = Counter()
    for bag in bags.values():
        df.update(bag.keys())
    total = max(1, len(bags))
    return {k: math.log(1.0 + total / v) for k, v in df.items()}


def _cosine(a: Counter, b: Counter, idf: dict[str, float]) -> tuple[float, list[str]]:
    shared = [k for k in a if k in b]
    if not shared:
        return 0.0, []
    dot = sum(a[k] * b[k] * idf[k] ** 2 for k in shared)
    na = math.sqrt(sum((v * idf[k]) ** 2 for k, v in a.items()))
    nb = math.sqrt(sum((v * idf[k]) ** 2 for k, v in b.items()))
    top = sorted(shared, key=lambda k: -(a[k] * b[k] * idf[k] ** 2))
    return (dot / (na * nb) if na and nb else 0.0), top


def _orphan(pool: Pool, r: int) -> bool:
    """A person never introduced by an English full name and named by a clearly
    transliterated name (two words, or three pinyin syllables and more; Russian or Arabic
    name shapes). English-language short names ("Jags", "Philly") are not: in untranslated
    text the same person keeps one name, and matching them by context alone goes wrong."""
    if not pool.is_person(r) or pool.western_full(r):
        return False
    names = {pool.nodes[i].name for i in pool.members(r)}
    if any(pool.common_word(n) for n in names):
        return False  # "Marijuana" opening a sentence is no transliterated name
    return any(_strongly_romanized(n) for n in names)


def _strongly_romanized(name: str) -> bool:
    if script_of(name) != "latin":
        return True  # written in its own script: never an English full name
    script = romanized(name)
    if script is None:
        return False
    if len(name.split()) > 1 or script != "zh":
        return True
    return len(_syllables(name)) >= 3


def _syllables(name: str) -> list[str]:
    """Pinyin syllables of a name, tolerant of misspellings ("Luobaude": luo bai de) when the
    transliteration module can segment, else strict."""
    try:
        from . import translit

        split = getattr(translit, "pinyin_syllables", None)
        if split is not None:
            return list(split(name) or [])
    except ImportError:  # pragma: no cover
        pass
    return pinyin_split(name) or []


_OPEN_QUOTES = "\"“‘'«"
_CLOSE_QUOTES = "\"”’'»"


def _quoted_only(pool: Pool, r: int) -> bool:
    """Whether every mention of a name stands alone in quotation marks (a pen name, a
    programme, a title: "under the pen name “Gang Ao Ping”"), not a person's name in use."""
    for i in pool.members(r):
        n = pool.nodes[i]
        text = pool.articles[n.article].text
        for m in n.mentions:
            before = text[max(0, m.start - 1) : m.start]
            after = text[m.end : m.end + 1]
            if not (before and before in _OPEN_QUOTES and after and after in _CLOSE_QUOTES):
                return False
    return True


def _own_latin_name(pool: Pool, r: int) -> bool:
    """A Russian- or Arabic-shaped name in Latin letters ("Dmitry Sobolev") is how English
    writes that person's own name, sound for sound: another person's name rendered through
    those scripts keeps its sounds too, so a takeover with no likeness of letters (which the
    spelling matches handle) is someone else. Chinese names are different: a foreigner's
    chosen Chinese name ("Ke Wende") may share no sound with the English one."""
    names = {pool.nodes[i].name for i in pool.members(r)}
    return all(script_of(n) == "latin" and romanized(n) in ("ru", "ar") for n in names)


def _given_name_only(pool: Pool, r: int) -> bool:
    names = {fold(pool.nodes[i].name) for i in pool.members(r)}
    return all(len(n.split()) == 1 and n in given_names() for n in names)


def _intro(pool: Pool, r: int, t: int, article: str) -> float:
    """How clearly the orphan ``r`` takes over from ``t`` in ``article``: ``t``'s full name
    appears there once, before the orphan; right after it (within a few sentences) is the
    clearest takeover. 0.3 when ``t`` is absent from the article, 0 when it is named again."""
    opening = min(
        (
            m
            for i in pool.members(r)
            if pool.nodes[i].article == article
            for m in pool.nodes[i].mentions
        ),
        key=lambda m: m.start,
    )
    here = [pool.nodes[i] for i in pool.members(t) if pool.nodes[i].article == article]
    if not here:
        return 0.3
    if sum(len(n.mentions) for n in here) == 1 and here[0].full:
        gap = opening.sentence - here[0].mentions[0].sentence
        return 1.0 if 0 < gap <= 3 else 0.75 if gap > 0 else 0.4
    return 0.0


@register("context")
def context(pool: Pool) -> Iterable[Candidate]:
    """An unintroduced name that takes over the role of an introduced one: in its article the
    full name appears once and never again while the new name carries on, and the two share
    companions, predicates and descriptors ("Halvorsen and X, the two Swedes" where other
    sentences say "Lindqvist and Halvorsen"); the transliteration score, when there is one, adds
    support."""
    bags = _bags(pool)
    idf = _idf(bags)
    by_feature: dict[str, set[int]] = defaultdict(set)
    for r, bag in bags.items():
        for k in bag:
            by_feature[k].add(r)
    w_intro = pool.settings["context_weight_intro"]
    w_ctx = pool.settings["context_weight_similarity"]
    w_tr = pool.settings["context_weight_transliteration"]
    for r in pool.roots():
        if not _orphan(pool, r) or _quoted_only(pool, r) or _own_latin_name(pool, r):
            continue
        articles = sorted(pool.articles_of(r))
        opening = min(
            (m for i in pool.members(r) for m in pool.nodes[i].mentions), key=lambda m: m.start
        )
        introduced = bool(opening.title)
        targets: set[int] = set()
        for k in bags[r]:
            targets |= by_feature[k]
        scored = []
        for t in sorted(targets):
            if t == r or not pool.is_person(t) or _orphan(pool, t) or pool.cooccur(r, t):
                continue
            if _given_name_only(pool, t):  # "Anna" of "the two Annas": not one person
                continue
            if names_conflict(pool, r, t):
                continue
            intro, article = max((_intro(pool, r, t, a), a) for a in articles)
            sim, shared = _cosine(bags[r], bags[t], idf)
            tr = 0.0
            names = pool.western_full(t)
            if names:
                english = max(names, key=len)
                variant = min((pool.nodes[i].name for i in pool.members(r)), key=len)
                tr = _translit_score(variant, english) or 0.0
            conf = 1.0 - (1.0 - w_intro * intro) * (1.0 - w_ctx * min(1.0, sim / 0.3)) * (
                1.0 - w_tr * tr
            )
            if introduced:  # a name given with its own title is a new person, not a takeover
                conf *= 0.6
            scored.append((conf, t, intro, sim, tr, shared, article))
        if not scored:
            continue
        scored.sort(key=lambda s: -s[0])
        best = scored[0]
        # A close second makes the match doubtful: both are only notes.
        margin = best[0] - scored[1][0] if len(scored) > 1 else best[0]
        conf = (
            best[0]
            if margin >= pool.settings["context_margin"]
            else min(best[0], pool.settings["merge_threshold"] - 0.01)
        )
        yield _context_candidate(pool, r, best, conf)
        for other in scored[1:3]:
            if other[0] >= pool.settings["note_threshold"]:
                yield _context_candidate(pool, r, other, min(other[0], conf - 0.01))


def _context_candidate(pool: Pool, r: int, scored: tuple, conf: float) -> Candidate:
    _conf, t, intro, sim, tr, shared, article = scored
    variant = min(pool.members(r), key=lambda i: (pool.nodes[i].article != article, i))
    target = min(pool.members(t), key=lambda i: (pool.nodes[i].article != article, i))
    ev = [pool.first_citation(variant)]
    reasons = []
    if intro >= 0.75:
        reasons.append("the full name is introduced once and never used again in this article")
    companions = list(dict.fromkeys(int(k[2:]) for k in shared if k.startswith(("p:", "c:"))))
    for other in companions[:2]:
        name = pool.nodes[other].name
        reasons.append(f"both named with {name}")
        for side in (r, t):
            for place in sorted(pool.places(side) & pool.places(other)):
                c = pool.cite(*place)
                if c not in ev:
                    ev.append(c)
                break
    words = [k[2:] for k in shared if k.startswith(("d:", "v:"))][:3]
    if words:
        reasons.append("shared context: " + ", ".join(words))
    if tr:
        reasons.append(f"transliteration score {tr:.2f}")
    if intro >= 0.75:
        ev.append(pool.first_citation(target))
    return Candidate(
        variant,
        target,
        "context",
        round(conf, 3),
        evidence=tuple(ev),
        reason="; ".join(reasons) + f" (context similarity {sim:.2f})",
    )
