"""The pipeline: the stages in order, over one store.

    ingest -> analyze -> store -> link (near-duplicates, stories) -> (re)date -> reconcile
    -> store

Each stage is a function over plain objects (model.py). The pipeline reads what a stage needs
from the store, calls it, and hands what the stage decided to the store; no stage sees the
store. ``api.add`` and ``api.update_stories`` (and the web app's uploads) call ``add`` and
``update_stories`` here; the renderers take the ``Dossier`` that ``dossier_of`` reads."""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from . import ingest
from .analyze import ANALYZER, analyze_articles
from .analyze.language import is_english
from .analyze.redate import redate_story
from .config import Settings
from .fingerprint import code_digest
from .link import assign, crosslingual, dedup, duplicates
from .link.stories import StoryDoc, StorySettings, guess_names
from .link.storylines import (
    ActorDoc,
    StorylineLinker,
    StorylineSettings,
    actor_doc,
    storyline_title,
)
from .model import Analysis, Article, Dossier, LinkDecision, NearDuplicate, Story, Storyline
from .store import Store

if TYPE_CHECKING:
    from .reconcile.cache import Cache

__all__ = [
    "AddReport",
    "add",
    "analyze",
    "link",
    "place_doc",
    "place_with_storyline",
    "crosslingual_story",
    "crosslingual_pick",
    "near_stories",
    "LinkIndex",
    "update_stories",
    "reconcile",
    "reconcile_members",
    "dossier_of",
    "storylines_for",
    "reconciler_version",
    "RECONCILER_KEY",
]

RECONCILER_KEY = "stories.reconciler"

Progress = Callable[[int, int], Any]
T = TypeVar("T")


@dataclass
class AddReport:
    """What one `add` did: ids added, ids already present, and failures (file, reason)."""

    added: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)  # stored, language not analyzed
    stories: list[str] = field(default_factory=list)  # stories created or changed

    @property
    def ids(self) -> list[str]:
        return list(dict.fromkeys(self.added + self.present))

    @property
    def ok(self) -> bool:
        return not self.failed


def add(
    store: Store,
    paths: Sequence[str | Path],
    *,
    published: str | None = None,
    source: str | None = None,
    processes: int | None = None,
    progress: Progress | None = None,
    kb: str | Path | None = None,
    link: bool = True,
    story_progress: Progress | None = None,
    settings: Settings | None = None,
) -> AddReport:
    """Ingest ``paths``, analyze what the store lacks and store it, then link and reconcile
    (see ``api.add``). ``settings``: the settings in force, passed to every stage."""
    settings = settings or Settings.default()
    report = AddReport()
    found, failures = ingest.collect_articles(
        paths, published=published, source=source, settings=settings
    )
    for failure in failures:
        report.failed.append((failure.path or "?", str(failure)))
        store.record_failure(failure.path or "?", failure.code, str(failure))
    known = store.known((a.id for a in found), ANALYZER)
    for a in found:
        if a.id in known:
            store.add_origins(a.id, a.origins)
            report.present.append(a.id)
    todo = [a for a in found if a.id not in known]
    analyze(store, todo, report, processes=processes, progress=progress, settings=settings)
    if link:
        report.stories = update_stories(store, kb=kb, progress=story_progress, settings=settings)
    return report


def analyze(
    store: Store,
    articles: Sequence[Article],
    report: AddReport,
    *,
    processes: int | None = None,
    progress: Progress | None = None,
    settings: Settings | None = None,
) -> None:
    """Analyze articles and store each batch with its analyses as it comes: a kill loses at
    most one batch, and a rerun analyzes only what is missing."""
    settings = settings or Settings.default()
    every = settings.getint("store", "commit_every")
    total = len(articles)
    if progress:
        progress(0, total)
    pending: list[tuple[Article, Analysis]] = []

    def flush() -> None:
        # keep_current: another process that stored one of these meanwhile is not undone.
        store.put(pending, ANALYZER, keep_current=True)
        report.added.extend(a.id for a, _ in pending)
        pending.clear()
        if progress:
            progress(len(report.added), total)

    for article, analysis in analyze_articles(articles, processes, settings):
        pending.append((article, analysis))
        if not analysis.supported:
            report.unsupported.append(article.id)
        if len(pending) >= every:
            flush()
    if pending:
        flush()


