"""Storage: one interface (``base.Store``), implemented by SQLite (the default, one file)."""

from __future__ import annotations

from pathlib import Path

from ..config import Settings
from .base import (
    ArticleHit,
    ArticleSummary,
    Facets,
    Store,
    StoryFilter,
    StoryPage,
    StorySummary,
)
from .sqlite import SCHEMA_VERSION, SQLiteStore

__all__ = [
    "Store",
    "SQLiteStore",
    "open_store",
    "SCHEMA_VERSION",
    "StoryFilter",
    "StoryPage",
    "StorySummary",
    "ArticleSummary",
    "ArticleHit",
    "Facets",
]


def open_store(db: str | Path, settings: Settings | None = None) -> Store:
    """The store at ``db``: a SQLite file path (created if missing)."""
    return SQLiteStore(db, settings)
