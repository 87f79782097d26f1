"""Digests of the code, data and settings that shape stored results.

A store keeps analyses and dossiers between runs; when they were made by other code (an
upgrade, a local change) or other settings, they are made again instead of being served as
they were. The package version alone does not tell: it changes only with a release. The
settings' digest is ``Settings.digest()``."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

__all__ = ["code_digest"]

_ROOT = Path(__file__).resolve().parent
_SUFFIXES = frozenset({".py", ".txt", ".tsv", ".json", ".gz", ".cfg", ".sql"})


@lru_cache(maxsize=16)
def code_digest(*parts: str) -> str:
    """A short digest of the package files under ``parts`` (subpackages, data folders or
    single files, relative to the package)."""
    digest = hashlib.sha1()
    for part in parts:
        base = _ROOT / part
        files = sorted(base.rglob("*")) if base.is_dir() else [base]
        for path in files:
            if path.is_file() and path.suffix in _SUFFIXES and "__pycache__" not in path.parts:
                digest.update(path.relative_to(_ROOT).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