class LinkIndex(Protocol):
    """What placing an article reads and writes: the store's linking side (``store.base``),
    or an index held in memory for one time window of a batch (``spark/index.py``)."""

    def near_duplicates(
        self, bands: Sequence[tuple[int, int]], exclude: str
    ) -> list[NearDuplicate]: ...

    def story_of(self, ids: Iterable[str]) -> dict[str, str]: ...

    def candidate_stories(self, names: Collection[str], max_df: int, limit: int) -> list[str]: ...

    def story_states(self, ids: Sequence[str]) -> list[dict[str, Any]]: ...

    def name_counts(self, names: Iterable[str]) -> dict[str, int]: ...

    def apply_link(self, decision: LinkDecision) -> None: ...

    # The storylines side, for the storyline level's say (``_storyline_linker``).
    def storyline_docs(self) -> int: ...

    def storylines_of(self, stories: Iterable[str]) -> dict[str, str]: ...

    def candidate_storylines(
        self, actors: Collection[str], max_df: int, limit: int
    ) -> list[str]: ...

    def storyline_records(self, ids: Sequence[str]) -> list[dict[str, Any]]: ...

    def story_profiles(self, stories: Iterable[str]) -> dict[str, dict[str, Any]]: ...

    def actor_counts(self, actors: Iterable[str]) -> dict[str, int]: ...


def link(store: Store, settings: Settings | None = None) -> set[str]:
    """Link every analyzed, unlinked article into a story, in publication order; return the
    stories touched. Under the linker's lock for the whole run (linking reads the story index
    as a whole), each article's link its own transaction."""
    settings = settings or Settings.default()
    touched: set[str] = set()
    with store.linking():
        _place_unplaced(store, settings)
        ids = store.unlinked()
        docs = store.linked_docs()
        # English first: an article in another language then finds the English coverage
        # that came in the same batch (crosslingual_story).
        ordered = sorted(store.articles(ids), key=lambda a: not is_english(a.language))
        for article in ordered:
            with store.transaction():
                decision = _link_one(store, article, docs, settings)
                store.apply_link(decision)
            if decision.index is not None:
                docs += 1
            touched.difference_update(decision.retired)
            touched.add(decision.story)
    return touched


def _link_one(store: Store, article: Article, docs: int, settings: Settings) -> LinkDecision:
    """Where one article goes: its original's story if it copies a linked article, else the
    story the clusterer picks among the candidates the story index gives, the storyline
    level having its say; then the storyline that story is in."""
    sig = dedup.signature(article.text, settings=settings)
    bands = duplicates.band_keys(sig)
    threshold = settings.getfloat("stories", "duplicate_threshold")
    original = duplicates.original(sig, store.near_duplicates(bands, article.id), threshold)
    story = store.story_of([original]).get(original) if original else None
    actors = actor_doc(article.id, store.analysis(article.id), article.title)
    if story is not None:
        linker = _storyline_linker(store, actors, [story], settings)
        return LinkDecision(
            article=article.id, story=story, copy_of=original, signature=sig, bands=bands,
            storyline=linker.decide(actors, story),
        )  # fmt: skip
    if not is_english(article.language):
        joined = crosslingual_story(store, article, settings)
        if joined is not None:
            # Joined as a member only: the story's English vector and names, which the next
            # English articles are scored against, stay as they were; so do its storyline's
            # actors.
            return LinkDecision(article=article.id, story=joined, signature=sig, bands=bands)
    doc = assign.story_doc(article, store.vectors([article.id]).get(article.id))
    decision = place_with_storyline(store, doc, actors, docs, settings)
    return replace(decision, signature=sig, bands=bands)


def place_with_storyline(
    index: LinkIndex, doc: StoryDoc, actors: ActorDoc, docs: int, settings: Settings
) -> LinkDecision:
    """``place_doc`` with the storyline level's say (the storylines of the candidate stories
    and of the article's rarer actors), then the storyline the chosen story is in. A batch
    calls this for each article of a time window (spark/windows.py)."""
    linkers: list[StorylineLinker] = []

    def bias_of(candidates: Sequence[str]) -> Bias:
        linkers.append(_storyline_linker(index, actors, candidates, settings))
        return linkers[-1].event_bias(actors)

    decision = place_doc(index, doc, docs, settings, bias_of)
    moved = [(doc.article_id, old) for old in decision.retired]
    line = linkers[-1].decide(actors, decision.story, moved)
    return replace(decision, storyline=line)


Bias = Callable[[str], float] | None


