"""What the PostgreSQL store's parts share: the connection, transactions, the advisory locks
that order concurrent writers, and the translation of a user's words into queries."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from .rows import fold, search_words

__all__ = [
    "Connection",
    "LOCK_CLASS",
    "tsquery",
    "name_likes",
    "searchable_names",
    "is_url",
    "shown_url",
]

# Advisory lock keys are (class, key) pairs of int4. Each kind of lock has its own class, so
# one process's lock of one kind never waits on another kind's, whatever the hashes.
LOCK_CLASS = {
    "migrate": 0x5357_0001,  # one process migrates the schema
    "link": 0x5357_0002,  # one linker at a time: transaction(exclusive=True), linking()
    "reconcile": 0x5357_0003,  # one process reconciles a story at a time (session-level)
}

_SCHEMES = ("postgresql://", "postgres://")


def is_url(db: object) -> bool:
    """Whether a ``--db`` value names a PostgreSQL database rather than a SQLite file."""
    return isinstance(db, str) and db.startswith(_SCHEMES)


def shown_url(url: str) -> str:
    """The URL with its password hidden, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(":" + parts.password + "@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def tsquery(text: str) -> str | None:
    """A user's words as a to_tsquery() argument: every word required, the last one as a
    prefix. The words hold only letters, digits and underscores (rows.search_words), so no
    tsquery syntax gets through. None if there is no word."""
    words = search_words(text)
    if not words:
        return None
    return " & ".join(words[:-1] + [words[-1] + ":*"])


def searchable_names(names: str) -> str:
    """The stored form of a story's names for ``name_likes``: their folded words, each
    between spaces (" petra novak novak "). Words are cut by Python, not by the database's
    locale, so names in every script are words."""
    return " " + " ".join(search_words(fold(names))) + " "


def name_likes(text: str) -> list[str] | None:
    """A user's words as LIKE patterns over ``searchable_names``: every word whole but the
    last, which is a prefix (FTS5's reading on SQLite). None if there is no word."""
    words = [w.replace("_", "\\_") for w in search_words(fold(text))]
    if not words:
        return None
    return [f"% {w} %" for w in words[:-1]] + [f"% {words[-1]}%"]


class Connection:
    """One psycopg connection in autocommit mode: a read outside a transaction sees what is
    committed; transactions are explicit (``transaction()``)."""

    db: Any  # psycopg.Connection; imported only when a PostgreSQL store is opened

    @contextmanager
    def transaction(self, *, exclusive: bool = False) -> Iterator[None]:
        """One transaction (READ COMMITTED); a nested call is a savepoint inside it.
        ``exclusive`` takes the linker's advisory lock until the outer transaction ends."""
        with self.db.transaction():
            if exclusive:
                self.db.execute("SELECT pg_advisory_xact_lock(%s, 0)", (LOCK_CLASS["link"],))
            yield

    @contextmanager
    def linking(self) -> Iterator[None]:
        """The linker's advisory lock at session level: the transactions inside commit one by
        one. Advisory locks are re-entrant within a session, so ``transaction(exclusive=True)``
        inside does not wait on it."""
        self.db.execute("SELECT pg_advisory_lock(%s, 0)", (LOCK_CLASS["link"],))
        try:
            yield
        finally:
            if not (self.db.closed or self.db.broken):  # a lost session holds no lock
                self.db.execute("SELECT pg_advisory_unlock(%s, 0)", (LOCK_CLASS["link"],))

    def _lock_stories(self, ids: list[str]) -> None:
        """Lock each story's row of story_locks until the transaction ends, in id order (two
        writers of overlapping stories cannot wait on each other). Row locks, not advisory
        ones: a linking transaction may touch thousands of stories."""
        wanted = sorted(set(ids))
        self.db.execute(
            "INSERT INTO story_locks(story) SELECT unnest(%s::text[]) ON CONFLICT DO NOTHING",
            (wanted,),
        )
        self.db.execute(
            "SELECT story FROM story_locks WHERE story = ANY(%s) ORDER BY story FOR UPDATE",
            (wanted,),
        )

    @contextmanager
    def reconciling(self, story_id: str, *, wait: bool) -> Iterator[bool]:
        """The right to reconcile ``story_id`` (a session-level advisory lock)."""
        key = (LOCK_CLASS["reconcile"], story_id)
        if wait:
            self.db.execute("SELECT pg_advisory_lock(%s, hashtext(%s))", key)
        else:
            row = self.db.execute("SELECT pg_try_advisory_lock(%s, hashtext(%s))", key).fetchone()
            if not row[0]:
                yield False
                return
        try:
            yield True
        finally:
            if not (self.db.closed or self.db.broken):  # a lost session holds no lock
                self.db.execute("SELECT pg_advisory_unlock(%s, hashtext(%s))", key)
