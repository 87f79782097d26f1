"""The settings: the shipped settings.cfg, overridden key by key by a user's file.

They are read once, into a ``Settings`` object that the command line (``--config``), the API
and the web app hand to the pipeline, which hands it (or the typed part a stage needs) to each
stage. No module reads a global configuration; a stage called without settings uses the
shipped defaults (``Settings.default()``)."""

from __future__ import annotations

import configparser
import hashlib
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from .errors import ConfigError

__all__ = ["Settings", "DEFAULT_CONFIG"]

DEFAULT_CONFIG = Path(__file__).with_name("settings.cfg")

T = TypeVar("T")


@dataclass(frozen=True)
class Settings:
    """Every setting as text, by section and key; ``source`` is the user's file, if any.
    Plain data: it is compared, hashed into the store's fingerprints and sent to worker
    processes as it is."""

    values: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
    source: str | None = None

    @classmethod
    def load(cls, user_file: str | Path | None = None) -> Settings:
        """The defaults overridden by ``user_file``; a key the defaults lack is an error."""
        return _load(str(user_file) if user_file is not None else None)

    @classmethod
    def default(cls) -> Settings:
        """The shipped settings."""
        return _load(None)

    def section(self, name: str) -> dict[str, str]:
        for section, items in self.values:
            if section == name:
                return dict(items)
        raise KeyError(f"no settings section [{name}]")

    def get(self, section: str, key: str) -> str:
        return self.section(section)[key]

    def getint(self, section: str, key: str) -> int:
        return int(self.get(section, key))

    def getfloat(self, section: str, key: str) -> float:
        return float(self.get(section, key))

    def numbers(self, cls: type[T], name: str, *, optional: bool = False) -> T:
        """A stage's settings dataclass of numbers from section ``name``: each field from the
        key of its name, read as an ``int`` where it is annotated so, else a ``float``.
        ``optional``: a missing section or key keeps the field's default."""
        try:
            section = self.section(name)
        except KeyError:
            if not optional:
                raise
            section = {}
        values: dict[str, Any] = {}
        for f in fields(cls):  # type: ignore[arg-type]
            if optional and f.name not in section:
                continue
            values[f.name] = (int if f.type in ("int", int) else float)(section[f.name])
        return cls(**values)

    def digest(self) -> str:
        """A short digest of every value (what stored results were made with)."""
        text = "\n".join(
            f"[{section}] {key} = {value}"
            for section, items in self.values
            for key, value in sorted(items)
        )
        return hashlib.sha1(text.encode()).hexdigest()[:12]


@lru_cache(maxsize=8)
def _load(user_file: str | None) -> Settings:
    config = configparser.ConfigParser()
    config.read(DEFAULT_CONFIG, encoding="utf-8")
    if user_file:
        user = configparser.ConfigParser()
        try:
            read = user.read(user_file, encoding="utf-8")
        except configparser.Error as exc:
            raise ConfigError(f"cannot parse: {exc}", user_file) from exc
        if not read:
            raise ConfigError("file not found", user_file, "pass an existing settings file")
        for section in user.sections():
            for key, value in user[section].items():
                if not config.has_option(section, key):
                    raise ConfigError(
                        f"unknown setting [{section}] {key}",
                        user_file,
                        f"see {DEFAULT_CONFIG.name} for the settings there are",
                    )
                config[section][key] = value
    values = tuple((section, tuple(config[section].items())) for section in config.sections())
    return Settings(values=values, source=user_file)
