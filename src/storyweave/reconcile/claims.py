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
from dataclasses import dataclass, field, fields
from typing import Any

from .. import datevalue
from ..config import Settings
from ..model import Analysis, Article, Citation, Claim, Entity
from .clauses import MODAL_PHRASES, SPEAKER_PRONOUNS, Clause, concepts, extract_clauses
from .dates import dates_a_day
from .timeline import citation

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
        section = (settings or Settings.default()).section("claims")
        values: dict[str, Any] = {
            f.name: (int if f.type == "int" else float)(section[f.name]) for f in fields(cls)
        }
        return cls(**values)


# Quotes in the first or second person ("I want to go home") are the speaker's, not facts.
_FIRST_PERSON = frozenset({"i", "we", "me", "us", "you", "let"})
# Clause roles that state something on their own (main clauses and their coordinations).
_MAIN_ROLES = frozenset({"ROOT", "conj", "parataxis"})
_STATUS_ORDER = {"conflicting": 0, "refined": 1, "corroborated": 2, "single-source": 3}
_BOUND = re.compile(
    r"^(?P<b>more than|over|at least|upwards of|nearly|almost|about|around|roughly|some|"
    r"up to|less than|fewer than|under|at most)\b",
    re.I,
)


@dataclass
class Unit:
    """One claim unit: a clause of one article with what is compared."""

    clause: Clause
    source: str  # the article, or the original it copies
    citation: Citation
    strong: frozenset[str]
    weak: frozenset[str]
    numbers: tuple[tuple[float, str | None, str, str | None], ...]  # (number, unit, text, bound)
    dates: tuple[tuple[str, str | None, datevalue.DateRange, str], ...]  # (value, mod, range, text)
    vector: Any = None
    rest_vector: Any = None  # of the clause without its names (``Clause.rest``), when needed
    copies: list[Citation] = field(default_factory=list)
    words: frozenset[str] = frozenset()  # content lemmas, synonyms folded
    said: frozenset[str] = frozenset()  # ... less those describing a named actor (its title)

    @property
    def article(self) -> str:
        return self.clause.article


def _bound(text: str) -> str | None:
    m = _BOUND.match(text.strip())
    if not m:
        return None
    b = m.group("b").lower()
    if b in ("nearly", "almost", "about", "around", "roughly", "some"):
        return "approx"
    if b in ("up to", "less than", "fewer than", "under", "at most"):
        return "max"
    return "min"


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


