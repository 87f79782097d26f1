"""The default store: one SQLite file in WAL mode with FTS5 search. Its schema is the numbered
SQL files in store/sql/sqlite/, applied in order and recorded in the ``migrations`` table.

Every statement storyweave runs on SQLite is in this module, sqlite_linking.py,
sqlite_stories.py, sqlite_jobs.py and those files. This module: opening and migrating, articles with their
analyses, origins, failures, kept work and stage state."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import StoreError
from ..model import (
    Analysis,
    Article,
    Mention,
    NameGroup,
    Origin,
    Quantity,
    Sentence,
    TimeExpr,
)
from .base import MULTI_VECTOR
from .codec import decode_story, encode_story, story_from_dossier_form
from .rows import (
    MENTION_COLUMNS,
    TIMEX_COLUMNS,
    join_fields,
    now,
    split_fields,
    story_names,
)
from .sqlite_jobs import Jobs
from .sqlite_linking import Linking
from .sqlite_stories import Stories
from .sqlite_storylines import Storylines

__all__ = ["SQLiteStore", "SCHEMA_VERSION"]

_SQL = Path(__file__).with_name("sql") / "sqlite"

_ARTICLE_COLUMNS = (
    "id, text, title, source, url, published, published_inferred, published_reason, language"
)


def _statements(script: str) -> Iterator[str]:
    """The statements of an SQL script (a trigger's BEGIN ... END stays whole)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer
            buffer = ""
    if buffer.strip() and not all(
        ln.strip().startswith("--") or not ln.strip() for ln in buffer.splitlines()
    ):
        raise ValueError("an SQL script ends in the middle of a statement")


class SQLiteStore(Linking, Stories, Storylines, Jobs):
    """Articles, analyses, stories and the linking state in one SQLite file.

    Writes happen in transactions (``transaction()``; each writing method is one on its own),
    so an interrupted run leaves only whole articles behind and a rerun finishes the rest.
    SQLite has one writer at a time: a second writer waits (up to 30 s) for the lock."""

    def __init__(self, path: str | Path, settings: Settings | None = None):
        self.path = str(path)
        self._search_cap = (settings or Settings.default()).getint("store", "search_match_cap")
        self._depth = 0
        self._facets = None
        if self.path != ":memory:":
            parent = Path(self.path).parent
            if not parent.exists():
                parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"not a storyweave store ({exc})", self.path, "pass --db with another file"
            ) from exc

    # -- schema --------------------------------------------------------------------------
    def _migrate(self) -> None:
        db = self.db
        db.execute(
            "CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, "
            "applied TEXT NOT NULL, description TEXT NOT NULL)"
        )
        if self._version() == SCHEMA_VERSION:
            return  # the usual case: no write lock taken (a reader opens during a long write)
        with self.transaction():  # one process migrates; others wait, then see it done
            current = self._version()
            for version, description, path, after in _MIGRATIONS:
                if version <= current:
                    continue
                for statement in _statements(path.read_text(encoding="utf-8")):
                    db.execute(statement)
                if after is not None:
                    after(self)
                db.execute(
                    "INSERT INTO migrations(version, applied, description) VALUES (?, ?, ?)",
                    (version, now(), description),
                )

    def _version(self) -> int:
        current = int(self.db.execute("SELECT max(version) FROM migrations").fetchone()[0] or 0)
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"schema version {current} is newer than this storyweave ({SCHEMA_VERSION})",
                self.path,
                "upgrade storyweave",
            )
        return current

    def _stories_as_data(self) -> None:
        """Migration 2: stories stored as their dossier JSON become ``Story`` data, and their
        names go to the search index."""
        db = self.db
        db.execute("DELETE FROM story_names_fts")
        rows = db.execute("SELECT id, data FROM stories").fetchall()
        for story_id, data in rows:
            parsed = json.loads(data)
            story = decode_story(data) if "format" in parsed else story_from_dossier_form(parsed)
            db.execute("UPDATE stories SET data = ? WHERE id = ?", (encode_story(story), story_id))
            db.execute(
                "INSERT INTO story_names_fts(story, names) VALUES (?, ?)",
                (story_id, story_names(story)),
            )

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- articles and analyses -----------------------------------------------------------
    def known(self, ids: Iterable[str], analyzer: str) -> set[str]:
        sql = "SELECT id FROM articles WHERE analyzer = ? AND id IN ({marks})"
        return {r[0] for r in self._rows_in(sql, ids, analyzer)}

    def add_origins(self, article: str, origins: Iterable[Origin]) -> None:
        with self.transaction():
            self.db.executemany(
                "INSERT OR IGNORE INTO origins(article, file, url, source, fetched) "
                "VALUES (?, ?, ?, ?, ?)",
                [(article, o.file, o.url or "", o.source, o.fetched) for o in origins],
            )

    def put(
        self,
        items: Sequence[tuple[Article, Analysis]],
        analyzer: str,
        *,
        keep_current: bool = False,
    ) -> None:
        with self.transaction():
            for article, analysis in items:
                if keep_current and self.known([article.id], analyzer):
                    self.add_origins(article.id, article.origins)  # stored by another writer
                    continue
                self._put_one(article, analysis, analyzer)

    def _put_one(self, article: Article, analysis: Analysis, analyzer: str) -> None:
        db = self.db
        aid = article.id
        for table in (
            "sentences", "mentions", "name_groups", "time_expressions", "quantities", "vectors",
        ):  # fmt: skip
            db.execute(f"DELETE FROM {table} WHERE article = ?", (aid,))
        db.execute(
            "INSERT INTO articles(id, title, source, url, published, published_inferred, "
            "published_reason, language, supported, text, added, analyzer) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET published=excluded.published, "
            "published_inferred=excluded.published_inferred, "
            "published_reason=excluded.published_reason, language=excluded.language, "
            "supported=excluded.supported, analyzer=excluded.analyzer, "
            "title=coalesce(articles.title, excluded.title), "
            "source=coalesce(articles.source, excluded.source), "
            "url=coalesce(articles.url, excluded.url)",
            (
                aid,
                article.title,
                article.source,
                article.url,
                article.published,
                int(article.published_inferred),
                article.published_reason,
                analysis.language,
                int(analysis.supported),
                article.text,
                now(),
                analyzer,
            ),
        )
        self.add_origins(aid, article.origins)
        db.executemany(
            "INSERT INTO sentences VALUES (?, ?, ?, ?, ?)",
            [(aid, s.index, s.start, s.end, s.paragraph) for s in analysis.sentences],
        )
        rows = []
        for i, m in enumerate(analysis.mentions):
            core, data = split_fields(m, MENTION_COLUMNS)
            rows.append((aid, i, *core, data))
        db.executemany("INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        rows = []
        for g in analysis.groups:
            core, data = split_fields(g, ("id", "name"))
            rows.append((aid, *core, data))
        db.executemany("INSERT INTO name_groups VALUES (?, ?, ?, ?)", rows)
        rows = []
        for i, t in enumerate(analysis.time_expressions):
            core, data = split_fields(t, TIMEX_COLUMNS)
            rows.append((aid, i, *core, data))
        db.executemany("INSERT INTO time_expressions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        if analysis.vector:
            db.execute(
                "INSERT OR REPLACE INTO vectors(article, dim, data) VALUES (?, ?, ?)",
                (aid, len(analysis.vector) // 4, analysis.vector),
            )
        if analysis.vector_multi:
            # Kept with the other recomputable work: English articles get theirs only when an
            # article in another language is compared with them (link/crosslingual.py).
            db.execute(
                "INSERT OR REPLACE INTO cache(kind, key, data) VALUES (?, ?, ?)",
                (MULTI_VECTOR, aid, analysis.vector_multi),
            )
        db.executemany(
            "INSERT INTO quantities VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (aid, i, q.start, q.end, q.text, q.number, q.unit)
                for i, q in enumerate(analysis.quantities)
            ],
        )
        if analysis.supported:
            db.execute(
                "INSERT OR IGNORE INTO link_queue(article) SELECT ? WHERE NOT EXISTS "
                "(SELECT 1 FROM story_articles WHERE article = ?)",
                (aid, aid),
            )
        else:
            db.execute("DELETE FROM link_queue WHERE article = ?", (aid,))

    def record_failure(self, file: str, code: str, reason: str) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO failures(file, code, reason, seen) VALUES (?, ?, ?, ?)",
                (file, code, reason, now()),
            )

    def failures(self) -> list[tuple[str, str, str]]:
        rows = self.db.execute("SELECT file, code, reason FROM failures ORDER BY file, reason")
        return [(f, c, r) for f, c, r in rows]

    def files_with_prefix(self, prefix: str) -> list[str]:
        like = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = self.db.execute(
            "SELECT file FROM origins WHERE file LIKE ? ESCAPE '\\' UNION "
            "SELECT file FROM failures WHERE file LIKE ? ESCAPE '\\' ORDER BY file",
            (like, like),
        )
        return [r[0] for r in rows]

    def rename_files(self, names: Mapping[str, str]) -> None:
        with self.transaction():
            for old, new in names.items():
                self.db.execute("UPDATE OR IGNORE origins SET file = ? WHERE file = ?", (new, old))
                self.db.execute("UPDATE OR IGNORE failures SET file = ? WHERE file = ?", (new, old))

    def _article(self, row: Sequence[Any]) -> Article:
        origins = tuple(
            Origin(file=f, url=u or None, source=s, fetched=fe)
            for f, u, s, fe in self.db.execute(
                "SELECT file, url, source, fetched FROM origins WHERE article = ? "
                "ORDER BY file, url",
                (row[0],),
            )
        )
        return Article(
            id=row[0],
            text=row[1],
            title=row[2],
            source=row[3],
            url=row[4],
            published=row[5],
            published_inferred=bool(row[6]),
            published_reason=row[7],
            language=row[8],
            origins=origins,
        )

    def article(self, article_id: str) -> Article | None:
        row = self.db.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return self._article(row) if row else None

    def articles(self, ids: Iterable[str] | None = None) -> Iterator[Article]:
        order = "ORDER BY published IS NULL, published, rowid"
        if ids is None:
            rows = self.db.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles {order}")
            for row in rows.fetchall():
                yield self._article(row)
            return
        sql = f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id IN ({{marks}})"
        found = {row[0]: row for row in list(self._rows_in(sql, dict.fromkeys(ids)))}
        for key in sorted(found, key=lambda k: (found[k][5] is None, found[k][5] or "", k)):
            yield self._article(found[key])

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def analysis(self, article_id: str) -> Analysis | None:
        db = self.db
        row = db.execute(
            "SELECT language, supported FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            return None
        sentences = tuple(
            Sentence(index=i, start=s, end=e, paragraph=p)
            for i, s, e, p in db.execute(
                "SELECT idx, start, end, paragraph FROM sentences WHERE article = ? ORDER BY idx",
                (article_id,),
            )
        )
        mentions = tuple(
            join_fields(Mention, MENTION_COLUMNS, r[:-1], r[-1])
            for r in db.execute(
                "SELECT start, end, text, label, name, grp, sentence, data FROM mentions "
                "WHERE article = ? ORDER BY idx",
                (article_id,),
            )
        )
        groups = tuple(
            join_fields(NameGroup, ("id", "name"), r[:-1], r[-1])
            for r in db.execute(
                "SELECT id, name, data FROM name_groups WHERE article = ? ORDER BY id",
                (article_id,),
            )
        )
        timexes = tuple(
            join_fields(TimeExpr, TIMEX_COLUMNS, r[:-1], r[-1])
            for r in db.execute(
                "SELECT start, end, text, type, value, mod, data FROM time_expressions "
                "WHERE article = ? ORDER BY idx",
                (article_id,),
            )
        )
        quantities = tuple(
            Quantity(start=s, end=e, text=t, number=n, unit=u)
            for s, e, t, n, u in db.execute(
                "SELECT start, end, text, number, unit FROM quantities WHERE article = ? "
                "ORDER BY idx",
                (article_id,),
            )
        )
        vector = db.execute("SELECT data FROM vectors WHERE article = ?", (article_id,)).fetchone()
        multi = db.execute(
            "SELECT data FROM cache WHERE kind = ? AND key = ?", (MULTI_VECTOR, article_id)
        ).fetchone()
        return Analysis(
            article=article_id,
            language=row[0],
            vector=vector[0] if vector else b"",
            vector_multi=multi[0] if multi else b"",
            sentences=sentences,
            mentions=mentions,
            groups=groups,
            time_expressions=timexes,
            quantities=quantities,
            supported=bool(row[1]),
        )

    def put_vectors(self, vectors: Iterable[tuple[str, bytes, int]]) -> None:
        with self.transaction():
            self.db.executemany(
                "INSERT OR REPLACE INTO vectors(article, dim, data) VALUES (?, ?, ?)",
                [(a, dim, data) for a, data, dim in vectors],
            )

    def vectors(self, ids: Iterable[str]) -> dict[str, bytes]:
        sql = "SELECT article, data FROM vectors WHERE article IN ({marks})"
        return {a: d for a, d in self._rows_in(sql, ids)}

    # -- kept work and stage state --------------------------------------------------------
    def cache(self, kind: str, items: Iterable[tuple[str, bytes]]) -> None:
        rows = [(kind, k, v) for k, v in items]
        if not rows:
            return
        with self.transaction():
            self.db.executemany(
                "INSERT OR REPLACE INTO cache(kind, key, data) VALUES (?, ?, ?)", rows
            )

    def cached(self, kind: str, keys: Iterable[str]) -> dict[str, bytes]:
        sql = "SELECT key, data FROM cache WHERE kind = ? AND key IN ({marks})"
        return {r[0]: r[1] for r in self._rows_in(sql, keys, kind)}

    def set_state(self, name: str, value: bytes) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO state(name, value) VALUES (?, ?)", (name, value)
            )

    def get_state(self, name: str) -> bytes | None:
        row = self.db.execute("SELECT value FROM state WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None


_Hook = Callable[[SQLiteStore], None]
# (version, description, SQL file, Python step run after it in the same transaction)
_MIGRATIONS: list[tuple[int, str, Path, _Hook | None]] = [
    (1, "initial schema", _SQL / "001_initial.sql", None),
    (
        2,
        "linking queue, counters, story name index, stories as data",
        _SQL / "002_queue_search_stories.sql",
        SQLiteStore._stories_as_data,
    ),
    (3, "storylines", _SQL / "003_storylines.sql", None),
    (4, "add jobs of the web app as rows", _SQL / "004_add_jobs.sql", None),
]
SCHEMA_VERSION = _MIGRATIONS[-1][0]
