"""Clauses of a story's articles: the units the timeline and the claims are built from.

A clause is one predicate with what hangs on it: its actors (entity ids of the names in it, of
a relative pronoun's antecedent, of "he"/"she" resolved by ``analyze.names``, of collective
references such as "the two Canadians" where the article names the pair), its time
expressions, quantities, negation, modality ("plans to", "is expected to") and attribution
("X said", "according to Y").

Sentences are parsed again with spaCy (no NER) to find clauses, within a budget of characters
per call so that large stories stay fast; sentences beyond the budget become one clause each,
read with cheap patterns. Parses are cached by sentence text, so the timeline and the claims of
one story share them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..config import Settings
from ..model import Analysis, Article, Entity
from .cache import PARSE, Cache, decode_parse, encode_parse, text_key

__all__ = [
    "PERSON_NOUNS",
    "Clause",
    "EVENT_NOUNS",
    "NOMINALS",
    "ORG_NOUNS",
    "concepts",
    "extract_clauses",
]

_CACHE_MAX = 2048  # parsed sentences kept (a few tens of MB): enough for one story's budget


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_CLAUSE_DEPS = frozenset({"ROOT", "conj", "ccomp", "advcl", "relcl", "parataxis", "csubj"})
_SPEECH = frozenset(
    {"say", "tell", "add", "report", "state", "note", "insist", "claim", "announce", "confirm",
     "write", "explain", "mention", "describe", "argue", "warn", "allege", "believe", "think"}
)  # fmt: skip
# Speech verbs that name whom they address ("told the inquiry ...", "warned reporters ...").
_ADDRESSED = frozenset({"tell", "warn", "inform", "assure", "remind", "notify"})
# What one tells rather than whom ("told the story she had heard").
_TOLD_THINGS = _words("story truth lie lies joke tale news secret detail details fact facts")
_TEMPORAL_MARKS = frozenset({"when", "after", "before", "as", "while", "once", "until", "since"})
_HYPOTHETICAL_MARKS = frozenset({"if", "whether", "unless"})
_MODAL_AUX = frozenset({"will", "would", "could", "may", "might", "should", "can", "shall", "must"})
# Verbs and adjectives that put what follows them in the future or in doubt, with how a
# dossier writes each beside a value ("plan" of "plans to close").
MODAL_PHRASES = {
    "plan": "plans to", "expect": "expected to", "intend": "intends to", "aim": "aims to",
    "hope": "hopes to", "seek": "seeks to", "want": "wants to", "set": "set to",
    "likely": "likely to", "schedule": "scheduled to", "propose": "proposes to",
    "threaten": "threatens to", "promise": "promises to", "vow": "vows to",
    "pledge": "pledges to", "try": "tries to", "attempt": "attempts to",
}  # fmt: skip
_MODAL_HEADS = frozenset(MODAL_PHRASES)
_NEGATIONS = frozenset({"not", "n't", "never", "no", "neither", "nor", "nobody", "none"})
_STOP = _words(
    "be have do get make go take the a an this that these those other such there here also "
    "say tell add report",
)
# Role nouns that a definite description uses for a person named just before ("the
# businessman"). A data table; the rule using it is general.
_PERSON_NOUNS = _words(
    "man woman businessman businesswoman diplomat minister ambassador executive official "
    "president spokesman spokeswoman spokesperson leader suspect victim lawyer judge envoy "
    "chief director journalist reporter activist candidate senator governor mayor founder "
    "author player coach artist officer general commander detainee prisoner defendant "
    "entrepreneur banker manager chairman chairwoman secretary premier king queen prince "
    "princess pope bishop priest doctor scientist professor student teacher critic tycoon "
    "mogul star athlete politician dissident editor correspondent academic legislator "
    "lawmaker campaigner billionaire publisher",
)
PERSON_NOUNS = _PERSON_NOUNS
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "both": 2, "2": 2, "3": 3, "4": 4, "5": 5}
_PLACE_TYPES = frozenset({"GPE", "LOC", "NORP"})
_SUBJECT_PRONOUNS = frozenset({"he", "she"})
# Subject pronouns that may stand for the speaker of what they say ("unions said they would").
SPEAKER_PRONOUNS = frozenset({"he", "she", "it", "they"})

# Words that name one kind of happening, so that two wordings of it overlap ("talks" and
# "discussions", "vowed" and "pledged"). A data table; each word maps to its group's first.
_SYNONYM_GROUPS = (
    "talk discussion discuss negotiate negotiation confer",
    "deal agreement accord pact settlement",
    "pledge vow promise commit",
    "arrest detain seize apprehend capture custody detention",
    "release free freedom liberate",
    "kill die dead death",
    "injure wound hurt injury",
    "sentence convict condemn",
    "trial try",
    "delay defer deferred delayed postpone",
    "help assist aid",
    "visit trip travel",
    "ask request demand urge",
    "begin start launch",
    "fire blaze flame",
    "plan intend",
    "deny reject",
    "testify testimony witness",
    "speed wind",
    "meet meeting",
    "divert redirect reroute",
    "south southern",
    "north northern",
    "east eastern",
    "west western",
)
_CONCEPT = {w: g.split()[0] for g in _SYNONYM_GROUPS for w in g.split()}

# Nouns that name a happening by the verb that tells it ("his arrest", "the extradition",
# "made landfall"): noun -> verb. A data table; the rules using it are general.
NOMINALS = {
    "arrest": "arrest", "detention": "detain", "capture": "capture", "extradition": "extradite",
    "sentencing": "sentence", "conviction": "convict", "verdict": "convict",
    "acquittal": "acquit", "release": "release", "death": "die", "killing": "kill",
    "plea": "plead", "trial": "try", "hearing": "hear", "landfall": "land", "collapse": "collapse",
    "resignation": "resign", "election": "elect", "appointment": "appoint", "visit": "visit",
    "meeting": "meet", "attack": "attack", "explosion": "explode", "crash": "crash",
    "indictment": "indict", "charge": "charge", "appeal": "appeal", "escape": "escape",
    "return": "return", "departure": "depart", "arrival": "arrive", "launch": "launch",
    "announcement": "announce", "publication": "publish", "testimony": "testify",
    "swap": "swap", "exchange": "exchange", "raid": "raid", "protest": "protest",
}  # fmt: skip
EVENT_NOUNS = frozenset(NOMINALS)

_parse_cache: dict[str, Any] = {}


def concepts(lemmas: frozenset[str]) -> frozenset[str]:
    """Lemmas with synonyms folded together."""
    return frozenset(_CONCEPT.get(w, w) for w in lemmas)


@dataclass(frozen=True, slots=True)
class Clause:
    """One clause of one article (offsets into ``Article.text``)."""

    article: str
    sentence: int  # sentence index
    start: int
    end: int
    text: str  # the clause's own words, attribution left out
    verb: str  # lemma of the predicate ("spend", "report")
    lemmas: frozenset[str]  # content lemmas, names left out
    actors: tuple[str, ...]  # entity ids, in text order
    subject: tuple[str, ...] = ()  # entity ids of the grammatical subject
    timexes: tuple[int, ...] = ()  # indices into Analysis.time_expressions anchored here
    quantities: tuple[int, ...] = ()  # indices into Analysis.quantities
    negated: bool = False
    modality: str | None = None  # "will", "plan", "expect", ...
    hypothetical: bool = False  # under "if", "whether", "unless"
    attribution: str | None = None  # who says so ("Three sources", "a June 7 report")
    kind: str = "clause"  # clause, speech (an attribution clause), noun (a dated noun phrase)
    parsed: bool = True
    finite: bool = True  # False for a bare infinitive or participle ("to facilitate the release")
    subject_word: str | None = None  # the subject's head word, lower case ("i", "officials")
    role: str = "ROOT"  # the head's dependency: ROOT, conj, ccomp, relcl, advcl, ...
    # Content lemmas that only describe a named actor ("port director" in "Port director X",
    # "X, the port director"): part of who, not of what the clause states.
    actor_lemmas: frozenset[str] = frozenset()
    rest: str = ""  # the clause's words without its names and their descriptions
    # For the timeline: where the predicate is written (the head, with a verb's particle:
    # "rolled out"), its tense, and how the text places it against another clause.
    predicate: tuple[tuple[int, int], ...] = ()
    tense: str = ""  # past, present, perfect, pluperfect, future, or "" (none, conditional)
    mark: str | None = None  # a temporal conjunction heading it: after, before, when, since ...
    sequence: str | None = None  # an adverb ordering it: then, later, earlier, previously ...
    governor: int = -1  # offset of the head of the clause it hangs on (-1 for a main clause)
    subject_lemma: str | None = None  # the subject's head lemma ("fire" of "The fire started")
    # For the claims: the words each number and time expression of the clause hangs on, by
    # its start offset ("15 years" of "sentenced to 15 years in prison": sentence, prison),
    # and whether the predicate itself is negated ("has not paid"; "not" elsewhere in the
    # clause, as in "pleaded not guilty", negates something else).
    anchors: tuple[tuple[int, frozenset[str]], ...] = ()
    # ... and whom each is about, by the verb it hangs on (entity ids; see _recipient)
    recipients: tuple[tuple[int, tuple[str, ...]], ...] = ()
    predicate_negated: bool = False
    # Start offsets of the time expressions that date the predicate itself ("arrested on
    # Wednesday"), not a noun of the clause ("the collapse in May 2022").
    own_dates: frozenset[int] = frozenset()
    # Time expressions of this clause that also date the clause it hangs on ("when he was
    # arrested on March 30": the timeline reads them there), and the event nouns dated in
    # it, with their time expressions ("the arrest in mid-2023": arrest).
    lent: tuple[int, ...] = ()
    nominals: tuple[tuple[str, tuple[int, ...]], ...] = ()
    # An event noun that is the predicate's subject or object ("made landfall", "his
    # sentencing is scheduled"): with a light verb it names what happened.
    event_noun: str | None = None


# ---------------------------------------------------------------- article context


@dataclass
class _Context:
    article: Article
    analysis: Analysis
    entity_of: Mapping[tuple[str, int], str]
    types: Mapping[str, str]
    mention_starts: list[tuple[int, int, str]]  # (start, end, entity id), names and pronouns
    pairs: list[tuple[int, tuple[str, ...]]]  # coordinated persons: (offset, entity ids)
    starts: list[int] = field(default_factory=list)  # mention_starts' offsets, for bisect

    def entity(self, group: int) -> str | None:
        return self.entity_of.get((self.analysis.article, group))

    def actors_in(self, spans: Sequence[tuple[int, int]]) -> list[tuple[int, str]]:
        """(offset, entity id) of the names and resolved pronouns within ``spans``."""
        out = []
        for a, b in spans:
            i = bisect.bisect_left(self.starts, a)
            while i < len(self.starts) and self.starts[i] < b:
                ent = self.mention_starts[i][2]
                if self.types.get(ent) != "NORP":
                    out.append((self.starts[i], ent))
                i += 1
        return sorted(set(out))


def _context(
    article: Article,
    analysis: Analysis,
    entity_of: Mapping[tuple[str, int], str],
    types: Mapping[str, str],
) -> _Context:
    marks: list[tuple[int, int, str]] = []
    for m in analysis.mentions:
        ent = entity_of.get((analysis.article, m.group))
        if ent:
            marks.append((m.start, m.end, ent))
    for g in analysis.groups:
        ent = entity_of.get((analysis.article, g.id))
        if not ent:
            continue
        for s, e, text in g.pronouns:
            if text.lower() in _SUBJECT_PRONOUNS:
                marks.append((s, e, ent))
    marks.sort()
    ctx = _Context(article, analysis, entity_of, types, marks, [], [m[0] for m in marks])
    ctx.pairs = _coordinations(article.text, analysis, ctx)
    return ctx


def _coordinations(
    text: str, analysis: Analysis, ctx: _Context
) -> list[tuple[int, tuple[str, ...]]]:
    """Runs of names of one kind (people, organizations, places) joined by "and" or commas
    ("Novak and Okafor"), by offset."""
    named = [(m.start, m.end, ent) for m in analysis.mentions if (ent := ctx.entity(m.group))]
    out: list[tuple[int, tuple[str, ...]]] = []
    run: list[tuple[int, int, str]] = []
    for item in named:
        same = bool(run) and _kind(ctx, run[-1][2]) == _kind(ctx, item[2])
        if same and _joins(text[run[-1][1] : item[0]]):
            run.append(item)
            continue
        if len(run) > 1:
            out.append((run[0][0], tuple(dict.fromkeys(e for _, _, e in run))))
        run = [item]
    if len(run) > 1:
        out.append((run[0][0], tuple(dict.fromkeys(e for _, _, e in run))))
    return [(off, ids) for off, ids in out if len(ids) > 1]


def _joins(between: str) -> bool:
    # "and", ", ", ", and", with at most two lower-case or nationality words ("and Canadian
    # comrade") in between.
    b = between.strip()
    return len(between) <= 30 and bool(re.fullmatch(r"(?:,|and|,\s*and|&)(?:\s+[\w-]+){0,2}", b))


# Plural nouns that stand for organizations or places, not people ("the two companies").
_ORG_NOUNS = _words(
    "company firm corporation bank group organization agency party team network studio label "
    "airline carrier maker manufacturer business rival giant union club publisher newspaper"
)
_PLACE_NOUNS = _words("country nation state city town province region island")
ORG_NOUNS = _ORG_NOUNS


def _kind(ctx: _Context, ent: str) -> str:
    t = ctx.types.get(ent, "")
    return "ORG" if t == "ORG" else "PLACE" if t in _PLACE_TYPES else "PERSON"


def _collective(ctx: _Context, offset: int, n: int, noun: str = "") -> tuple[str, ...]:
    """The n people (or organizations, places: by the noun) a plural reference at ``offset``
    stands for: the nearest coordination of n such names before it, else the first after."""
    want = "ORG" if noun in _ORG_NOUNS else "PLACE" if noun in _PLACE_NOUNS else "PERSON"
    fits = [(off, ids) for off, ids in ctx.pairs if len(ids) == n and _kind(ctx, ids[0]) == want]
    before = [ids for off, ids in fits if off < offset]
    if before:
        return before[-1]
    after = [ids for off, ids in fits if off > offset]
    return after[0] if after else ()


# ---------------------------------------------------------------- parsing


def _parse(texts: list[str], cache: Cache | None = None) -> list[Any]:
    """Dependency parses of sentences: from memory, else from ``cache``, else from the model."""
    from ..analyze.nlp import MODEL_NAME, MODEL_VERSION, load_model

    found = {t: _parse_cache[t] for t in dict.fromkeys(texts) if t in _parse_cache}
    missing = [t for t in dict.fromkeys(texts) if t not in found]
    if not missing:
        return [found[t] for t in texts]
    nlp = load_model()
    tag = f"{MODEL_NAME}-{MODEL_VERSION}"
    if cache is not None:
        keys = {t: text_key(tag, t) for t in missing}
        stored = cache.cached(PARSE, keys.values())
        for t in missing:
            data = stored.get(keys[t])
            doc = decode_parse(nlp.vocab, data) if data is not None else None
            if doc is not None and doc.text == t:
                found[t] = doc
        missing = [t for t in missing if t not in found]
    fresh = []
    if missing:
        disable = [p for p in ("ner",) if p in nlp.pipe_names]
        fresh = list(nlp.pipe(missing, disable=disable, batch_size=64))
        found.update(zip(missing, fresh, strict=True))
        if cache is not None:
            cache.cache(
                PARSE,
                [(text_key(tag, t), encode_parse(d)) for t, d in zip(missing, fresh, strict=True)],
            )
    for t, doc in found.items():
        if t not in _parse_cache:
            if len(_parse_cache) >= _CACHE_MAX:
                _parse_cache.pop(next(iter(_parse_cache)))
            _parse_cache[t] = doc
    return [found[t] for t in texts]


def _is_head(tok: Any) -> bool:
    if tok.dep_ == "ROOT":
        return True
    if tok.dep_ not in _CLAUSE_DEPS or tok.pos_ not in ("VERB", "AUX"):
        return False
    return tok.dep_ != "conj" or tok.head.pos_ in ("VERB", "AUX") or tok.head.dep_ == "ROOT"


def _head_of(tok: Any) -> Any:
    while not _is_head(tok):
        tok = tok.head
    return tok


def _has_mark(head: Any, marks: frozenset[str]) -> bool:
    return any(c.dep_ in ("mark", "advmod") and c.lower_ in marks for c in head.children)


def _ancestors(head: Any) -> list[Any]:
    out = []
    tok = head
    while tok.dep_ != "ROOT":
        tok = _head_of(tok.head)
        out.append(tok)
    return out


def _np(tok: Any) -> list[Any]:
    """A name's words: the token with its compounds, modifiers and coordinated names."""
    root = tok
    while root.dep_ == "conj" and root.head.pos_ in ("PROPN", "NOUN"):
        root = root.head
    keep = [root]
    stack = [root]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ in (
                "compound",
                "flat",
                "conj",
                "amod",
                "det",
                "poss",
                "nummod",
                "cc",
                "case",
            ):
                keep.append(c)
                stack.append(c)
    return sorted(keep, key=lambda t: t.i)


