"""The store interface: everything the pipeline and the web app read and write.

Stages never see a store: the pipeline (storyweave/pipeline.py) reads what a stage needs from
it, calls the stage, and hands the stage's decision back to it. The web app reads through the
same methods. Every SQL statement lives in the back end that implements this protocol:
``store/sqlite*.py`` (one file, the default) and ``store/postgres*.py`` (a shared server);
``open_store`` picks one from the ``--db`` value.

What a back end must guarantee, whatever its engine:

- **Whole writes.** Each writing method is atomic on its own; inside ``transaction()`` all of
  them commit or roll back together. ``put`` stores articles with their analyses as one unit,
  so an interrupted run leaves only whole articles behind.
- **Idempotence.** Writing the same article, origin, failure, cache entry or link twice leaves
  the store as writing it once (articles are keyed by their content hash). Two processes that
  analyze the same article and ``put`` it with ``keep_current`` leave one article, the first
  analysis, and both origins: the second put waits for the first and adds only its origins.
- **Linking queue, not positions.** ``unlinked()`` returns every analyzed article (language
  covered) that has no story yet, and only those: an article enters that set when ``put`` stores
  it and leaves when ``apply_link`` links it, in the same transaction. No watermark over row
  numbers: concurrent writers may commit out of order, and nothing may be skipped.
- **One linker at a time.** ``transaction(exclusive=True)`` excludes every other exclusive
  transaction until it ends (SQLite: its write lock; a server database: a lock the back end
  takes). ``linking()`` holds the same right across a run of transactions: linking reads the
  story index, decides and writes each article's link back, one transaction an article, all
  under that lock (SQLite: one transaction for the run, its write lock).
- **A story stored from its current members only.** ``put_story`` stores a story (and clears
  its stale mark) only if the members it was made from are the story's articles at that
  moment and the story was not retired; otherwise it writes nothing and returns False, and
  the stale mark left by whoever changed the story stays for the next reconciling.
  ``reconciling(story)`` lets one process at a time reconcile a story (a server database:
  a lock; SQLite may let two do the same work, and ``put_story`` keeps the right result).
- **Ordering.** ``articles()`` and ``story_members()`` give publication order, undated last,
  ties in the order the articles were first stored; ``articles(ids)`` breaks ties by id.
- **Stories as data.** ``put_story`` keeps the reconciled ``Story`` object (store/codec.py
  gives its versioned serialized form) and indexes its entity names for search; ``story``
  gives the object back, following forwards of retired ids.
- **Storylines as data** (schema 3; ``# -- storylines`` below). The storyline linker
  (link/storylines.py) decides; the store keeps its records as opaque JSON: per storyline
  ``{id, events, profile}``, per story its storyline and actor profile, an actor -> storyline
  index with each actor's article count, a counter of articles counted, and forwards of
  retired storylines. ``apply_storyline`` writes one ``StorylineDecision`` whole (inside
  ``apply_link`` when the link decision carries one). A port needs four tables (or their
  equivalents) and these nine methods; nothing in them depends on the engine.
- **Search from plain words.** ``q`` arguments are what a user typed; the back end turns them
  into its own query language, every word required, the last one as a prefix, no syntax of
  the user's getting through.
- **Migrations.** Opening a store brings its schema to the current version (a migrations table
  with version numbers) or fails with a ``StoreError`` saying what to do.
- **Add jobs are rows.** The web app's uploads (web/jobs.py) are queued as ``AddJob`` rows with
  their files' bytes, so a job outlives the server process that accepted it. ``claim_job`` is
  the only way a job starts running, and exactly one caller wins each claim, whichever server
  process asks (SQLite: its write lock; a server database: ``SELECT ... FOR UPDATE SKIP
  LOCKED`` or the like). Times are seconds since the epoch given by the caller (servers
  sharing a store need clocks in step to within the stale interval).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol, Self

from ..model import (
    Analysis,
    Article,
    LinkDecision,
    NearDuplicate,
    Origin,
    Story,
    StorylineDecision,
)

__all__ = [
    "Store",
    "StoryFilter",
    "StorySummary",
    "StoryPage",
    "ArticleSummary",
    "ArticleHit",
    "Facets",
    "AddJob",
    "JOB_STATES",
    "MULTI_VECTOR",
]

# An add job's life: queued -> running -> done | failed; a running job whose server stopped
# goes back to running under the server that claims it next (or to queued, when its server
# stops cleanly and releases it).
JOB_STATES = ("queued", "running", "done", "failed")

# The cache kind holding multilingual article vectors (analyze/embed_multi.py), keyed by
# article id: ``put`` writes an analysis's ``vector_multi`` there, ``analysis`` reads it
# back, and link/crosslingual.py adds the English articles' on demand.
MULTI_VECTOR = "multi-vector"


@dataclass(frozen=True, slots=True)
class StoryFilter:
    """What the stories list is narrowed to; empty fields do not filter."""

    q: str = ""  # words to find in article text or entity names
    date_from: str | None = None  # YYYY-MM-DD: stories with activity on or after
    date_to: str | None = None  # YYYY-MM-DD: stories that began on or before
    source: str | None = None
    language: str | None = None
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True, slots=True)
class StorySummary:
    """One row of the stories list."""

    id: str
    title: str
    articles: int
    first_date: str | None
    last_date: str | None
    updated: str
    sources: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StoryPage:
    total: int
    stories: tuple[StorySummary, ...]
    limit: int
    offset: int


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """What a story page lists of each member article."""

    id: str
    title: str | None
    source: str | None
    url: str | None
    published: str | None
    published_inferred: bool
    language: str | None


@dataclass(frozen=True, slots=True)
class ArticleHit:
    """An article found by full-text search, with a plain-text snippet around the match."""

    id: str
    title: str | None
    source: str | None
    published: str | None
    story: str | None
    snippet: str


@dataclass(frozen=True, slots=True)
class Facets:
    """The sources and languages present, for the filter menus."""

    sources: tuple[str, ...] = ()
    languages: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class AddJob:
    """One upload of the web app being added: its files, its progress, its report."""

    id: str
    state: str  # one of JOB_STATES
    files: tuple[str, ...]  # the names the user gave, in upload order
    bytes: int  # the files' size in all
    created: float  # seconds since the epoch
    started: float | None = None  # first claimed
    finished: float | None = None
    heartbeat: float | None = None  # last sign of life of the server running it
    worker: str | None = None  # the server (process) running it, or that ran it last
    attempts: int = 0  # times claimed: more than 1 means it was resumed after a stop
    stage: str | None = None  # what the running add is doing (analyzing, reconciling)
    done: int = 0  # progress within the stage
    total: int = 0
    result: dict[str, Any] | None = None  # the add report (web/jobs.py), once done
    error: str | None = None  # why it failed


class Store(Protocol):
    """A storyweave store. See the module docstring for what every back end guarantees."""

    # -- lifecycle ----------------------------------------------------------------------
    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...

    def transaction(self, *, exclusive: bool = False) -> AbstractContextManager[None]:
        """All writes inside commit together or not at all. Nested calls join the outer
        transaction. ``exclusive``: no other exclusive transaction runs meanwhile."""
        ...

    def linking(self) -> AbstractContextManager[None]:
        """The right to link, held until the block ends: no other ``linking()`` or exclusive
        transaction runs meanwhile, while the transactions inside may commit one by one. A
        long linking run thus commits as it goes (an interrupted run keeps what it linked),
        and a server database never holds one transaction of thousands of updates to the same
        counter rows, every later read of which would walk all their versions."""
        ...

    # -- articles and analyses -----------------------------------------------------------
    def known(self, ids: Iterable[str], analyzer: str) -> set[str]:
        """The ids among ``ids`` stored with an analysis by this analyzer version."""
        ...

    def put(
        self,
        items: Sequence[tuple[Article, Analysis]],
        analyzer: str,
        *,
        keep_current: bool = False,
    ) -> None:
        """Store articles with their analyses (replacing older analyses), as one unit. A
        title, source or URL already stored is kept; dates and analysis are replaced.
        ``keep_current``: an article already stored by ``analyzer`` (another process analyzed
        it meanwhile) is kept as it is; only its origins are added."""
        ...

    def add_origins(self, article: str, origins: Iterable[Origin]) -> None: ...

    def record_failure(self, file: str, code: str, reason: str) -> None: ...

    def failures(self) -> list[tuple[str, str, str]]:
        """(file, code, reason) of every input that could not be read, by file."""
        ...

    def files_with_prefix(self, prefix: str) -> list[str]:
        """Origin and failure file names that start with ``prefix`` (taken literally)."""
        ...

    def rename_files(self, names: Mapping[str, str]) -> None:
        """Record origins and failures under new file names (old name -> new name)."""
        ...

    def article(self, article_id: str) -> Article | None: ...

    def articles(self, ids: Iterable[str] | None = None) -> Iterator[Article]:
        """Every stored article, or the given ones, in publication order (undated last)."""
        ...

    def count(self) -> int: ...

    def analysis(self, article_id: str) -> Analysis | None: ...

    def put_vectors(self, vectors: Iterable[tuple[str, bytes, int]]) -> None:
        """(article, float32 bytes, dimensions): article embeddings."""
        ...

    def vectors(self, ids: Iterable[str]) -> dict[str, bytes]: ...

    # -- kept work and stage state --------------------------------------------------------
    def cache(self, kind: str, items: Iterable[tuple[str, bytes]]) -> None:
        """Keep computed work (reconcile/cache.py) under its key."""
        ...

    def cached(self, kind: str, keys: Iterable[str]) -> dict[str, bytes]: ...

    def set_state(self, name: str, value: bytes) -> None: ...

    def get_state(self, name: str) -> bytes | None: ...

    # -- linking -------------------------------------------------------------------------
    def unlinked(self) -> list[str]:
        """Analyzed articles (language covered) in no story yet, in publication order."""
        ...

    def near_duplicates(
        self, bands: Sequence[tuple[int, int]], exclude: str
    ) -> list[NearDuplicate]:
        """Stored articles other than ``exclude`` sharing one of the LSH ``(band, key)``s."""
        ...

    def linked_docs(self) -> int:
        """Articles placed by the story clusterer so far (copies are not)."""
        ...

    def candidate_stories(self, names: Collection[str], max_df: int, limit: int) -> list[str]:
        """Stories to score an article with ``names`` against: the ``limit`` stories sharing
        the most of its names seen in at most ``max_df`` articles (ties by story id), then
        every story indexed without names (by id). An article without names gets every
        indexed story (by id). The order is part of the contract: a batch's in-memory index
        (spark/index.py) gives the same, so both link alike."""
        ...

    def story_states(self, ids: Sequence[str]) -> list[dict[str, Any]]:
        """The story clusterer's state of each indexed story among ``ids``, in their order."""
        ...

    def name_counts(self, names: Iterable[str]) -> dict[str, int]:
        """In how many linked articles each name occurs (names never seen are left out)."""
        ...

    def apply_link(self, decision: LinkDecision) -> None:
        """Carry out a linking decision as one unit: retire the stories it merges, update
        the story index and name counts, index the signature, record the membership, take
        the article off the linking queue, mark its story for reconciling and apply its
        storyline decision."""
        ...

    def retire_story(self, old: str, new: str) -> None:
        """Move every article of story ``old`` into ``new`` and forward the old id; the old
        story's data goes and ``new`` is marked for reconciling."""
        ...

    def story_of(self, ids: Iterable[str]) -> dict[str, str]: ...

    def story_members(self, story: str) -> list[str]: ...

    def copies(self, ids: Iterable[str]) -> dict[str, str]:
        """Near-duplicate article -> its original, among ``ids``."""
        ...

    def resolve_story(self, story_id: str) -> str:
        """The id a story goes by now (a retired one forwards to the story it joined)."""
        ...

    def stale_stories(self, ids: Iterable[str] | None = None) -> list[str]:
        """Stories whose articles changed since they were last stored, by id (among ``ids``
        when given)."""
        ...

    def reconciling(self, story_id: str, *, wait: bool) -> AbstractContextManager[bool]:
        """The right to reconcile ``story_id`` while the block runs: True when this process
        holds it; False at once when another process does and ``wait`` is False (with
        ``wait``, the block starts when the other process is done)."""
        ...

    def mark_stale(self, stories: Iterable[str]) -> None: ...

    def story_ids(self) -> list[str]:
        """Every stored story's id."""
        ...

    # -- storylines ------------------------------------------------------------------------
    def storyline_docs(self) -> int:
        """Articles the storyline linker has counted so far."""
        ...

    def storylines_of(self, stories: Iterable[str]) -> dict[str, str]:
        """Story -> the storyline it is in (stories in none are left out)."""
        ...

    def candidate_storylines(self, actors: Collection[str], max_df: int, limit: int) -> list[str]:
        """The ``limit`` storylines sharing the most of ``actors`` seen in at most ``max_df``
        articles."""
        ...

    def storyline_records(self, ids: Sequence[str]) -> list[dict[str, Any]]:
        """The storyline linker's record (id, stories, actor profile) of each storyline among
        ``ids``, in their order."""
        ...

    def story_profiles(self, stories: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Story -> its actor profile, for stories placed in a storyline."""
        ...

    def actor_counts(self, actors: Iterable[str]) -> dict[str, int]:
        """In how many counted articles each actor occurs (actors never seen are left out)."""
        ...

    def unplaced_stories(self) -> list[str]:
        """Stories with articles but no storyline (made before storylines existed)."""
        ...

    def apply_storyline(self, decision: StorylineDecision) -> None:
        """Carry out a storyline decision as one unit (``apply_link`` does it for the
        decision it carries): write the records it gives, drop the stories merged away,
        forward the storylines retired, count and index the article's actors."""
        ...

    def resolve_storyline(self, line_id: str) -> str:
        """The id a storyline goes by now (a retired one forwards to the one it joined)."""
        ...

    # -- stories -------------------------------------------------------------------------
    def put_story(self, story: Story, members: Sequence[Article]) -> bool:
        """Store a reconciled story (dates from ``members``), index its names for search and
        clear its stale mark, as one unit; True if stored. Nothing is written (False) when
        ``members`` are no longer the story's articles or the story was retired: another
        process linked meanwhile, and the story stays stale."""
        ...

    def story(self, story_id: str) -> Story | None:
        """A stored story (the one it joined, for a retired id)."""
        ...

    def list_stories(self, flt: StoryFilter) -> StoryPage:
        """One page of the stories matching ``flt``, latest activity first."""
        ...

    def article_summaries(self, ids: Sequence[str]) -> list[ArticleSummary]:
        """The given articles' metadata, in the order of ``ids`` (unknown ids left out)."""
        ...

    def search_articles(self, q: str, limit: int) -> list[ArticleHit]:
        """Articles whose title or text hold every word of ``q``, best first."""
        ...

    def stories_named(self, q: str, limit: int) -> list[str]:
        """Stories with an entity name or alias holding every word of ``q``."""
        ...

    def facets(self) -> Facets: ...

    # -- add jobs (web/jobs.py) -------------------------------------------------------------
    def put_job(self, job_id: str, files: Sequence[tuple[str, bytes]], created: float) -> None:
        """Queue a job with its files ((name, bytes) in upload order), as one unit."""
        ...

    def claim_job(self, worker: str, now: float, stale_before: float) -> AddJob | None:
        """Take the next job to run, as one unit that exactly one caller wins: of the queued
        jobs and the running ones whose heartbeat is older than ``stale_before`` (their server
        stopped without a word), the one created first. It becomes running under ``worker``
        with heartbeat ``now``, ``attempts`` one more, ``started`` set if it was unset, stage
        and progress cleared. Returns the job as it is now, or None when nothing waits."""
        ...

    def job_files(self, job_id: str) -> list[tuple[str, bytes]]:
        """A job's (name, bytes), in upload order; empty once the job has ended."""
        ...

    def job_heartbeat(
        self, job_id: str, worker: str, now: float, stage: str | None, done: int, total: int
    ) -> bool:
        """Record a running job's progress and that ``worker`` is alive. False, writing
        nothing, when the job is not running under ``worker`` (another server took it)."""
        ...

    def release_job(self, job_id: str, worker: str) -> bool:
        """Put a running job of ``worker`` back in the queue (its server is stopping): the
        next server to claim it resumes it at once. ``worker`` and ``attempts`` are kept.
        False when the job is not running under ``worker``."""
        ...

    def finish_job(
        self,
        job_id: str,
        worker: str,
        now: float,
        *,
        result: Mapping[str, Any] | None = None,
        error: str | None = None,
    ) -> bool:
        """End a job of ``worker`` (running, or released by it and not claimed since): done
        with ``result``, or failed with ``error`` when one is given. The files' bytes are
        dropped (their names stay). False, writing nothing, when the job is not ``worker``'s
        to end."""
        ...

    def job(self, job_id: str) -> AddJob | None: ...

    def jobs(self, limit: int) -> list[AddJob]:
        """The most recent jobs, newest first."""
        ...

    def prune_jobs(self, finished_before: float) -> int:
        """Delete the jobs that ended before ``finished_before``; how many went."""
        ...
