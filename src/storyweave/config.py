"""The shipped default configuration (settings.cfg), overridden key by key by a user file."""

from __future__ import annotations

import configparser
from functools import lru_cache
from pathlib import Path

from .errors import ConfigError

__all__ = ["load_config", "use_config", "DEFAULT_CONFIG"]

DEFAULT_CONFIG = Path(__file__).with_name("settings.cfg")


_user_file: str | None = None


def use_config(user_file: str | None) -> None:
    """Make ``user_file`` the settings every later ``load_config()`` call reads."""
    global _user_file
    if user_file is not None:
        _read(user_file)  # fail now, with the file's name, rather than mid-run
    _user_file = user_file


def load_config(user_file: str | None = None) -> configparser.ConfigParser:
    """The defaults overridden by ``user_file`` (or the file given to ``use_config``)."""
    return _read(user_file or _user_file)


@lru_cache(maxsize=8)
def _read(user_file: str | None) -> configparser.ConfigParser:
    """Read the defaults, then the user's file; a key the defaults lack is an error."""
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
    return config
