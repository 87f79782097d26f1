"""Four `storyweave add` processes at once on overlapping inputs while `storyweave serve`
answers readers, on PostgreSQL and on SQLite (where one writer waits for the other's lock):
no duplicate article, no lost origin, no article linked twice, every story reconciled from
its final members, and the readers never get an error."""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from storyweave.store import open_store

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).with_name("storyweave")

# Three made-up events, eight reports (invented names and places).
ARTICLES = {
    "crane1": ("2025-03-04", "Veldmark Courier", "A container crane collapsed at the port of "
               "Veldmark on Monday, harbour master Anouk Brandt said. No one was hurt."),
    "crane2": ("2025-03-05", "Coast Radio", "Anouk Brandt, the Veldmark harbour master, said the "
               "collapsed crane would be removed by Friday and the quay reopened next week."),
    "crane3": ("2025-03-07", "Tidewater Post", "The port of Veldmark reopened its quay after the "
               "crane collapse, Anouk Brandt told reporters on Thursday."),
    "library1": ("2025-04-10", "Kellerby Herald", "Fire broke out in the Kellerby town library "
                 "late on Wednesday. Librarian Tomas Ruud said the rare maps were saved."),
    "library2": ("2025-04-11", "Northern Daily", "Tomas Ruud, who runs the Kellerby library, said "
                 "about 2,000 books were lost in the fire on Wednesday night."),
    "library3": ("2025-04-14", "Kellerby Herald", "The Kellerby library will reopen in a school "
                 "hall, Tomas Ruud said on Monday, a week after the fire."),
    "race1": ("2025-05-02", "Sport Weekly", "Ingrid Solheim won the Brakvik marathon on Sunday "
              "in two hours and 31 minutes, a course record."),
    "race2": ("2025-05-03", "Brakvik News", "The Brakvik marathon record fell to Ingrid Solheim, "
              "who finished in 2:31 on Sunday."),
}  # fmt: skip
# The same text under a second name: one article with two origins.
COPIES = {"crane1_again": "crane1", "library2_mirror": "library2"}
# Each process's files, in its own order; every file is given to at least two processes.
RUNS = [
    ["crane1", "crane2", "library1", "race1", "crane1_again", "library3"],
    ["race2", "library3", "crane3", "crane1", "library2"],
    ["library2_mirror", "crane2", "race1", "library1", "crane3", "race2"],
    ["race2", "race1", "library3", "library2", "library1", "crane3", "crane2", "crane1_again"],
]


def _write(folder: Path) -> dict[str, Path]:
    files = {}
    for name, (published, source, text) in ARTICLES.items():
        files[name] = folder / f"{name}.txt"
        files[name].write_text(f"---\npublished: {published}\nsource: {source}\n---\n\n{text}\n")
    for name, of in COPIES.items():
        files[name] = folder / f"{name}.txt"
        files[name].write_text(files[of].read_text())
    return files


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Reader(threading.Thread):
    """Reads the stories list, each story and a search, over and over, until stopped."""

    def __init__(self, base: str):
        super().__init__(daemon=True)
        self.base = base
        self.stop = threading.Event()
        self.requests = 0
        self.errors: list[str] = []

    def get(self, path: str) -> tuple[int, bytes]:
        self.requests += 1
        try:
            with urllib.request.urlopen(self.base + path, timeout=30) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as exc:
            return exc.code, b""

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                status, body = self.get("/api/stories?limit=50")
                if status != 200:
                    self.errors.append(f"list {status}")
                    continue
                for s in json.loads(body)["stories"]:
                    # 404: a story retired into one not stored yet (it is being reconciled).
                    status, _ = self.get(f"/api/stories/{s['id']}")
                    if status not in (200, 404):
                        self.errors.append(f"story {s['id']} {status}")
                for path in ("/api/search?q=Veldmark", "/"):
                    status, _ = self.get(path)
                    if status != 200:
                        self.errors.append(f"{path} {status}")
            except (OSError, ValueError) as exc:
                self.errors.append(repr(exc))
            time.sleep(0.05)


