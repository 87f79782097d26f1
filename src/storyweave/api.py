"""The public Python API. Each CLI command is a thin call into the function of the same name."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import ingest, pipeline
from .analyze import ANALYZER, analyze_articles
from .errors import InputError
from .model import Article
from .store import Store, open_store

__all__ = ["AddReport", "add", "articles", "dossier", "kb_build", "serve", "DEFAULT_DB"]

DEFAULT_DB = "storyweave.db"
_COMMIT_EVERY = 32  # articles per transaction: small enough that a kill loses little


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


def _collect(
    paths: Sequence[str | Path],
    published: str | None,
    source: str | None,
    report: AddReport,
) -> list[Article]:
    """Read every input; the same text from several files becomes one article."""
    by_id: dict[str, Article] = {}
    for item in ingest.iter_articles(paths, published=published, source=source):
        if isinstance(item, InputError):
            report.failed.append((item.path or "?", str(item)))
            continue
        if item.id in by_id:
            first = by_id[item.id]
            by_id[item.id] = _merge(first, item)
        else:
            by_id[item.id] = item
    return list(by_id.values())


def _merge(first: Article, other: Article) -> Article:
    return replace(
        first,
        origins=first.origins + tuple(o for o in other.origins if o not in first.origins),
        title=first.title or other.title,
        source=first.source or other.source,
        url=first.url or other.url,
        published=first.published or other.published,
    )


def add(
    paths: Sequence[str | Path],
    db: str | Path = DEFAULT_DB,
    *,
    published: str | None = None,
    source: str | None = None,
    processes: int | None = None,
    progress: Callable[[int, int], Any] | None = None,
    kb: str | Path | None = None,
    store: Store | None = None,
    link: bool = True,
    story_progress: Callable[[int, int], Any] | None = None,
) -> AddReport:
    """Ingest and analyze files into the store, then link new articles into stories and
    reconcile the stories they touch. Articles already stored (same text, same analyzer) are
    not analyzed again; their new origins are recorded. ``progress(done, total)`` is called
    as articles are stored, ``story_progress(done, total)`` as stories are reconciled; ``kb``
    is a knowledge base file (``storyweave kb build``).
    With ``link=False`` the articles are stored unlinked; the next linking run (any later
    ``add``, or ``update_stories``) takes them up."""
    report = AddReport()
    own = store is None
    st = store or open_store(db)
    try:
        found = _collect(paths, published, source, report)
        for file, reason in report.failed:
            st.record_failure(file, reason.split("]")[0].strip("["), reason)
        known = st.known((a.id for a in found), ANALYZER)
        todo = [a for a in found if a.id not in known]
        for a in found:
            if a.id in known:
                st.add_origins(a.id, a.origins)
                report.present.append(a.id)
        total = len(todo)
        if progress:
            progress(0, total)
        done = 0
        pending = []
        for article, analysis in analyze_articles(todo, processes):
            pending.append((article, analysis))
            if not analysis.supported:
                report.unsupported.append(article.id)
            if len(pending) >= _COMMIT_EVERY:
                st.put(pending, ANALYZER)
                report.added.extend(a.id for a, _ in pending)
                done += len(pending)
                pending = []
                if progress:
                    progress(done, total)
        if pending:
            st.put(pending, ANALYZER)
            report.added.extend(a.id for a, _ in pending)
            done += len(pending)
            if progress:
                progress(done, total)
        if link:
            report.stories = update_stories(st, kb=kb, progress=story_progress)
    finally:
        if own:
            st.close()
    return report


def update_stories(
    st: Store, kb: str | Path | None = None, progress: Callable[[int, int], Any] | None = None
) -> list[str]:
    """Link unlinked articles into stories, then reconcile (only) the stories they touched;
    ``progress(done, total)`` is called as stories are reconciled."""
    return pipeline.update_stories(st, kb=kb, progress=progress)


def reconciler_version() -> str:
    return pipeline.reconciler_version()


def articles(db: str | Path = DEFAULT_DB) -> list[Article]:
    """Every stored article, in publication order."""
    with open_store(db) as st:
        return list(st.articles())


def dossier(
    paths: Sequence[str | Path],
    db: str | Path | None = None,
    *,
    format: str = "json",
    output: str | Path | None = None,
    published: str | None = None,
    source: str | None = None,
    processes: int | None = None,
    progress: Callable[[int, int], Any] | None = None,
    kb: str | Path | None = None,
    story_progress: Callable[[int, int], Any] | None = None,
) -> tuple[str, AddReport]:
    """Ingest ``paths`` into ``db`` (a temporary store when None) and render the dossier of
    the stories those articles belong to. Returns the rendered text and the add report;
    writes ``output`` if given."""
    from .render import render

    with tempfile.TemporaryDirectory() as tmp:
        st = open_store(db or Path(tmp) / "dossier.db")
        try:
            report = add(
                paths,
                published=published,
                source=source,
                processes=processes,
                progress=progress,
                kb=kb,
                store=st,
                story_progress=story_progress,
            )
            ids = report.ids
            of = st.story_of(ids)
            story_ids = list(dict.fromkeys(of[i] for i in ids if i in of))
            # Articles stored but not analyzed (other languages) are listed all the same.
            text = render(format, pipeline.dossier_of(st, story_ids, also=ids))
        finally:
            st.close()
    if output:
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text(text, encoding="utf-8")
    return text, report


def kb_build(
    dump: str | Path, output: str | Path, *, languages: Sequence[str] = ("en", "zh"),
    progress: bool = False,
) -> int:  # fmt: skip
    """Build a knowledge base from a Wikidata JSON dump; returns the number of entities kept."""
    from .link import kb

    return kb.build(dump, output, languages=tuple(languages), progress=progress)


def serve(db: str | Path = DEFAULT_DB, *, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the web app and HTTP API over the store ``db`` until interrupted."""
    from .web import serve as run

    run(db, host=host, port=port)
