"""The PostgreSQL store's stories side: stories stored as data, the stories list, full-text
search over articles (tsvector) and story names (trigrams), and the filter facets."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..model import Article, Story
from .base import ArticleHit, ArticleSummary, Facets, StoryFilter, StoryPage, StorySummary
from .codec import decode_story, encode_story
from .postgres_base import Connection, name_likes, searchable_names, tsquery
from .rows import now, story_names

__all__ = ["Stories"]

# ts_headline's options for a plain-text snippet of about a dozen words around the match.
_SNIPPET = (
    'StartSel="", StopSel="", MaxWords=24, MinWords=8, MaxFragments=1, FragmentDelimiter=" … "'
)


class Stories(Connection):
    _search_cap: int
    resolve_story: Callable[[str], str]  # the linking side's (postgres_linking.py)

    def put_story(self, story: Story, members: Sequence[Article]) -> bool:
        dates = sorted(a.published for a in members if a.published)
        db = self.db
        with self.transaction():
            self._lock_stories([story.id])
            if not self._members_unchanged(story.id, {a.id for a in members}):
                return False
            db.execute(
                "INSERT INTO stories(id, title, articles, first_date, last_date, updated, data) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO UPDATE SET "
                "title = excluded.title, articles = excluded.articles, "
                "first_date = excluded.first_date, last_date = excluded.last_date, "
                "updated = excluded.updated, data = excluded.data",
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
            db.execute(
                "INSERT INTO story_search(story, names) VALUES (%s, %s) "
                "ON CONFLICT (story) DO UPDATE SET names = excluded.names",
                (story.id, searchable_names(story_names(story))),
            )
            db.execute("DELETE FROM stale_stories WHERE story = %s", (story.id,))
        return True

    def _members_unchanged(self, story_id: str, members: set[str]) -> bool:
        """Whether ``members`` are the story's articles now (a story with none linked, built
        by hand, takes any), and the story was not retired into another."""
        if self.db.execute("SELECT 1 FROM story_forward WHERE old = %s", (story_id,)).fetchone():
            return False
        rows = self.db.execute("SELECT article FROM story_articles WHERE story = %s", (story_id,))
        linked = {r[0] for r in rows}
        return not linked or linked == members

    def story(self, story_id: str) -> Story | None:
        story_id = self.resolve_story(story_id)
        row = self.db.execute("SELECT data FROM stories WHERE id = %s", (story_id,)).fetchone()
        return decode_story(row[0]) if row else None

    def _matching_stories(self, q: str) -> set[str] | None:
        """Stories whose articles' text or whose entity names match ``q``; None: no filter."""
        query = tsquery(q)
        if query is None:
            return None
        found = {
            r[0]
            for r in self.db.execute(
                "SELECT sa.story FROM articles a JOIN story_articles sa ON sa.article = a.id "
                "WHERE a.words @@ to_tsquery('storyweave_words', %s) LIMIT %s",
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
            where.append("s.id = ANY(%s)")
            args.append(sorted(matched))
        if flt.date_from:
            where.append("coalesce(s.last_date, '') >= %s")
            args.append(flt.date_from)
        if flt.date_to:
            where.append("coalesce(s.first_date, '9999') <= %s")
            args.append(flt.date_to)
        for column, value in (("source", flt.source), ("language", flt.language)):
            if value:
                where.append(
                    "s.id IN (SELECT sa.story FROM articles a JOIN story_articles sa "
                    f"ON sa.article = a.id WHERE a.{column} = %s)"
                )
                args.append(value)
        clause = ("WHERE " + " AND ".join(where)) if where else ""
        total = db.execute(f"SELECT count(*) FROM stories s {clause}", args).fetchone()[0]
        rows = db.execute(
            "SELECT s.id, s.title, s.articles, s.first_date, s.last_date, s.updated "
            f"FROM stories s {clause} "
            "ORDER BY coalesce(s.last_date, '') DESC, s.updated DESC, s.id LIMIT %s OFFSET %s",
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
        rows = self.db.execute(
            'SELECT DISTINCT sa.story, a.source COLLATE "C", a.language COLLATE "C" '
            "FROM story_articles sa JOIN articles a ON a.id = sa.article "
            "WHERE sa.story = ANY(%s) ORDER BY 2, 3",
            (ids,),
        )
        for sid, source, language in rows:
            sources, languages = out[sid]
            if source and source not in sources:
                sources.append(source)
            if language and language not in languages:
                languages.append(language)
        return out

    def article_summaries(self, ids: Sequence[str]) -> list[ArticleSummary]:
        rows = self.db.execute(
            "SELECT id, title, source, url, published, published_inferred, language "
            "FROM articles WHERE id = ANY(%s)",
            (list(dict.fromkeys(ids)),),
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
            for r in rows
        }
        return [found[i] for i in ids if i in found]

    def search_articles(self, q: str, limit: int) -> list[ArticleHit]:
        query = tsquery(q)
        if query is None:
            return []
        # Rank and cut first, then make snippets for the rows kept only (ts_headline reads
        # the whole text).
        rows = self.db.execute(
            "WITH q AS (SELECT to_tsquery('storyweave_words', %s) AS q), "
            "hits AS (SELECT a.id, ts_rank(a.words, q.q) AS rank FROM articles a, q "
            "WHERE a.words @@ q.q ORDER BY rank DESC, a.seq LIMIT %s) "
            "SELECT a.id, a.title, a.source, a.published, sa.story, "
            "ts_headline('storyweave_words', a.text, q.q, %s) "
            "FROM hits h JOIN articles a ON a.id = h.id CROSS JOIN q "
            "LEFT JOIN story_articles sa ON sa.article = a.id "
            "ORDER BY h.rank DESC, a.seq",
            (query, max(1, limit), _SNIPPET),
        ).fetchall()
        return [
            ArticleHit(id=i, title=t, source=s, published=p, story=sid, snippet=snip or "")
            for i, t, s, p, sid, snip in rows
        ]

    def stories_named(self, q: str, limit: int) -> list[str]:
        likes = name_likes(q)
        if likes is None:
            return []
        # One LIKE per word (the trigram index serves each; it cannot serve LIKE ALL).
        clause = " AND ".join(["names LIKE %s"] * len(likes))
        rows = self.db.execute(
            f"SELECT story FROM story_search WHERE {clause} ORDER BY story LIMIT %s",
            (*likes, max(1, limit)),
        )
        return [r[0] for r in rows]

    def facets(self) -> Facets:
        # The distinct values by skipping through each column's index, one probe per value
        # (a plain DISTINCT would read every article).
        def distinct(column: str) -> tuple[str, ...]:
            rows = self.db.execute(
                f"WITH RECURSIVE v(x) AS ("
                f"(SELECT {column} FROM articles WHERE {column} IS NOT NULL "
                f"ORDER BY {column} LIMIT 1) UNION ALL "
                f"SELECT (SELECT {column} FROM articles WHERE {column} > v.x "
                f"ORDER BY {column} LIMIT 1) FROM v WHERE v.x IS NOT NULL) "
                "SELECT x FROM v WHERE x IS NOT NULL"
            )
            return tuple(sorted(r[0] for r in rows))

        return Facets(sources=distinct("source"), languages=distinct("language"))