def _serve(db: str, port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [str(BIN), "serve", "--db", db, "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stories", timeout=5):
                return proc
        except OSError:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            time.sleep(0.2)
    proc.kill()
    raise AssertionError("storyweave serve did not start")


def test_four_adds_at_once_while_serving(places, tmp_path):
    db = places.fresh("concurrent")
    files = _write(tmp_path)
    open_store(db).close()  # created before the server starts: it never sees a missing store
    port = _free_port()
    server = _serve(db, port)
    reader = Reader(f"http://127.0.0.1:{port}")
    reader.start()
    try:
        procs = []
        for i, names in enumerate(RUNS):
            args = [str(BIN), "add", *(str(files[n]) for n in names), "--processes", "1"]
            env = dict(os.environ)
            if i == 0:
                env["STORYWEAVE_DB"] = db  # the variable instead of --db
            else:
                args += ["--db", db]
            procs.append(subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                          text=True, env=env))  # fmt: skip
        outputs = [p.communicate(timeout=900) for p in procs]
    finally:
        reader.stop.set()
        reader.join(60)
        server.terminate()
        server.communicate(timeout=30)
    for p, (_, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err
    assert reader.requests > 0 and reader.errors == []

    with open_store(db) as st:
        stored = {a.id: a for a in st.articles()}
        # No duplicate article; every file an origin of one article, once.
        assert len(stored) == len(ARTICLES)
        origins = [(o.file, a.id) for a in stored.values() for o in a.origins]
        assert sorted(f for f, _ in origins) == sorted(str(f) for f in files.values())
        ids = {Path(f).stem: aid for f, aid in origins}
        assert all(ids[name] == ids[of] for name, of in COPIES.items())
        # Every article linked once, into one story; nothing left waiting.
        of = st.story_of(stored)
        assert sorted(of) == sorted(stored) and st.unlinked() == []
        copies = st.copies(stored)
        assert st.linked_docs() == len(stored) - len(copies)
        # Every story stored from its final members, none stale, none retired and stored.
        assert st.stale_stories() == []
        assert sorted(st.story_ids()) == sorted(set(of.values()))
        for story_id in st.story_ids():
            story = st.story(story_id)
            assert story is not None and st.resolve_story(story_id) == story_id
            assert sorted(story.articles) == sorted(st.story_members(story_id))
        # The three events come out as three stories.
        by_event = {n.rstrip("0123456789"): of[ids[n]] for n in ARTICLES}
        assert len(set(of.values())) == 3 and len(set(by_event.values())) == 3
        # Every story in one storyline, listed in that storyline's record only; every
        # article counted once by the storyline linker.
        lines = {s: st.resolve_storyline(line) for s, line in st.storylines_of(of.values()).items()}
        assert sorted(lines) == sorted(st.story_ids())
        records = st.storyline_records(sorted(set(lines.values())))
        assert sorted(e for r in records for e in r["events"]) == sorted(lines)
        assert all(lines[e] == r["id"] for r in records for e in r["events"])
        assert st.storyline_docs() == len(stored)
        before = {s: st.story(s) for s in st.story_ids()}
    # A rerun of everything adds and reconciles nothing.
    again = subprocess.run([str(BIN), "add", str(tmp_path), "--db", db, "--processes", "1"],
                           capture_output=True, text=True, timeout=600)  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert f"0 added, {len(ARTICLES)} already present" in again.stderr
    with open_store(db) as st:
        assert {s: st.story(s) for s in st.story_ids()} == before
    if places.backend == "sqlite":  # nothing corrupted by four writers taking turns
        with sqlite3.connect(db) as check:
            assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_on_sqlite_an_add_waits_for_another_writer_and_corrupts_nothing(tmp_path):
    """SQLite has one writer: an add that finds the write lock taken waits for it (up to 30 s a
    transaction) instead of failing, and the file stays whole."""
    db = tmp_path / "one.db"
    (tmp_path / "in").mkdir()
    files = _write(tmp_path / "in")
    first = subprocess.run([str(BIN), "add", *map(str, files.values()), "--db", str(db),
                            "--processes", "1"], capture_output=True, text=True, timeout=600)  # fmt: skip
    assert first.returncode == 0, first.stderr
    # The same texts under new names: nothing to analyze, only origins to write.
    renamed = tmp_path / "renamed"
    renamed.mkdir()
    for name, path in files.items():
        shutil.copy(path, renamed / f"{name}_renamed.txt")
    with open_store(db) as holder, holder.transaction(exclusive=True):
        holder.record_failure("held.txt", "X", "held")  # another writer holds the lock
        proc = subprocess.Popen([str(BIN), "add", str(renamed), "--db", str(db), "--processes",
                                 "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
        time.sleep(6)
        waited = proc.poll() is None
    _, err = proc.communicate(timeout=600)
    assert waited, f"the add ended while another writer held the lock: {err}"
    assert proc.returncode == 0, err
    with open_store(db) as st:
        stored = list(st.articles())
        assert len(stored) == len(ARTICLES)  # the copies joined their articles
        names = sorted(Path(o.file).name for a in stored for o in a.origins)
        assert names == sorted([f.name for f in files.values()]
                               + [f"{n}_renamed.txt" for n in files])  # fmt: skip
        assert ("held.txt", "X", "held") in st.failures()  # the other writer's row is kept
    with sqlite3.connect(db) as check:
        assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
