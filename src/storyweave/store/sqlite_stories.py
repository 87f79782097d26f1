"""The SQLite store's stories side: stories stored as data, the stories list, full-text search
over articles and story names, and the filter facets."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from ..model import Article, Story
from .base import ArticleHit, ArticleSummary, Facets, StoryFilter, StoryPage, StorySummary
from .codec import decode_story, encode_story
from .rows import now, story_names
from .sqlite_base import Connection, fts_query

__all__ = ["Stories"]


class Stories(Connection):
    _search_cap: int
    _facets: tuple[tuple[int, int], Facets] | None = None
    resolve_story: Callable[[str], str]  # the linking side's (sqlite_linking.py)

    def put_story(self, story: Story, members: Sequence[Article]) -> bool:
        dates = sorted(a.published for a in members if a.published)
        db = self.db
        with self.transaction():
            if not self._members_unchanged(story.id, {a.id for a in members}):
                return False
            db.execute(
                "INSERT OR REPLACE INTO stories(id, title, articles, first_date, last_date, "
                "updated, data) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    story.id,
                    story.title,
                    len(members),
                    dates[0] if dates else None,
                    dates[-1] if dates else None,
                    now(),
                    encode_story(story),
                ),
            )
            db.execute("DELETE FROM story_names_fts WHERE story = ?", (story.id,))
            db.execute(
                "INSERT INTO story_names_fts(story, names) VALUES (?, ?)",
                (story.id, story_names(story)),
            )
            db.execute("DELETE FROM stale_stories WHERE story = ?", (story.id,))
        return True

    def _members_unchanged(self, story_id: str, members: set[str]) -> bool:
        """Whether ``members`` are the story's articles now (a story with none linked, built
        by hand, takes any), and the story was not retired into another."""
        if self.db.execute("SELECT 1 FROM story_forward WHERE old = ?", (story_id,)).fetchone():
            return False
        rows = self.db.execute("SELECT article FROM story_articles WHERE story = ?", (story_id,))
        linked = {r[0] for r in rows}
        return not linked or linked == members

    def story(self, story_id: str) -> Story | None:
        story_id = self.resolve_story(story_id)
        row = self.db.execute("SELECT data FROM stories WHERE id = ?", (story_id,)).fetchone()
        return decode_story(row[0]) if row else None

    def _matching_stories(self, q: str) -> set[str] | None:
        """Stories whose articles' text or whose entity names match ``q``; None: no filter."""
        query = fts_query(q)
        if query is None:
            return None
        found = {
            r[0]
            for r in self.db.execute(
                "SELECT sa.story FROM articles_fts f JOIN articles a ON a.rowid = f.rowid "
                "JOIN story_articles sa ON sa.article = a.id WHERE articles_fts MATCH ? "
                "LIMIT ?",
                (query, self._search_cap),
            )
        }
        found.update(self.stories_named(q, self._search_cap))
        return found

    def list_stories(self, flt: StoryFilter) -> StoryPage:
        db = self.db
        limit, offset = max(1, flt.limit), max(0, flt.offset)
        where: list[str] = []
        args: list[Any] = []
        matched = self._matching_stories(flt.q)
        if matched is not None:
            if not matched:
                return StoryPage(total=0, stories=(), limit=limit, offset=offset)
            # "+s.id": check membership while scanning the covering index, rather than one
            # primary-key lookup per match (each lands on a row holding a whole story).
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
        rows = db.execute(
            "SELECT s.id, s.title, s.articles, s.first_date, s.last_date, s.updated "
            f"FROM stories s {clause} "
            "ORDER BY coalesce(s.last_date, '') DESC, s.updated DESC, s.id LIMIT ? OFFSET ?",
            [*args, limit, offset],
        ).fetchall()
        meta = self._story_sources([r[0] for r in rows])
        items = tuple(
            StorySummary(
                id=sid,
                title=title,
                articles=count,
                first_date=first,
                last_date=last,
                updated=updated,
                sources=tuple(meta.get(sid, ([], []))[0]),
                languages=tuple(meta.get(sid, ([], []))[1]),
            )  # fmt: skip
            for sid, title, count, first, last, updated in rows
        )
        return StoryPage(total=total, stories=items, limit=limit, offset=offset)

    def _story_sources(self, ids: list[str]) -> dict[str, tuple[list[str], list[str]]]:
        out: dict[str, tuple[list[str], list[str]]] = {i: ([], []) for i in ids}
        if not ids:
            return out
        sql = (
            "SELECT DISTINCT sa.story, a.source, a.language FROM story_articles sa "
            "JOIN articles a ON a.id = sa.article WHERE sa.story IN ({marks}) "
            "ORDER BY a.source, a.language"
        )
        for sid, source, language in self._rows_in(sql, ids):
            sources, languages = out[sid]
            if source and source not in sources:
                sources.append(source)
            if language and language not in languages:
                languages.append(language)
        return out

    def article_summaries(self, ids: Sequence[str]) -> list[ArticleSummary]:
        sql = (
            "SELECT id, title, source, url, published, published_inferred, language "
            "FROM articles WHERE id IN ({marks})"
        )
        found = {
            r[0]: ArticleSummary(
                id=r[0],
                title=r[1],
                source=r[2],
                url=r[3],
                published=r[4],
                published_inferred=bool(r[5]),
                language=r[6],
            )  # fmt: skip
            for r in self._rows_in(sql, dict.fromkeys(ids))
        }
        return [found[i] for i in ids if i in found]

    def search_articles(self, q: str, limit: int) -> list[ArticleHit]:
        query = fts_query(q)
        if query is None:
            return []
        rows = self.db.execute(
            "SELECT a.id, a.title, a.source, a.published, sa.story, "
            "snippet(articles_fts, 1, '', '', ' … ', 12) "
            "FROM articles_fts f JOIN articles a ON a.rowid = f.rowid "
            "LEFT JOIN story_articles sa ON sa.article = a.id "
            "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
            (query, max(1, limit)),
        ).fetchall()
        return [
            ArticleHit(id=i, title=t, source=s, published=p, story=sid, snippet=snip or "")
            for i, t, s, p, sid, snip in rows
        ]

    def stories_named(self, q: str, limit: int) -> list[str]:
        query = fts_query(q)
        if query is None:
            return []
        rows = self.db.execute(
            "SELECT story FROM story_names_fts WHERE story_names_fts MATCH ? LIMIT ?",
            ("names : " + query, max(1, limit)),
        )
        return [r[0] for r in rows]

    def facets(self) -> Facets:
        # Kept until a write: data_version changes when another connection writes,
        # total_changes when this one does.
        db = self.db
        version = (db.execute("PRAGMA data_version").fetchone()[0], db.total_changes)
        if self._facets and self._facets[0] == version:
            return self._facets[1]
        sources = db.execute("SELECT DISTINCT source FROM articles WHERE source IS NOT NULL")
        languages = db.execute("SELECT DISTINCT language FROM articles WHERE language IS NOT NULL")
        found = Facets(
            sources=tuple(sorted(r[0] for r in sources)),
            languages=tuple(sorted(r[0] for r in languages)),
        )
        self._facets = (version, found)
        return found
