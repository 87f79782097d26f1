"""Event mentions of a story's entities, and where the text places each one in time.

Every clause that involves an entity of the story (named in it, or through a pronoun or a
definite description that stands for it: "it", "the company") is an event mention, dated or
not. Each mention gets a ``Placement`` saying what it rests on, strongest first:

- ``date``: a time expression of its own ("on Tuesday", "in 2004");
- ``relative``: a temporal conjunction or adverb that ties it to a neighbour ("after the
  inspection", "when it landed", "then"), a past perfect told against a later event, or
  reported speech about the past (before the saying);
- ``publication``: the article's publication date, for a report in the present, present
  perfect or past tense with no date of its own (news reports what is new on its day: the
  present holds on it, the perfect and the past reach up to it, the future starts from it);
- ``narrative``: the order of the text alone (a clause with no tense of its own);
- ``none``: nothing places it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .. import datevalue
from ..analyze.pubdate import datelines
from ..model import Analysis, Article, Citation, TimeExpr
from .clauses import ORG_NOUNS, Clause, concepts
from .dates import dates_a_day

__all__ = [
    "Mention",
    "Placement",
    "clause_date",
    "event_mentions",
    "predicate_class",
    "is_happening",
    "happening",
]

# Anaphoric expressions ("the same day", "that week") are resolved by the tagger against the
# last date written, which is often not the day they mean; they date no event on their own.
ANAPHORIC = re.compile(r"^(?:on\s+)?(?:the\s+)?(?:same|that|this\s+same)\b", re.I)
_LETTER = re.compile(r"[^\W\d_]")
# Modal auxiliaries that make a clause a possibility, not a happening.
UNREAL = frozenset({"would", "could", "might", "may"})
# Conjunctions heading a clause that happens at the time of the clause it hangs on, and those
# that put it before or after that clause ("A after B": B is before A).
_SAME_TIME = frozenset({"when", "as", "while", "once"})
_MARK_BEFORE = frozenset({"after", "since"})  # the marked clause is before its governor
_MARK_AFTER = frozenset({"before", "until"})  # the marked clause is after its governor
_THEN = frozenset({"then", "later", "afterwards", "afterward", "subsequently", "next"})
_EARLIER = frozenset({"earlier", "previously"})
# Mod of a publication-date placement by tense: up to the day, on it, from it.
_TENSE_MOD = {"present": None, "perfect": "ON_OR_BEFORE", "past": "ON_OR_BEFORE",
              "future": "ON_OR_AFTER"}  # fmt: skip
_TENSE_WORDS = {"present": "present tense", "perfect": "present perfect",
                "past": "past tense", "future": "future"}  # fmt: skip
_PLACE_TYPES = frozenset({"GPE", "LOC", "NORP", "FAC"})


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a mention sits in time and what that rests on."""

    basis: str  # date, derived, relative, publication, narrative, none
    reason: str  # what the text says: "'on Tuesday'", "past perfect, before 'X'"
    date: str | None = None  # TIMEX3 value, when the placement gives one
    mod: str | None = None
    after: int | None = None  # index of the mention it follows (relative, narrative)
    before: int | None = None  # index of the mention it precedes
    inferred: bool = False  # rests on an inferred publication date


@dataclass
class Mention:
    """One event mention of one article."""

    index: int
    clause: Clause
    citation: Citation
    actors: tuple[str, ...]
    placement: Placement
    timex: TimeExpr | None = None
    span: datevalue.DateRange | None = None
    predicate: str = ""  # the predicate's class (see predicate_class)

    @property
    def article(self) -> str:
        return self.clause.article


def _words(name: str) -> list[list[str]]:
    path = resources.files("storyweave") / "data" / "events" / name
    rows = (line.split("#")[0].split() for line in path.read_text(encoding="utf-8").splitlines())
    return [row for row in rows if row]


@cache
def _tables() -> tuple[dict[str, str], frozenset[str]]:
    """Predicate classes (word -> class) and the nouns that name a happening."""
    classes: dict[str, str] = {}
    for row in _words("predicates.txt"):
        for w in row:
            classes.setdefault(w, row[0])
    return classes, frozenset(w for row in _words("happenings.txt") for w in row)


