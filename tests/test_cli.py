"""End-to-end: the installed `storyweave` command on real files."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from seedutil import ROOT, SEEDS, golden, seed_key

BIN = Path(sys.executable).with_name("storyweave")


def run(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, timeout=600, **kw)


def test_help_everywhere():
    for cmd in ([], ["add"], ["articles"], ["dossier"]):
        res = run(*cmd, "--help")
        assert res.returncode == 0, res.stderr
        assert "Usage:" in res.stdout


@pytest.mark.slow
def test_seed_dossier_has_sidecar_dates_and_name_groups(tmp_path):
    out = tmp_path / "out.json"
    res = run("dossier", str(SEEDS), "--format", "json", "-o", str(out))
    assert res.returncode == 0, res.stderr
    data = json.loads(out.read_text())
    by_key = {seed_key(a): a for a in data["articles"]}
    for key, meta in golden()["articles"].items():
        assert by_key[key]["published"] == meta["published"]
        assert by_key[key]["published_inferred"] is False
        assert by_key[key]["sentences"]
    assert len(data["stories"]) == 1
    assert set(data["stories"][0]["articles"]) == {a["id"] for a in data["articles"]}
    for key in ("entities", "timeline", "claims", "flags"):
        assert key in data["stories"][0]


@pytest.mark.slow
def test_add_is_idempotent_and_records_both_origins(tmp_path):
    db = tmp_path / "s.db"
    copy = tmp_path / "copy"
    copy.mkdir()
    src = next(SEEDS.glob("000_*.txt"))
    (copy / "again.txt").write_text(src.read_text())
    first = run("add", str(SEEDS), "--db", str(db))
    assert first.returncode == 0, first.stderr
    assert "2 added, 0 already present, 0 failed" in first.stderr
    second = run("add", str(SEEDS), str(copy), "--db", str(db))
    assert "0 added, 2 already present, 0 failed" in second.stderr
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    files = [r[0] for r in con.execute("SELECT file FROM origins ORDER BY file")]
    assert len(files) == 3 and any(f.endswith("again.txt") for f in files)
    listing = run("articles", "--db", str(db))
    assert listing.returncode == 0
    assert "2021-08-11" in listing.stdout and "2021-06-08" in listing.stdout


@pytest.mark.slow
def test_killed_run_resumes_without_duplicates(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from corpus import write_corpus

    folder = tmp_path / "corpus"
    write_corpus(folder, 48, words=80)
    db = tmp_path / "s.db"
    proc = subprocess.Popen(
        [str(BIN), "add", str(folder), "--db", str(db), "--processes", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    count = 0
    deadline = time.time() + 300
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.2)
        if db.exists():
            try:
                count = sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:
                continue
            if count > 0:
                break
    assert proc.poll() is None, "run finished before it could be interrupted"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    stored = sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0]
    assert 0 < stored < 48
    res = run("add", str(folder), "--db", str(db), "--processes", "1")
    assert res.returncode == 0, res.stderr
    assert f"{48 - stored} added, {stored} already present, 0 failed" in res.stderr
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 48
    # every stored article has its whole analysis
    assert (
        con.execute(
            "SELECT count(*) FROM articles a WHERE NOT EXISTS "
            "(SELECT 1 FROM sentences s WHERE s.article = a.id)"
        ).fetchone()[0]
        == 0
    )


def test_config_option_is_read_once_and_reaches_the_stages(tmp_path):
    article = tmp_path / "note.txt"
    article.write_text("The ferry between Ormeby and Kelso resumed on Monday after a strike.\n")
    strict = tmp_path / "strict.cfg"
    strict.write_text("[ingest]\nmin_text_chars = 5000\n")
    res = run("--config", str(strict), "add", str(article), "--db", str(tmp_path / "s.db"))
    assert res.returncode == 1 and "0 added, 0 already present, 1 failed" in res.stderr
    typo = tmp_path / "typo.cfg"
    typo.write_text("[ingest]\nmin_text_char = 5\n")
    res = run("--config", str(typo), "add", str(article), "--db", str(tmp_path / "t.db"))
    assert res.returncode == 2 and "typo.cfg: unknown setting [ingest] min_text_char" in res.stderr
    assert not (tmp_path / "t.db").exists()  # refused before any work
