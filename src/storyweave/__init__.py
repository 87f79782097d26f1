"""storyweave: many news articles about the same events -> one reconciled dossier per story.

The public calls mirror the command line: ``storyweave.add(...)``, ``storyweave.articles(...)``,
``storyweave.dossier(...)``, ``storyweave.batch(...)``, ``storyweave.kb_build(...)``, ``storyweave.serve(...)`` (defined in
``storyweave.api``, loaded on first use so that importing the package stays cheap)."""

from typing import Any

from .version import DOSSIER_SCHEMA_VERSION, __version__

__all__ = [
    "add",
    "articles",
    "batch",
    "dossier",
    "kb_build",
    "serve",
    "__version__",
    "DOSSIER_SCHEMA_VERSION",
]


def __getattr__(name: str) -> Any:
    if name in (
        "add",
        "articles",
        "batch",
        "dossier",
        "kb_build",
        "serve",
        "update_stories",
    ):
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'storyweave' has no attribute {name!r}")
