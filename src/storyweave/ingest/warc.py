"""WARC and ARC web archives, gzipped or not (warcio): each HTML page fetched with status 200
becomes an article, with the record's target URL and fetch date.

warcio stops quietly at a truncated record, so completeness is checked here: a record whose
body came up short, or bytes left over after the last record read, mean a truncated archive.
What was read before the damage is still yielded; then one error says where it stopped.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator

from ..errors import InputError
from ..model import Article
from .base import Limits
from .detect import declared_charset, decode
from .html import extract

__all__ = ["read_archive"]

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_archive(path: str, stream: BinaryIO, limits: Limits) -> Iterator[Article | InputError]:
    """The HTML pages of a (possibly gzipped) WARC or ARC file open as ``stream``."""
    records = ArchiveIterator(stream, arc2warc=True)
    read = 0
    end = 0
    try:
        for record in records:
            read += 1
            uri = record.rec_headers.get_header("WARC-Target-URI") or "?"
            page = _html_body(record, limits)
            complete = getattr(record.raw_stream, "limit", 0) <= 0
            end = records.get_record_offset() + records.get_record_length()
            if not complete:
                yield _truncated(path, read, f"record {read} ({uri}) is cut short")
                return
            if page is None:
                continue
            if len(page) > limits.max_file_bytes:
                yield InputError(
                    f"record {uri}: page over the {limits.max_file_bytes:,}-byte limit",
                    path,
                    "raise [ingest] max_file_bytes in your settings file to read it",
                )
                continue
            fetched = (record.rec_headers.get_header("WARC-Date") or "")[:10] or None
            charset = _charset(record.http_headers.get_header("Content-Type") or "")
            try:
                text = decode(page, path, charset or declared_charset(page))
            except InputError as exc:
                yield InputError(f"record {read} ({uri}): {exc.reason}", path, exc.fix)
                continue
            yield extract(
                text, file=path, limits=limits, url=uri, fetched=fetched, where=f"record {uri}"
            )
    except Exception as exc:  # warcio raises assorted errors on damaged input
        yield _truncated(path, read, f"{type(exc).__name__}: {exc}")
        return
    if read == 0:
        yield InputError("no WARC or ARC records could be read (truncated or corrupt)", path)
        return
    # Bytes after the last complete record (beyond the blank lines that separate records)
    # are a record warcio could not parse: the archive was cut inside it.
    stream.seek(end)
    if stream.read(64).strip():
        yield _truncated(path, read, f"the archive ends inside the record after record {read}")


def _html_body(record: object, limits: Limits) -> bytes | None:
    """The payload of an HTML response with status 200, else None. Either way the record is
    read to its end, so its completeness can be checked. A payload over the size limit comes
    back one byte over it."""
    rec_type = getattr(record, "rec_type", None)
    http = getattr(record, "http_headers", None)
    stream = record.content_stream()  # type: ignore[attr-defined]
    wanted = (
        rec_type == "response"
        and http is not None
        and http.get_statuscode() == "200"
        and (http.get_header("Content-Type") or "").split(";")[0].strip().lower() in _HTML_TYPES
    )
    if not wanted:
        while stream.read(1 << 16):
            pass
        return None
    body = stream.read(limits.max_file_bytes + 1)
    if len(body) > limits.max_file_bytes:
        while stream.read(1 << 16):
            pass
    return bytes(body)


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            return declared_charset(f"charset={value.strip()}".encode())
    return None


def _truncated(path: str, read: int, detail: str) -> InputError:
    return InputError(
        f"truncated or corrupt archive, stopped after {read} record(s): {detail}",
        path,
        "the pages before that point were read; fetch the archive again for the rest",
    )
