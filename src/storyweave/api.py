"""The public Python API. Each CLI command is a thin call into the function of the same name."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import pipeline
from .config import Settings
from .model import Article
from .pipeline import AddReport
from .store import Store, open_store

__all__ = [
    "AddReport", "add", "articles", "batch", "dossier", "kb_build", "serve", "DEFAULT_DB",
]  # fmt: skip

DEFAULT_DB = "storyweave.db"


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
    settings: Settings | None = None,
) -> AddReport:
    """Ingest and analyze files into the store, then link new articles into stories and
    reconcile the stories they touch. Articles already stored (same text, same analyzer) are
    not analyzed again; their new origins are recorded. ``progress(done, total)`` is called
    as articles are stored, ``story_progress(done, total)`` as stories are reconciled; ``kb``
    is a knowledge base file (``storyweave kb build``); ``settings`` the settings in force
    (``Settings.load(user_file)``; the shipped ones by default).
    With ``link=False`` the articles are stored unlinked; the next linking run (any later
    ``add``, or ``update_stories``) takes them up."""
    st = store or open_store(db, settings)
    try:
        return pipeline.add(
            st, paths, published=published, source=source, processes=processes,
            progress=progress, kb=kb, link=link, story_progress=story_progress,
            settings=settings,
        )  # fmt: skip
    finally:
        if store is None:
            st.close()


def update_stories(
    st: Store,
    kb: str | Path | None = None,
    progress: Callable[[int, int], Any] | None = None,
    settings: Settings | None = None,
) -> list[str]:
    """Link unlinked articles into stories, then reconcile (only) the stories they touched;
    ``progress(done, total)`` is called as stories are reconciled."""
    return pipeline.update_stories(st, kb=kb, progress=progress, settings=settings)


def reconciler_version(settings: Settings | None = None) -> str:
    """What stored stories made now would be made with (pipeline.reconciler_version)."""
    return pipeline.reconciler_version(settings)


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
    settings: Settings | None = None,
) -> tuple[str, AddReport]:
    """Ingest ``paths`` into ``db`` (a temporary store when None) and render the dossier of
    the stories those articles belong to. Returns the rendered text and the add report;
    writes ``output`` if given."""
    from .render import render

    with tempfile.TemporaryDirectory() as tmp:
        st = open_store(db or Path(tmp) / "dossier.db", settings)
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
                settings=settings,
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


def batch(
    inputs: Sequence[str],
    out: str,
    *,
    master: str = "local[*]",
    db: str | None = None,
    published: str | None = None,
    source: str | None = None,
    kb: str | None = None,
    settings: Settings | None = None,
    log: Callable[[str], Any] | None = None,
) -> Any:
    """Run the pipeline on Spark over ``inputs`` (files, folders, globs; local or in a store
    Spark reads) and write articles, analyses, links, stories and dossiers under ``out``;
    with ``db``, load them into that store. A rerun over the same inputs resumes where the
    last one stopped. Needs the ``spark`` extra. Returns a ``spark.BatchReport``."""
    from .spark import run

    return run(
        inputs, out, master=master, db=db, published=published, source=source, kb=kb,
        settings=settings, log=log,
    )  # fmt: skip


def kb_build(
    dump: str | Path, output: str | Path, *, languages: Sequence[str] = ("en", "zh"),
    progress: bool = False,
) -> int:  # fmt: skip
    """Build a knowledge base from a Wikidata JSON dump; returns the number of entities kept."""
    from .link import kb

    return kb.build(dump, output, languages=tuple(languages), progress=progress)


def serve(
    db: str | Path = DEFAULT_DB,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    settings: Settings | None = None,
    token: str | None = None,
    private: bool = False,
    read_only: bool = False,
    ssl_certfile: str | None = None,
    ssl_keyfile: str | None = None,
) -> None:
    """Run the web app and HTTP API over the store ``db`` until interrupted. Beyond loopback
    adding needs ``token`` (the server refuses to start without one unless ``read_only``);
    ``private``: reading needs it too; ``read_only``: nothing can be added."""
    from .web import serve as run

    run(db, host=host, port=port, settings=settings, token=token, private=private,
        read_only=read_only, ssl_certfile=ssl_certfile, ssl_keyfile=ssl_keyfile)  # fmt: skip
