"""What the SQLite store's parts share: the connection, transactions and small helpers."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from .rows import search_words

__all__ = ["Connection", "fts_query"]

_CHUNK = 500  # ids bound per statement: below SQLite's limit on bound parameters


def fts_query(text: str) -> str | None:
    """A user's words as a safe FTS5 query: every word quoted (so no FTS5 syntax gets
    through), all required, the last one as a prefix (search as you type). None if no word."""
    words = search_words(text)
    if not words:
        return None
    quoted = ['"' + w.replace('"', '""') + '"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


class Connection:
    """One SQLite connection (autocommit; transactions are explicit)."""

    db: sqlite3.Connection
    _depth: int = 0

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

    def linking(self) -> AbstractContextManager[None]:
        """One transaction for the whole run: SQLite's write lock is its only lock, and it has
        no row versions to pile up."""
        return self.transaction(exclusive=True)

    def _rows_in(self, sql: str, ids: Iterable[str], *params: Any) -> Iterator[Sequence[Any]]:
        """Rows of ``sql`` (with one ``{marks}`` placeholder for an IN list) over ``ids``, in
        chunks that stay below SQLite's limit on bound parameters."""
        ids = list(ids)
        for i in range(0, len(ids), _CHUNK):
            chunk = ids[i : i + _CHUNK]
            marks = ",".join("?" * len(chunk))
            yield from self.db.execute(sql.format(marks=marks), [*params, *chunk]).fetchall()
