"""Core objects shared by every stage.

All of them are plain, frozen dataclasses. Anything that points into an article does so by
character offsets ``(start, end)`` into ``Article.text``; citations are built from those
offsets, never from copied snippets alone.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = [
    "Origin",
    "Article",
    "Sentence",
    "Mention",
    "NameGroup",
    "TimeExpr",
    "Quantity",
    "Analysis",
    "Alias",
    "Entity",
    "Citation",
    "Event",
    "EntityTimeline",
    "TimelineEntry",
    "Claim",
    "Flag",
    "Comparison",
    "SentencePair",
    "Translation",
    "Story",
    "Storyline",
    "Dossier",
    "StoryIndexEntry",
    "StorylineDecision",
    "LinkDecision",
    "NearDuplicate",
    "article_id",
    "normalize_text",
    "to_dict",
]


def normalize_text(text: str) -> str:
    """The canonical form used for hashing: NFC, unified line ends, trimmed lines."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.strip() for line in text.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def article_id(text: str) -> str:
    """An article's id: the first 16 hex digits of the SHA-256 of its normalized text."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Origin:
    """Where one copy of an article came from (a file, a record in an archive, a feed entry)."""

    file: str
    url: str | None = None
    source: str | None = None
    fetched: str | None = None  # ISO date the page was fetched (WARC-Date), if known


@dataclass(frozen=True, slots=True)
class Article:
    """One news article. ``text`` is normalized; every offset elsewhere points into it."""

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None  # YYYY-MM-DD, or YYYY-MM / YYYY when given only so precisely
    published_inferred: bool = False
    published_reason: str | None = None  # how an inferred date was reached
    language: str | None = None
    origins: tuple[Origin, ...] = ()

    @property
    def file(self) -> str | None:
        return self.origins[0].file if self.origins else None


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    paragraph: int = 0


@dataclass(frozen=True, slots=True)
class Mention:
    """A proper-name mention. ``label`` is the model's label (or ``PROPN`` when the model had
    none); it is evidence, not the entity's type. ``name`` is the mention stripped of
    possessives, plurals and titles; ``title`` keeps the stripped title, if any."""

    start: int
    end: int
    text: str
    label: str
    name: str
    group: int = -1
    title: str | None = None
    sentence: int = -1
    # Evidence for typing and cross-article matching, kept because linking runs from the store
    # without the parse: the dependency role of the name ("nsubj", "nsubjpass", "pobj"...), the
    # lemma of the verb governing it, and an appositive or modifier phrase describing it
    # ("a Swedish diplomat", "Norway's ambassador to Chile").
    dep: str | None = None
    verb: str | None = None
    descriptor: str | None = None


@dataclass(frozen=True, slots=True)
class NameGroup:
    """Mentions of one name within one article ("Li Na", "Li", "Lis")."""

    id: int
    name: str  # the fullest form seen
    labels: dict[str, int]  # model label -> count
    mentions: tuple[int, ...]  # indices into Analysis.mentions
    # Third-person pronouns resolved to this name: (start, end, text), e.g. "his wrongdoing".
    pronouns: tuple[tuple[int, int, str], ...] = ()


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A time expression with its TIMEX3 type, value and modifier."""

    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION, SET
    value: str  # TIMEX3 value: 2021-08-11, 2018-12, 2021-SP, P910D, PRESENT_REF, ...
    mod: str | None = None  # START, MID, END, APPROX, EQUAL_OR_MORE, ...
    anchor: str | None = None  # the date a relative expression was resolved against
    anchor_inferred: bool = False  # True when that anchor was an inferred publication date
    # Against an anchor known only to the month or the year ("2021-09"), an expression it
    # cannot place at its own precision ("on Wednesday") is "widened" (the value is the month
    # or year holding every reading) or "unanchored" (the value keeps its X's); else None.
    anchor_limited: str | None = None


