"""The shared store: one PostgreSQL database (psycopg 3), chosen by a ``postgresql://`` --db
value. Its schema is the numbered SQL files in store/sql/postgres/, applied in order and
recorded in the ``migrations`` table; full-text search runs on a generated tsvector column,
name search on trigrams (pg_trgm).

Every statement storyweave runs on PostgreSQL is in this module, postgres_linking.py,
postgres_stories.py, postgres_storylines.py, postgres_jobs.py, postgres_base.py and those
files. This module: connecting and migrating, articles with their analyses, origins,
failures, kept work and stage state.

Concurrent writers: each article row is written first in its transaction (``INSERT ... ON
CONFLICT``), which holds its row lock until commit, and a batch writes its articles in id
order, so two processes storing the same articles wait on each other instead of deadlocking
or failing on a duplicate key; see docs/postgres.md."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
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
from .postgres_base import LOCK_CLASS, shown_url
from .postgres_jobs import Jobs
from .postgres_linking import Linking
from .postgres_stories import Stories
from .postgres_storylines import Storylines
from .rows import MENTION_COLUMNS, TIMEX_COLUMNS, join_fields, now, split_fields

__all__ = ["PostgresStore", "SCHEMA_VERSION"]

_SQL = Path(__file__).with_name("sql") / "postgres"
_ARTICLE_COLUMNS = (
    "id, text, title, source, url, published, published_inferred, published_reason, language"
)
_CHILDREN = ("sentences", "mentions", "name_groups", "time_expressions", "quantities", "vectors")

# (version, description, SQL file), applied in order.
_MIGRATIONS: list[tuple[int, str, Path]] = [
    (1, "initial schema (the SQLite store's version 2)", _SQL / "001_initial.sql"),
    (
        2,
        "add jobs of the web app as rows (the SQLite store's version 4)",
        _SQL / "002_add_jobs.sql",
    ),
    (3, "storylines (the SQLite store's version 3)", _SQL / "003_storylines.sql"),
]
SCHEMA_VERSION = _MIGRATIONS[-1][0]


def _connect(url: str) -> Any:
    try:
        import psycopg
    except ImportError as exc:
        raise StoreError(
            "PostgreSQL support is not installed",
            shown_url(url),
            "pip install 'storyweave[postgres]' (psycopg 3), or pass a SQLite file as --db",
        ) from exc
    try:
        conn = psycopg.connect(url, autocommit=True, application_name="storyweave")
        _nul_safe(conn)
        # Queries here are short; JIT compiling one costs more than it saves.
        conn.execute("SET jit = off")
        return conn
    except psycopg.Error as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise StoreError(
            f"cannot connect to PostgreSQL ({reason})",
            shown_url(url),
            "check the --db URL (postgresql://USER@HOST/DBNAME) and that the server runs",
        ) from exc


def _nul_safe(conn: Any) -> None:
    """PostgreSQL text cannot hold NUL, which SQLite stores and a query string may carry
    (/api/stories/%00): every string goes as it is with NUL as U+FFFD, one character for one,
    so offsets into a text stay right and a lookup finds nothing instead of failing."""
    from psycopg.types.string import StrBinaryDumper, StrDumperUnknown

    class Text(StrDumperUnknown):
        def dump(self, obj: str) -> Any:
            return super().dump(obj.replace("\x00", "\ufffd"))

    class Binary(StrBinaryDumper):
        def dump(self, obj: str) -> Any:
            return super().dump(obj.replace("\x00", "\ufffd"))

    conn.adapters.register_dumper(str, Text)
    conn.adapters.register_dumper(str, Binary)


def _origin_rows(article: str, origins: Iterable[Origin]) -> list[tuple[Any, ...]]:
    """Rows of origins, by file and URL (writers of the same origins lock them alike)."""
    rows = {(article, o.file, o.url or "", o.source, o.fetched) for o in origins}
    return sorted(rows, key=lambda r: (r[1], r[2]))


class PostgresStore(Linking, Stories, Storylines, Jobs):
    """Articles, analyses, stories and the linking state in one PostgreSQL database, shared by
    any number of processes: ``storyweave add`` runs in parallel, ``serve`` reads meanwhile.

    Each writing method is one transaction (``transaction()`` groups several); linking takes
    an advisory lock (``transaction(exclusive=True)``), so one process links at a time."""

    def __init__(self, url: str, settings: Settings | None = None):
        self.path = shown_url(url)
        self._search_cap = (settings or Settings.default()).getint("store", "search_match_cap")
        self.db = _connect(url)
        try:
            self._check_server()
            self._migrate()
        except BaseException:
            self.db.close()
            raise

    # -- schema --------------------------------------------------------------------------
    def _check_server(self) -> None:
        version, encoding = self.db.execute(
            "SELECT current_setting('server_version_num')::int, "
            "pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database()"
        ).fetchone()
        if version < 120000:
            raise StoreError(
                f"PostgreSQL {version // 10000} is too old", self.path, "use PostgreSQL 12 or later"
            )
        if encoding != "UTF8":
            raise StoreError(
                f"the database's encoding is {encoding}",
                self.path,
                "create the database with ENCODING 'UTF8' (articles hold every script)",
            )

    def _migrate(self) -> None:
        if self._version() == SCHEMA_VERSION:
            return  # the usual case: no lock taken
        import psycopg

        try:
            with self.db.transaction():
                # Processes started together on a new database: one migrates, the others
                # wait for it and then find the work done.
                self.db.execute("SELECT pg_advisory_xact_lock(%s, 0)", (LOCK_CLASS["migrate"],))
                self.db.execute(
                    "CREATE TABLE IF NOT EXISTS migrations (version integer PRIMARY KEY, "
                    "applied text NOT NULL, description text NOT NULL)"
                )
                current = self._version()
                for version, description, path in _MIGRATIONS:
                    if version <= current:
                        continue
                    self.db.execute(path.read_text(encoding="utf-8"))
                    self.db.execute(
                        "INSERT INTO migrations(version, applied, description) VALUES (%s, %s, %s)",
                        (version, now(), description),
                    )
        except psycopg.errors.InsufficientPrivilege as exc:
            raise StoreError(
                f"not allowed to create the schema ({str(exc).splitlines()[0]})",
                self.path,
                "connect as the database's owner, or have an administrator run "
                "CREATE EXTENSION pg_trgm; CREATE EXTENSION unaccent; in it",
            ) from exc

    def _version(self) -> int:
        row = self.db.execute("SELECT to_regclass('migrations') IS NOT NULL").fetchone()
        if not row[0]:
            return 0
        current = int(self.db.execute("SELECT max(version) FROM migrations").fetchone()[0] or 0)
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"schema version {current} is newer than this storyweave ({SCHEMA_VERSION})",
                self.path,
                "upgrade storyweave",
            )
        return current

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- articles and analyses -----------------------------------------------------------
    def known(self, ids: Iterable[str], analyzer: str) -> set[str]:
        rows = self.db.execute(
            "SELECT id FROM articles WHERE analyzer = %s AND id = ANY(%s)", (analyzer, list(ids))
        )
        return {r[0] for r in rows}

    def add_origins(self, article: str, origins: Iterable[Origin]) -> None:
        rows = _origin_rows(article, origins)
        if not rows:
            return
        with self.transaction():
            self._insert_origins(rows)

    def _insert_origins(self, rows: list[tuple[Any, ...]]) -> None:
        with self.db.cursor() as cur:
            cur.executemany(
                "INSERT INTO origins(article, file, url, source, fetched) "
                "VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
                rows,
            )

    def put(
        self,
        items: Sequence[tuple[Article, Analysis]],
        analyzer: str,
        *,
        keep_current: bool = False,
    ) -> None:
        # In id order: two batches sharing articles lock their rows in the same order.
        with self.transaction():
            for article, analysis in sorted(items, key=lambda it: it[0].id):
                self._put_one(article, analysis, analyzer, keep_current)

    def _put_one(
        self, article: Article, analysis: Analysis, analyzer: str, keep_current: bool
    ) -> None:
        aid = article.id
        # The article row first: its lock (held to commit) orders every writer of this
        # article, whose children are replaced below.
        only_older = " WHERE articles.analyzer <> excluded.analyzer" if keep_current else ""
        written = self.db.execute(
            "INSERT INTO articles(id, title, source, url, published, published_inferred, "
            "published_reason, language, supported, text, added, analyzer) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
            "ON CONFLICT (id) DO UPDATE SET published = excluded.published, "
            "published_inferred = excluded.published_inferred, "
            "published_reason = excluded.published_reason, language = excluded.language, "
            "supported = excluded.supported, analyzer = excluded.analyzer, "
            "title = coalesce(articles.title, excluded.title), "
            "source = coalesce(articles.source, excluded.source), "
            "url = coalesce(articles.url, excluded.url)"
            + only_older
            + " RETURNING xmax = 0",  # true: a new row, with no analysis to replace
            (
                aid,
                article.title,
                article.source,
                article.url,
                article.published,
                bool(article.published_inferred),
                article.published_reason,
                analysis.language,
                bool(analysis.supported),
                article.text,
                now(),
                analyzer,
            ),
        ).fetchone()
        self._insert_origins(_origin_rows(aid, article.origins))
        if written is None:
            return  # stored by this analyzer already (another writer came first): kept
        db = self.db
        if not written[0]:
            for table in _CHILDREN:
                db.execute(f"DELETE FROM {table} WHERE article = %s", (aid,))
        with db.cursor() as cur:
            cur.executemany(
                'INSERT INTO sentences(article, idx, start, "end", paragraph) '
                "VALUES (%s, %s, %s, %s, %s)",
                [(aid, s.index, s.start, s.end, s.paragraph) for s in analysis.sentences],
            )
            rows = []
            for i, m in enumerate(analysis.mentions):
                core, data = split_fields(m, MENTION_COLUMNS)
                rows.append((aid, i, *core, data))
            cur.executemany(
                'INSERT INTO mentions(article, idx, start, "end", text, label, name, grp, '
                "sentence, data) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                rows,
            )
            rows = []
            for g in analysis.groups:
                core, data = split_fields(g, ("id", "name"))
                rows.append((aid, *core, data))
            cur.executemany(
                "INSERT INTO name_groups(article, id, name, data) VALUES (%s, %s, %s, %s)", rows
            )
            rows = []
            for i, t in enumerate(analysis.time_expressions):
                core, data = split_fields(t, TIMEX_COLUMNS)
                rows.append((aid, i, *core, data))
            cur.executemany(
                'INSERT INTO time_expressions(article, idx, start, "end", text, type, value, '
                "mod, data) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                rows,
            )
            cur.executemany(
                'INSERT INTO quantities(article, idx, start, "end", text, number, unit) '
                "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                [
                    (aid, i, q.start, q.end, q.text, q.number, q.unit)
                    for i, q in enumerate(analysis.quantities)
                ],
            )
        if analysis.vector:
            db.execute(
                "INSERT INTO vectors(article, dim, data) VALUES (%s, %s, %s)",
                (aid, len(analysis.vector) // 4, analysis.vector),
            )
        if analysis.vector_multi:
            # Kept with the other recomputable work: English articles get theirs only when an
            # article in another language is compared with them (link/crosslingual.py).
            db.execute(
                "INSERT INTO cache(kind, key, data) VALUES (%s, %s, %s) "
                "ON CONFLICT (kind, key) DO UPDATE SET data = excluded.data",
                (MULTI_VECTOR, aid, analysis.vector_multi),
            )
        if analysis.supported:
            db.execute(
                "INSERT INTO link_queue(article) SELECT %s WHERE NOT EXISTS "
                "(SELECT 1 FROM story_articles WHERE article = %s) ON CONFLICT DO NOTHING",
                (aid, aid),
            )
        else:
            db.execute("DELETE FROM link_queue WHERE article = %s", (aid,))

    def record_failure(self, file: str, code: str, reason: str) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT INTO failures(file, code, reason, seen) VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (file, reason) DO UPDATE SET code = excluded.code, "
                "seen = excluded.seen",
                (file, code, reason, now()),
            )

    def failures(self) -> list[tuple[str, str, str]]:
        rows = self.db.execute("SELECT file, code, reason FROM failures ORDER BY file, reason")
        return [(f, c, r) for f, c, r in rows]

    def files_with_prefix(self, prefix: str) -> list[str]:
        like = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = self.db.execute(
            "SELECT file FROM origins WHERE file LIKE %s UNION "
            "SELECT file FROM failures WHERE file LIKE %s ORDER BY 1",
            (like, like),
        )
        return [r[0] for r in rows]

    def rename_files(self, names: Mapping[str, str]) -> None:
        db = self.db
        with self.transaction():
            for old, new in sorted(names.items()):
                # A row already recorded under the new name stays; the old one goes.
                db.execute(
                    "UPDATE origins o SET file = %s WHERE file = %s AND NOT EXISTS (SELECT 1 "
                    "FROM origins n WHERE n.article = o.article AND n.url = o.url "
                    "AND n.file = %s)",
                    (new, old, new),
                )
                db.execute(
                    "UPDATE failures f SET file = %s WHERE file = %s AND NOT EXISTS (SELECT 1 "
                    "FROM failures n WHERE n.reason = f.reason AND n.file = %s)",
                    (new, old, new),
                )

    def _origins(self, ids: list[str]) -> dict[str, tuple[Origin, ...]]:
        found: dict[str, list[Origin]] = {}
        rows = self.db.execute(
            "SELECT article, file, url, source, fetched FROM origins WHERE article = ANY(%s) "
            "ORDER BY article, file, url",
            (ids,),
        )
        for a, f, u, s, fe in rows:
            found.setdefault(a, []).append(Origin(file=f, url=u or None, source=s, fetched=fe))
        return {a: tuple(o) for a, o in found.items()}

    @staticmethod
    def _article(row: Sequence[Any], origins: tuple[Origin, ...]) -> Article:
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
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = %s", (article_id,)
        ).fetchone()
        if row is None:
            return None
        return self._article(row, self._origins([article_id]).get(article_id, ()))

    def articles(self, ids: Iterable[str] | None = None) -> Iterator[Article]:
        if ids is None:
            rows = self.db.execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles "
                "ORDER BY published IS NULL, published, seq"
            ).fetchall()
        else:
            rows = self.db.execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ANY(%s)",
                (list(dict.fromkeys(ids)),),
            ).fetchall()
            rows.sort(key=lambda r: (r[5] is None, r[5] or "", r[0]))
        for i in range(0, len(rows), 500):
            chunk = rows[i : i + 500]
            origins = self._origins([r[0] for r in chunk])
            for row in chunk:
                yield self._article(row, origins.get(row[0], ()))

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def analysis(self, article_id: str) -> Analysis | None:
        db = self.db
        row = db.execute(
            "SELECT language, supported FROM articles WHERE id = %s", (article_id,)
        ).fetchone()
        if row is None:
            return None
        key = (article_id,)
        sentences = tuple(
            Sentence(index=i, start=s, end=e, paragraph=p)
            for i, s, e, p in db.execute(
                'SELECT idx, start, "end", paragraph FROM sentences WHERE article = %s '
                "ORDER BY idx",
                key,
            )
        )
        mentions = tuple(
            join_fields(Mention, MENTION_COLUMNS, r[:-1], r[-1])
            for r in db.execute(
                'SELECT start, "end", text, label, name, grp, sentence, data FROM mentions '
                "WHERE article = %s ORDER BY idx",
                key,
            )
        )
        groups = tuple(
            join_fields(NameGroup, ("id", "name"), r[:-1], r[-1])
            for r in db.execute(
                "SELECT id, name, data FROM name_groups WHERE article = %s ORDER BY id", key
            )
        )
        timexes = tuple(
            join_fields(TimeExpr, TIMEX_COLUMNS, r[:-1], r[-1])
            for r in db.execute(
                'SELECT start, "end", text, type, value, mod, data FROM time_expressions '
                "WHERE article = %s ORDER BY idx",
                key,
            )
        )
        quantities = tuple(
            Quantity(start=s, end=e, text=t, number=n, unit=u)
            for s, e, t, n, u in db.execute(
                'SELECT start, "end", text, number, unit FROM quantities WHERE article = %s '
                "ORDER BY idx",
                key,
            )
        )
        vector = db.execute("SELECT data FROM vectors WHERE article = %s", key).fetchone()
        multi = db.execute(
            "SELECT data FROM cache WHERE kind = %s AND key = %s", (MULTI_VECTOR, article_id)
        ).fetchone()
        return Analysis(
            article=article_id,
            language=row[0],
            vector=bytes(vector[0]) if vector else b"",
            vector_multi=bytes(multi[0]) if multi else b"",
            sentences=sentences,
            mentions=mentions,
            groups=groups,
            time_expressions=timexes,
            quantities=quantities,
            supported=bool(row[1]),
        )

    def put_vectors(self, vectors: Iterable[tuple[str, bytes, int]]) -> None:
        rows = sorted((a, dim, data) for a, data, dim in vectors)
        if not rows:
            return
        with self.transaction(), self.db.cursor() as cur:
            cur.executemany(
                "INSERT INTO vectors(article, dim, data) VALUES (%s, %s, %s) "
                "ON CONFLICT (article) DO UPDATE SET dim = excluded.dim, data = excluded.data",
                rows,
            )

    def vectors(self, ids: Iterable[str]) -> dict[str, bytes]:
        rows = self.db.execute(
            "SELECT article, data FROM vectors WHERE article = ANY(%s)", (list(ids),)
        )
        return {a: bytes(d) for a, d in rows}

    # -- kept work and stage state --------------------------------------------------------
    def cache(self, kind: str, items: Iterable[tuple[str, bytes]]) -> None:
        # Keys in order (two processes caching the same parses lock them alike); a key names
        # its content, so a key already there is kept.
        rows = sorted({k: (kind, k, v) for k, v in items}.values())
        if not rows:
            return
        with self.transaction(), self.db.cursor() as cur:
            cur.executemany(
                "INSERT INTO cache(kind, key, data) VALUES (%s, %s, %s) "
                "ON CONFLICT (kind, key) DO UPDATE SET data = excluded.data",
                rows,
            )

    def cached(self, kind: str, keys: Iterable[str]) -> dict[str, bytes]:
        rows = self.db.execute(
            "SELECT key, data FROM cache WHERE kind = %s AND key = ANY(%s)", (kind, list(keys))
        )
        return {k: bytes(d) for k, d in rows}

    def set_state(self, name: str, value: bytes) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT INTO state(name, value) VALUES (%s, %s) "
                "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                (name, value),
            )

    def get_state(self, name: str) -> bytes | None:
        row = self.db.execute("SELECT value FROM state WHERE name = %s", (name,)).fetchone()
        return bytes(row[0]) if row else None
