"""The default store: one SQLite file in WAL mode, schema in schema.sql beside this module."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from ..errors import StoreError
from ..model import Analysis, Article, Mention, NameGroup, Origin, Quantity, Sentence, TimeExpr

__all__ = ["Store", "SCHEMA_VERSION"]

SCHEMA_VERSION = 1
_SCHEMA = Path(__file__).with_name("schema.sql")
_LINKED_UPTO = "linked.upto_rowid"  # every article at or below this rowid is linked
# The cache kind of multilingual article vectors (analyze/embed_multi.py), keyed by article.
MULTI_VECTOR = "multi-vector"
T = TypeVar("T")

# Columns of each span table that hold a field of the same name; other fields go to `data`.
_MENTION_COLUMNS = ("start", "end", "text", "label", "name", "group", "sentence")
_TIMEX_COLUMNS = ("start", "end", "text", "type", "value", "mod")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _split(obj: Any, columns: Sequence[str]) -> tuple[list[Any], str]:
    """Values of ``columns`` and a JSON object of the remaining fields of a dataclass."""
    values = {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
    core = [values.pop(c) for c in columns]
    return core, json.dumps(values, ensure_ascii=False, separators=(",", ":"))


def _join(cls: type[T], columns: Sequence[str], row: Sequence[Any], data: str) -> T:
    fields = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    kwargs = dict(zip(columns, row, strict=True))
    kwargs.update({k: v for k, v in json.loads(data).items() if k in fields})
    for name, value in kwargs.items():
        if isinstance(value, list):
            kwargs[name] = _tuples(value)
    return cls(**kwargs)


def _tuples(value: Any) -> Any:
    """JSON lists back to the tuples the frozen objects hold."""
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


class Store:
    """Articles and their analyses in one SQLite file.

    Writes happen in one transaction per batch, an article together with its analysis, so an
    interrupted run leaves only whole articles behind and a rerun finishes the rest."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        self._seen_upto: int | None = None
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
        self.db.executescript(_SCHEMA.read_text(encoding="utf-8"))
        row = self.db.execute("SELECT max(version) FROM migrations").fetchone()
        current = row[0] or 0
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"schema version {current} is newer than this storyweave ({SCHEMA_VERSION})",
                self.path,
                "upgrade storyweave",
            )
        if current < SCHEMA_VERSION:
            self.db.execute(
                "INSERT INTO migrations(version, applied, description) VALUES (?, ?, ?)",
                (SCHEMA_VERSION, _now(), "initial schema"),
            )

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _rows_in(self, sql: str, ids: Iterable[str], *params: Any) -> Iterator[Sequence[Any]]:
        """Rows of ``sql`` (with one ``{marks}`` placeholder for an IN list) over ``ids``, in
        chunks that stay below SQLite's limit on bound parameters."""
        ids = list(ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            yield from self.db.execute(sql.format(marks=marks), [*params, *chunk]).fetchall()

    # -- writing -------------------------------------------------------------------------
    def known(self, ids: Iterable[str], analyzer: str) -> set[str]:
        """The ids among ``ids`` already stored with an analysis of this analyzer version."""
        sql = "SELECT id FROM articles WHERE analyzer = ? AND id IN ({marks})"
        return {r[0] for r in self._rows_in(sql, ids, analyzer)}

    def add_origins(self, article: str, origins: Iterable[Origin]) -> None:
        self.db.executemany(
            "INSERT OR IGNORE INTO origins(article, file, url, source, fetched) "
            "VALUES (?, ?, ?, ?, ?)",
            [(article, o.file, o.url or "", o.source, o.fetched) for o in origins],
        )

    def put(self, items: Sequence[tuple[Article, Analysis]], analyzer: str) -> None:
        """Store articles with their analyses in one transaction (replacing older analyses)."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            for article, analysis in items:
                self._put_one(article, analysis, analyzer)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

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
                _now(),
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
            core, data = _split(m, _MENTION_COLUMNS)
            rows.append((aid, i, *core, data))
        db.executemany("INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        rows = []
        for g in analysis.groups:
            core, data = _split(g, ("id", "name"))
            rows.append((aid, *core, data))
        db.executemany("INSERT INTO name_groups VALUES (?, ?, ?, ?)", rows)
        rows = []
        for i, t in enumerate(analysis.time_expressions):
            core, data = _split(t, _TIMEX_COLUMNS)
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

    def record_failure(self, file: str, code: str, reason: str) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO failures(file, code, reason, seen) VALUES (?, ?, ?, ?)",
            (file, code, reason, _now()),
        )

    def cache(self, kind: str, items: Iterable[tuple[str, bytes]]) -> None:
        """Keep computed work (reconcile/cache.py) under its key."""
        rows = [(kind, k, v) for k, v in items]
        if not rows:
            return
        own = not self.db.in_transaction  # one transaction, not one per row
        if own:
            self.db.execute("BEGIN")
        try:
            self.db.executemany(
                "INSERT OR REPLACE INTO cache(kind, key, data) VALUES (?, ?, ?)", rows
            )
        except BaseException:
            if own:
                self.db.execute("ROLLBACK")
            raise
        if own:
            self.db.execute("COMMIT")

    def cached(self, kind: str, keys: Iterable[str]) -> dict[str, bytes]:
        sql = "SELECT key, data FROM cache WHERE kind = ? AND key IN ({marks})"
        return {r[0]: r[1] for r in self._rows_in(sql, keys, kind)}

    def set_state(self, name: str, value: bytes) -> None:
        self.db.execute("INSERT OR REPLACE INTO state(name, value) VALUES (?, ?)", (name, value))

    def get_state(self, name: str) -> bytes | None:
        row = self.db.execute("SELECT value FROM state WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    # -- reading -------------------------------------------------------------------------
    _ARTICLE_COLUMNS = (
        "id, text, title, source, url, published, published_inferred, published_reason, language"
    )

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
            f"SELECT {self._ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return self._article(row) if row else None

    def articles(self, ids: Iterable[str] | None = None) -> Iterator[Article]:
        """Stored articles in publication order (undated last), or the given ones in that order."""
        order = "ORDER BY published IS NULL, published, rowid"
        if ids is None:
            rows = self.db.execute(f"SELECT {self._ARTICLE_COLUMNS} FROM articles {order}")
            for row in rows.fetchall():
                yield self._article(row)
            return
        sql = f"SELECT {self._ARTICLE_COLUMNS} FROM articles WHERE id IN ({{marks}})"
        found = {row[0]: row for row in list(self._rows_in(sql, dict.fromkeys(ids)))}
        for key in sorted(found, key=lambda k: (found[k][5] is None, found[k][5] or "", k)):
            yield self._article(found[key])

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def analysis(self, article_id: str) -> Analysis | None:
        row = self.db.execute(
            "SELECT language, supported FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            return None
        db = self.db
        sentences = tuple(
            Sentence(index=i, start=s, end=e, paragraph=p)
            for i, s, e, p in db.execute(
                "SELECT idx, start, end, paragraph FROM sentences WHERE article = ? ORDER BY idx",
                (article_id,),
            )
        )
        mentions = tuple(
            _join(Mention, _MENTION_COLUMNS, r[:-1], r[-1])
            for r in db.execute(
                "SELECT start, end, text, label, name, grp, sentence, data FROM mentions "
                "WHERE article = ? ORDER BY idx",
                (article_id,),
            )
        )
        groups = tuple(
            _join(NameGroup, ("id", "name"), r[:-1], r[-1])
            for r in db.execute(
                "SELECT id, name, data FROM name_groups WHERE article = ? ORDER BY id",
                (article_id,),
            )
        )
        timexes = tuple(
            _join(TimeExpr, _TIMEX_COLUMNS, r[:-1], r[-1])
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

    def failures(self) -> list[tuple[str, str, str]]:
        return [
            (f, c, r)
            for f, c, r in self.db.execute("SELECT file, code, reason FROM failures ORDER BY file")
        ]

    def search(self, query: str, limit: int = 50) -> list[str]:
        """Ids of articles whose title or text match an FTS5 query, best first."""
        rows = self.db.execute(
            "SELECT a.id FROM articles_fts f JOIN articles a ON a.rowid = f.rowid "
            "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
            (query, limit),
        )
        return [r[0] for r in rows]

    # -- linking -------------------------------------------------------------------------
    def put_vectors(self, vectors: Iterable[tuple[str, bytes, int]]) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO vectors(article, dim, data) VALUES (?, ?, ?)",
            [(a, dim, data) for a, data, dim in vectors],
        )

    def vectors(self, ids: Iterable[str]) -> dict[str, bytes]:
        sql = "SELECT article, data FROM vectors WHERE article IN ({marks})"
        return {a: d for a, d in self._rows_in(sql, ids)}

    def unlinked(self) -> list[str]:
        """Analyzed articles not yet in a story, in publication order. Articles stored before
        the last ``mark_linked()`` are all linked, so only later ones are read: the cost
        follows what is new, not the size of the store."""
        upto = int(self.get_state(_LINKED_UPTO) or b"0")
        top = self.db.execute("SELECT max(rowid) FROM articles").fetchone()[0] or 0
        rows = self.db.execute(
            "SELECT id FROM articles a WHERE rowid > ? AND rowid <= ? AND supported = 1 "
            "AND NOT EXISTS (SELECT 1 FROM story_articles s WHERE s.article = a.id) "
            "ORDER BY published IS NULL, published, rowid",
            (upto, top),
        )
        self._seen_upto = top
        return [r[0] for r in rows]

    def mark_linked(self) -> None:
        """Record that every article returned by the last ``unlinked()`` is now linked."""
        if self._seen_upto is not None:
            self.set_state(_LINKED_UPTO, str(self._seen_upto).encode())

    def link(self, rows: Iterable[tuple[str, str, str | None]]) -> None:
        """Record (article, story, copy_of) memberships."""
        now = _now()
        self.db.executemany(
            "INSERT OR REPLACE INTO story_articles(article, story, copy_of, linked) "
            "VALUES (?, ?, ?, ?)",
            [(a, s, c, now) for a, s, c in rows],
        )

    def story_of(self, ids: Iterable[str]) -> dict[str, str]:
        sql = "SELECT article, story FROM story_articles WHERE article IN ({marks})"
        return {a: st for a, st in self._rows_in(sql, ids)}

    def story_members(self, story: str) -> list[str]:
        rows = self.db.execute(
            "SELECT s.article FROM story_articles s JOIN articles a ON a.id = s.article "
            "WHERE s.story = ? ORDER BY a.published IS NULL, a.published, a.rowid",
            (story,),
        )
        return [r[0] for r in rows]

    def copies(self, ids: Iterable[str]) -> dict[str, str]:
        """Near-duplicate article -> its original, among ``ids``."""
        sql = (
            "SELECT article, copy_of FROM story_articles WHERE copy_of IS NOT NULL "
            "AND article IN ({marks})"
        )
        return {a: c for a, c in self._rows_in(sql, ids)}

    def put_story(self, story_id: str, title: str, members: Sequence[Article], data: str) -> None:
        dates = sorted(a.published for a in members if a.published)
        self.db.execute(
            "INSERT OR REPLACE INTO stories(id, title, articles, first_date, last_date, updated, "
            "data) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                story_id,
                title,
                len(members),
                dates[0] if dates else None,
                dates[-1] if dates else None,
                _now(),
                data,
            ),
        )

    def stale_stories(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT story FROM stale_stories ORDER BY story")]

    def put_story_fresh(
        self, story_id: str, title: str, members: Sequence[Article], data: str
    ) -> None:
        """Store a reconciled story and clear its stale mark, in one transaction."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.put_story(story_id, title, members, data)
            self.db.execute("DELETE FROM stale_stories WHERE story = ?", (story_id,))
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def story(self, story_id: str) -> str | None:
        """The stored dossier JSON of a story (of the one it joined, for a retired id)."""
        story_id = self.resolve_story(story_id)
        row = self.db.execute("SELECT data FROM stories WHERE id = ?", (story_id,)).fetchone()
        return row[0] if row else None

    def resolve_story(self, story_id: str) -> str:
        """The id a story goes by now: a lone article's story that joined another forwards."""
        seen = {story_id}
        while True:
            row = self.db.execute(
                "SELECT new FROM story_forward WHERE old = ?", (story_id,)
            ).fetchone()
            if row is None or row[0] in seen:
                return story_id
            story_id = row[0]
            seen.add(story_id)

    def retire_story(self, old: str, new: str) -> None:
        """Move every article of story ``old`` (copies too) into ``new`` and forward the old
        id; the old dossier goes, and ``new`` is marked for reconciling. Only one-article
        stories are retired, and nothing forwards to those, so no forward needs moving."""
        db = self.db
        db.execute("UPDATE story_articles SET story = ? WHERE story = ?", (new, old))
        db.execute(
            "INSERT OR IGNORE INTO story_names(name, story) "
            "SELECT name, ? FROM story_names WHERE story = ?",
            (new, old),
        )
        for table, column in (("story_names", "story"), ("story_index", "story"),
                              ("stale_stories", "story"), ("stories", "id")):  # fmt: skip
            db.execute(f"DELETE FROM {table} WHERE {column} = ?", (old,))
        db.execute("INSERT OR REPLACE INTO story_forward(old, new) VALUES (?, ?)", (old, new))
        db.execute("INSERT OR IGNORE INTO stale_stories(story) VALUES (?)", (new,))

    def story_rows(self) -> list[tuple[str, str, int, str | None, str | None, str]]:
        """(id, title, articles, first date, last date, updated), latest activity first."""
        return list(
            self.db.execute(
                "SELECT id, title, articles, first_date, last_date, updated FROM stories "
                "ORDER BY coalesce(last_date, '') DESC, updated DESC"
            )
        )
