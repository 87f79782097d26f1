"""The default store: one SQLite file in WAL mode with FTS5 search. Its schema is the numbered
SQL files in store/sql/sqlite/, applied in order and recorded in the ``migrations`` table.

Every statement storyweave runs on SQLite is in this module (and those files)."""

from __future__ import annotations

import dataclasses
import json
import re
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from ..config import Settings
from ..errors import StoreError
from ..model import (
    Analysis,
    Article,
    LinkDecision,
    Mention,
    NameGroup,
    NearDuplicate,
    Origin,
    Quantity,
    Sentence,
    Story,
    TimeExpr,
)
from .base import (
    ArticleHit,
    ArticleSummary,
    Facets,
    StoryFilter,
    StoryPage,
    StorySummary,
)
from .codec import decode_story, encode_story, story_from_dossier_form

__all__ = ["SQLiteStore", "SCHEMA_VERSION"]

_SQL = Path(__file__).with_name("sql") / "sqlite"
T = TypeVar("T")

# Columns of each span table that hold a field of the same name; other fields go to `data`.
_MENTION_COLUMNS = ("start", "end", "text", "label", "name", "group", "sentence")
_TIMEX_COLUMNS = ("start", "end", "text", "type", "value", "mod")
_ARTICLE_COLUMNS = (
    "id, text, title, source, url, published, published_inferred, published_reason, language"
)
_TOKEN = re.compile(r"\w+", re.UNICODE)
_CHUNK = 500  # ids bound per statement: below SQLite's limit on bound parameters


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