def place_doc(
    index: LinkIndex,
    doc: StoryDoc,
    docs: int,
    settings: Settings,
    bias_of: Callable[[Sequence[str]], Bias] | None = None,
) -> LinkDecision:
    """The story the clusterer picks for ``doc`` among the candidate stories the index gives
    (those sharing its rarer names; ``docs``: articles placed so far), the storyline level
    having its say through ``bias_of`` (given the candidate stories' ids, the bias
    ``StorylineLinker.event_bias`` gives). A batch calls this for each article of a time
    window (spark/windows.py), through ``place_with_storyline``."""
    stories = _typed(StorySettings, settings)
    cap = assign.common_cap(docs, stories)
    states = index.story_states(index.candidate_stories(doc.names, cap, stories.candidate_stories))
    df = index.name_counts(assign.names_needed(doc.names, states))
    bias = bias_of([s["id"] for s in states]) if bias_of is not None else None
    return assign.place(doc, states, df, docs, stories, bias=bias)


_TYPED: dict[tuple[int, type], tuple[Settings, Any]] = {}


def _typed(cls: type[T], settings: Settings) -> T:
    """``cls.from_settings(settings)``, read once per settings object: placing an article
    needs it several times, and reading it costs more than the rest of a small placement."""
    key = (id(settings), cls)
    hit = _TYPED.get(key)
    if hit is None or hit[0] is not settings:
        if len(_TYPED) > 64:
            _TYPED.clear()
        hit = _TYPED[key] = (settings, cls.from_settings(settings))  # type: ignore[attr-defined]
    return hit[1]


def _storyline_linker(
    store: LinkIndex, actors: ActorDoc, stories: Sequence[str], settings: Settings
) -> StorylineLinker:
    """A storyline linker holding what one article needs: the storylines of ``stories`` (the
    candidate stories) and those sharing the article's rarer actors, with the profiles of
    those stories and the actor counts."""
    story_settings = _typed(StorySettings, settings)
    docs = store.storyline_docs()
    line_of = store.storylines_of(stories)
    cap = assign.common_cap(docs, story_settings)
    nearby = store.candidate_storylines(actors.actors, cap, story_settings.candidate_stories)
    records = store.storyline_records(list(dict.fromkeys([*line_of.values(), *nearby])))
    needed = set(actors.actors).union(*(r["profile"]["text"] for r in records))
    return StorylineLinker.from_records(
        records,
        store.story_profiles(stories),
        store.actor_counts(needed),
        docs,
        _typed(StorylineSettings, settings),
    )


def _place_unplaced(store: Store, settings: Settings) -> None:
    """Stories linked before storylines existed (an older store) go into storylines, their
    articles in publication order, as if each had just joined its story."""
    for story in store.unplaced_stories():
        for article in store.articles(store.story_members(story)):
            actors = actor_doc(article.id, store.analysis(article.id), article.title)
            linker = _storyline_linker(store, actors, [story], settings)
            store.apply_storyline(linker.decide(actors, story))


def multi_vectors(store: Store, articles: Sequence[Article]) -> dict[str, Any]:
    """Article id -> multilingual vector (numpy, float32) of each article: from the store's
    cache, where analysis put those of articles in other languages, else computed from the
    title and lead and kept there. English articles get theirs only once an article in
    another language is compared with them: English-only runs never load the encoder."""
    import numpy as np

    from .analyze import embed_multi
    from .store.base import MULTI_VECTOR

    found = store.cached(MULTI_VECTOR, [a.id for a in articles])
    missing = [a for a in articles if a.id not in found]
    if missing:
        computed = embed_multi.article_vectors([(a.title, a.text) for a in missing])
        fresh = dict(zip([a.id for a in missing], computed, strict=True))
        store.cache(MULTI_VECTOR, fresh.items())
        found.update(fresh)
    return {k: np.frombuffer(v, dtype="<f4") for k, v in found.items()}


def crosslingual_story(store: Store, article: Article, settings: Settings) -> str | None:
    """The story an article in another language joins through its coverage in other
    languages (``crosslingual_pick``), or None, read from the store: the stories active
    within the window around its publication date, their members in other languages and
    those members' multilingual vectors."""
    states = near_stories(
        article, store.story_states(store.candidate_stories(frozenset(), 0, 0)), settings
    )
    if not states:
        return None
    language = (article.language or "").lower()[:2]
    members = {
        a.id: a
        for a in store.articles([m for s in states for m in s["members"]])
        if (a.language or "en").lower()[:2] != language
    }
    if not members:
        return None
    vectors = multi_vectors(store, [article, *members.values()])
    analysis = store.analysis(article.id)
    names = [g.name for g in analysis.groups] if analysis else []
    return crosslingual_pick(
        article, names, states, members, vectors, store.name_counts, store.linked_docs(), settings
    )


def near_stories(
    article: Article, states: Iterable[dict[str, Any]], settings: Settings
) -> list[dict[str, Any]]:
    """The story states (of ``states``) active within the cross-language window around an
    article's publication date; all of them for an undated article."""
    cross = crosslingual.CrossSettings.from_settings(settings)
    window = 2 * cross.published_window_days
    return [s for s in states if _near(_given_date(article), s, window)]


