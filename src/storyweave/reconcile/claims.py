"""Claims: what each source says, lined up across sources and compared slot by slot.

A claim unit is a clause that states that something happened or is the case (a finite clause
with a named actor, a number or a date), with its attribution ("X said", "according to Y").
Units of different sources are aligned by meaning: sentence embeddings when an embedder is
given, content-lemma overlap and shared entities always. Each aligned group is one claim whose
slots are compared: dates (the time expressions of the clause), numbers with units
(``Analysis.quantities``) and negation. Status:

- ``conflicting``: one slot with incompatible values (12 vs 14 injured; March vs June; "did"
  vs "did not");
- ``refined``: the values agree and one is more precise ("last spring" vs "early April";
  "more than 25" vs "27");
- ``corroborated``: two or more independent sources agree;
- ``single-source``: one source only (syndicated copies count once).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .. import datevalue
from ..analyze.timex import duration_events
from ..config import Settings
from ..model import Analysis, Article, Citation, Claim, Entity
from .attributes import age_claims
from .clauses import (
    MODAL_PHRASES,
    NOMINALS,
    SPEAKER_PRONOUNS,
    Clause,
    concepts,
    extract_clauses,
)
from .clauses import (
    PERSON_NOUNS as _ROLE_SUBJECTS,
)
from .descriptions import description_claims
from .disputes import Dispute, counts_told, find_disputes, negation_conflict
from .events import citation, predicate_class
from .quotes import quote_claims
from .slots import (
    DateValue,
    Number,
    compare_dates,
    compare_numbers,
    date_values,
    dates_of,
    number_values,
    published_day,
    same_slot,
    stage,
)

__all__ = ["build_claims", "ClaimSettings", "Unit", "claim_units"]

_PLACE_TYPES = frozenset({"GPE", "LOC", "NORP"})


@dataclass(frozen=True, slots=True)
class ClaimSettings:
    """The ``[claims]`` settings: alignment thresholds and work bounds (the shipped values
    and how they were chosen are in settings.cfg)."""

    threshold: float
    threshold_lexical: float
    min_lexical: float
    close_paraphrase: float
    min_said: float
    rest_paraphrase: float
    named_paraphrase: float
    same_words: float
    max_embed: int
    top_k: int
    actor_units: int
    index_keys: int
    query_keys: int
    bucket_read: int

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> ClaimSettings:
        return (settings or Settings.default()).numbers(cls, "claims")


# Quotes in the first or second person ("I want to go home") are the speaker's, not facts.
_FIRST_PERSON = frozenset({"i", "we", "me", "us", "you", "let"})
# Clause roles that state something on their own (main clauses and their coordinations).
_MAIN_ROLES = frozenset({"ROOT", "conj", "parataxis"})
_STATUS_ORDER = {"conflicting": 0, "refined": 1, "corroborated": 2, "single-source": 3}


@dataclass
class Unit:
    """One claim unit: a clause of one article with what is compared."""

    clause: Clause
    source: str  # the article, or the original it copies
    citation: Citation
    strong: frozenset[str]
    weak: frozenset[str]
    numbers: tuple[Number, ...]
    dates: tuple[DateValue, ...]
    vector: Any = None
    rest_vector: Any = None  # of the clause without its names (``Clause.rest``), when needed
    copies: list[Citation] = field(default_factory=list)
    words: frozenset[str] = frozenset()  # content lemmas, synonyms folded
    said: frozenset[str] = frozenset()  # ... less those describing a named actor (its title)
    published: date | None = None  # the article's publication day (its first, for a month)
    predicate: str = ""  # the predicate's class (``events.predicate_class``)
    places: frozenset[str] = frozenset()  # towns and countries named
    stage: str = ""  # "@first" for an earlier state ("initially"), see ``slots.stage``

    @property
    def article(self) -> str:
        return self.clause.article


def _worthy(c: Clause, strong: frozenset[str], numbers: tuple[Any, ...], dated: bool) -> bool:
    """A clause that states something checkable: a finite clause with a named actor, a
    number or a date, and enough words to say something."""
    if c.kind != "clause" or c.hypothetical or not c.finite:
        return False
    if len(c.text.split()) < 4 or len(c.lemmas) < 2 or c.subject_word in _FIRST_PERSON:
        return False
    if c.role in _MAIN_ROLES or (c.role == "ccomp" and c.attribution):
        return bool(strong or numbers or dated)
    # A relative or adverbial clause is a claim of its own only with a date or a number.
    return bool(numbers or dated)


def _ongoing(article: Article, an: Analysis) -> frozenset[int]:
    """Time expressions of durations counted up to the time of writing ("held for 910
    days"): they grow with the publication date."""
    spans = [(s.start, s.end) for s in an.sentences]
    return frozenset(
        d.duration for d in duration_events(article.text, an.time_expressions, spans) if d.ongoing
    )


# Verbs that say a happening took place or is planned without naming it: the event noun
# they take names it ("made landfall", "entered a guilty plea", "sentencing is scheduled").
_LIGHT_VERBS = frozenset({"make", "enter", "have", "hold", "file", "lodge", "conduct", "take",
                          "be", "carry", "stage", "begin", "start", "mark"})  # fmt: skip
_SCHEDULE_VERBS = frozenset({"schedule", "set", "slate", "reschedule", "postpone", "delay",
                             "expect", "due", "plan"})  # fmt: skip


def _predicate(c: Clause, text: str) -> str:
    """The predicate class of a clause (``events.predicate_class``), or of the event noun a
    light verb takes ("made landfall": land); a scheduled happening is "schedule:" + its
    class ("his sentencing is scheduled for March 28")."""
    if c.verb in _SCHEDULE_VERBS:
        noun = c.event_noun or next((w for w in sorted(c.lemmas) if w in NOMINALS), None)
        if noun:
            return "schedule:" + _verb_class(NOMINALS[noun])
    if c.verb in _LIGHT_VERBS and c.event_noun:
        return _verb_class(NOMINALS[c.event_noun])
    return predicate_class(c, text)


def _verb_class(verb: str) -> str:
    return predicate_class(Clause("", 0, 0, 0, "", verb, frozenset(), ()), "")


def _main_person(clauses: Sequence[Clause], types: Mapping[str, str]) -> str | None:
    """The person an article is about: named in most clauses, at least twice and clearly more
    often than anyone else."""
    counts = Counter(a for c in clauses for a in set(c.actors) if types.get(a) == "PERSON")
    top = counts.most_common(2)
    if not top or top[0][1] < 2 or (len(top) > 1 and top[0][1] <= _MAIN_LEAD * top[1][1]):
        return None
    return top[0][0]


# How much more often the article's person is named than anyone else.
_MAIN_LEAD = 1.25


def _place_dates(
    clauses: Sequence[Clause], types: Mapping[str, str], an: Analysis, text: str
) -> dict[tuple[int, int], tuple[int, ...]]:
    """Dates the parser hung on a place name ("Montenegro on Tuesday extradited ..."), by the
    span of the clause around it, whose predicate they date. A noun phrase that only names a
    place ("a law imposed by China four years ago" is not) lends its dates."""
    out: dict[tuple[int, int], tuple[int, ...]] = {}
    places = [c for c in clauses if c.kind == "noun" and c.actors
              and all(types.get(a) in _PLACE_TYPES for a in c.actors)
              and _names_only(c, an, text)]  # fmt: skip
    for p in places:
        hosts = [c for c in clauses if c.kind == "clause" and c.start <= p.start and p.end <= c.end]
        if hosts:
            host = min(hosts, key=lambda c: c.end - c.start)
            out[(host.start, host.end)] = out.get((host.start, host.end), ()) + p.timexes
    return out


# Words a place name with its date may hold besides capitalised ones ("the Netherlands on
# Friday").
_NAME_GLUE = frozenset({"the", "of", "on", "in", "at", "'s", "and"})


def _names_only(c: Clause, an: Analysis, text: str) -> bool:
    """A noun phrase of names and its dates only: no common word outside its dates."""
    spans = [(t.start, t.end) for t in (an.time_expressions[i] for i in c.timexes)]
    for m in re.finditer(r"[^\W\d_][\w'’-]*", text[c.start : c.end]):
        at = c.start + m.start()
        if any(s <= at < e for s, e in spans):
            continue
        if not m.group()[0].isupper() and m.group().lower() not in _NAME_GLUE:
            return False
    return True


def _refers(c: Clause, gender: str | None) -> bool:
    """A clause whose subject is a person it does not name: a pronoun of the gender the
    article uses for its person ("she was sentenced"; ``gender``: "he" or "she"), or a role
    noun standing for one ("the Kremlin critic"). A pronoun elsewhere ("his co-defendants")
    leaves the subject someone else."""
    word = c.subject_word or ""
    if word in ("he", "she"):
        return gender == word
    # "The Kremlin critic, who is already serving ...": the antecedent's noun
    return word in _ROLE_SUBJECTS or (word in ("who", "that") and c.subject_lemma in _ROLE_SUBJECTS)


_PRONOUNS_OF = {"he": frozenset({"he", "his", "him"}), "she": frozenset({"she", "her"})}


def pronoun_genders(
    docs: Sequence[tuple[Article, Analysis]], entity_of: Mapping[tuple[str, int], str]
) -> dict[str, str]:
    """The pronoun ("he" or "she") the articles use for each entity, when they agree; and,
    keyed ``article|entity``, the one each article uses, when it is consistent (a machine
    translation that calls a woman "he" does so throughout: its "he" is still her)."""
    seen: dict[str, Counter[str]] = {}
    for _article, an in docs:
        for g in an.groups:
            ent = entity_of.get((an.article, g.id))
            for _s, _e, word in g.pronouns if ent else ():
                w = word.lower()
                key = "he" if w in _PRONOUNS_OF["he"] else "she" if w in _PRONOUNS_OF["she"] else ""
                if key and ent:
                    seen.setdefault(ent, Counter())[key] += 1
                    seen.setdefault(f"{an.article}|{ent}", Counter())[key] += 1
    return {e: c.most_common(1)[0][0] for e, c in seen.items() if len(c) == 1}


def claim_units(
    docs: Sequence[tuple[Article, Analysis]],
    clauses: Mapping[str, list[Clause]],
    types: Mapping[str, str],
    copies: Mapping[str, str] | None = None,
    nominal: list[Unit] | None = None,
    genders: Mapping[str, str] | None = None,
) -> list[Unit]:
    """The claim units of every article, in article and text order. ``nominal``, when given,
    receives a unit for each dated event noun ("the arrest in mid-2023"), which only the
    disputes compare."""
    copies = copies or {}
    out: list[Unit] = []
    for article, an in docs:
        main = _main_person(clauses.get(article.id, []), types)
        genders = genders or {}
        gender = genders.get(f"{article.id}|{main}") or genders.get(main or "")
        lent = _place_dates(clauses.get(article.id, []), types, an, article.text)
        ongoing: frozenset[int] | None = None
        published = published_day(article.published)  # given or inferred: it gates only
        for c in clauses.get(article.id, []):
            strong = frozenset(a for a in c.actors if types.get(a) not in _PLACE_TYPES)
            weak = frozenset(c.actors) - strong
            if main and not any(types.get(a) == "PERSON" for a in strong) and _refers(c, gender):
                strong |= {main}  # "she was sentenced", "his arrest": the article's person
            numbers: list[Number] = []
            if c.quantities or c.timexes:
                if ongoing is None:
                    ongoing = _ongoing(article, an)
                numbers = number_values(c, an, article.text, ongoing)
            found = date_values(c, an, article.text, published)
            if c.kind == "clause" and (c.start, c.end) in lent and not found:
                found = dates_of(c, lent[(c.start, c.end)], an, article.text, own=False)
            places = frozenset(a for a in c.actors if types.get(a) == "GPE")
            cite = citation(article, an, c.sentence)
            source = copies.get(article.id, article.id)
            if nominal is not None and c.kind == "noun" and c.verb in NOMINALS:
                # "Do Seo's arrest in mid-2023": a dated happening named by a noun
                dates = dates_of(c, c.timexes, an, article.text, own=False)
                if dates and strong:
                    nominal.append(
                        Unit(c, source, cite, strong, weak, (), tuple(dates),
                             words=concepts(c.lemmas), published=published,
                             predicate=_verb_class(NOMINALS[c.verb]), places=places)
                    )  # fmt: skip
            if nominal is not None and c.kind == "clause" and not c.hypothetical:
                for noun, tis in c.nominals:
                    dates = dates_of(c, tis, an, article.text, own=False)
                    if dates and (strong or weak):
                        # "the first hearing in late June": an earlier one of its kind
                        first = re.search(rf"\b(?:first|initial|previous)\s+{noun}", c.text, re.I)
                        nominal.append(
                            Unit(c, source, cite, strong, weak, (), tuple(dates),
                                 words=concepts(c.lemmas), published=published,
                                 predicate=_verb_class(NOMINALS[noun]), places=places,
                                 stage="@first" if first else stage(c, an, article.text))
                        )  # fmt: skip
            if not _worthy(c, strong, tuple(numbers), bool(found)):
                continue
            out.append(
                Unit(c, source, cite, strong, weak, tuple(numbers), tuple(found),
                     words=concepts(c.lemmas), said=concepts(c.lemmas - c.actor_lemmas),
                     published=published, predicate=_predicate(c, article.text), places=places,
                     stage=stage(c, an, article.text))
            )  # fmt: skip
    return out


# ---------------------------------------------------------------- alignment


def _idf(units: Sequence[Unit]) -> dict[str, float]:
    """Inverse document frequency over units, of words and of entities ("e:" + id): a name
    every unit of the story carries says little about which statement a unit makes."""
    df: Counter[str] = Counter()
    for u in units:
        df.update(u.words)
        df.update("e:" + e for e in u.strong)
    n = len(units) + 1
    return {w: math.log(n / (1 + k)) + 1.0 for w, k in df.items()}


def _weighted_jaccard(x: frozenset[str], y: frozenset[str], idf: Mapping[str, float]) -> float:
    if not x or not y:
        return 0.0
    inter = sum(idf.get(w, 1.0) for w in x & y)
    union = sum(idf.get(w, 1.0) for w in x | y)
    return inter / union if union else 0.0


def _lexical(a: Unit, b: Unit, idf: Mapping[str, float]) -> float:
    return _weighted_jaccard(a.words, b.words, idf)


def _who_not_what(a: Unit, b: Unit, idf: Mapping[str, float], cs: ClaimSettings) -> bool:
    """The units have one named actor in common and little of what they state about it: not
    their predicate, few of their content words less their actors' titles."""
    if len(a.strong & b.strong) != 1:
        return False
    va, vb = (concepts(frozenset({u.clause.verb})) for u in (a, b))
    if va == vb and va <= a.said:
        return False  # the same happening ("was arrested" / "were arrested")
    return _weighted_jaccard(a.said, b.said, idf) < cs.min_said


def _entities(a: Unit, b: Unit, idf: Mapping[str, float]) -> float:
    """Weighted Dice overlap of the named actors (places count for little)."""
    score = 0.0
    if a.strong and b.strong:
        x = frozenset("e:" + e for e in a.strong)
        y = frozenset("e:" + e for e in b.strong)
        j = _weighted_jaccard(x, y, idf)
        score = 2 * j / (1 + j)
    if a.weak & b.weak:
        score = min(1.0, score + 0.1)
    return score


def _rest_paraphrase(a: Unit, b: Unit, cs: ClaimSettings) -> bool:
    """The two clauses read alike to the embedder, whole and without their names."""
    if a.rest_vector is None or b.rest_vector is None:
        return False
    whole = float(a.vector @ b.vector) >= cs.named_paraphrase
    return whole and float(a.rest_vector @ b.rest_vector) >= cs.rest_paraphrase


def _score(a: Unit, b: Unit, idf: Mapping[str, float], cs: ClaimSettings) -> float:
    lex = _lexical(a, b, idf)
    if not (a.strong & b.strong) and lex < cs.min_lexical:
        return 0.0  # nothing in common that is not a place: not the same statement
    if _who_not_what(a, b, idf, cs):
        if not _rest_paraphrase(a, b, cs):
            return 0.0  # a shared name (and title) is not a shared statement
    elif lex < cs.min_lexical and not _close(a, b, cs):
        return 0.0  # names in common (who and whom, who and where) but few words
    return _blend(a, b, idf, cs)


def _close(a: Unit, b: Unit, cs: ClaimSettings) -> bool:
    """Close paraphrases by the embeddings of the whole clauses."""
    if a.vector is None or b.vector is None:
        return False
    return float(a.vector @ b.vector) >= cs.close_paraphrase


def _blend(a: Unit, b: Unit, idf: Mapping[str, float], cs: ClaimSettings) -> float:
    """The alignment score of two units that pass the gates of ``_score``."""
    lex = _lexical(a, b, idf)
    ent = _entities(a, b, idf)
    cos = float(a.vector @ b.vector) if a.vector is not None and b.vector is not None else None
    if cos is not None:
        s = 0.45 * cos + 0.3 * lex + 0.25 * ent
        threshold = cs.threshold
    else:
        s = 0.5 * lex + 0.5 * ent
        threshold = cs.threshold_lexical
    if (a.clause.modality is None) != (b.clause.modality is None):
        s -= 0.1  # "plans to" and "did" are less likely one statement
    # Rescale so that every mode compares against the threshold with embeddings.
    return s * cs.threshold / threshold


def _candidates(
    units: Sequence[Unit], idf: Mapping[str, float], cs: ClaimSettings
) -> dict[int, list[int]]:
    """For each unit, the units of other sources worth scoring: those sharing one of its
    rarest words or names. Each unit is indexed under its few rarest keys and looks up a few
    more, and a bucket is read only up to a bound, so the work stays linear in units."""
    keys_of = []
    for u in units:
        keys = [("e:" + e) for e in u.strong] + [("w:" + w) for w in u.words]
        keys.sort(key=lambda k: (-idf.get(k[2:] if k.startswith("w:") else k, 1.0), k))
        keys_of.append(keys)
    index: dict[str, list[int]] = {}
    for i, keys in enumerate(keys_of):
        for k in keys[: cs.index_keys]:
            index.setdefault(k, []).append(i)
    sources = [u.source for u in units]
    out: dict[int, list[int]] = {}
    for i, u in enumerate(units):
        found: list[int] = []
        for k in keys_of[i][: cs.query_keys]:
            bucket = [j for j in index.get(k, [])[: cs.bucket_read] if sources[j] != u.source]
            found += bucket * 2 if k.startswith("e:") else bucket  # a shared name counts twice
        out[i] = [j for j, _ in Counter(found).most_common(cs.top_k)]
    return out


def _embed(
    units: Sequence[Unit],
    cands: Mapping[int, list[int]],
    embedder: Any,
    idf: Mapping[str, float],
    cs: ClaimSettings,
) -> None:
    # A unit found only by another's lookup needs a vector too (lookups are not symmetric).
    found = {i for i, js in cands.items() if js} | {j for js in cands.values() for j in js}
    want = sorted(found)[: cs.max_embed]
    if not want:
        return
    vectors = embedder.encode([units[i].clause.text for i in want])
    for i, v in zip(want, vectors, strict=True):
        units[i].vector = v
    # The clauses without their names, for the embedded pairs that share only an actor and
    # would align if those read alike.
    need: dict[int, None] = {}
    for i in want:
        for j in cands[i]:
            u, v = units[i], units[j]
            if (
                v.vector is not None
                and float(u.vector @ v.vector) >= cs.named_paraphrase
                and _who_not_what(u, v, idf, cs)
                and _blend(u, v, idf, cs) >= cs.threshold
            ):
                need.update({i: None, j: None})
    rest = [i for i in need if units[i].clause.rest][: cs.max_embed]
    if rest:
        for i, v in zip(rest, embedder.encode([units[i].clause.rest for i in rest]), strict=True):
            units[i].rest_vector = v


def _align(
    units: Sequence[Unit], idf: Mapping[str, float], embedder: Any, cs: ClaimSettings
) -> list[list[int]]:
    """Groups of units saying the same thing, at most one unit per source."""
    cands = _candidates(units, idf, cs)
    if embedder is not None:
        _embed(units, cands, embedder, idf, cs)
    pairs = []
    done: set[tuple[int, int]] = set()
    for i, js in cands.items():
        for j in js:
            key = (min(i, j), max(i, j))
            if key in done:
                continue
            done.add(key)
            s = _score(units[key[0]], units[key[1]], idf, cs)
            if s >= cs.threshold:
                pairs.append((s, key[0], key[1]))
    parent = list(range(len(units)))
    members: dict[int, set[str]] = {i: {u.source} for i, u in enumerate(units)}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for _s, i, j in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        ri, rj = find(i), find(j)
        if ri == rj or members[ri] & members[rj]:
            continue  # a source says a thing once; its other units stay on their own
        parent[rj] = ri
        members[ri] |= members.pop(rj)
    groups: dict[int, list[int]] = {}
    for i in range(len(units)):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


# ---------------------------------------------------------------- slots and status


def _best_date(u: Unit) -> DateValue | None:
    dated = [d for d in u.dates if d.span is not None]
    if not dated:
        return None
    return min(dated, key=lambda d: (d.inferred, datevalue.width(d.span) if d.span else 0))


def _compare_dates(group: Sequence[Unit]) -> tuple[str, dict[str, str]] | None:
    """Dates that agree, one more precise than another ("refined") or alike ("agree");
    conflicts are the disputes' (``disputes``)."""
    best = {u.article: d for u in group if (d := _best_date(u)) is not None}
    if len({_source_of(group, a) for a in best}) < 2:
        return None
    values = {a: d.label() for a, d in best.items()}
    items = list(best.values())
    found = [compare_dates(x, y) for k, x in enumerate(items) for y in items[k + 1 :]]
    if "conflict" in found:
        return None
    if "refined" in found and len(set(values.values())) > 1:
        return "refined", values
    return "agree", values


def _compare_numbers(group: Sequence[Unit]) -> tuple[str, dict[str, str]] | None:
    """Numbers of one slot that agree, one more precise ("more than 25" and "27")."""
    result: tuple[str, dict[str, str]] | None = None
    numbered = [(u, n) for u in group for n in u.numbers]
    for k, (u, a) in enumerate(numbered):
        values = {u.article: a.label()}
        found = []
        for v, b in numbered[k + 1 :]:
            if v.source != u.source and v.article not in values and same_slot(a, b):
                values[v.article] = b.label()
                found.append(compare_numbers(a, b))
        if not found or "conflict" in found:
            continue
        if "refined" in found:
            return "refined", values
        if result is None:
            result = ("agree", values)
    return result


def _source_of(group: Sequence[Unit], article: str) -> str:
    return next(u.source for u in group if u.article == article)


def _compare_negation(group: Sequence[Unit]) -> tuple[str, dict[str, str]] | None:
    """A statement that one source makes and another denies ("paid" / "has not paid"), about
    the same participants with the same certainty; every source's value shown."""
    pairs = [(u, v) for k, u in enumerate(group) for v in group[k + 1 :] if u.source != v.source]
    if not any(negation_conflict(u, v) for u, v in pairs):
        return None
    return "conflicting", {
        u.article: ("negated" if u.clause.predicate_negated else "affirmed") + _modal_suffix(u)
        for u in group
    }


def _modal(u: Unit) -> str:
    m = u.clause.modality
    return "stated" if m is None else MODAL_PHRASES.get(m, m)  # auxiliaries as they are


def _modal_suffix(u: Unit) -> str:
    return "" if u.clause.modality is None else ", " + _modal(u)


def _compare_modality(group: Sequence[Unit]) -> tuple[str, dict[str, str]] | None:
    """Sources that agree but with another certainty ("will close", "plans to close",
    "closed"): corroborated, each source's modality shown beside the others'."""
    modes = {u.article: _modal(u) for u in group}
    if len(set(modes.values())) > 1:
        return "corroborated", modes
    return None


def _compare_actors(
    group: Sequence[Unit],
    idf: Mapping[str, float],
    names: Mapping[str, str],
    named_in: Mapping[str, frozenset[str]],
    cs: ClaimSettings,
    people: frozenset[str] = frozenset(),
) -> tuple[str, dict[str, str]] | None:
    """Two sources that tell the same happening in nearly the same words, each with another
    named person as subject ("A won the race", "B won the race"), neither naming the other's subject
    anywhere (``named_in``: the entities each article names): an article that names both
    tells two statements, not one with another actor."""
    subj = [(u, frozenset(s for s in u.clause.subject if s in u.strong and s in people))
            for u in group]  # fmt: skip
    subj = [(u, s) for u, s in subj if s][: cs.actor_units]
    for k, (u, su) in enumerate(subj):
        for v, sv in subj[k + 1 :]:
            if u.source == v.source or not u.clause.verb or u.clause.verb != v.clause.verb:
                continue
            if su & named_in.get(v.article, frozenset()) or sv & named_in.get(
                u.article, frozenset()
            ):
                continue  # each names the other's subject: not a disputed actor
            if _named_alike(su, sv, names):
                continue  # one person under two entities ("Sokolovsky", "Alexei Sokolovsky")
            gap = (u.published - v.published).days if u.published and v.published else 0
            if abs(gap) <= 7 and _lexical(u, v, idf) >= cs.same_words:
                return "conflicting", {
                    w.article: ", ".join(names.get(e, e) for e in sorted(sw))
                    for w, sw in subj
                    if w.clause.verb == u.clause.verb
                }
    return None


def _named_alike(a: frozenset[str], b: frozenset[str], names: Mapping[str, str]) -> bool:
    """Two sets of entities whose names share a word: most likely one referent that entity
    resolution kept apart ("I. Valiyeva" and "Ilsu Valiyeva")."""
    words = [{w.lower().strip(".,") for e in x for w in names.get(e, e).split()} for x in (a, b)]
    return bool(words[0] & words[1])


def _status(
    group: Sequence[Unit],
    idf: Mapping[str, float],
    names: Mapping[str, str],
    named_in: Mapping[str, frozenset[str]],
    people: Mapping[str, str],
    cs: ClaimSettings,
) -> tuple[str, str | None, dict[str, str]]:
    if len({u.source for u in group}) < 2:
        u = group[0]
        d = _best_date(u)
        if d is not None:
            return "single-source", "date", {u.article: d.label()}
        return "single-source", None, {}
    found = {
        "date": _compare_dates(group),
        "number": _compare_numbers(group),
        "negation": _compare_negation(group),
        "actor": _compare_actors(group, idf, names, named_in, cs, frozenset(people)),
        "modality": _compare_modality(group),
    }
    for want in ("conflicting", "refined"):
        for slot, res in found.items():
            if res and res[0] == want:
                return want, slot, res[1]
    for slot, res in found.items():
        if res:
            return "corroborated", slot, res[1]
    return "corroborated", None, {}


def _claim_text(group: Sequence[Unit], status: str, values: Mapping[str, str]) -> str:
    if status == "refined" and values:
        # The most precise source words the claim.
        dated = [(u, d) for u in group if (d := _best_date(u)) is not None and d.span]
        if dated:
            return _worded(min(dated, key=lambda x: datevalue.width(x[1].span))[0])  # type: ignore[arg-type]
    # The unit naming the most actors, the first one among equals.
    return _worded(max(enumerate(group), key=lambda iu: (len(iu[1].strong), -iu[0]))[1])


def _worded(u: Unit) -> str:
    """A unit's words as a claim: a reported clause whose subject is a pronoun names its
    speaker first ("Unions: they would strike on Friday")."""
    c = u.clause
    if (
        c.subject_word in SPEAKER_PRONOUNS
        and c.attribution
        and c.text.lower().startswith(c.subject_word)
    ):
        return f"{c.attribution}: {c.text}"
    return c.text


def _claim_id(text: str, articles: Sequence[str]) -> str:
    key = re.sub(r"\W+", " ", text.lower()).strip() + "|" + " ".join(sorted(set(articles)))
    return "c" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def build_claims(
    docs: Sequence[tuple[Article, Analysis]],
    entity_of: Mapping[tuple[str, int], str],
    entities: Sequence[Entity] = (),
    *,
    embedder: Any = None,
    copies: Mapping[str, str] | None = None,
    clauses: Mapping[str, list[Clause]] | None = None,
    settings: ClaimSettings | None = None,
) -> tuple[Claim, ...]:
    """The claims of one story, conflicting first, then refined, corroborated, single-source.

    ``embedder`` has ``encode(texts) -> L2-normalized rows`` (``analyze.embed.Embedder``);
    without it units align by lemmas and entities. ``copies`` maps a syndicated copy's
    article id to its original's, so that a copy never counts as a second source.
    ``settings``: the ``[claims]`` settings (the shipped ones by default)."""
    cs = settings or ClaimSettings.from_settings()
    if clauses is None:
        clauses = extract_clauses(docs, entity_of, entities)
    types = {e.id: e.type for e in entities}
    copies = dict(copies or {})
    nominal: list[Unit] = []
    units = claim_units(
        docs, clauses, types, copies, nominal, genders=pronoun_genders(docs, entity_of)
    )
    units = _fold_copies(units)
    idf = _idf(units)
    groups = _align(units, idf, embedder, cs)
    names = {e.id: e.name for e in entities}
    named_in = {
        aid: frozenset(e for c in items for e in c.actors) for aid, items in clauses.items()
    }
    n = len(units)
    people = {e.id: e.name for e in entities if e.type == "PERSON"}
    every = units + nominal
    disputes, _ = find_disputes(
        every,
        groups,
        aligned=lambda i, j: (
            i < n and j < n and _score(units[i], units[j], idf, cs) >= cs.threshold
        ),
        people=people,
        places={e.id: e.name for e in entities if e.type != "PERSON"},
        told={a.id: counts_told(a.text) for a, _ in docs},
    )
    # A dispute within one aligned statement makes it conflicting; one across statements is
    # a claim of its own (two wordings of one fact: "the $60 billion collapse", "the
    # collapse of the $40 billion ecosystem").
    group_of = {i: gi for gi, members in enumerate(groups) for i in members}
    inside: dict[int, Dispute] = {}
    across: list[Dispute] = []
    for d in disputes:
        held = {group_of.get(i, -1 - i) for i in d.units}
        if len(held) == 1 and (gi := next(iter(held))) not in inside:
            inside[gi] = d
        else:
            across.append(d)
    out = []
    for gi, g in enumerate(groups):
        group = sorted((units[i] for i in g), key=lambda u: (u.article, u.clause.start))
        slot: str | None
        if gi in inside:
            d = inside[gi]
            status, slot = "conflicting", d.slot
            values = {every[i].article: d.values[i] for i in d.units}
        else:
            status, slot, values = _status(group, idf, names, named_in, people, cs)
        out.append(_claim(group, status, slot, values))
    for d in across:
        group = sorted((every[i] for i in d.units), key=lambda u: (u.article, u.clause.start))
        values = {every[i].article: d.values[i] for i in d.units}
        out.append(_claim(group, "conflicting", d.slot, values))
    out += age_claims(docs, entity_of, entities, copies)
    out += quote_claims(docs, copies)
    out += description_claims(docs, entity_of, entities, copies)
    out.sort(key=lambda c: (_STATUS_ORDER[c.status], -len({x.article for x in c.citations})))
    return tuple(out)


def _claim(
    group: Sequence[Unit], status: str, slot: str | None, values: Mapping[str, str]
) -> Claim:
    text = _claim_text(group, status, values)
    cites = tuple(c for u in group for c in (u.citation, *u.copies))
    return Claim(
        id=_claim_id(text, [c.article for c in cites]),
        status=status,
        text=text,
        values=dict(values),
        citations=tuple(dict.fromkeys(cites)),
        slot=slot,
    )


def _fold_copies(units: list[Unit]) -> list[Unit]:
    """A copy's unit with the same words as its original's becomes a citation of it."""
    by_text: dict[tuple[str, str], Unit] = {}
    for u in units:
        if u.source == u.article:
            by_text.setdefault((u.source, _norm(u.clause.text)), u)
    out = []
    for u in units:
        if u.source != u.article:
            orig = by_text.get((u.source, _norm(u.clause.text)))
            if orig is not None:
                orig.copies.append(u.citation)
                continue
        out.append(u)
    return out


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()