def _span_text(tokens: Sequence[Any]) -> str:
    # Punctuation next to a gap belonged to the words left out ("The businessman, [who ...,]
    # was tried"): drop it.
    toks = list(tokens)
    kept = []
    for i, t in enumerate(toks):
        if t.is_punct and t.text not in "“”\"'":
            gap_before = i > 0 and toks[i - 1].i != t.i - 1
            gap_after = i + 1 < len(toks) and toks[i + 1].i != t.i + 1
            if gap_before or gap_after:
                continue
        kept.append(t)
    out = ""
    for i, t in enumerate(kept):
        out += t.text
        if i + 1 < len(kept):
            nxt = kept[i + 1]
            out += t.whitespace_ if nxt.i == t.i + 1 else " "
    return re.sub(r"\s+", " ", out).strip(" ,;:-—")


def _lemma_set(tokens: Sequence[Any]) -> frozenset[str]:
    return frozenset(
        t.lemma_.lower()
        for t in tokens
        if t.pos_ in ("NOUN", "VERB", "ADJ", "NUM", "ADV") and not t.is_stop
        and t.lemma_.lower() not in _STOP and t.is_alpha or (t.pos_ == "NUM" and t.like_num)
    )  # fmt: skip


# ---------------------------------------------------------------- clauses of a parsed sentence


