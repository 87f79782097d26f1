"""Bad input through `storyweave add`: one clear message naming the file and the reason, the
rest of the batch goes on, the exit code says something failed, nothing stored changes."""

from __future__ import annotations

import gzip
import io
import random
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyweave.cli import cli


def run_add(*args: str):
    """`storyweave add ...` in this process (the model stays loaded between tests)."""
    return CliRunner().invoke(cli, ["add", *args], catch_exceptions=False)


GOOD = """---
title: Harbor crane collapses
source: Harbor Times
published: 2024-03-05
---

A crane collapsed at the Eastwick container port on Monday, injuring two workers.

Port director Lena Moreau said the crane had passed an inspection in January.
"""
LATER = """---
title: Port reopens after crane accident
source: Valley Courier
published: 2024-03-07
---

The Eastwick container port reopened on Wednesday, two days after a crane collapsed.

Lena Moreau, the port director, said an inquiry would report within a month.
"""


def _warc_bytes() -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for i in range(3):
        html = (f"<html><head><title>Page {i}</title></head><body><article><p>"
                + "The council of Fallow met on Tuesday to vote on the new budget. " * 8
                + "</p></article></body></html>").encode()  # fmt: skip
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        rec = writer.create_warc_record(
            f"https://example.org/{i}", "response", payload=io.BytesIO(html), http_headers=headers
        )
        writer.write_record(rec)
    return buf.getvalue()


def _make(kind: str, folder: Path) -> Path:
    if kind == "empty":
        p = folder / "empty.txt"
        p.write_bytes(b"")
    elif kind == "binary":
        p = folder / "photo.txt"
        p.write_bytes(bytes(range(256)) * 64)
    elif kind == "truncated-gzip":
        p = folder / "feed.jsonl.gz"
        data = gzip.compress(
            b'{"text": "' + b"A long article about a harbour strike. " * 200 + b'"}\n'
        )
        p.write_bytes(data[: len(data) // 2])
    elif kind == "truncated-warc":
        p = folder / "crawl.warc.gz"
        data = _warc_bytes()
        p.write_bytes(data[: int(len(data) * 0.6)])
    elif kind == "malformed-html":
        p = folder / "broken.html"
        p.write_text("<html><head><title>x</title><body><div><p></div></html", encoding="utf-8")
    elif kind == "malformed-feed":
        p = folder / "news.rss"
        p.write_text(
            '<?xml version="1.0"?><rss version="2.0"><channel><item><title>', encoding="utf-8"
        )
    elif kind == "huge":
        p = folder / "huge.txt"
        with p.open("wb") as f:
            line = b"The committee met again and nothing was decided about the budget.\n"
            f.write(line * (50_000_000 // len(line) + 1))
    elif kind == "encoding":
        p = folder / "odd.txt"
        rng = random.Random(7)  # high bytes that no text encoding reads as words
        p.write_bytes(bytes(rng.randrange(0x80, 0x100) for _ in range(3000)))
    elif kind == "missing":
        p = folder / "no_such_file.txt"
    else:  # pragma: no cover
        raise ValueError(kind)
    return p


def _snapshot(db: Path) -> list:
    con = sqlite3.connect(db)
    rows = []
    for table in ("articles", "sentences", "mentions", "time_expressions", "origins"):
        cols = "*" if table != "articles" else "id, text, title, source, published, analyzer"
        rows.append(con.execute(f"SELECT {cols} FROM {table} ORDER BY 1, 2").fetchall())
    return rows


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    folder = tmp_path_factory.mktemp("good")
    (folder / "crane.txt").write_text(GOOD, encoding="utf-8")
    db = folder / "store.db"
    res = run_add(str(folder / "crane.txt"), "--db", str(db))
    assert res.exit_code == 0, res.stderr
    return db


KINDS = {
    "empty": "empty",
    "binary": "binary",
    "truncated-gzip": "truncat",
    "truncated-warc": "truncat",
    "malformed-html": "",
    "malformed-feed": "",
    "huge": "max_file_bytes",
    "encoding": "encoding",
    "missing": "not exist",
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_bad_input_reported_and_store_intact(kind, stored, tmp_path):
    db = tmp_path / "store.db"
    db.write_bytes(stored.read_bytes())
    before = _snapshot(db)
    bad = _make(kind, tmp_path)
    later = tmp_path / "later.txt"
    later.write_text(LATER, encoding="utf-8")
    res = run_add(str(bad), str(later), "--db", str(db))
    assert res.exit_code == 1, res.stderr
    failed = [line for line in res.stderr.splitlines() if line.strip().startswith("failed:")]
    assert len(failed) >= 1, res.stderr
    assert all(bad.name in line for line in failed), res.stderr
    assert KINDS[kind].lower() in res.stderr.lower()
    # the good file of the same batch went in, and what was stored before is unchanged
    after = _snapshot(db)
    con = sqlite3.connect(db)
    titles = {r[0] for r in con.execute("SELECT title FROM articles")}
    assert "Port reopens after crane accident" in titles
    old_ids = {r[0] for r in before[0]}
    assert [r for r in after[0] if r[0] in old_ids] == before[0]
    for b, a in zip(before[1:], after[1:], strict=True):
        assert set(b) <= set(a)
