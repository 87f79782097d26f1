"""Bad input: each bad file yields exactly one InputError naming the file and the reason, and
the good file of the same batch still comes out. (Store-level checks live in
tests/test_bad_input.py.)"""

from __future__ import annotations

import gzip
import io
import json
import random
import time
import tracemalloc
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from storyweave.config import Settings
from storyweave.errors import InputError
from storyweave.ingest import iter_articles
from storyweave.model import Article

from .ingest_helpers import page, warc_bytes

GOOD_TEXT = (
    "---\ntitle: Ferry service resumes\npublished: 2025-03-08\n---\n\n"
    "The ferry between Orlen and the islands resumed on Saturday after a week of storms.\n"
)


def _batch(bad: Path, tmp_path: Path, **options) -> tuple[list[Article], list[InputError]]:
    good = tmp_path / "zz_good.txt"
    good.write_text(GOOD_TEXT, encoding="utf-8")
    items = list(iter_articles([bad, good], **options))
    articles = [i for i in items if isinstance(i, Article)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert [a.title for a in articles if a.file == str(good)] == ["Ferry service resumes"]
    return articles, errors


def _one_error(bad: Path, tmp_path: Path, **options) -> InputError:
    _, errors = _batch(bad, tmp_path, **options)
    assert len(errors) == 1, errors
    (error,) = errors
    assert error.path == str(bad) and str(bad) in str(error)
    assert str(error).startswith("[SW100]")
    return error


def _warc_pages(n: int = 3):
    return [
        (f"https://example.org/{i}", "200 OK", "text/html", page(f"Story {i}").encode())
        for i in range(n)
    ]


def test_empty_file(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    assert _one_error(bad, tmp_path).reason == "empty file"


def test_whitespace_only_file(tmp_path):
    bad = tmp_path / "blank.md"
    bad.write_bytes(b"  \n\n\t\n")
    assert "empty file" in _one_error(bad, tmp_path).reason


@pytest.mark.parametrize(
    "data, kind",
    [
        (bytes(range(256)) * 64, "binary file, not an article"),
        (b"\x89PNG\r\n\x1a\n" + bytes(500), "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF document"),
        (b"{\\rtf1\\ansi The harbour strike.}", "RTF document"),
    ],
)
def test_binary_file(tmp_path, data, kind):
    bad = tmp_path / "photo.txt"
    bad.write_bytes(data)
    reason = _one_error(bad, tmp_path).reason
    assert "binary file" in reason and kind in reason


def test_truncated_gzip_text(tmp_path):
    data = gzip.compress(("The harbour strike entered its third day. " * 300).encode())
    bad = tmp_path / "story.txt.gz"
    bad.write_bytes(data[: len(data) // 2])
    assert "truncated gzip" in _one_error(bad, tmp_path).reason


def test_corrupt_gzip(tmp_path):
    data = bytearray(gzip.compress(("The harbour strike entered its third day. " * 300).encode()))
    data[20:40] = b"\xff" * 20
    bad = tmp_path / "story.txt.gz"
    bad.write_bytes(bytes(data))
    assert "gzip" in _one_error(bad, tmp_path).reason


def _record_ends(data: bytes) -> set[int]:
    records = ArchiveIterator(io.BytesIO(data))
    ends = set()
    for _ in records:
        ends.add(records.get_record_offset() + records.get_record_length())
    return ends


@pytest.mark.parametrize("gz", [True, False])
def test_truncated_warc_at_every_point(tmp_path, gz):
    """Cut anywhere but a record boundary: the pages before the cut, then one error."""
    data = warc_bytes(_warc_pages(), gzip=gz)
    ends = _record_ends(data)
    full = [a.url for a in iter_articles([_write(tmp_path / "full.warc", data)])]
    assert len(full) == 3
    for cut in range(40, len(data) - 1, 53):
        if any(end <= cut <= end + 4 for end in ends):
            continue  # a clean end of the archive: nothing is missing from what is there
        bad = _write(tmp_path / ("crawl.warc.gz" if gz else "crawl.warc"), data[:cut])
        articles, errors = _batch(bad, tmp_path)
        urls = [a.url for a in articles if a.file == str(bad)]
        assert urls == full[: len(urls)], cut
        assert len(errors) == 1, (cut, errors)
        assert errors[0].path == str(bad)
        assert "truncated" in errors[0].reason, (cut, errors[0])


def test_truncated_warc_keeps_what_was_read(tmp_path):
    data = warc_bytes(_warc_pages(), gzip=True)
    bad = _write(tmp_path / "crawl.warc.gz", data[: len(data) - 200])
    articles, errors = _batch(bad, tmp_path)
    assert [a.url for a in articles if a.file == str(bad)] == [
        "https://example.org/0",
        "https://example.org/1",
    ]
    assert "stopped after" in errors[0].reason


def test_whole_file_gzip_warc_is_read(tmp_path):
    """``gzip crawl.warc`` (one member for all records) is a valid archive, not damage."""
    plain = warc_bytes(_warc_pages(), gzip=False)
    good = _write(tmp_path / "crawl.warc.gz", gzip.compress(plain))
    assert len([a for a in iter_articles([good]) if isinstance(a, Article)]) == 3


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_malformed_html(tmp_path):
    bad = tmp_path / "broken.html"
    bad.write_text("<html><head><title>x</title><body><div><p></div></html", encoding="utf-8")
    assert "no article text" in _one_error(bad, tmp_path).reason


def test_html_with_broken_tags_but_text_is_read(tmp_path):
    text = "The harbour strike entered its third day on Thursday, the union said. " * 3
    ok = tmp_path / "sloppy.html"
    ok.write_text(f"<html><body><div><p>{text}<p>{text}</div></span></html", encoding="utf-8")
    (article,) = [a for a in iter_articles([ok]) if isinstance(a, Article)]
    assert "third day on Thursday" in article.text


def test_malformed_feed(tmp_path):
    bad = tmp_path / "news.rss"
    bad.write_text('<?xml version="1.0"?><rss version="2.0"><channel><item><title>', "utf-8")
    assert "malformed feed" in _one_error(bad, tmp_path).reason


def test_xml_that_is_not_a_feed(tmp_path):
    bad = tmp_path / "data.xml"
    bad.write_text('<?xml version="1.0"?><catalog><book id="1"/></catalog>', "utf-8")
    assert "not an RSS or Atom feed" in _one_error(bad, tmp_path).reason


def test_50_mb_text_file_refused_quickly_without_reading_it(tmp_path):
    bad = tmp_path / "huge.txt"
    line = b"The committee met again and nothing was decided about the budget.\n"
    with bad.open("wb") as f:
        f.write(line * (50_000_000 // len(line) + 1))
    tracemalloc.start()
    start = time.perf_counter()
    error = _one_error(bad, tmp_path)
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 2.0 and peak < 5_000_000  # only the first bytes were read
    assert "50.0 MB, over the 20 MB limit" in error.reason
    assert "max_file_bytes" in str(error)


def test_gzip_inflating_over_the_limit(tmp_path):
    settings = tmp_path / "small.cfg"
    settings.write_text("[ingest]\nmax_file_bytes = 100000\n", encoding="utf-8")
    bad = tmp_path / "bomb.txt.gz"
    bad.write_bytes(gzip.compress(b"All quiet at the harbour today. " * 20000))
    error = _one_error(bad, tmp_path, settings=Settings.load(settings))
    assert "inflates to over the 0.1 MB limit" in error.reason


def test_undecodable_encoding(tmp_path):
    rng = random.Random(7)
    bad = tmp_path / "odd.txt"
    bad.write_bytes(bytes(rng.randrange(0x80, 0x100) for _ in range(3000)))
    error = _one_error(bad, tmp_path)
    assert "unknown text encoding" in error.reason and "UTF-8" in str(error)


def test_broken_utf16_after_bom(tmp_path):
    bad = tmp_path / "odd.txt"
    bad.write_bytes(b"\xff\xfe" + "Harbour news".encode("utf-16-le") + b"\x00\xd8")
    assert "utf-16" in _one_error(bad, tmp_path).reason


def test_missing_path(tmp_path):
    bad = tmp_path / "no_such_file.txt"
    assert "does not exist" in _one_error(bad, tmp_path).reason


def test_bad_sidecar(tmp_path):
    bad = tmp_path / "story.txt"
    bad.write_text("A story long enough to count as an article, about the harbour.", "utf-8")
    (tmp_path / "story.meta.json").write_text('{"published": 2025-03-05', encoding="utf-8")
    assert "sidecar story.meta.json" in _one_error(bad, tmp_path).reason


def test_bad_front_matter_date(tmp_path):
    bad = tmp_path / "story.txt"
    bad.write_text("published: the other day\n\nA story about the harbour, long enough.", "utf-8")
    error = _one_error(bad, tmp_path)
    assert "bad published date" in error.reason and "YYYY-MM-DD" in str(error)


def test_too_short_text(tmp_path):
    bad = tmp_path / "short.txt"
    bad.write_text("Harbour closed.", encoding="utf-8")
    assert "min_text_chars" in str(_one_error(bad, tmp_path))


def _jsonl_lines(n: int) -> bytes:
    return b"".join(
        json.dumps(
            {"text": f"Story {i}: the harbour strike entered day {i}, the union said."}
        ).encode()
        + b"\n"
        for i in range(n)
    )


def test_truncated_gzip_jsonl_keeps_complete_lines(tmp_path):
    data = gzip.compress(_jsonl_lines(2000))
    bad = _write(tmp_path / "lines.jsonl.gz", data[: len(data) // 2])
    articles, errors = _batch(bad, tmp_path)
    assert len(errors) == 1 and "truncated gzip" in errors[0].reason
    assert 0 < len([a for a in articles if a.file == str(bad)]) < 2000


def test_big_jsonl_is_streamed_not_refused(tmp_path):
    settings = _write(tmp_path / "small.cfg", b"[ingest]\nmax_file_bytes = 5000\n")
    big = _write(
        tmp_path / "lines.jsonl", _jsonl_lines(300) + b'{"text": "' + b"x" * 6000 + b'"}\n'
    )
    items = list(iter_articles([big], settings=Settings.load(settings)))
    errors = [i for i in items if isinstance(i, InputError)]
    assert len(items) == 301 and len(errors) == 1
    assert errors[0].reason == "line 301: line over the 5,000-byte limit"