def _given_date(article: Article) -> str | None:
    # A date guessed from the text is no evidence here: a wrong guess would keep the story of
    # its coverage out of the candidates. Such an article is compared as an undated one.
    return None if article.published_inferred else article.published


def crosslingual_pick(
    article: Article,
    names: Sequence[str],
    states: Sequence[dict[str, Any]],
    members: Mapping[str, Article],
    vectors: Mapping[str, Any],
    name_counts: Callable[[Iterable[str]], dict[str, int]],
    linked_docs: int,
    settings: Settings,
) -> str | None:
    """The story (of ``states``, those ``near_stories`` gives) an article in another language
    joins (link/crosslingual.py), or None: each story scored by the mean similarity to its
    members in other languages (``members``: those articles, ``vectors``: their and the
    article's multilingual vectors), their names the vocabulary its foreign-script names
    (``names``: its analysis's name groups) are mapped to; names weighed by ``name_counts``
    over ``linked_docs`` articles. ``add`` reads all this from the store; a batch from the
    stories and articles of a time window (spark/crosslingual.py)."""
    cross = crosslingual.CrossSettings.from_settings(settings)
    language = (article.language or "").lower()[:2]
    published = _given_date(article)
    members = {aid: a for aid, a in members.items() if (a.language or "en").lower()[:2] != language}
    vocabulary = sorted({n for s in states for n in s["names"] if not n.startswith("#")})
    doc = crosslingual.cross_doc(
        language, vectors[article.id], _whole(article), names, vocabulary, cross,
        published=published,
    )  # fmt: skip
    docs = {
        aid: crosslingual.cross_doc(
            a.language,
            vectors[aid],
            _whole(a),
            [n for n in guess_names(_whole(a)) if not n.startswith("#")],
            published=a.published,
        )  # fmt: skip
        for aid, a in members.items()
    }
    if not docs:
        return None
    df = name_counts(set().union(*(d.names for d in docs.values())))
    total = max(linked_docs, 1)
    idf_prior = StorySettings.from_settings(settings).idf_prior_docs

    def idf(key: str) -> float:
        # Days and numbers have no counts in the store: they weigh as rare names do.
        return math.log((total + idf_prior) / (df.get(key, 0) + 1)) + 1.0

    stories = {s["id"]: [docs[m] for m in s["members"] if m in docs] for s in states}
    best = crosslingual.best_story(doc, {k: v for k, v in stories.items() if v}, cross, idf)
    return best[0] if best else None


def _whole(article: Article) -> str:
    return ((article.title or "") + "\n" + article.text).strip()


def _near(published: str | None, state: dict[str, Any], window: float) -> bool:
    """Whether a story's dates (given or inferred) come within ``window`` days of a date;
    an undated article or story is near every story."""
    day = _ordinal(published)
    first = _ordinal(state.get("first") or state.get("inferred_first"))
    last = _ordinal(state.get("last") or state.get("inferred_last"))
    if day is None or first is None or last is None:
        return True
    return first - window <= day <= last + window


def _ordinal(value: str | None) -> int | None:
    try:
        return date.fromisoformat(value[:10]).toordinal() if value else None
    except ValueError:
        return None


def update_stories(
    store: Store,
    kb: str | Path | None = None,
    progress: Progress | None = None,
    settings: Settings | None = None,
) -> list[str]:
    """Link unlinked articles into stories, then (re)date and reconcile (only) the stories
    they touched, and any story left stale; ``progress(done, total)`` is called as stories
    are reconciled. Returns the stories touched.

    Several processes may do this at once on one store: a story another process is
    reconciling is taken up after the others, once that process is done, and only if it is
    still stale then (its members changed meanwhile, or that process stopped)."""
    settings = settings or Settings.default()
    touched = link(store, settings)
    version = reconciler_version(settings).encode()
    if store.get_state(RECONCILER_KEY) != version:
        # Stories stored by other code or settings are made again, not served as they were.
        store.mark_stale(store.story_ids())
    touched |= set(store.stale_stories())
    knowledge = _load_kb(kb, settings)
    if progress and touched:
        progress(0, len(touched))
    done = 0
    busy: list[str] = []
    for story_id in sorted(touched):
        with store.reconciling(story_id, wait=False) as mine:
            if not mine:
                busy.append(story_id)
                continue
            if store.stale_stories([story_id]):
                reconcile(store, story_id, knowledge, settings)
        done += 1
        if progress:
            progress(done, len(touched))
    for story_id in busy:
        with store.reconciling(story_id, wait=True):
            if store.stale_stories([story_id]):
                reconcile(store, story_id, knowledge, settings)
        done += 1
        if progress:
            progress(done, len(touched))
    store.set_state(RECONCILER_KEY, version)
    return sorted(touched)