def fts_query(text: str) -> str | None:
    """A user's words as a safe FTS5 query: every word quoted (so no FTS5 syntax gets
    through), all required, the last one as a prefix (search as you type). None if no word."""
    words = _TOKEN.findall(text or "")[:16]
    if not words:
        return None
    quoted = ['"' + w.replace('"', '""') + '"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def _story_names(story: Story) -> str:
    """The entity names and aliases a story is found by."""
    out: list[str] = []
    for e in story.entities:
        out.append(e.name)
        out.extend(a.text for a in e.aliases)
    return "\n".join(dict.fromkeys(n for n in out if n))


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


class SQLiteStore:
    """Articles, analyses, stories and the linking state in one SQLite file.

    Writes happen in transactions (``transaction()``; each writing method is one on its own),
    so an interrupted run leaves only whole articles behind and a rerun finishes the rest.
    SQLite has one writer at a time: a second writer waits (up to 30 s) for the lock."""

    def __init__(self, path: str | Path, settings: Settings | None = None):
        self.path = str(path)
        self._search_cap = (settings or Settings.default()).getint("store", "search_match_cap")
        self._depth = 0
        self._facets: tuple[tuple[int, int], Facets] | None = None
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
        with self.transaction():  # one process migrates; others wait, then see it done
            current = db.execute("SELECT max(version) FROM migrations").fetchone()[0] or 0
            if current > SCHEMA_VERSION:
                raise StoreError(
                    f"schema version {current} is newer than this storyweave ({SCHEMA_VERSION})",
                    self.path,
                    "upgrade storyweave",
                )
            for version, description, path, after in _MIGRATIONS:
                if version <= current:
                    continue
                for statement in _statements(path.read_text(encoding="utf-8")):
                    db.execute(statement)
                if after is not None:
                    after(self)
                db.execute(
                    "INSERT INTO migrations(version, applied, description) VALUES (?, ?, ?)",
                    (version, _now(), description),
                )

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
                (story_id, _story_names(story)),
            )

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self, *, exclusive: bool = False) -> Iterator[None]:
        """One transaction (BEGIN IMMEDIATE: SQLite's write lock, so every transaction here is
        exclusive of other writers); a nested call is a savepoint inside it."""
        db = self.db
        if self._depth:
            name = f"sp{self._depth}"
            db.execute(f"SAVEPOINT {name}")
            self._depth += 1
            try:
                yield
            except BaseException:
                db.execute(f"ROLLBACK TO {name}")
                db.execute(f"RELEASE {name}")
                raise
            else:
                db.execute(f"RELEASE {name}")
            finally:
                self._depth -= 1
            return
        db.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        finally:
            self._depth = 0

    def _rows_in(self, sql: str, ids: Iterable[str], *params: Any) -> Iterator[Sequence[Any]]:
        """Rows of ``sql`` (with one ``{marks}`` placeholder for an IN list) over ``ids``, in
        chunks that stay below SQLite's limit on bound parameters."""
        ids = list(ids)
        for i in range(0, len(ids), _CHUNK):
            chunk = ids[i : i + _CHUNK]
            marks = ",".join("?" * len(chunk))
            yield from self.db.execute(sql.format(marks=marks), [*params, *chunk]).fetchall()

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

    def put(self, items: Sequence[tuple[Article, Analysis]], analyzer: str) -> None:
        with self.transaction():
            for article, analysis in items:
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
                (file, code, reason, _now()),
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
        return Analysis(
            article=article_id,
            language=row[0],
            vector=vector[0] if vector else b"",
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

    # -- linking -------------------------------------------------------------------------
    def unlinked(self) -> list[str]:
        rows = self.db.execute(
            "SELECT q.article FROM link_queue q JOIN articles a ON a.id = q.article "
            "WHERE a.supported = 1 "
            "AND NOT EXISTS (SELECT 1 FROM story_articles s WHERE s.article = q.article) "
            "ORDER BY a.published IS NULL, a.published, a.rowid"
        )
        return [r[0] for r in rows]

    def near_duplicates(
        self, bands: Sequence[tuple[int, int]], exclude: str
    ) -> list[NearDuplicate]:
        if not bands:
            return []
        clause = " OR ".join("(b.band = ? AND b.key = ?)" for _ in bands)
        params = [v for pair in bands for v in pair]
        rows = self.db.execute(
            "SELECT DISTINCT m.article, m.data, sa.copy_of FROM lsh_bands b "
            "JOIN minhashes m ON m.article = b.article "
            "LEFT JOIN story_articles sa ON sa.article = m.article "
            f"WHERE ({clause}) AND b.article != ?",
            [*params, exclude],
        ).fetchall()
        return [NearDuplicate(article=a, signature=d, copy_of=c) for a, d, c in rows]

    def linked_docs(self) -> int:
        row = self.db.execute("SELECT value FROM counters WHERE name = 'linked_docs'").fetchone()
        return int(row[0]) if row else 0

    def candidate_stories(self, names: Collection[str], max_df: int, limit: int) -> list[str]:
        db = self.db
        if not names:
            return [r[0] for r in db.execute("SELECT story FROM story_index ORDER BY story")]
        rare = [
            r[0]
            for r in self._rows_in(
                "SELECT name FROM name_df WHERE df <= ? AND name IN ({marks})", names, max_df
            )
        ]
        found: list[str] = []
        if rare:
            marks = ",".join("?" * len(rare))
            found = [
                r[0]
                for r in db.execute(
                    f"SELECT story FROM story_names WHERE name IN ({marks}) GROUP BY story "
                    "ORDER BY count(*) DESC LIMIT ?",
                    [*rare, limit],
                )
            ]
        found += [
            r[0] for r in db.execute("SELECT story FROM story_index WHERE named = 0 ORDER BY story")
        ]
        return list(dict.fromkeys(found))

    def story_states(self, ids: Sequence[str]) -> list[dict[str, Any]]:
        sql = "SELECT story, state FROM story_index WHERE story IN ({marks})"
        found = {s: state for s, state in self._rows_in(sql, dict.fromkeys(ids))}
        return [json.loads(found[i]) for i in dict.fromkeys(ids) if i in found]

    def name_counts(self, names: Iterable[str]) -> dict[str, int]:
        sql = "SELECT name, df FROM name_df WHERE name IN ({marks})"
        return {n: int(df) for n, df in self._rows_in(sql, names)}

    def apply_link(self, decision: LinkDecision) -> None:
        db = self.db
        story = decision.story
        with self.transaction():
            for old in decision.retired:
                self.retire_story(old, story)
            entry = decision.index
            if entry is not None:
                db.execute(
                    "INSERT OR REPLACE INTO story_index(story, named, state) VALUES (?, ?, ?)",
                    (entry.story, int(entry.named), json.dumps(entry.state)),
                )
                db.executemany(
                    "INSERT OR IGNORE INTO story_names(name, story) VALUES (?, ?)",
                    [(n, entry.story) for n in sorted(entry.names)],
                )
                db.executemany(
                    "INSERT INTO name_df(name, df) VALUES (?, 1) "
                    "ON CONFLICT(name) DO UPDATE SET df = df + 1",
                    [(n,) for n in sorted(entry.names)],
                )
                db.execute(
                    "INSERT INTO counters(name, value) VALUES ('linked_docs', 1) "
                    "ON CONFLICT(name) DO UPDATE SET value = value + 1"
                )
            if decision.signature:
                db.execute(
                    "INSERT OR REPLACE INTO minhashes(article, data) VALUES (?, ?)",
                    (decision.article, decision.signature),
                )
                db.executemany(
                    "INSERT OR IGNORE INTO lsh_bands(band, key, article) VALUES (?, ?, ?)",
                    [(band, key, decision.article) for band, key in decision.bands],
                )
            db.execute(
                "INSERT OR REPLACE INTO story_articles(article, story, copy_of, linked) "
                "VALUES (?, ?, ?, ?)",
                (decision.article, story, decision.copy_of, _now()),
            )
            db.execute("DELETE FROM link_queue WHERE article = ?", (decision.article,))
            db.execute("INSERT OR IGNORE INTO stale_stories(story) VALUES (?)", (story,))

    def retire_story(self, old: str, new: str) -> None:
        # Only one-article stories are retired, and nothing forwards to those: no forward
        # needs moving.
        db = self.db
        with self.transaction():
            db.execute("UPDATE story_articles SET story = ? WHERE story = ?", (new, old))
            db.execute(
                "INSERT OR IGNORE INTO story_names(name, story) "
                "SELECT name, ? FROM story_names WHERE story = ?",
                (new, old),
            )
            for table, column in (("story_names", "story"), ("story_index", "story"),
                                  ("stale_stories", "story"), ("stories", "id"),
                                  ("story_names_fts", "story")):  # fmt: skip
                db.execute(f"DELETE FROM {table} WHERE {column} = ?", (old,))
            db.execute("INSERT OR REPLACE INTO story_forward(old, new) VALUES (?, ?)", (old, new))
            db.execute("INSERT OR IGNORE INTO stale_stories(story) VALUES (?)", (new,))

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
        sql = (
            "SELECT article, copy_of FROM story_articles WHERE copy_of IS NOT NULL "
            "AND article IN ({marks})"
        )
        return {a: c for a, c in self._rows_in(sql, ids)}

    def resolve_story(self, story_id: str) -> str:
        seen = {story_id}
        while True:
            row = self.db.execute(
                "SELECT new FROM story_forward WHERE old = ?", (story_id,)
            ).fetchone()
            if row is None or row[0] in seen:
                return story_id
            story_id = row[0]
            seen.add(story_id)

    def stale_stories(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT story FROM stale_stories ORDER BY story")]

    def mark_stale(self, stories: Iterable[str]) -> None:
        with self.transaction():
            self.db.executemany(
                "INSERT OR IGNORE INTO stale_stories(story) VALUES (?)", [(s,) for s in stories]
            )

    def story_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM stories ORDER BY id")]

    # -- stories -------------------------------------------------------------------------
    def put_story(self, story: Story, members: Sequence[Article]) -> None:
        dates = sorted(a.published for a in members if a.published)
        db = self.db
        with self.transaction():
            db.execute(
                "INSERT OR REPLACE INTO stories(id, title, articles, first_date, last_date, "
                "updated, data) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    story.id,
                    story.title,
                    len(members),
                    dates[0] if dates else None,
                    dates[-1] if dates else None,
                    _now(),
                    encode_story(story),
                ),
            )
            db.execute("DELETE FROM story_names_fts WHERE story = ?", (story.id,))
            db.execute(
                "INSERT INTO story_names_fts(story, names) VALUES (?, ?)",
                (story.id, _story_names(story)),
            )
            db.execute("DELETE FROM stale_stories WHERE story = ?", (story.id,))

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
]
SCHEMA_VERSION = _MIGRATIONS[-1][0]