def predicate_class(clause: Clause, text: str) -> str:
    """The class of a clause's predicate: its verb, with a particle ("break out"), folded
    into the class it shares with its synonyms ("start", "break out", "erupt" -> start).
    ``text`` is the article's text."""
    classes, _ = _tables()
    verb = clause.verb
    if len(clause.predicate) > 1:
        particle = "_".join(text[a:b].lower() for a, b in clause.predicate[1:])
        two = f"{verb}_{particle}"
        if two in classes:
            return classes[two]
    found = classes.get(verb)
    if found:
        return found
    return next(iter(concepts(frozenset({verb})))) if verb else ""


def is_happening(word: str | None) -> bool:
    """True for a noun that names a happening ("fire", "crash", "inquiry")."""
    return bool(word) and word in _tables()[1]


def happening(clause: Clause) -> str | None:
    """The noun naming the happening a clause reports, when it is its subject ("the fire
    started") or the dated noun phrase itself ("Tuesday's fire"), synonyms folded."""
    word = clause.verb if clause.kind == "noun" else clause.subject_lemma
    return next(iter(concepts(frozenset({word})))) if word and is_happening(word) else None


def citation(article: Article, analysis: Analysis, sentence: int) -> Citation:
    s = analysis.sentences[sentence]
    return Citation(article.id, s.index, s.start, s.end, article.text[s.start : s.end])


def only_date(text: str, clause: Clause, tx: TimeExpr, lines: Sequence[tuple[int, int]]) -> bool:
    """A clause that is nothing but its date ("March 4, 2020") or lies in a dateline
    ("VELMAR, March 6 (Norvik Wire)", ``lines``) tells no happening."""
    if any(a <= clause.start and clause.end <= b for a, b in lines):
        return True
    before = text[clause.start : max(clause.start, tx.start)]
    after = text[min(clause.end, max(clause.start, tx.end)) : clause.end]
    return not _LETTER.search(before + after)


def clause_date(
    article: Article, an: Analysis, clause: Clause, lines: Sequence[tuple[int, int]]
) -> tuple[TimeExpr, str, datevalue.DateRange] | None:
    """The time expression that dates a clause, its value (a day for a time) and range."""
    for ti in clause.timexes:
        tx = an.time_expressions[ti]
        if tx.type not in ("DATE", "TIME") or ANAPHORIC.match(tx.text):
            continue
        if not dates_a_day(tx.text, tx.type) or only_date(article.text, clause, tx, lines):
            continue
        value = tx.value.split("T")[0] if tx.type == "TIME" else tx.value
        if not datevalue.is_specific(value):
            continue
        span = datevalue.date_range(value, tx.mod)
        if span is not None:
            return tx, value, span
    return None


def happens(clause: Clause) -> bool:
    """A clause that tells something that happened or will: not a condition, a possibility
    or a denial."""
    return not (clause.hypothetical or clause.negated or clause.modality in UNREAL)


# ---------------------------------------------------------------- who takes part


def _kind(types: Mapping[str, str], ent: str) -> str:
    t = types.get(ent, "")
    return "PERSON" if t == "PERSON" else "PLACE" if t in _PLACE_TYPES else "THING"


def _stand_in(
    clause: Clause, recent: Sequence[tuple[str, ...]], types: Mapping[str, str]
) -> tuple[str, ...]:
    """The entity a subject pronoun ("it", "they") or a definite description ("the company")
    stands for: the latest subject before it of a kind that fits (not a person, not a
    place). Gendered pronouns are resolved by the analysis already."""
    word = clause.subject_lemma or ""
    if clause.subject or not (word in ("it", "they") or word in ORG_NOUNS):
        return ()
    for subject in reversed(recent):
        fit = tuple(e for e in subject if _kind(types, e) == "THING")
        if fit and (word != "it" or len(fit) == 1):
            return fit
    return ()


# ---------------------------------------------------------------- placement


def _placed_by_tense(clause: Clause, article: Article) -> Placement | None:
    if not article.published or clause.tense not in _TENSE_MOD:
        return None
    words = _TENSE_WORDS[clause.tense]
    return Placement(
        "publication",
        f"{words}, in an article of {article.published}",
        article.published,
        _TENSE_MOD[clause.tense],
        inferred=article.published_inferred,
    )


