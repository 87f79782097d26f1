"""Shared fixtures: the seed articles and dossiers of them (built once per session), and the
stores of both back ends (a PostgreSQL server for the session)."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from seedutil import SEEDS
from stores import BACKENDS, PgServer, Places


@pytest.fixture(scope="session")
def pg() -> Iterator[PgServer]:
    """The PostgreSQL server of the session: STORYWEAVE_TEST_PG (the URL of a database on a
    server where the tests may create databases), else a throwaway cluster started here
    (tests/pgcluster.py) and stopped at the end. A test that needs it and cannot have it
    fails: the PostgreSQL variants never skip."""
    url = os.environ.get("STORYWEAVE_TEST_PG")
    if url:
        yield PgServer(url)
        return
    from pgcluster import Cluster, ClusterError

    try:
        cluster = Cluster.start()
    except (ClusterError, OSError) as exc:
        pytest.fail(f"the PostgreSQL tests cannot run: {exc}", pytrace=False)
    try:
        yield PgServer(cluster.url())
    finally:
        cluster.stop()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Each test that takes it runs on SQLite and on PostgreSQL."""
    return str(request.param)


def _scope(request: pytest.FixtureRequest) -> str:
    module = request.node.module.__name__ if request.node.module else "session"
    return module.rsplit(".", 1)[-1]


@pytest.fixture
def places(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Places:
    """This test's stores on its back end: ``places.fresh()`` is the location (file path or
    URL) of an empty store."""
    pg = request.getfixturevalue("pg") if backend == "postgres" else None
    return Places(backend, tmp_path, pg, _scope(request))


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
