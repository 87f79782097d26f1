"""Where a benchmark keeps its stores: ``--db`` is a SQLite file or folder, or the URL of a
PostgreSQL database on a server where the benchmark may create databases of its own (named
after the URL's database and the benchmark; the URL's database itself need not exist).
`python tests/pgcluster.py start` gives a throwaway server."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from storyweave.store import is_url

__all__ = ["is_url", "fresh_store", "kind"]


def kind(db: str) -> str:
    return "postgres" if is_url(db) else "sqlite"


def fresh_store(db: str, suffix: str) -> str:
    """An empty store beside ``db``: a new SQLite file ``<db>_<suffix>.db`` (removed first if
    present), or a new database ``<dbname>_<suffix>`` on the same server (dropped first)."""
    if not is_url(db):
        path = Path(db)
        path = path.with_name(f"{path.stem}_{suffix}.db")
        for extra in ("", "-wal", "-shm"):
            Path(str(path) + extra).unlink(missing_ok=True)
        return str(path)
    import psycopg

    parts = urlsplit(db)
    name = re.sub(r"[^a-z0-9_]+", "_", f"{parts.path.lstrip('/')}_{suffix}".lower())[:63]
    # The named database need not exist: creating and dropping go through the server's
    # maintenance database.
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name} ENCODING 'UTF8'")
    return urlunsplit(parts._replace(path="/" + name))