def reconcile(
    store: Store, story_id: str, kb: Any = None, settings: Settings | None = None
) -> Story:
    """Date the story's undated articles again from the whole story (storing those whose
    date changed), reconcile it and store the result (unless another process linked an
    article into it meanwhile: the story stays stale for the next run)."""
    members = store.story_members(story_id)
    pairs = [(a, store.analysis(a.id)) for a in store.articles(members)]
    story, docs, changed = reconcile_members(
        story_id, pairs, kb=kb, copies=store.copies(members), cache=store, settings=settings
    )
    if changed:
        store.put(changed, ANALYZER)  # a rerun that changes nothing writes nothing
    store.put_story(story, [a for a, _ in docs])
    return story


Doc = tuple[Article, Analysis]


def reconcile_members(
    story_id: str,
    pairs: Sequence[tuple[Article, Analysis | None]],
    *,
    kb: Any = None,
    copies: Mapping[str, str] | None = None,
    cache: Cache | None = None,
    settings: Settings | None = None,
) -> tuple[Story, list[Doc], list[Doc]]:
    """One story from its members (publication order, as ``Store.articles`` gives them): the
    undated ones dated again from the whole story, then reconciled. Returns the story, the
    members as dated now, and those whose date changed."""
    from .reconcile import reconcile_story

    docs, changed = redate_story([(a, an) for a, an in pairs if an is not None])
    story = reconcile_story(story_id, docs, kb=kb, copies=copies, cache=cache, settings=settings)
    return story, docs, changed


def dossier_of(store: Store, story_ids: Sequence[str], also: Sequence[str] = ()) -> Dossier:
    """The stored stories ``story_ids`` with their articles (in publication order), then the
    articles among ``also`` that no story holds (stored, language not analyzed), and the
    storylines of those stories (each listing the stories of this dossier it holds)."""
    found = [store.story(s) for s in story_ids]
    stories = tuple(s for s in found if s is not None)
    ids = list(dict.fromkeys(i for s in stories for i in s.articles))
    listed = set(ids)
    articles = [(a, store.analysis(a.id)) for a in store.articles(ids)]
    articles += [(a, store.analysis(a.id)) for a in store.articles(also) if a.id not in listed]
    return Dossier(
        articles=tuple(articles),
        stories=stories,
        storylines=storylines_for(store, stories, {a.id: a.published for a, _ in articles}),
    )


def storylines_for(
    store: Store, stories: Sequence[Story], dates: Mapping[str, str | None]
) -> tuple[Storyline, ...]:
    """The storylines ``stories`` belong to, each with those of its stories that are among
    them, in time order (by their first publication date, ``dates`` giving each article's),
    titled after its central actor."""
    published = {a: d for a, d in dates.items() if d}
    line_of = {
        story: store.resolve_storyline(line)
        for story, line in store.storylines_of(s.id for s in stories).items()
    }
    members: dict[str, list[Story]] = {}
    for story in stories:
        line = line_of.get(story.id)
        if line is not None:
            members.setdefault(line, []).append(story)
    records = {r["id"]: r for r in store.storyline_records(list(members))}
    out: list[Storyline] = []
    for line, its in members.items():
        days = {s.id: sorted(published[a] for a in s.articles if a in published) for s in its}
        its.sort(key=lambda s: (not days[s.id], days[s.id][0] if days[s.id] else "", s.id))
        every = sorted(d for s in its for d in days[s.id])
        record = records.get(line)
        out.append(
            Storyline(
                id=line,
                title=storyline_title(record, its) if record else its[0].title,
                stories=tuple(s.id for s in its),
                first=every[0] if every else None,
                last=every[-1] if every else None,
            )
        )
    out.sort(key=lambda line: (line.first is None, line.first or "", line.id))
    return tuple(out)


def reconciler_version(settings: Settings | None = None) -> str:
    """What the stored stories were made with: the analyzer, the code that links, reconciles
    and writes them, its data, and the settings (the user's overrides too)."""
    code = code_digest(
        "link", "reconcile", "render", "data", "model.py", "store/codec.py", "datevalue.py"
    )
    return f"{ANALYZER}/{code}/{(settings or Settings.default()).digest()}"


def _load_kb(kb: str | Path | None, settings: Settings) -> Any:
    if kb is None:
        return None
    from .link.kb import KnowledgeBase

    return KnowledgeBase.load(kb, settings)