def _sentence_clauses(ctx: _Context, sent_index: int, offset: int, doc: Any) -> list[Clause]:
    an = ctx.analysis
    end_sent = offset + len(doc.text)
    heads = [t for t in doc if _is_head(t)]
    members: dict[int, list[Any]] = {h.i: [] for h in heads}
    for t in doc:
        members[_head_of(t).i].append(t)
    # "according to ..." phrases: attribution, not content.
    attributions: dict[int, str] = {}
    excluded: set[int] = set()
    for t in doc:
        if t.lemma_.lower() == "accord" and t.dep_ in ("prep", "advcl"):
            sub = list(t.subtree)
            words = [x for x in sub if x.i > t.i + 1]
            attributions[_head_of(t.head).i] = _span_text(words)
            excluded.update(x.i for x in sub)
        elif t.lower_ in ("reportedly", "allegedly", "reported") and t.dep_ == "advmod":
            attributions.setdefault(_head_of(t).i, t.lower_)
    speech: dict[int, str] = {}
    reported: set[int] = set()  # content clauses parsed as relative clauses (see _told)
    for h in heads:
        if h.lemma_.lower() in _SPEECH:
            subj = [c for c in h.children if c.dep_ in ("nsubj", "nsubjpass")]
            # The content: a complement, or a quote before the verb ("“...,” Biden said").
            content = [
                c
                for c in h.children
                if (c.dep_ in ("ccomp", "parataxis") or (c.dep_ == "advcl" and c.i < h.i))
                and c.pos_ in ("VERB", "AUX")
            ]
            if subj and content:
                who = _span_text(sorted(subj[0].subtree, key=lambda x: x.i))
                for c in content:
                    speech[c.i] = who
        if h.lemma_.lower() in _ADDRESSED and not any(c.i in speech for c in h.children):
            subj = [c for c in h.children if c.dep_ in ("nsubj", "nsubjpass")]
            for c in _told(h) if subj else []:
                speech[c.i] = _span_text(sorted(subj[0].subtree, key=lambda x: x.i))
                reported.add(c.i)
    # An inner speech verb whose content clause is its parent ("..., Novak said").
    for h in heads:
        if h.lemma_.lower() in _SPEECH and h.dep_ in ("parataxis", "ccomp") and _is_head(h.head):
            subj = [c for c in h.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj and h.head.i not in speech:
                speech[h.head.i] = _span_text(sorted(subj[0].subtree, key=lambda x: x.i))
    speakers = {
        h.i
        for h in heads
        if h.lemma_.lower() in _SPEECH | _ADDRESSED
        and (
            any(c.i in speech for c in h.children)
            or (h.dep_ in ("parataxis", "ccomp") and h.head.i in speech)
            or any(c.i in reported for c in _told(h))
        )
    }

    # Time expressions: which clause (or dated noun phrase) each one belongs to.
    by_head: dict[int, list[int]] = {h.i: [] for h in heads}
    nouns: dict[int, list[int]] = {}
    lifted: dict[int, set[int]] = {}
    lent: dict[int, list[int]] = {}  # a "when"/"since" clause's dates, lent to its governor
    event_nouns: dict[int, list[int]] = {}  # "the arrest in mid-2023": for the claims
    for ti, tx in enumerate(an.time_expressions):
        if not (offset <= tx.start < end_sent):
            continue
        toks = [t for t in doc if offset + t.idx < tx.end and offset + t.idx + len(t) > tx.start]
        if not toks:
            continue
        ids = {t.i for t in toks}
        root = next((t for t in toks if t.head.i not in ids or t.head.i == t.i), toks[-1])
        up = root.head
        if up.pos_ == "ADP":
            up = up.head
        event = _event_noun_above(root, ids)
        if event is not None:
            # "the arrest (in Montenegro) in mid-2023": also a date of the happening the noun
            # names (for the claims); the timeline reads it where it did before.
            event_nouns.setdefault(event.i, []).append(ti)
        if up.pos_ in ("NOUN", "PROPN") and not _is_head(up) and up.i not in ids:
            np_spans = [(offset + x.idx, offset + x.idx + len(x)) for x in up.subtree]
            if ctx.actors_in(np_spans):
                nouns.setdefault(up.i, []).append(ti)
                continue
        acl = _modifier_above(root)
        if acl is not None and acl.head.pos_ in ("NOUN", "PROPN"):
            # "Varga, born in 1961, has built ...": the date is the modifier's, not the verb's
            np_spans = [(offset + x.idx, offset + x.idx + len(x)) for x in acl.head.subtree]
            if ctx.actors_in(np_spans):
                nouns.setdefault(acl.head.i, []).append(ti)
                continue
        h = _head_of(root)
        if h.dep_ == "advcl" and _has_mark(h, _TEMPORAL_MARKS):
            parent = _head_of(h.head)
            lifted.setdefault(parent.i, set()).add(h.i)
            lent.setdefault(h.i, []).append(ti)
            h = parent
        by_head[h.i].append(ti)

    out: list[Clause] = []
    for h in heads:
        toks = [t for t in members[h.i] if t.i not in excluded]
        for extra in lifted.get(h.i, ()):
            toks += [t for t in members[extra] if t.i not in excluded]
        toks.sort(key=lambda t: t.i)
        content = [t for t in toks if not t.is_punct and not t.is_space]
        if not content:
            continue
        clause = _make_clause(ctx, sent_index, offset, doc, h, toks, by_head[h.i], speech,
                              attributions, "speech" if h.i in speakers else "clause",
                              "ccomp" if h.i in reported else h.dep_)  # fmt: skip
        borrowed = {an.time_expressions[t].start
                    for x in lifted.get(h.i, ()) for t in lent.get(x, ())}  # fmt: skip
        mine = [an.time_expressions[t] for t in lent.get(h.i, ())]
        own = {x.start for x in mine if not _under_noun(doc, offset, x.start, x.end, h)}
        nominals = tuple(
            (doc[n].lemma_.lower(), tuple(tis))
            for n, tis in event_nouns.items()
            if _head_of(doc[n]).i == h.i
        )
        clause = replace(clause, lent=tuple(lent.get(h.i, ())), nominals=nominals,
                         own_dates=(clause.own_dates | own) - borrowed)  # fmt: skip
        out.append(clause)
    for noun_i, tis in nouns.items():
        noun = doc[noun_i]
        toks = sorted(noun.subtree, key=lambda t: t.i)
        out.append(
            _make_clause(ctx, sent_index, offset, doc, noun, toks, tis, {}, {}, "noun", noun.dep_)
        )
    return out


def _event_noun_above(root: Any, ids: set[int]) -> Any:
    """The event noun a time expression hangs on: directly ("his March 29 arrest"), by a
    preposition ("the arrest in mid-2023"), or by way of a place ("the arrest in Montenegro
    in mid-2023")."""
    path: list[Any] = []
    if root.dep_ not in ("compound", "nmod", "pobj") or (
        root.dep_ == "pobj" and root.head.lower_ not in ("in", "on", "at", "during")
    ):
        return None  # "Friday, Dec. 9, 2022" set off after a caption is no date of a noun
    tok = root.head
    while tok.i != root.i and len(path) < 4 and tok.i not in ids:
        path.append(tok)
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in EVENT_NOUNS:
            shape = "".join("A" if t.pos_ == "ADP" else "P" if t.pos_ == "PROPN" else "N"
                            for t in path[:-1])  # fmt: skip
            return tok if shape in ("", "A", "AP", "APA") else None
        if tok.pos_ not in ("ADP", "PROPN") or tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def _told(head: Any) -> list[Any]:
    """The reported clauses of "told the inquiry she had not been warned": the parser hangs
    such a clause on the addressee as a relative clause. One with a subject of its own and no
    relative pronoun is what was told, unless the object is a thing told ("the story")."""
    out = []
    for obj in head.children:
        if obj.dep_ not in ("dobj", "dative") or obj.lemma_.lower() in _TOLD_THINGS:
            continue
        for c in obj.children:
            if c.dep_ != "relcl" or c.i < obj.i or c.pos_ not in ("VERB", "AUX"):
                continue
            subj = next((x for x in c.children if x.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is None or subj.i > c.i:
                continue
            # "that" before a subject of its own introduces what was told ("told the
            # hearing that workers had complained"), whatever the parser makes of it.
            lead = [x for x in c.subtree if obj.i < x.i <= subj.i and x.lower_ != "that"]
            if subj.lower_ != "that" and not any(
                x.tag_ in ("WP", "WDT", "WP$", "WRB") for x in lead
            ):
                out.append(c)
    return out


def _modifier_above(tok: Any) -> Any:
    """The participle modifying a noun ("born in 1955") that holds ``tok``, if no clause head
    comes first on the way up."""
    while tok.head.i != tok.i:
        if tok.dep_ == "acl":
            return tok
        if _is_head(tok):
            return None
        tok = tok.head
    return None


# Adverbs that order a clause against what the text told just before it.
_SEQUENCE = frozenset({"then", "later", "afterwards", "afterward", "subsequently", "next",
                       "earlier", "previously", "before", "already", "since", "now"})  # fmt: skip


def _tense(head: Any) -> str:
    """The tense of a clause from its head and auxiliaries: "past", "present", "perfect"
    (has done), "pluperfect" (had done), "future" (will do), or "" for a clause with none
    (an infinitive, a participle, a conditional "would")."""
    if head.pos_ not in ("VERB", "AUX"):
        return ""
    aux = [c for c in head.children if c.dep_ in ("aux", "auxpass") and c.i < head.i]
    words = {c.lower_ for c in aux}
    if words & {"will", "shall", "'ll"}:
        return "future"
    if words & {"would", "could", "might", "may", "should", "must", "can"}:
        return ""
    have = [c for c in aux if c.lemma_.lower() == "have"]
    if have:
        return "pluperfect" if have[0].tag_ == "VBD" else "perfect"
    for t in [*aux, head]:
        if t.tag_ == "VBD":
            return "past"
        if t.tag_ in ("VBZ", "VBP"):
            return "present"
    if head.tag_ == "VBG" and any(c.lower_ in ("going",) for c in aux):
        return "future"
    return ""


def _subject_lemma(head: Any, subj: Any) -> str | None:
    """The subject's head lemma; for "that destroyed", "which opened", the antecedent's."""
    if subj is None:
        return None
    if subj.tag_ in ("WP", "WDT") and head.dep_ == "relcl":
        return str(head.head.lemma_.lower())
    return str(subj.lemma_.lower())


def _predicate_spans(offset: int, head: Any) -> tuple[tuple[int, int], ...]:
    words = [head] + [c for c in head.children if c.dep_ == "prt" and c.i == head.i + 1]
    return tuple((offset + t.idx, offset + t.idx + len(t)) for t in words)


def _make_clause(
    ctx: _Context,
    sent_index: int,
    offset: int,
    doc: Any,
    head: Any,
    toks: list[Any],
    timexes: list[int],
    speech: Mapping[int, str],
    attributions: Mapping[int, str],
    kind: str,
    role: str,
) -> Clause:
    an = ctx.analysis
    spans = [(offset + t.idx, offset + t.idx + len(t)) for t in toks]
    found = ctx.actors_in(spans)
    subject: list[str] = []
    speaker_lemmas: frozenset[str] = frozenset()
    subj_tok = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj_tok is None and head.dep_ == "conj":
        subj_tok = next((c for c in head.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj_tok is None and head.dep_ == "advcl" and head.tag_ == "VBN" and head.i < head.head.i:
        # "Arrested in December 2020, Lok pleaded not guilty": the participle's subject is
        # its governor's.
        subj_tok = next((c for c in head.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    inside = {t.i for t in toks}
    summary_toks = list(toks)
    if subj_tok is not None:
        if subj_tok.tag_ in ("WP", "WDT") and head.dep_ == "relcl":
            # "who was arrested": the actors are the antecedent's.
            ante = _np(head.head)
            ante_spans = [(offset + t.idx, offset + t.idx + len(t)) for t in ante]
            named = ctx.actors_in(ante_spans) + _collectives(ctx, offset, ante)
            found += named
            subject = [e for _, e in named]
            summary_toks = [t for t in toks if t.i != subj_tok.i]
            summary = (
                _span_text(ante) + " " + _span_text([t for t in summary_toks if t.i > subj_tok.i])
            )
        else:
            sub = _subject_words(subj_tok)
            sub_spans = [(offset + t.idx, offset + t.idx + len(t)) for t in sub]
            subject = [e for _, e in ctx.actors_in(sub_spans)]
            if subj_tok.i not in inside:
                found += ctx.actors_in(sub_spans)  # a subject shared with the governing clause
            speaker = _speaker_of(head, subj_tok) if head.i in speech and not subject else None
            if speaker is not None:
                # "Unions said they would strike": the pronoun is the speaker
                said_by = _subject_words(speaker)
                said_spans = [(offset + t.idx, offset + t.idx + len(t)) for t in said_by]
                subject = [e for _, e in ctx.actors_in(said_spans)]
                found += [(offset + subj_tok.idx, e) for e in subject]
                speaker_lemmas = _lemma_set(said_by)
            if not subject and _definite_person(subj_tok):
                subject = list(_previous_subject(ctx, sent_index))
                found += [(offset + subj_tok.idx, e) for e in subject]
    # Collective references: "the two Canadians", "both men".
    for pos, ent, t in _collectives(ctx, offset, toks, with_token=True):
        found.append((pos, ent))
        if t.dep_ in ("nsubj", "nsubjpass") and t.head.i == head.i:
            subject.append(ent)
    actors = tuple(dict.fromkeys(e for _, e in sorted(found)))
    negated = any(t.dep_ == "neg" or t.lower_ in ("never",) for t in toks)
    modality = next((t.lemma_.lower() for t in toks
                     if t.dep_ == "aux" and t.lower_ in _MODAL_AUX and t.head.i == head.i), None)  # fmt: skip
    if modality is None:
        for t in toks:
            if t.lemma_.lower() in _MODAL_HEADS and any(c.dep_ == "xcomp" for c in t.children):
                modality = t.lemma_.lower()
                break
    if modality is None and head.dep_ in ("ccomp", "xcomp", "conj") and kind != "noun":
        # "which could see Sokolovsky jailed for 3.5 years": as sure as the clause it depends on
        up = _head_of(head.head)
        modality = next((c.lemma_.lower() for c in up.children
                         if c.dep_ == "aux" and c.lower_ in _MODAL_AUX), None)  # fmt: skip
    hypothetical = (
        _has_mark(head, _HYPOTHETICAL_MARKS)
        or any(_has_mark(a, _HYPOTHETICAL_MARKS) for a in _ancestors(head))
        if head.dep_ != "ROOT" or kind == "noun"
        else False
    )
    attribution = speech.get(head.i) or attributions.get(head.i)
    if attribution is None and kind != "speech":
        for a in _ancestors(head):
            if a.i in speech:
                attribution = speech[a.i]
                break
    subject_toks = _subject_words(subj_tok) if subj_tok is not None else []
    name_toks, describing = _describing(ctx, offset, toks, {t.i for t in subject_toks})
    who = name_toks | {t.i for t in describing}
    who |= {c.i for t in toks if t.i in name_toks for c in t.children if c.dep_ == "case"}  # 's
    start = min(s for s, _ in spans)
    end = max(e for _, e in spans)
    qs = tuple(qi for qi, q in enumerate(an.quantities) if any(a <= q.start < b for a, b in spans))
    anchors = tuple(
        (x.start, _anchor_words(doc, offset, x.start, x.end, head))
        for x in [an.quantities[qi] for qi in qs] + [an.time_expressions[ti] for ti in timexes]
    )
    own_dates = frozenset(
        tx.start
        for tx in (an.time_expressions[ti] for ti in timexes)
        if not _under_noun(doc, offset, tx.start, tx.end, head)
    )
    recipients = tuple(
        (x.start, _recipient(ctx, doc, offset, x.start, x.end, head))
        for x in [an.quantities[qi] for qi in qs] + [an.time_expressions[ti] for ti in timexes]
    )
    text = _clean(_span_text(toks))
    if subj_tok is not None and subj_tok.tag_ in ("WP", "WDT") and head.dep_ == "relcl":
        text = _clean(summary)
    return Clause(
        article=an.article,
        sentence=sent_index,
        start=start,
        end=end,
        text=text,
        verb=head.lemma_.lower(),
        lemmas=_lemma_set(toks) | speaker_lemmas,
        actors=actors,
        actor_lemmas=_lemma_set(describing) | speaker_lemmas,
        rest=_clean(_span_text([t for t in toks if t.i not in who])),
        subject=tuple(dict.fromkeys(subject)),
        timexes=tuple(timexes),
        quantities=qs,
        negated=negated,
        modality=modality,
        hypothetical=hypothetical,
        attribution=attribution,
        kind=kind,
        finite=subj_tok is not None or any(c.dep_ == "expl" for c in head.children),
        subject_word=subj_tok.lower_ if subj_tok is not None else None,
        role=role,
        predicate=_predicate_spans(offset, head),
        tense=_tense(head) if kind != "noun" else "",
        mark=next((c.lower_ for c in head.children
                   if c.dep_ in ("mark", "advmod") and c.lower_ in _TEMPORAL_MARKS), None)
        if head.dep_ == "advcl" else None,
        sequence=next((c.lower_ for c in head.children
                       if c.dep_ == "advmod" and c.lower_ in _SEQUENCE), None),
        governor=offset + _head_of(head.head).idx if head.dep_ != "ROOT" and kind != "noun"
        else -1,
        subject_lemma=_subject_lemma(head, subj_tok),
        anchors=anchors,
        recipients=recipients,
        own_dates=own_dates,
        event_noun=next((c.lemma_.lower() for c in head.children
                         if c.dep_ in ("dobj", "nsubj", "nsubjpass", "attr")
                         and c.lemma_.lower() in EVENT_NOUNS), None),  # fmt: skip
        predicate_negated=any(c.dep_ == "neg" or c.lower_ == "never" for c in head.children),
    )  # fmt: skip


def _anchor_words(doc: Any, offset: int, start: int, end: int, head: Any) -> frozenset[str]:
    """The content words a number or time expression hangs on: the nouns on the way up to the
    first verb, with their modifiers, and that verb with its subject and the nouns of its
    prepositions ("maximum sentence of 135 years": sentence, maximum, face; "winds were 120
    mph": wind, be; "sent to prison for 2.8 years": send, prison), and what hangs on the
    number itself ("15 years in prison", "eight miles south of Lisdorf"). The verb is also
    given as "^verb" and the preposition that links the number to it as "@prep" ("sentenced to
    15 years": ^sentence, @to; "after 156 days of hearings": @after)."""
    toks = [t for t in doc if offset + t.idx < end and offset + t.idx + len(t) > start]
    if not toks:
        return frozenset()
    ids = {t.i for t in toks}
    root = next((t for t in toks if t.head.i not in ids or t.head.i == t.i), toks[-1])
    out: set[str] = set()
    for t in root.subtree:
        if t.i in ids or t.dep_ != "pobj" or abs(t.i - root.i) > 6:
            continue
        if t.pos_ == "NOUN" or t.pos_ == "PROPN":
            out.add(t.lemma_.lower())
            out.update(c.lemma_.lower() for c in t.children if c.dep_ == "compound")
    # A verb of the number's own ("10 months served", "15 days to appeal"): what it counts.
    own_verb = next((c for c in root.children
                     if c.dep_ in ("acl", "relcl", "xcomp") and c.pos_ == "VERB"), None)  # fmt: skip
    tok, steps, prep, governor = root.head, 0, None, own_verb
    noun = None  # the first noun above: what the number measures ("a 74-mph gust")
    noun_tok = None
    while governor is None and tok.i != root.i and steps < 8:
        if tok.i not in ids:
            if tok.pos_ == "ADP" and prep is None:
                prep = tok.lower_
            elif tok.pos_ in ("NOUN", "ADJ"):
                out.add(tok.lemma_.lower())
                if tok.pos_ == "NOUN" and noun is None:
                    noun, noun_tok = tok.lemma_.lower(), tok
                out.update(c.lemma_.lower() for c in tok.children
                           if c.dep_ in ("amod", "compound"))  # fmt: skip
            elif tok.pos_ in ("VERB", "AUX"):
                governor = tok
                break
        if tok.i == head.i or tok.head.i == tok.i:
            break
        tok, steps = tok.head, steps + 1
    if governor is None:
        governor = head
    for c in governor.children:
        if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "NOUN" and c.i not in ids:
            out.add(c.lemma_.lower())
            if noun is None and governor.lemma_ in ("be", "reach", "remain", "stand"):
                noun = c.lemma_.lower()  # "winds were 120 mph"
            out.update(g.lemma_.lower() for g in c.children
                       if g.dep_ in ("amod", "compound") and g.pos_ in ("NOUN", "ADJ"))  # fmt: skip
        elif c.dep_ == "prep" and c.i not in ids:
            out.update(g.lemma_.lower() for g in c.children
                       if g.dep_ == "pobj" and g.pos_ == "NOUN" and g.i not in ids)  # fmt: skip
        elif c.dep_ in ("xcomp", "advcl") and c.tag_ == "VB":
            out.add(c.lemma_.lower())  # "gave him 10 days to appeal": what the days are for
    verb = governor.lemma_.lower()
    out.add(verb)
    words = {w for w in out if w.isalpha() and w not in _STOP}
    marks = {"^" + verb} | ({"@" + prep} if prep else set()) | ({"=" + noun} if noun else set())
    if noun_tok is not None:
        # "14 campaigners found guilty": the counted noun is an argument of the verb itself,
        # not of another noun ("the prosecution of the 47 campaigners").
        up = noun_tok.head.head if noun_tok.head.pos_ == "ADP" else noun_tok.head
        if up.i == governor.i:
            marks.add("!direct")
    return frozenset(words | marks)


def _recipient(
    ctx: _Context, doc: Any, offset: int, start: int, end: int, head: Any
) -> tuple[str, ...]:
    """Whom a number is about, by the verb it hangs on: the subject of a passive ("Lok was
    sentenced to 12 months"), of a verb of receiving ("Tai received 10 years"), else the
    object ("sentenced Lok to 14 months"), else the subject."""
    toks = [t for t in doc if offset + t.idx < end and offset + t.idx + len(t) > start]
    if not toks:
        return ()
    ids = {t.i for t in toks}
    tok = next((t for t in toks if t.head.i not in ids or t.head.i == t.i), toks[-1])
    steps = 0
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i and steps < 8:
        tok, steps = tok.head, steps + 1
    verb = tok if tok.pos_ in ("VERB", "AUX") else head
    kids = {c.dep_: c for c in reversed(list(verb.children))}
    if verb.dep_ == "acl" and verb.head.pos_ in ("PROPN", "NOUN") and "nsubj" not in kids:
        who = verb.head  # "Kenny Wu jailed for 10 years" (a headline)
    elif "nsubjpass" in kids:
        who = kids["nsubjpass"]
    elif verb.lemma_.lower() in _RECEIVING and "nsubj" in kids:
        who = kids["nsubj"]
    elif "dobj" in kids and kids["dobj"].pos_ in ("PROPN", "PRON"):
        who = kids["dobj"]
    elif "dobj" in kids:
        return ()  # "the judge handed down the sentence": to whom, the clause does not say
    elif "nsubj" in kids:
        who = kids["nsubj"]
    elif verb.dep_ == "conj":
        who = next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if who is None:
            return ()
    else:
        return ()
    if who.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
        who = verb.head  # "Tai, who received 10 years"
    spans = [(offset + t.idx, offset + t.idx + len(t)) for t in _np(who)]
    return tuple(dict.fromkeys(e for _, e in ctx.actors_in(spans)))


# Verbs whose subject is who gets what they count ("received 10 years", "faces 20 years").
_RECEIVING = _words("receive get face serve spend risk earn win take")


def _under_noun(doc: Any, offset: int, start: int, end: int, head: Any) -> bool:
    """True when a time expression dates something else than the clause's predicate: a noun
    of the clause ("the collapse of Luma in May 2022" in a clause about an arrest) or another
    verb below it ("after flying home for the first time since being poisoned last summer")."""
    toks = [t for t in doc if offset + t.idx < end and offset + t.idx + len(t) > start]
    if not toks or head.pos_ not in ("VERB", "AUX"):
        return False
    ids = {t.i for t in toks}
    first = min(ids)
    if any(
        t.dep_ == "mark" and t.lower_ in _SUBORDINATORS and t.head.i != head.i
        for t in doc[head.i + 1 : first]
    ):
        # "detained at the airport while in Russia for a family emergency on May 20": after
        # a subordinate phrase the date may be the phrase's; the parse cannot tell.
        return True
    tok = next((t for t in toks if t.head.i not in ids or t.head.i == t.i), toks[-1]).head
    while tok.i != head.i and tok.head.i != tok.i:
        if tok.i not in ids:
            if tok.pos_ in ("NOUN", "PROPN") and tok.lemma_.lower() not in _TIME_NOUNS:
                return True
            if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("aux", "auxpass"):
                return True
        tok = tok.head
    return False


# Words that open a subordinate phrase ("while in Russia", "as she boarded").
_SUBORDINATORS = _words("while whilst when as after before because since although though once")

# Nouns of time a date may hang on and still date the predicate ("on the afternoon of 9
# October", "at dawn on Tuesday").
_TIME_NOUNS = _words("morning afternoon evening night dawn dusk midnight noon day hour time")


# Dependencies that keep a word inside the description of a name: titles and compounds
# ("port director"), adjectives ("former"), appositions and what hangs on their nouns.
_DESCRIBE = frozenset({"compound", "flat", "amod", "nmod", "appos", "det", "poss", "case",
                       "prep", "pobj", "nummod", "cc", "conj"})  # fmt: skip
_TITLE_DEPS = frozenset({"compound", "flat", "amod", "nmod", "appos"})


def _describing(
    ctx: _Context, offset: int, toks: Sequence[Any], subject: set[int]
) -> tuple[set[int], list[Any]]:
    """The tokens of names in ``toks`` (their indices) and the words that describe a named
    subject rather than tell what happened: the titles of a name ("Port director X", "former
    mayor X"), its appositions ("X, the port director") and the noun a name stands in
    apposition to ("the ambassador, X"). Names elsewhere keep theirs: in "hired the lawyer X"
    or "aired the reality show X" those words are part of what happened."""
    if not toks:
        return set(), []
    first = offset + min(t.idx for t in toks)
    last = offset + max(t.idx + len(t) for t in toks)
    i = bisect.bisect_left(ctx.starts, first - 200)  # a name begun before the clause, if any
    spans = []
    while i < len(ctx.starts) and ctx.starts[i] < last:
        s, e, ent = ctx.mention_starts[i]
        if e > first and ctx.types.get(ent) != "NORP":
            spans.append((s, e))
        i += 1
    named = {
        t.i
        for t in toks
        if any(s < offset + t.idx + len(t) and offset + t.idx < e for s, e in spans)
    }
    if not named:
        return named, []
    inside = {t.i for t in toks}
    out: dict[int, Any] = {}

    def collect(tok: Any) -> None:
        stack = [tok]
        while stack:
            t = stack.pop()
            if t.i in out or t.i not in inside:
                continue
            out[t.i] = t
            stack += [c for c in t.children if c.dep_ in _DESCRIBE]

    for t in toks:
        if t.i not in named or t.i not in subject:
            continue
        head = t
        while head.dep_ in ("compound", "flat") and head.head.i in named:
            head = head.head
        for c in head.children:
            if c.dep_ in _TITLE_DEPS and c.i not in named:
                collect(c)
        up = head.head
        if head.dep_ == "appos" and up.pos_ == "NOUN" and up.i in inside and up.i not in named:
            out.setdefault(up.i, up)
            for c in up.children:
                if c.dep_ in _DESCRIBE and c.i != head.i:
                    collect(c)
    return named, [t for t in out.values() if t.i not in named]


def _speaker_of(head: Any, pronoun: Any) -> Any:
    """The subject of the speech verb whose content clause ``head`` is, when ``pronoun``
    (the clause's subject) agrees with it and so most likely stands for it ("the company said
    it would", "unions said they would", "Holt said she would"); else None."""
    word = pronoun.lower_
    if pronoun.pos_ != "PRON" or word not in SPEAKER_PRONOUNS:
        return None
    verb = head.head if head.head.i != head.i else None
    if verb is None or verb.lemma_.lower() not in _SPEECH | _ADDRESSED:
        verb = next((c for c in head.children if c.lemma_.lower() in _SPEECH), None)
    if verb is None:
        return None
    who = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if who is None or who.pos_ == "PRON":
        return None
    plural = who.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in who.children)
    person = who.ent_type_ == "PERSON" or who.lemma_.lower() in _PERSON_NOUNS
    if word == "they":
        return who if plural else None
    if plural:
        return None
    if word == "it":
        return None if person else who
    return who if person else None


def _definite_person(tok: Any) -> bool:
    """ "The businessman", "the diplomat": a singular, definite role noun."""
    return (
        tok.tag_ == "NN"
        and tok.lemma_.lower() in _PERSON_NOUNS
        and any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in tok.children)
    )


def _subject_words(tok: Any) -> list[Any]:
    """A subject's words without the clauses hanging on it ("The businessman, who ...")."""
    keep = [tok]
    stack = [tok]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ not in ("relcl", "acl", "advcl", "punct"):
                keep.append(c)
                stack.append(c)
    return sorted(keep, key=lambda t: t.i)


def _collectives(
    ctx: _Context, offset: int, toks: Sequence[Any], with_token: bool = False
) -> list[Any]:
    """(offset, entity id) for plural references to people the article names as a group."""
    out: list[Any] = []
    for t in toks:
        if t.pos_ not in ("NOUN", "PROPN") or t.tag_ not in ("NNS", "NNPS"):
            continue
        n = next((_COUNTS[c.lower_] for c in t.children
                  if c.dep_ in ("nummod", "det", "predet") and c.lower_ in _COUNTS), 0)  # fmt: skip
        if n:
            for ent in _collective(ctx, offset + t.idx, n, t.lemma_.lower()):
                out.append((offset + t.idx, ent, t) if with_token else (offset + t.idx, ent))
    return out


def _clean(text: str) -> str:
    # Words left around removed sub-clauses: ", ,", " .", a dangling "and".
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", text)
    text = re.sub(r"[,;:]\s*([.!?])$", r"\1", text)
    text = re.sub(r"\s+(?:and|but|or)[.,]?$", "", text)
    # A lead-in label ("Source: ...", "What to expect next: ...").
    text = re.sub(r"^(?:[“\"]?[\w’'-]+[”\"]?\s+){0,5}?[\w’'-]+:\s+(?=[A-Z])", "", text)
    text = re.sub(r"^(?:and|but|or|that|which|when|while|as|so|then)\s+", "", text, flags=re.I)
    text = text.strip(" ,;:-—“”\"'")
    words = text.split()
    return " ".join(words[:40]) + (" …" if len(words) > 40 else "")


def _previous_subject(ctx: _Context, sent_index: int) -> tuple[str, ...]:
    """The person who was the subject of the previous sentence (for "The businessman ...")."""
    for m in ctx.analysis.mentions:
        if m.sentence == sent_index - 1 and m.dep in ("nsubj", "nsubjpass"):
            ent = ctx.entity(m.group)
            if ent and ctx.types.get(ent) not in _PLACE_TYPES and ctx.types.get(ent) != "ORG":
                return (ent,)
    return ()


# ---------------------------------------------------------------- unparsed sentences

_WORD = re.compile(r"[A-Za-z][a-z]+")
_FB_STOP = _words(
    "the a an and or but of to in on at for with by from as that this these those is are was "
    "were be been being has have had will would could may might should can its it his her "
    "their they he she we you i not no also said says told which who whom whose than then "
    "there here into about after before over under more most some any all",
)
_FB_NEG = re.compile(r"\b(?:not|n't|never|no)\b", re.I)
_FB_MODAL = re.compile(
    r"\b(will|would|could|may|might|plans?\s+to|expected\s+to|intends?\s+to|likely\s+to)\b", re.I
)
_FB_ATTR = re.compile(
    r"according\s+to\s+(?P<a>[^,.;]+)|(?P<b>(?:[A-Z][\w.’'-]*\s+){1,4})(?:said|says|told)\b"
)


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _fallback(ctx: _Context, sent_index: int, start: int, end: int) -> Clause:
    """A whole sentence read as one clause, without a parse."""
    an = ctx.analysis
    text = ctx.article.text[start:end]
    words = [w.lower() for w in _WORD.findall(text) if not w[0].isupper()]
    lemmas = frozenset(_stem(w) for w in words if w not in _FB_STOP)
    actors = tuple(dict.fromkeys(e for _, e in ctx.actors_in([(start, end)])))
    modal = _FB_MODAL.search(text)
    attr = _FB_ATTR.search(text) if ("accord" in text or " said" in text or " told" in text
                                     or " says" in text) else None  # fmt: skip
    return Clause(
        article=an.article,
        sentence=sent_index,
        start=start,
        end=end,
        text=_clean(text),
        verb="",
        lemmas=lemmas,
        actors=actors,
        rest=_clean(_without_names(ctx, start, end)),
        subject=actors[:1],
        timexes=tuple(i for i, t in enumerate(an.time_expressions) if start <= t.start < end),
        quantities=tuple(i for i, q in enumerate(an.quantities) if start <= q.start < end),
        negated=bool(_FB_NEG.search(text)),
        predicate_negated=bool(_FB_NEG.search(text)),
        # Without a parse every number hangs on the sentence's words.
        anchors=tuple(
            (x, lemmas)
            for x in [q.start for q in an.quantities] + [t.start for t in an.time_expressions]
            if start <= x < end
        ),
        own_dates=frozenset(
            t.start for t in an.time_expressions if start <= t.start < end
        ),  # fmt: skip
        modality=modal.group(1).split()[0].lower() if modal else None,
        attribution=(attr.group("a") or attr.group("b")).strip() if attr else None,
        parsed=False,
    )


def _without_names(ctx: _Context, start: int, end: int) -> str:
    """The text from ``start`` to ``end`` with the names of actors (and resolved pronouns) cut
    out, for a sentence read without a parse."""
    out, pos = [], start
    i = bisect.bisect_left(ctx.starts, start)
    while i < len(ctx.starts) and ctx.starts[i] < end:
        s, e, ent = ctx.mention_starts[i]
        if s >= pos and ctx.types.get(ent) != "NORP":
            out.append(ctx.article.text[pos:s])
            pos = min(e, end)
        i += 1
    out.append(ctx.article.text[pos:end])
    return re.sub(r"\s+", " ", " ".join(out)).strip()


# ---------------------------------------------------------------- entry point


def _worth(an: Analysis, s: Any) -> int:
    """Parse priority of a sentence: 0 dated, 1 with a number or duration, 2 other, 3 none."""
    if any(s.start <= t.start < s.end and t.type in ("DATE", "TIME") for t in an.time_expressions):
        return 0
    if any(s.start <= t.start < s.end for t in an.time_expressions) or any(
        s.start <= q.start < s.end for q in an.quantities
    ):
        return 1
    if any(s.start <= m.start < s.end for m in an.mentions):
        return 2
    return 3


def extract_clauses(
    docs: Sequence[tuple[Article, Analysis]],
    entity_of: Mapping[tuple[str, int], str],
    entities: Sequence[Entity] = (),
    *,
    budget_chars: int | None = None,
    cache: Cache | None = None,
) -> dict[str, list[Clause]]:
    """The clauses of every article (article id -> clauses in text order). Sentences past
    ``budget_chars`` (``[claims] parse_budget_chars`` by default), dated ones parsed first, are
    read by patterns instead (see _fallback). ``cache`` keeps sentence parses between runs;
    the sentences chosen do not depend on it."""
    if budget_chars is None:
        budget_chars = Settings.default().getint("claims", "parse_budget_chars")
    types = {e.id: e.type for e in entities}
    ctxs = [_context(a, an, entity_of, types) for a, an in docs]
    # Spend the parse budget on dated sentences first, then numbers, then names.
    queue = []
    for k, (_article, an) in enumerate(docs):
        for s in an.sentences:
            rank = _worth(an, s)
            if rank < 3:
                queue.append((rank, k, s))
    queue.sort(key=lambda x: x[0])
    chosen: set[tuple[int, int]] = set()
    spent = 0
    for _rank, k, s in queue:
        size = s.end - s.start
        if spent + size > budget_chars:
            continue
        spent += size
        chosen.add((k, s.index))
    todo = sorted(chosen)
    parsed = _parse([docs[k][0].text[docs[k][1].sentences[i].start : docs[k][1].sentences[i].end]
                     for k, i in todo], cache)  # fmt: skip
    parse_of = dict(zip(todo, parsed, strict=True))
    out: dict[str, list[Clause]] = {}
    for k, (article, an) in enumerate(docs):
        items: list[Clause] = []
        for s in an.sentences:
            if (k, s.index) in parse_of:
                items += _sentence_clauses(ctxs[k], s.index, s.start, parse_of[(k, s.index)])
            elif _worth(an, s) < 3:
                items.append(_fallback(ctxs[k], s.index, s.start, s.end))
        items.sort(key=lambda c: (c.start, c.end))
        out[article.id] = items
    return out
