"""Shared fixtures: the seed articles and dossiers of them (built once per session)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from seedutil import SEEDS


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
def seed_db(tmp_path_factory, seeds_dir) -> Path:
    """A store holding the seed articles, linked and reconciled."""
    from storyweave import api

    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    api.add([seeds_dir], db, processes=1)
    return db


@pytest.fixture(scope="session")
def seed_dossier(tmp_path_factory, seeds_dir, seed_db) -> dict:
    from storyweave import api

    out = tmp_path_factory.mktemp("dossier") / "seeds.json"
    api.dossier([seeds_dir], db=seed_db, format="json", output=out, processes=1)
    return json.loads(out.read_text())


@pytest.fixture(scope="session")
def undated_dossier(tmp_path_factory, undated_seeds) -> dict:
    from storyweave import api

    out = tmp_path_factory.mktemp("dossier") / "undated.json"
    api.dossier([undated_seeds], format="json", output=out, processes=1)
    return json.loads(out.read_text())
