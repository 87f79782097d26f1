"""Storage: one interface (``base.Store``), implemented by SQLite (the default, one file) and
PostgreSQL (a shared server, chosen by a ``postgresql://`` URL)."""

from __future__ import annotations

from pathlib import Path

from ..config import Settings
from .base import (
    JOB_STATES,
    AddJob,
    ArticleHit,
    ArticleSummary,
    Facets,
    Store,
    StoryFilter,
    StoryPage,
    StorySummary,
)
from .postgres_base import is_url
from .sqlite import SCHEMA_VERSION, SQLiteStore

__all__ = [
    "Store",
    "SQLiteStore",
    "open_store",
    "is_url",
    "SCHEMA_VERSION",
    "StoryFilter",
    "StoryPage",
    "StorySummary",
    "ArticleSummary",
    "ArticleHit",
    "Facets",
    "AddJob",
    "JOB_STATES",
]


def open_store(db: str | Path, settings: Settings | None = None) -> Store:
    """The store at ``db``: a PostgreSQL URL (``postgresql://USER@HOST/DBNAME``; the database
    must exist, its tables are created or migrated) or a SQLite file path (created if
    missing)."""
    if is_url(db):
        from .postgres import PostgresStore  # psycopg is needed only then

        return PostgresStore(str(db), settings)
    return SQLiteStore(db, settings)
