"""Linking stored articles into stories, incrementally.

New articles are taken in publication order. A near-duplicate joins its original's story (and
is marked as a copy); any other article is scored by the story clusterer (link/stories.py)
against the stories that share a name with it, read from the store's inverted index, so the
cost of adding an article does not grow with the number of stories stored. A lone article's
story among those that joins the grown story is retired in the store, its id forwarding."""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from ..store import Store
from .duplicates import find_original, index_signature
from .stories import (
    STATE_VERSION,
    StoryClusterer,
    StoryDoc,
    StorySettings,
    guess_names,
    guess_years,
)

__all__ = ["assign_stories"]

_DOCS_KEY = "stories.docs"
# Names found in more articles than this share of the store (and at least _COMMON_MIN) are too
# common to pick candidate stories by: they match most stories and tell little.
_COMMON_SHARE = 0.05
_COMMON_MIN = 50
# Stories read per article, those sharing the most rare names first. The clusterer scores
# only its best 20 by cosine; on ECB+ through this store path (734 articles, shuffled) caps of
# 200, 50 and 20 gave the same stories (BCubed F1 0.890, the in-memory clusterer 0.892).
_MAX_CANDIDATES = 40


def _doc_names(title: str | None, text: str) -> frozenset[str]:
    # The clusterer's thresholds were chosen with these names (benchmarks/ecbplus_stories.py).
    return guess_names(((title or "") + "\n" + text).strip())


def _candidates(st: Store, names: frozenset[str], docs: int) -> list[str]:
    db = st.db
    cap = max(_COMMON_MIN, int(_COMMON_SHARE * docs))
    if not names:
        return [r[0] for r in db.execute("SELECT story FROM story_index")]
    marks = ",".join("?" * len(names))
    rare = [
        r[0]
        for r in db.execute(
            f"SELECT name FROM name_df WHERE name IN ({marks}) AND df <= ?", [*names, cap]
        )
    ]
    found: list[str] = []
    if rare:
        marks = ",".join("?" * len(rare))
        found = [
            r[0]
            for r in db.execute(
                f"SELECT story FROM story_names WHERE name IN ({marks}) GROUP BY story "
                f"ORDER BY count(*) DESC LIMIT ?",
                [*rare, _MAX_CANDIDATES],
            )
        ]
    found += [r[0] for r in db.execute("SELECT story FROM story_index WHERE named = 0")]
    return list(dict.fromkeys(found))


def _clusterer(
    st: Store, story_ids: list[str], names: frozenset[str], docs: int, dim: int,
    settings: StorySettings,
) -> StoryClusterer:  # fmt: skip
    """A clusterer holding only the candidate stories, with the name counts they need."""
    states: list[dict[str, Any]] = []
    for i in range(0, len(story_ids), 500):
        chunk = story_ids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        states += [
            json.loads(r[0])
            for r in st.db.execute(f"SELECT state FROM story_index WHERE story IN ({marks})", chunk)
        ]
    wanted = set(names).union(*(s["names"] for s in states)) if states else set(names)
    df: dict[str, int] = {}
    wanted_list = list(wanted)
    for i in range(0, len(wanted_list), 500):
        chunk = wanted_list[i : i + 500]
        marks = ",".join("?" * len(chunk))
        df.update(st.db.execute(f"SELECT name, df FROM name_df WHERE name IN ({marks})", chunk))
    state = {"version": STATE_VERSION, "dim": dim, "docs": docs, "df": df, "stories": states}
    return StoryClusterer.from_state(state, settings)


def _save(st: Store, clusterer: StoryClusterer, story_id: str, names: frozenset[str]) -> None:
    story = next(s for s in clusterer.state()["stories"] if s["id"] == story_id)
    st.db.execute(
        "INSERT OR REPLACE INTO story_index(story, named, state) VALUES (?, ?, ?)",
        (story_id, int(bool(story["names"])), json.dumps(story)),
    )
    st.db.executemany(
        "INSERT OR IGNORE INTO story_names(name, story) VALUES (?, ?)",
        [(n, story_id) for n in names],
    )
    st.db.executemany(
        "INSERT INTO name_df(name, df) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET df = df + 1",
        [(n,) for n in names],
    )


def assign_stories(st: Store) -> set[str]:
    """Link every analyzed, unlinked article into a story; return the stories touched."""
    ids = st.unlinked()
    if not ids:
        st.mark_linked()
        return set()
    settings = StorySettings.from_config()
    docs = int(st.get_state(_DOCS_KEY) or b"0")
    touched: set[str] = set()
    db = st.db
    db.execute("BEGIN IMMEDIATE")
    try:
        for article in st.articles(ids):
            vector = db.execute(
                "SELECT data FROM vectors WHERE article = ?", (article.id,)
            ).fetchone()
            sig, original = find_original(db, article.id, article.text)
            copy_of = None
            if original is not None:
                story_id = st.story_of([original]).get(original)
                copy_of = original if story_id else None
            else:
                story_id = None
            if story_id is None:
                names = _doc_names(article.title, article.text)
                vec = np.frombuffer(vector[0], dtype="<f4") if vector else np.zeros(384, "f4")
                clusterer = _clusterer(
                    st, _candidates(st, names, docs), names, docs, len(vec), settings
                )
                text = ((article.title or "") + "\n" + article.text).strip()
                doc = StoryDoc(
                    article.id, vec, names=names, published=article.published,
                    published_inferred=article.published_inferred, years=guess_years(text),
                )  # fmt: skip
                story_id = clusterer.add(doc)
                for _, old in clusterer.last_moves:
                    st.retire_story(old, story_id)
                    touched.discard(old)
                _save(st, clusterer, story_id, names)
                docs += 1
            index_signature(db, article.id, sig)
            st.link([(article.id, story_id, copy_of)])
            db.execute("INSERT OR IGNORE INTO stale_stories(story) VALUES (?)", (story_id,))
            touched.add(story_id)
        st.set_state(_DOCS_KEY, str(docs).encode())
        st.mark_linked()
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return touched