@dataclass(frozen=True, slots=True)
class Quantity:
    start: int
    end: int
    text: str
    number: float
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything ``analyze`` learns about one article on its own."""

    article: str  # article id
    language: str | None
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    groups: tuple[NameGroup, ...] = ()
    time_expressions: tuple[TimeExpr, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    supported: bool = True  # False when the language is not covered by the pipeline
    vector: bytes = b""  # article embedding (float32), for story linking
    # multilingual embedding (float32, analyze/embed_multi.py), for linking across languages
    vector_multi: bytes = b""


@dataclass(frozen=True, slots=True)
class Alias:
    text: str
    count: int
    match: str  # exact, surname, spelling, transliteration, knowledge-base, context, ...
    confidence: float
    evidence: tuple[Citation, ...] = ()


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    name: str
    type: str  # PERSON, ORG, GPE, LOC, NORP, OTHER
    aliases: tuple[Alias, ...] = ()
    kb_id: str | None = None
    mentions: tuple[tuple[str, int, int], ...] = ()  # (article id, start, end)
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Citation:
    article: str
    sentence: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Event:
    date: str
    mod: str | None
    text: str
    actors: tuple[str, ...] = ()
    citations: tuple[Citation, ...] = ()
    dates: dict[str, str] = field(default_factory=dict)  # article id -> the date it gives


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One happening in one entity's timeline, dated or not. ``basis`` says what its place in
    time rests on: ``date`` (a date written for it), ``derived`` (a duration), ``relative`` (a
    neighbour it is told before or after), ``publication`` (its article's date, by tense),
    ``narrative`` (the order of the text) or ``none``; ``reason`` says it in words."""

    position: int  # 1, 2, ... in time order (equal: told as simultaneous); 0: not placed
    date: str | None
    mod: str | None
    basis: str
    reason: str
    text: str
    event: int | None = None  # index of the story's timeline event it is, if dated
    actors: tuple[str, ...] = ()
    citations: tuple[Citation, ...] = ()
    # (article, start, end) of the words that tell it: a verb, with its particle ("broke out")
    predicates: tuple[tuple[str, int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class EntityTimeline:
    entity: str
    entries: tuple[TimelineEntry, ...] = ()


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    status: str  # corroborated, refined, conflicting, single-source
    text: str
    values: dict[str, str] = field(default_factory=dict)
    citations: tuple[Citation, ...] = ()
    slot: str | None = None  # the slot the values describe (date, number, actor, ...)
    # set beside a report in another language (reconcile/crossclaims.py)
    across_languages: bool = False


@dataclass(frozen=True, slots=True)
class Flag:
    kind: str
    article: str | None
    text: str
    message: str
    entity: str | None = None
    evidence: tuple[Citation, ...] = ()


@dataclass(frozen=True, slots=True)
class Comparison:
    """One value of an aligned sentence pair set against its counterpart across languages: a
    number, a date, a duration or a named actor, as each side gives it."""

    slot: str  # number, date, duration, actor
    original: str
    translation: str
    agree: bool


@dataclass(frozen=True, slots=True)
class SentencePair:
    """A sentence of a translation and the sentence of its original it renders (indices into
    each article's sentences), with how alike they are and what was compared."""

    translation: int
    original: int
    score: float
    comparisons: tuple[Comparison, ...] = ()


@dataclass(frozen=True, slots=True)
class Translation:
    """An English text found to translate an article in another language of the same story,
    sentence by sentence where they align."""

    article: str  # the translation
    original: str  # the original article
    language: str  # the original's language
    pairs: tuple[SentencePair, ...] = ()


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    title: str
    articles: tuple[str, ...]
    entities: tuple[Entity, ...] = ()
    timeline: tuple[Event, ...] = ()
    claims: tuple[Claim, ...] = ()
    flags: tuple[Flag, ...] = ()
    notes: tuple[str, ...] = ()
    entity_timelines: tuple[EntityTimeline, ...] = ()
    translations: tuple[Translation, ...] = ()


@dataclass(frozen=True, slots=True)
class Storyline:
    """A saga: the stories (events) that share their central actors, over months. ``stories``
    are in time order; ``first`` and ``last`` are the earliest and latest publication dates of
    their articles."""

    id: str
    title: str
    stories: tuple[str, ...]
    first: str | None = None
    last: str | None = None


@dataclass(frozen=True, slots=True)
class Dossier:
    """What a dossier shows: stories, and their articles with analyses (None: not analyzed),
    and the storylines the stories belong to."""

    articles: tuple[tuple[Article, Analysis | None], ...]
    stories: tuple[Story, ...]
    storylines: tuple[Storyline, ...] = ()

    def storyline_of(self, story_id: str) -> Storyline | None:
        return next((line for line in self.storylines if story_id in line.stories), None)


@dataclass(frozen=True, slots=True)
class StoryIndexEntry:
    """The story clusterer's record of one story after an article joined it (link/stories.py):
    its state as JSON-ready data, whether it holds any names, and the joining article's names,
    each counted once more and indexed to the story."""

    story: str
    state: dict[str, Any]
    named: bool
    names: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class StorylineDecision:
    """What the storyline linker decided once an article joined a story (link/storylines.py):
    the story's storyline; the records to write, as JSON-ready data: each storyline touched
    (its events and actor profile) and each story touched (its storyline and actor profile);
    the stories merged into another (their records go), the lone storylines that joined
    another (old id, new id: the old one forwards), and the article's actors, each counted
    once more and indexed to the storyline."""

    story: str
    storyline: str
    lines: tuple[tuple[str, dict[str, Any]], ...] = ()
    stories: tuple[tuple[str, str, dict[str, Any]], ...] = ()  # (story, storyline, profile)
    dropped: tuple[str, ...] = ()
    retired: tuple[tuple[str, str], ...] = ()
    actors: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class LinkDecision:
    """Where linking put one article: its story, the original it copies (a near-duplicate
    joins its original's story), the one-article stories that joined that story (their ids
    forward to it), the story index entry to write (None for a copy), the article's MinHash
    signature with its LSH band keys, for finding later copies of it, and what the storyline
    level decided."""

    article: str
    story: str
    copy_of: str | None = None
    retired: tuple[str, ...] = ()
    index: StoryIndexEntry | None = None
    signature: bytes = b""
    bands: tuple[tuple[int, int], ...] = ()
    storyline: StorylineDecision | None = None


@dataclass(frozen=True, slots=True)
class NearDuplicate:
    """A stored article sharing an LSH band with a new one: its MinHash signature, and the
    original it is itself a copy of (if any)."""

    article: str
    signature: bytes
    copy_of: str | None = None


def to_dict(obj: Any) -> Any:
    """A JSON-ready form of any model object (tuples become lists)."""
    if hasattr(obj, "__dataclass_fields__"):
        return {k: to_dict(v) for k, v in asdict(obj).items()}
    if isinstance(obj, (list, tuple)):
        return [to_dict(v) for v in obj]
    if isinstance(obj, dict):
        return {k: to_dict(v) for k, v in obj.items()}
    return obj
