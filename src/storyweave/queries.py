"""Read-side queries over the store, for the web app and the HTTP API.

Story search covers article text (the store's ``articles_fts``) and the names of each story's
entities (``story_names_fts``, defined in store/queries.sql), kept in step with the ``stories``
table lazily: a story whose ``updated`` stamp changed is re-indexed on the next query."""

from __future__ import annotations

import json
import re
import sqlite3
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .store import Store

__all__ = [
    "StoryFilter",
    "fts_query",
    "ensure_schema",
    "refresh_names",
    "stories",
    "story",
    "article",
    "entities",
    "search",
    "facets",
    "rename_origins",
]

_SCHEMA = Path(__file__).parent / "store" / "queries.sql"
_TOKEN = re.compile(r"\w+", re.UNICODE)
MAX_LIMIT = 200
# (data_version, total_changes) of each store's connection when it last checked the names index:
# the first changes when another connection writes, the second when this one does.
_FACETS: weakref.WeakKeyDictionary[Store, tuple[tuple[int, int], dict[str, list[str]]]] = (
    weakref.WeakKeyDictionary()
)
_SEEN_VERSION: weakref.WeakKeyDictionary[Store, tuple[int, int]] = weakref.WeakKeyDictionary()


@dataclass
class StoryFilter:
    """What the stories list is narrowed to; empty fields do not filter."""

    q: str = ""
    date_from: str | None = None  # YYYY-MM-DD: stories with activity on or after
    date_to: str | None = None  # YYYY-MM-DD: stories that began on or before
    source: str | None = None
    language: str | None = None
    limit: int = 50
    offset: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def fts_query(text: str) -> str | None:
    """A user's words as a safe FTS5 query: every word quoted (so no FTS5 syntax gets
    through), all required, the last one as a prefix (search as you type). None if no word."""
    words = _TOKEN.findall(text or "")[:16]
    if not words:
        return None
    quoted = ['"' + w.replace('"', '""') + '"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def ensure_schema(st: Store) -> None:
    st.db.executescript(_SCHEMA.read_text(encoding="utf-8"))


def refresh_names(st: Store) -> int:
    """Re-index the entity names of stories changed since they were last indexed. Cheap when
    nothing changed since the last call on this connection."""
    db = st.db
    version = (db.execute("PRAGMA data_version").fetchone()[0], db.total_changes)
    if _SEEN_VERSION.get(st) == version:
        return 0
    stale = db.execute(
        "SELECT s.id, s.updated FROM stories s LEFT JOIN story_names_seen w "
        "ON w.story = s.id WHERE w.updated IS NULL OR w.updated != s.updated"
    ).fetchall()
    gone = db.execute("SELECT story FROM story_names_seen EXCEPT SELECT id FROM stories").fetchall()
    if not stale and not gone:
        _SEEN_VERSION[st] = version
        return 0
    db.execute("PRAGMA busy_timeout = 2000")
    try:
        db.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:  # a long write holds the lock: search the old index
        return 0
    finally:
        db.execute("PRAGMA busy_timeout = 30000")
    try:
        for (sid,) in gone:
            db.execute("DELETE FROM story_names_fts WHERE story = ?", (sid,))
            db.execute("DELETE FROM story_names_seen WHERE story = ?", (sid,))
        for sid, updated in stale:
            names = _names(st.story(sid) or "")
            db.execute("DELETE FROM story_names_fts WHERE story = ?", (sid,))
            db.execute("INSERT INTO story_names_fts(story, names) VALUES (?, ?)", (sid, names))
            db.execute(
                "INSERT OR REPLACE INTO story_names_seen(story, updated) VALUES (?, ?)",
                (sid, updated),
            )
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    _SEEN_VERSION[st] = (db.execute("PRAGMA data_version").fetchone()[0], db.total_changes)
    return len(stale)


def _names(data: str) -> str:
    try:
        story = json.loads(data)
    except ValueError:
        return ""
    out: list[str] = []
    for e in story.get("entities") or []:
        out.append(str(e.get("name") or ""))
        out.extend(str(a.get("text") or "") for a in e.get("aliases") or [])
    return "\n".join(dict.fromkeys(n for n in out if n))


def _matching_stories(db: sqlite3.Connection, q: str) -> set[str] | None:
    """Stories whose articles' text or whose entity names match ``q``; None: no filter."""
    query = fts_query(q)
    if query is None:
        return None
    found = {
        r[0]
        for r in db.execute(
            "SELECT sa.story FROM articles_fts f JOIN articles a ON a.rowid = f.rowid "
            "JOIN story_articles sa ON sa.article = a.id WHERE articles_fts MATCH ? LIMIT 5000",
            (query,),
        )
    }
    found.update(
        r[0]
        for r in db.execute(
            "SELECT story FROM story_names_fts WHERE story_names_fts MATCH ? LIMIT 5000",
            ("names : " + query,),
        )
    )
    return found


def stories(st: Store, flt: StoryFilter, matched: set[str] | None = None) -> dict[str, Any]:
    """One page of stories matching ``flt``, latest activity first, with the total count.
    ``matched``: the stories ``flt.q`` finds, when the caller has them already."""
    db = st.db
    where: list[str] = []
    args: list[Any] = []
    if matched is None:
        matched = _matching_stories(db, flt.q)
    if matched is not None:
        if not matched:
            return {"total": 0, "stories": [], "limit": flt.limit, "offset": flt.offset}
        # "+s.id": check membership while scanning the covering index, rather than one
        # primary-key lookup per match (each lands on a row holding a whole dossier).
        where.append("+s.id IN (SELECT value FROM json_each(?))")
        args.append(json.dumps(sorted(matched)))
    if flt.date_from:
        where.append("coalesce(s.last_date, '') >= ?")
        args.append(flt.date_from)
    if flt.date_to:
        where.append("coalesce(s.first_date, '9999') <= ?")
        args.append(flt.date_to)
    for column, value in (("source", flt.source), ("language", flt.language)):
        if value:
            where.append(
                "+s.id IN (SELECT sa.story FROM articles a JOIN story_articles sa "
                f"ON sa.article = a.id WHERE a.{column} = ?)"
            )
            args.append(value)
    clause = ("WHERE " + " AND ".join(where)) if where else ""
    total = db.execute(f"SELECT count(*) FROM stories s {clause}", args).fetchone()[0]
    limit = max(1, min(flt.limit, MAX_LIMIT))
    rows = db.execute(
        "SELECT s.id, s.title, s.articles, s.first_date, s.last_date, s.updated FROM stories s "
        f"{clause} ORDER BY coalesce(s.last_date, '') DESC, s.updated DESC, s.id "
        "LIMIT ? OFFSET ?",
        [*args, limit, max(0, flt.offset)],
    ).fetchall()
    ids = [r[0] for r in rows]
    meta = _story_sources(db, ids)
    items = [
        {
            "id": sid,
            "title": title,
            "articles": count,
            "first_date": first,
            "last_date": last,
            "updated": updated,
            "sources": meta.get(sid, ([], []))[0],
            "languages": meta.get(sid, ([], []))[1],
        }
        for sid, title, count, first, last, updated in rows
    ]
    return {"total": total, "stories": items, "limit": limit, "offset": max(0, flt.offset)}


def _story_sources(db: sqlite3.Connection, ids: list[str]) -> dict[str, tuple[list, list]]:
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    out: dict[str, tuple[list, list]] = {i: ([], []) for i in ids}
    for sid, source, language in db.execute(
        "SELECT DISTINCT sa.story, a.source, a.language FROM story_articles sa "
        f"JOIN articles a ON a.id = sa.article WHERE sa.story IN ({marks}) "
        "ORDER BY a.source, a.language",
        ids,
    ):
        sources, languages = out[sid]
        if source and source not in sources:
            sources.append(source)
        if language and language not in languages:
            languages.append(language)
    return out


def facets(st: Store) -> dict[str, list[str]]:
    """The sources and languages present, for the filter menus (kept until a write)."""
    db = st.db
    version = (db.execute("PRAGMA data_version").fetchone()[0], db.total_changes)
    cached = _FACETS.get(st)
    if cached and cached[0] == version:
        return cached[1]
    sources = [
        r[0] for r in db.execute("SELECT DISTINCT source FROM articles WHERE source IS NOT NULL")
    ]
    languages = [
        r[0]
        for r in db.execute("SELECT DISTINCT language FROM articles WHERE language IS NOT NULL")
    ]
    found = {"sources": sorted(sources), "languages": sorted(languages)}
    _FACETS[st] = (version, found)
    return found


def _article_meta(db: sqlite3.Connection, ids: list[str]) -> list[dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        for row in db.execute(
            "SELECT id, title, source, url, published, published_inferred, language "
            f"FROM articles WHERE id IN ({marks})",
            chunk,
        ):
            out[row[0]] = {
                "id": row[0],
                "title": row[1],
                "source": row[2],
                "url": row[3],
                "published": row[4],
                "published_inferred": bool(row[5]),
                "language": row[6],
            }
    return [out[i] for i in ids if i in out]


def story(st: Store, story_id: str) -> dict[str, Any] | None:
    """A stored story (the dossier's story form) with ``members``: its articles' metadata."""
    data = st.story(story_id)  # a retired id gives the story it joined
    if data is None:
        return None
    out: dict[str, Any] = json.loads(data)
    ids = list(out.get("articles") or []) or st.story_members(out.get("id") or story_id)
    out["members"] = _article_meta(st.db, ids)
    return out


def article(st: Store, article_id: str) -> dict[str, Any] | None:
    """An article in the dossier's article form, with its text and story id."""
    from .render.json import article_dict

    a = st.article(article_id)
    if a is None:
        return None
    out = article_dict(a, st.analysis(article_id))
    out["text"] = a.text
    out["story"] = st.story_of([article_id]).get(article_id)
    return out


def entities(st: Store, story_id: str | None = None, q: str = "", limit: int = 50) -> list[dict]:
    """The entities of one story, or of stories whose entity names match ``q``."""
    if story_id:
        data = st.story(story_id)  # a retired id gives the story it joined
        if data is None:
            return []
        found = json.loads(data)
        named = found.get("id") or story_id
        ents = found.get("entities") or []
        return [dict(e, story=named) for e in ents if _entity_matches(e, q)]
    query = fts_query(q)
    if query is None:
        return []
    rows = st.db.execute(
        "SELECT story FROM story_names_fts WHERE story_names_fts MATCH ? LIMIT ?",
        ("names : " + query, max(1, min(limit, MAX_LIMIT))),
    ).fetchall()
    out: list[dict] = []
    for (sid,) in rows:
        for e in json.loads(st.story(sid) or "{}").get("entities") or []:
            if _entity_matches(e, q):
                out.append(dict(e, story=sid))
    return out[: max(1, min(limit, MAX_LIMIT))]


def _entity_matches(e: dict, q: str) -> bool:
    words = [w.lower() for w in _TOKEN.findall(q or "")]
    if not words:
        return True
    names = " ".join([str(e.get("name") or "")] + [str(a.get("text")) for a in e["aliases"]])
    have = [w.lower() for w in _TOKEN.findall(names)]
    return all(any(h.startswith(w) for h in have) for w in words)


def search(st: Store, q: str, limit: int = 20) -> dict[str, Any]:
    """Articles matching ``q`` (with a snippet) and the stories and entities it finds."""
    query = fts_query(q)
    limit = max(1, min(limit, MAX_LIMIT))
    if query is None:
        return {"q": q, "articles": [], "stories": [], "entities": []}
    rows = st.db.execute(
        "SELECT a.id, a.title, a.source, a.published, sa.story, "
        "snippet(articles_fts, 1, char(2), char(3), ' … ', 12) "
        "FROM articles_fts f JOIN articles a ON a.rowid = f.rowid "
        "LEFT JOIN story_articles sa ON sa.article = a.id "
        "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
        (query, limit),
    ).fetchall()
    found = [
        {"id": i, "title": t, "source": s, "published": p, "story": sid, "snippet": snip}
        for i, t, s, p, sid, snip in rows
    ]
    matched = _matching_stories(st.db, q)
    listed = stories(st, StoryFilter(q=q, limit=limit), matched)["stories"]
    return {
        "q": q,
        "articles": found,
        "stories": listed,
        "entities": entities(st, q=q, limit=limit),
    }


def rename_origins(st: Store, names: dict[str, str]) -> None:
    """Record uploads under the name the user gave, not the private temporary path."""
    for path, name in names.items():
        st.db.execute("UPDATE OR IGNORE origins SET file = ? WHERE file = ?", (name, path))
        st.db.execute("UPDATE OR IGNORE failures SET file = ? WHERE file = ?", (name, path))
