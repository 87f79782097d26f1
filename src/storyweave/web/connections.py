"""The store connections of a server: one per thread (SQLite connections stay in theirs)."""

from __future__ import annotations

import threading
from pathlib import Path

from ..config import Settings
from ..store import Store, open_store

__all__ = ["Stores"]


class Stores:
    """One store connection per server thread, opened on its first request."""

    def __init__(self, db: str | Path, settings: Settings):
        self.db = str(db)
        self.settings = settings
        self.local = threading.local()
        open_store(self.db, settings).close()  # created or migrated now, not on a request

    def get(self) -> Store:
        st: Store | None = getattr(self.local, "store", None)
        if st is None:
            st = self.local.store = open_store(self.db, self.settings)
        return st
