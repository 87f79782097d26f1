"""Shared fixtures: paths of the seed articles and a built dossier of them (built once)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

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


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.exists():
        pytest.skip("../shared/seeds is not beside the checkout")
    return SEEDS


@pytest.fixture(scope="session")
def undated_seeds(tmp_path_factory, seeds_dir) -> Path:
    folder = tmp_path_factory.mktemp("undated")
    for f in seeds_dir.glob("*.txt"):
        shutil.copy(f, folder / f.name)
    return folder


@pytest.fixture(scope="session")
def seed_dossier(tmp_path_factory, seeds_dir) -> dict:
    from storyweave import api

    out = tmp_path_factory.mktemp("dossier") / "seeds.json"
    api.dossier([seeds_dir], format="json", output=out, processes=1)
    return json.loads(out.read_text())


@pytest.fixture(scope="session")
def undated_dossier(tmp_path_factory, undated_seeds) -> dict:
    from storyweave import api

    out = tmp_path_factory.mktemp("dossier") / "undated.json"
    api.dossier([undated_seeds], format="json", output=out, processes=1)
    return json.loads(out.read_text())
