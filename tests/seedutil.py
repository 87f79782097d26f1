"""Paths and helpers for tests that use the seed articles (plain functions, importable)."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
EXAMPLES = ROOT / "examples"


def golden() -> dict:
    return json.loads((SEEDS / "golden.json").read_text())


def seed_key(article: dict) -> str | None:
    """'000' or '004' for a dossier article of a seed file."""
    for key, meta in golden()["articles"].items():
        if Path(meta["file"]).stem in " ".join(article.get("files") or [article.get("file") or ""]):
            return key
    return None
