"""Storage back ends. SQLite is the default; others come behind the same interface."""

from .sqlite import SCHEMA_VERSION, Store

__all__ = ["Store", "SCHEMA_VERSION"]
