"""Every error storyweave reports, each with a short code, the problem and the remedy."""

from __future__ import annotations

__all__ = ["StoryweaveError", "InputError", "ModelError", "StoreError", "ConfigError", "ServeError"]


class StoryweaveError(Exception):
    """Base class. ``code`` is short and stable; ``str()`` names the file, problem and fix."""

    code = "SW000"

    def __init__(self, message: str, path: str | None = None, fix: str | None = None):
        self.path = path
        self.reason = message
        self.fix = fix
        parts = [f"{path}: {message}" if path else message]
        if fix:
            parts.append(fix)
        super().__init__(f"[{self.code}] " + "; ".join(parts))


class InputError(StoryweaveError):
    """A file that cannot be read as articles (missing, empty, binary, truncated, malformed)."""

    code = "SW100"


class ModelError(StoryweaveError):
    """The NLP model package is missing or is not the model storyweave was built against."""

    code = "SW200"


class StoreError(StoryweaveError):
    """The store (a SQLite file or a PostgreSQL database) cannot be opened or has an unknown
    schema version."""

    code = "SW300"


class ConfigError(StoryweaveError):
    """A user configuration file that cannot be read or names an unknown setting."""

    code = "SW400"


class ServeError(StoryweaveError):
    """A server that would be unsafe as asked (beyond loopback without a token, and the like)."""

    code = "SW500"
