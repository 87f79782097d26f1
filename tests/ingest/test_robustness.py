"""Whatever bytes a file holds, ingest yields Articles or InputErrors and never raises."""

from __future__ import annotations

import gzip
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyweave.errors import InputError
from storyweave.ingest import iter_articles
from storyweave.model import Article

from .ingest_helpers import page, warc_bytes

_PREFIXES = [
    b"",
    b"WARC/1.0\r\n",
    b"filedesc://",
    b"<?xml version='1.0'?><rss><channel><item><description>",
    b"<html><body><p>",
    b'{"text": "',
    b"---\ntitle: x\npublished: ",
    b"\xff\xfe",
    gzip.compress(b"WARC/1.0\r\n")[:12],
]
# Built once: warcio stamps record ids and dates, and hypothesis needs the same bytes each run.
_ARCHIVE = warc_bytes([("https://x.example/a", "200 OK", "text/html", page("Dam").encode())])
_NAMES = ["a.txt", "a.html", "a.xml", "a.jsonl", "a.warc", "a.warc.gz", "a.md", "noext"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prefix=st.sampled_from(_PREFIXES),
    body=st.binary(max_size=600) | st.text(max_size=600).map(str.encode),
    name=st.sampled_from(_NAMES),
)
def test_any_bytes_give_articles_or_errors(prefix, body, name):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, name)
        path.write_bytes(prefix + body)
        items = list(iter_articles([path]))
    assert items
    assert all(isinstance(i, Article | InputError) for i in items)
    for item in items:
        if isinstance(item, InputError):
            assert item.path == str(path) and item.reason


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_damaged_archives_never_raise(data):
    archive = bytearray(_ARCHIVE)
    for _ in range(data.draw(st.integers(1, 5))):
        at = data.draw(st.integers(0, len(archive) - 1))
        archive[at] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(1, len(archive)))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "x.warc.gz")
        path.write_bytes(bytes(archive[:cut]))
        items = list(iter_articles([path]))
    assert items and all(isinstance(i, Article | InputError) for i in items)