def claim_units(
    docs: Sequence[tuple[Article, Analysis]],
    clauses: Mapping[str, list[Clause]],
    types: Mapping[str, str],
    copies: Mapping[str, str] | None = None,
) -> list[Unit]:
    """The claim units of every article, in article and text order."""
    copies = copies or {}
    out: list[Unit] = []
    for article, an in docs:
        for c in clauses.get(article.id, []):
            strong = frozenset(a for a in c.actors if types.get(a) not in _PLACE_TYPES)
            weak = frozenset(c.actors) - strong
            numbers = []
            for qi in c.quantities:
                q = an.quantities[qi]
                if any(t.start <= q.start < t.end for t in an.time_expressions):
                    continue  # "three weeks" is a duration, compared as a date slot at most
                numbers.append((q.number, q.unit, q.text, _bound(q.text)))
            found = []
            for ti in c.timexes:
                tx = an.time_expressions[ti]
                if tx.type not in ("DATE", "TIME") or not datevalue.is_specific(tx.value):
                    continue
                if not dates_a_day(tx.text, tx.type):
                    continue
                value = tx.value.split("T")[0]
                span = datevalue.date_range(value, tx.mod)
                if span is not None:
                    found.append((value, tx.mod, span, tx.text))
            if not _worthy(c, strong, tuple(numbers), bool(found)):
                continue
            out.append(
                Unit(c, copies.get(article.id, article.id), citation(article, an, c.sentence),
                     strong, weak, tuple(numbers), tuple(found), words=concepts(c.lemmas),
                     said=concepts(c.lemmas - c.actor_lemmas))
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


def _compare_dates(group: Sequence[Unit]) -> tuple[str, dict[str, str]] | None:
    dated = [u for u in group if u.dates]
    if len({u.source for u in dated}) < 2:
        return None
    best = {u.article: min(u.dates, key=lambda d: datevalue.width(d[2])) for u in dated}
    values = {a: datevalue.label(v, m) for a, (v, m, _, _) in best.items()}
    spans = [d[2] for d in best.values()]
    if any(not datevalue.compatible(x, y) for k, x in enumerate(spans) for y in spans[k + 1 :]):
        return "conflicting", values
    if len({datevalue.width(s) for s in spans}) > 1 and len(set(values.values())) > 1:
        return "refined", values
    return "agree", values


def _numbers_fit(a: tuple[Any, ...], b: tuple[Any, ...]) -> str:
    """ "same", "refined" (a bound and a value within it) or "conflict"."""
    (x, _, _, bx), (y, _, _, by) = a, b
    if x == y and (bx == by or {bx, by} <= {None, "approx"}):
        return "same"  # "Eighty" and "about 80" are one count, rounded alike

    def within(bound: str | None, limit: float, v: float) -> bool:
        if bound == "min":
            return v >= limit
        if bound == "max":
            return v <= limit
        if bound == "approx":
            return abs(v - limit) <= 0.15 * max(abs(limit), 1)
        return v == limit

    if bx and not by and within(bx, x, y):
        return "refined"
    if by and not bx and within(by, y, x):
        return "refined"
    if bx and by and (within(bx, x, y) or within(by, y, x)):
        return "same"
    return "conflict"


def _compare_numbers(group: Sequence[Unit]) -> tuple[str, dict[str, str]] | None:
    # Numbers are compared only when both sources count the same thing (same unit noun).
    by_unit: dict[str, dict[str, tuple[Any, ...]]] = {}
    for u in group:
        for n in u.numbers:
            if n[1]:
                by_unit.setdefault(n[1], {}).setdefault(u.article, n)
    result: tuple[str, dict[str, str]] | None = None
    for _unit, per in by_unit.items():
        if len({_source_of(group, a) for a in per}) < 2:
            continue
        items = list(per.items())
        values = {a: n[2] for a, n in items}
        fits = [_numbers_fit(x[1], y[1]) for k, x in enumerate(items) for y in items[k + 1 :]]
        if "conflict" in fits:
            return "conflicting", values
        if "refined" in fits:
            result = ("refined", values)
        elif result is None:
            result = ("agree", values)
    return result


def _source_of(group: Sequence[Unit], article: str) -> str:
    return next(u.source for u in group if u.article == article)


def _compare_negation(group: Sequence[Unit]) -> tuple[str, dict[str, str]] | None:
    flags = {u.article: u.clause.negated for u in group}
    if len(set(flags.values())) > 1:
        return "conflicting", {
            u.article: ("negated" if u.clause.negated else "affirmed") + _modal_suffix(u)
            for u in group
        }
    return None


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
    group: Sequence[Unit], idf: Mapping[str, float], names: Mapping[str, str], cs: ClaimSettings
) -> tuple[str, dict[str, str]] | None:
    """Two sources that tell the same happening in nearly the same words, each with another
    named subject ("A won the race", "B won the race")."""
    subj = [(u, frozenset(s for s in u.clause.subject if s in u.strong)) for u in group]
    subj = [(u, s) for u, s in subj if s][: cs.actor_units]
    for k, (u, su) in enumerate(subj):
        for v, sv in subj[k + 1 :]:
            # Each subject absent from the other unit: not a passive retelling ("B was
            # sentenced by A" against "A sentenced B").
            apart = not su & (v.strong | v.weak) and not sv & (u.strong | u.weak)
            if u.source != v.source and apart and _lexical(u, v, idf) >= cs.same_words:
                return "conflicting", {
                    w.article: ", ".join(names.get(e, e) for e in sorted(sw)) for w, sw in subj
                }
    return None


def _status(
    group: Sequence[Unit], idf: Mapping[str, float], names: Mapping[str, str], cs: ClaimSettings
) -> tuple[str, str | None, dict[str, str]]:
    if len({u.source for u in group}) < 2:
        u = group[0]
        if u.dates:
            v, m, _, _ = min(u.dates, key=lambda d: datevalue.width(d[2]))
            return "single-source", "date", {u.article: datevalue.label(v, m)}
        return "single-source", None, {}
    found = {
        "date": _compare_dates(group),
        "number": _compare_numbers(group),
        "negation": _compare_negation(group),
        "actor": _compare_actors(group, idf, names, cs),
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
        dated = [u for u in group if u.dates]
        if dated:
            return _worded(min(dated, key=lambda u: min(datevalue.width(d[2]) for d in u.dates)))
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
    units = claim_units(docs, clauses, types, copies)
    units = _fold_copies(units)
    idf = _idf(units)
    groups = _align(units, idf, embedder, cs)
    names = {e.id: e.name for e in entities}
    out = []
    for g in groups:
        group = sorted((units[i] for i in g), key=lambda u: (u.article, u.clause.start))
        status, slot, values = _status(group, idf, names, cs)
        text = _claim_text(group, status, values)
        cites = tuple(c for u in group for c in (u.citation, *u.copies))
        out.append(
            Claim(
                id=_claim_id(text, [c.article for c in cites]),
                status=status,
                text=text,
                values=dict(values),
                citations=tuple(dict.fromkeys(cites)),
                slot=slot,
            )
        )
    out.sort(key=lambda c: (_STATUS_ORDER[c.status], -len({x.article for x in c.citations})))
    return tuple(out)


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