def _place_article(ms: list[Mention], article: Article) -> None:
    """Place the undated mentions of one article (in text order) by what the text says."""
    by_head: dict[int, Mention] = {}
    for m in ms:
        for s, _ in m.clause.predicate[:1]:
            by_head[s] = m
    previous: Mention | None = None
    for m in ms:
        c = m.clause
        if m.placement.basis == "date":
            previous = m
            continue
        gov = by_head.get(c.governor)
        placed: Placement | None = None
        if c.mark and gov is not None:
            if c.mark in _SAME_TIME and gov.placement.date:
                p = gov.placement
                placed = Placement("relative", f"'{c.mark}' '{gov.clause.text}'", p.date, p.mod,
                                   inferred=p.inferred)  # fmt: skip
            elif c.mark in _MARK_BEFORE:
                placed = Placement("relative", f"'{c.mark}': before '{gov.clause.text}'",
                                   before=gov.index)  # fmt: skip
            elif c.mark in _MARK_AFTER:
                placed = Placement("relative", f"'{c.mark}': after '{gov.clause.text}'",
                                   after=gov.index)  # fmt: skip
        elif c.sequence in _THEN and previous is not None:
            placed = Placement("relative", f"'{c.sequence}': after '{previous.clause.text}'",
                               after=previous.index)  # fmt: skip
        elif c.sequence in _EARLIER and previous is not None:
            placed = Placement("relative", f"'{c.sequence}': before '{previous.clause.text}'",
                               before=previous.index)  # fmt: skip
        elif c.tense == "pluperfect":
            ref = gov or previous
            if ref is not None:
                placed = Placement("relative", f"past perfect: before '{ref.clause.text}'",
                                   before=ref.index)  # fmt: skip
            elif article.published:
                placed = Placement("relative", f"past perfect: before {article.published}",
                                   article.published, "BEFORE",
                                   inferred=article.published_inferred)  # fmt: skip
        elif (
            c.attribution and c.tense == "past" and gov is not None and gov.clause.kind == "speech"
        ):
            placed = Placement("relative", f"reported as past: before '{gov.clause.text}'",
                               before=gov.index)  # fmt: skip
        if placed is None:
            placed = _placed_by_tense(c, article)
        if placed is None and previous is not None:
            placed = Placement("narrative", f"told after '{previous.clause.text}'",
                               after=previous.index)  # fmt: skip
        m.placement = placed or Placement("none", "nothing in the text places it")
        previous = m


# ---------------------------------------------------------------- entry point


def event_mentions(
    docs: Sequence[tuple[Article, Analysis]],
    clauses: Mapping[str, list[Clause]],
    types: Mapping[str, str],
) -> list[Mention]:
    """Every event mention that involves an entity, placed in time, in article and text
    order. ``types`` maps entity ids to their types."""
    out: list[Mention] = []
    for article, an in docs:
        lines = datelines(article.text)
        recent: list[tuple[str, ...]] = []
        mine: list[Mention] = []
        for c in clauses.get(article.id, []):
            if any(a <= c.start and c.end <= b for a, b in lines):
                continue
            stand_in = _stand_in(c, recent, types)
            actors = tuple(dict.fromkeys(c.actors + stand_in))
            subject = c.subject or stand_in
            if subject and c.kind != "noun":
                recent.append(subject)
            if not actors or not happens(c) or (c.kind == "speech" and not c.actors):
                continue
            if not any(_kind(types, a) != "PLACE" for a in actors):
                continue  # a place alone is where it happened, not who took part
            dated = clause_date(article, an, c, lines)
            if dated is not None:
                tx, value, span = dated
                placement = Placement("date", f"'{tx.text}'", value, tx.mod,
                                      inferred=tx.anchor_inferred)  # fmt: skip
            else:
                tx, span = None, None
                placement = Placement("none", "")
            m = Mention(len(out) + len(mine), c, citation(article, an, c.sentence), actors,
                        placement, tx, span, predicate_class(c, article.text))  # fmt: skip
            mine.append(m)
        _place_article(mine, article)
        for m in mine:
            if m.span is None and m.placement.date:
                m.span = datevalue.date_range(m.placement.date, None)
        out += mine
    return out
