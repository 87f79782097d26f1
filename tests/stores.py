"""Where tests keep their stores on each back end: SQLite files in a temporary folder, or
databases on the test PostgreSQL server (conftest.py's ``pg`` fixture), one per name, emptied
when a test asks for the same name again (creating a database takes a few tenths of a
second, emptying one a few hundredths)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from storyweave.store.postgres import SCHEMA_VERSION

__all__ = ["BACKENDS", "PgServer", "Places"]

BACKENDS = ("sqlite", "postgres")


class PgServer:
    """A PostgreSQL server on which the tests may create databases; ``admin`` is the URL of
    one to connect to for that (``postgres``)."""

    def __init__(self, admin: str):
        self.admin = admin
        self.made: set[str] = set()

    def url(self, name: str) -> str:
        return urlunsplit(urlsplit(self.admin)._replace(path="/" + name))

    def _run(self, *statements: str) -> None:
        import psycopg

        with psycopg.connect(self.admin, autocommit=True) as conn:
            for sql in statements:
                conn.execute(sql)

    @staticmethod
    def name(text: str) -> str:
        return ("sw_" + re.sub(r"[^a-z0-9]+", "_", text.lower()))[:63]

    def create(self, name: str, template: str | None = None) -> str:
        """A new database (replacing one of that name), empty or a copy of the database
        ``template`` (which nobody may be connected to)."""
        name = self.name(name)
        like = f" TEMPLATE {template}" if template else ""
        self._run(
            f"DROP DATABASE IF EXISTS {name} WITH (FORCE)",
            f"CREATE DATABASE {name}{like} ENCODING 'UTF8'",
        )
        self.made.add(name)
        return self.url(name)

    def fresh(self, name: str) -> str:
        """An empty store's URL: a new database, or the one of that name with its tables
        emptied (its schema kept, later migrations undone)."""
        db = self.name(name)
        if db not in self.made:
            return self.create(name)
        import psycopg

        with psycopg.connect(self.url(db), autocommit=True) as conn:
            conn.execute("SET lock_timeout = '20s'")
            tables = [
                r[0]
                for r in conn.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                    "AND tablename <> 'migrations'"
                )
            ]
            if tables:
                conn.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
                conn.execute("DELETE FROM migrations WHERE version > %s", (SCHEMA_VERSION,))
        return self.url(db)


class Places:
    """Stores of one back end for one test (or fixture): ``fresh(name)`` an empty one,
    ``copy(src, name)`` a copy of another."""

    def __init__(self, backend: str, folder: Path, pg: PgServer | None, scope: str):
        self.backend = backend
        self.folder = folder
        self.pg = pg
        self.scope = scope  # prefixes database names: a module's tests share theirs

    def fresh(self, name: str = "s") -> str:
        if self.pg is None:
            return str(self.folder / f"{name}.db")
        return self.pg.fresh(f"{self.scope}_{name}")

    def copy(self, src: str, name: str) -> str:
        if self.pg is None:
            dst = self.folder / f"{name}.db"
            shutil.copy(src, dst)
            return str(dst)
        return self.pg.create(f"{self.scope}_{name}", template=urlsplit(src).path.lstrip("/"))
