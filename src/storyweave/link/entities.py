"""Entities across the articles of a story: one canonical entity per person or organization,
with every alias, how it was matched, its confidence and the evidence.

The name groups of each article (analyze/names.py) are the nodes. The candidate generators of
link/candidates.py run in the configured order (``[entities] generators``); each proposes
pairs with a match kind and a confidence, and a pair at or above ``merge_threshold`` joins two
clusters unless they hold different people's full names, are named in one sentence, or (for
inexact matches) differ in type. A pair between ``note_threshold`` and ``merge_threshold``
stays two entities with a "possibly the same as" note. Every inexact match is also a
``name-variant`` flag citing its evidence; a person called "she" in one source and "he" in
another gets a ``pronoun-mismatch`` flag.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..analyze.names import hyphenated_given, is_org_like, org_keys, surname_key
from ..analyze.nametables import chinese_order, fold
from ..config import Settings
from ..model import Alias, Analysis, Article, Citation, Entity, Flag
from . import candidates as _candidates  # noqa: F401  (registers the generators)
from .candidates import Candidate, Pool, get, names_conflict
from .evidence import build_nodes
from .pronouns import pronoun_flags
from .translit import script_of

__all__ = ["Resolution", "resolve", "entity_id", "VARIANT_KINDS"]

# Matches that are not plain forms of one name: each becomes a name-variant flag. A nickname
# or formal given name ("Joe", "Joseph") is an ordinary way to name a person, not an artifact.
VARIANT_KINDS = frozenset({"spelling", "transliteration", "knowledge-base", "context"})
# Matches of one name's own forms: no type or co-occurrence check needed.
_SAME_NAME = frozenset({"exact", "acronym", "reordering"})
# Matches with no natural direction: the side with fewer mentions becomes the variant.
_UNDIRECTED = frozenset({"spelling", "exact"})
_FLOAT_KEYS = (
    "merge_threshold",
    "note_threshold",
    "spelling_min_similarity",
    "spelling_min_length",
    "kb_min_confidence",
    "transliteration_min_score",
    "context_margin",
    "context_weight_intro",
    "context_weight_similarity",
    "context_weight_transliteration",
)


@dataclass(frozen=True, slots=True)
class Resolution:
    """The entities of a story, the flags raised while linking, and for every name group of
    every article (article id, group id) the id of its entity."""

    entities: tuple[Entity, ...]
    flags: tuple[Flag, ...]
    groups: Mapping[tuple[str, int], str] = field(default_factory=dict)

    def entity(self, entity_id: str) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)

    def entity_of(self, article: str, group: int) -> Entity | None:
        eid = self.groups.get((article, group))
        return self.entity(eid) if eid else None


@dataclass
class _Join:
    match: str
    confidence: float
    evidence: tuple[Citation, ...]
    reason: str


def entity_id(name: str, type_: str, salt: str = "") -> str:
    """A stable id from the canonical name and type (and a salt when two entities share both)."""
    digest = hashlib.sha1(f"{type_}|{fold(name)}|{salt}".encode()).hexdigest()
    return "ent-" + digest[:12]


def _settings(
    settings: Settings | Mapping[str, Any] | None,
) -> tuple[dict[str, float], list[str]]:
    if isinstance(settings, Settings):
        section = settings.section("entities")
    else:  # the shipped settings, with a mapping of overrides on top
        section = Settings.default().section("entities")
        section.update({k: str(v) for k, v in (settings or {}).items()})
    values = {k: float(section[k]) for k in _FLOAT_KEYS}
    generators = [g.strip() for g in section["generators"].split(",") if g.strip()]
    return values, generators


def resolve(
    docs: Sequence[tuple[Article, Analysis]],
    *,
    kb: Any = None,
    settings: Settings | Mapping[str, Any] | None = None,
) -> Resolution:
    """Link the name groups of a story's articles into entities.

    ``kb`` is an optional knowledge base with ``candidates(name)`` (link/kb.py); ``settings``
    the settings in force, a mapping of ``[entities]`` overrides on the shipped ones, or None
    for the shipped ones."""
    values, generators = _settings(settings)
    nodes = build_nodes(docs)
    articles = {a.id: a for a, _ in docs}
    sentences = {a.id: an.sentences for a, an in docs}
    pool = Pool(nodes, articles, sentences, values, kb)
    joined: dict[int, _Join] = {}
    notes: list[Candidate] = []
    for name in generators:
        found = sorted(get(name)(pool), key=lambda c: (-c.confidence, c.a, c.b))
        found = [c for c in found if _askable(pool, c)]
        for c in found:
            ra, rb = pool.find(c.a), pool.find(c.b)
            if ra == rb:
                continue
            if c.confidence >= values["merge_threshold"] and _compatible(pool, ra, rb, c.match):
                _join(pool, joined, c)
            elif c.confidence >= values["note_threshold"]:
                notes.append(c)
    return _build(pool, joined, notes)


# Matches by sound or by context: only between a person's name and a name that can be a
# rendering of it in another script.
_LOOSE = frozenset({"transliteration", "knowledge-base", "context"})


def _askable(pool: Pool, c: Candidate) -> bool:
    """Whether a loose match may stand: the variant is no common word ("Marijuana"), no place
    or nationality, and no East Asian name of its own sharing the target's surname ("Lok
    Ka-wing" is Henry Lok's own name, not a transliteration of it); a transliteration's target
    is written in English, not itself a romanized Chinese or Korean name. A name in another
    script ("张丽芬") is read back into letters by its own rules and may meet any target."""
    if c.match not in _LOOSE:
        return True
    variant = pool.nodes[c.a]
    if pool.common_word(variant.name) or pool.type_of(c.a) in ("GPE", "LOC", "NORP"):
        return False
    if c.match == "knowledge-base" or script_of(variant.name) != "latin":
        return True
    if not pool.is_person(c.b):
        return True  # "Ha'erwade Logistics" shares its generic word with "Halvard Logistics"
    targets = pool.western_full(c.b) or [pool.nodes[c.b].name]
    if c.match == "transliteration" and any(_east_asian(t) for t in targets):
        return False
    words = set(fold(variant.name).split())
    return not any(words & set(fold(t).split()) for t in targets)


def _east_asian(name: str) -> bool:
    tokens = name.split()
    return any(hyphenated_given(t) for t in tokens[1:]) or chinese_order(tokens[-2:])


def _compatible(pool: Pool, ra: int, rb: int, match: str) -> bool:
    if match in ("reordering", "exact"):
        return True  # the same letters, spaced or ordered otherwise ("Halvey Corinne")
    if match != "knowledge-base" and names_conflict(pool, ra, rb):
        return False
    # one name's own forms, and nicknames (often given in one sentence: "Kathryn (Katie)
    # Jenkin") skip the co-occurrence and type checks
    if match in _SAME_NAME or match in ("surname", "nickname"):
        return True
    if pool.cooccur(ra, rb):
        return False
    ta, tb = pool.type_of(ra), pool.type_of(rb)
    if ta == tb or match == "knowledge-base":
        return True
    # A near-identical spelling ("Vesling"/"Vessling") may join across types when one side's
    # type rests on little evidence (a model label or two, nothing else).
    return match == "spelling" and min(_type_weight(pool, ra), _type_weight(pool, rb)) <= 2.0


def _type_weight(pool: Pool, root: int) -> float:
    return max(pool.votes(root).values(), default=0.0)


def _join(pool: Pool, joined: dict[int, _Join], c: Candidate) -> None:
    if c.match in _UNDIRECTED and pool.mention_count(c.a) > pool.mention_count(c.b):
        c = replace(c, a=c.b, b=c.a)  # the less used name is the variant
    ra = pool.find(c.a)
    if c.match != "exact":
        for i in pool.members(ra):
            old = joined.get(i)
            if old is None:
                joined[i] = _Join(c.match, c.confidence, c.evidence, c.reason)
            elif c.confidence < old.confidence:
                evidence = tuple(dict.fromkeys(old.evidence + c.evidence))
                joined[i] = _Join(c.match, c.confidence, evidence, old.reason + "; " + c.reason)
    pool.union(c.b, c.a)


def _canonical(pool: Pool, root: int, core: list[int]) -> str:
    # a person's canonical name is its most used English full name, whichever node it comes
    # from (variants are never English full names); anything else takes the core's names
    counts: Counter[str] = Counter()
    western: set[str] = set()
    person = pool.is_person(root)
    for i in pool.members(root) if person else core or pool.members(root):
        n = pool.nodes[i]
        for m in n.mentions:
            counts[m.name] += 1
        western.update(n.western_full)
    pool_names = western if western and person else set(counts)
    core_names = {m.name for i in core for m in pool.nodes[i].mentions}
    # a Latin-script name before a name in another script: the dossier is in English, and
    # "张丽芬" is shown as an alias of "Zhang Lifen" however often the original wrote it; a
    # person is named by a full name when there is one ("Ilsu Valiyeva", not the
    # "Valiyeva" used more often)
    full = person and any(_word_count(s) > 1 for s in pool_names)
    return max(
        sorted(pool_names),
        key=lambda s: (
            script_of(s) == "latin",
            full and _word_count(s) > 1,
            counts[s],
            s in core_names,
            _word_count(s),
        ),
    )


def _word_count(name: str) -> int:
    """Words of a name; a name written without spaces in Chinese characters counts each
    character ("柯文德" is fuller than "柯")."""
    if " " not in name and any("\u4e00" <= ch <= "\u9fff" for ch in name):
        return len(name)
    return len(name.split())


def _relation(text: str, canonical: str, forms: set[str]) -> tuple[str, float]:
    """How a form found within one article's name group relates to the canonical name:
    one of its plain forms (``exact``, ``surname``, ``plural``, ``acronym``, ``reordering``),
    or ``variant`` (another spelling, a nickname, a transliteration...)."""
    t, c = fold(text), fold(canonical)
    if t == c:
        return "exact", 1.0
    tokens = c.split()
    if len(t.split()) == 1 and (t == surname_key(canonical) or t in tokens):
        return "surname", 0.95
    if t.endswith("s") and (t[:-1] in forms or t[:-1] in tokens):
        return "plural", 0.95
    if (is_org_like(text) or is_org_like(canonical)) and org_keys(text) & org_keys(canonical):
        return ("acronym" if text.isupper() else "reordering"), 0.9
    if set(t.split()) <= set(tokens):
        return "surname", 0.9
    if set(tokens) <= set(t.split()):
        return "exact", 0.9  # the name with a title or a middle name more
    return "variant", 0.0


def _plain(text: str, canonical: str, forms: set[str]) -> bool:
    return _relation(text, canonical, forms)[0] != "variant"


def _variant_joins(pool: Pool, root: int, name: str, joined: dict[int, _Join]) -> dict[int, _Join]:
    """For each member of a cluster that is a variant of its canonical name, the join that
    made it one. A member whose name is a plain form of the canonical name is no variant,
    whichever side of a join it was on ("Alexei Sokolovsky" never varies from itself); a member
    that is no plain form but was on the established side of the join (the canonical name
    came from the other side) takes that join."""
    members = pool.members(root)
    forms = {f for i in members for f in pool.nodes[i].forms}
    canonical_join = next(
        (
            joined[i]
            for i in sorted(members)
            if i in joined and fold(pool.nodes[i].name) == fold(name)
        ),
        None,
    )
    out = {}
    for i in members:
        n = pool.nodes[i]
        if _plain(n.name, name, forms):
            continue
        j = joined.get(i) or canonical_join
        if j is not None:
            out[i] = j
    return out


def _build(pool: Pool, joined: dict[int, _Join], notes: list[Candidate]) -> Resolution:
    entities: list[Entity] = []
    flags: list[Flag] = []
    groups: dict[tuple[str, int], str] = {}
    ids: dict[int, str] = {}
    canon: dict[int, str] = {}
    used: set[str] = set()
    for root in pool.roots():
        members = pool.members(root)
        core = [i for i in members if i not in joined]
        name = _canonical(pool, root, core)
        type_ = pool.type_of(root)
        eid = entity_id(name, type_)
        if eid in used:
            first = pool.nodes[min(members)]
            eid = entity_id(name, type_, f"{first.article}:{first.first}")
        used.add(eid)
        ids[root], canon[root] = eid, name
    note_text: dict[int, list[str]] = defaultdict(list)
    for c in notes:
        ra, rb = pool.find(c.a), pool.find(c.b)
        # a variant matched elsewhere by the same kind of evidence needs no note
        elsewhere = c.a in joined and joined[c.a].match == c.match
        if ra != rb and not elsewhere:
            line = f"possibly the same as {canon[rb]} ({c.match}, confidence {c.confidence:.2f}"
            line += f": {c.reason})" if c.reason else ")"
            if line not in note_text[ra]:
                note_text[ra].append(line)
    for root in pool.roots():
        eid, name = ids[root], canon[root]
        members = sorted(pool.members(root))
        forms = {f for i in members for f in pool.nodes[i].forms}
        variants = _variant_joins(pool, root, name, joined)
        aliases: dict[str, list[Any]] = {}
        kb_scores: dict[str, float] = defaultdict(float)
        mentions: list[tuple[str, int, int]] = []
        for i in members:
            n = pool.nodes[i]
            groups[n.key] = eid
            mentions.extend((n.article, m.start, m.end) for m in n.mentions)
            for kid, conf in n.kb_ids.items():
                kb_scores[kid] = max(kb_scores[kid], conf)
            j = variants.get(i)
            own_join = joined.get(i)
            for text, count in n.aliases.items():
                kind, conf = _relation(text, name, forms)
                evidence: tuple[Citation, ...] = ()
                if kind == "variant" and j is not None:
                    # a form of the variant name: the join's kind for the name itself, its
                    # own relation (a surname of the variant) at no more than the join's
                    own = _relation(text, n.name, n.forms)
                    plain = own[0] in ("exact", "variant")
                    kind = j.match if plain else own[0]
                    conf = j.confidence if plain else min(own[1], j.confidence)
                    evidence = j.evidence
                elif kind == "variant":
                    kind, conf = "exact", 0.9  # grouped within one article
                elif (
                    conf < 1.0
                    and own_join is not None
                    and own_join.match not in VARIANT_KINDS
                    and _relation(text, n.name, n.forms)[0] == "exact"
                ):
                    # a plain form joined by a plain match ("Authority" as a short form of
                    # an organization's name): the match that joined it
                    kind, conf = own_join.match, own_join.confidence
                    evidence = own_join.evidence
                key = text
                if key not in aliases:
                    aliases[key] = [count, kind, conf, evidence]
                else:
                    entry = aliases[key]
                    entry[0] += count
                    if conf > entry[2]:
                        entry[1:] = [kind, conf, evidence]
        alias_objs = tuple(
            Alias(text=t, count=v[0], match=v[1], confidence=round(v[2], 3), evidence=v[3])
            for t, v in sorted(aliases.items(), key=lambda kv: (-kv[1][0], kv[0]))
        )
        entities.append(
            Entity(
                id=eid,
                name=name,
                type=pool.type_of(root),
                aliases=alias_objs,
                kb_id=max(sorted(kb_scores), key=lambda k: kb_scores[k]) if kb_scores else None,
                mentions=tuple(sorted(mentions)),
                note="; ".join(note_text[root]) or None,
            )
        )
        flags.extend(_variant_flags(pool, eid, name, variants))
        flags.extend(pronoun_flags(pool, root, eid, name))
    return Resolution(entities=tuple(entities), flags=tuple(flags), groups=groups)


def _variant_flags(pool: Pool, eid: str, name: str, variants: dict[int, _Join]) -> list[Flag]:
    out = []
    seen = set()
    for i in sorted(variants):
        j = variants[i]
        if j.match not in VARIANT_KINDS:
            continue
        n = pool.nodes[i]
        key = (n.article, fold(n.name))
        if key in seen:
            continue
        seen.add(key)
        why = f": {j.reason}" if j.reason else ""
        out.append(
            Flag(
                kind="name-variant",
                article=n.article,
                text=n.name,
                entity=eid,
                message=f"'{n.name}' is taken to be {name} ({j.match}, confidence "
                f"{j.confidence:.2f}){why}",
                evidence=j.evidence,
            )
        )
    return out
