"""WARC and ARC web archives, gzipped or not (warcio): each HTML page fetched with status 200
becomes an article, with the record's target URL and fetch date.

warcio stops quietly at a truncated record, so completeness is checked here: a record whose
body came up short, or bytes left over after the last record read, mean a truncated archive.
What was read before the damage is still yielded; then one error says where it stopped.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator

from ..errors import InputError
from ..model import Article
from .base import Limits
from .detect import declared_charset, decode
from .html import extract

__all__ = ["read_archive"]

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_archive(
    path: str, stream: BinaryIO, limits: Limits, gzipped: bool = False
) -> Iterator[Article | InputError]:
    """The HTML pages of a WARC or ARC file open as ``stream`` (at its start).

    A gzipped archive is inflated here rather than by warcio, which accepts only one gzip
    member per record and cannot tell a truncated member from the end of the file.
    """
    source: BinaryIO | _Inflated = _Inflated(stream) if gzipped else stream
    records = ArchiveIterator(source, arc2warc=True)
    read = 0
    end = 0
    is_warc = False
    try:
        for record in records:
            read += 1
            is_warc = record.format == "warc"
            uri = record.rec_headers.get_header("WARC-Target-URI") or "?"
            page = _html_body(record, limits)
            # A header block cut short parses as a record with no type or length.
            complete = (
                bool(record.rec_type)
                and record.rec_headers.get_header("Content-Length") is not None
                and getattr(record.raw_stream, "limit", 0) <= 0
            )
            end = records.get_record_offset() + records.get_record_length()
            if not complete:
                yield _truncated(path, read, f"record {read} ({uri}) is cut short")
                return
            if page is None:
                continue
            if len(page) > limits.max_file_bytes:
                yield InputError(
                    f"record {read} ({uri}): page over the {limits.max_file_bytes:,}-byte limit",
                    path,
                    "raise [ingest] max_file_bytes in your settings file to read it",
                )
                continue
            fetched = (record.rec_headers.get_header("WARC-Date") or "")[:10] or None
            headers = record.http_headers or record.rec_headers
            charset = _charset(headers.get_header("Content-Type") or "")
            try:
                text = decode(page, path, charset or declared_charset(page))
            except InputError as exc:
                yield InputError(f"record {read} ({uri}): {exc.reason}", path, exc.fix)
                continue
            where = f"record {read} ({uri})"
            yield extract(text, file=path, limits=limits, url=uri, fetched=fetched, where=where)
    except Exception as exc:  # warcio raises assorted errors on damaged input
        yield _truncated(path, read, f"{type(exc).__name__}: {exc}")
        return
    if read == 0:
        yield InputError("no WARC or ARC records could be read (truncated or corrupt)", path)
        return
    if isinstance(source, _Inflated):
        if source.truncated:
            yield _truncated(path, read, "the gzip data ends early")
            return
        rest = source.after(end)
    else:
        stream.seek(end)
        rest = stream.read(64)
        if not rest and is_warc:
            # warcio writes, and the format asks for, two CRLFs after every record; a file
            # ending without them was cut, perhaps inside the last record's headers.
            rest = b"?"
    # Bytes after the last complete record (beyond the blank lines that separate records)
    # are a record warcio could not parse: the archive was cut inside it.
    if rest.strip():
        yield _truncated(path, read, f"the archive ends inside the record after record {read}")


def _html_body(record: Any, limits: Limits) -> bytes | None:
    """The payload of an HTML page (a response with status 200, or a ``resource`` record as
    wget and browsers' archivers write), else None. Either way the record is read to its
    end, so its completeness can be checked. A payload over the size limit comes back one
    byte over it."""
    stream = record.content_stream()
    if not _is_page(record):
        while stream.read(1 << 16):
            pass
        return None
    body = stream.read(limits.max_file_bytes + 1)
    if len(body) > limits.max_file_bytes:
        while stream.read(1 << 16):
            pass
    return bytes(body)


def _is_page(record: Any) -> bool:
    if record.rec_type == "resource":
        return _content_type(record) in _HTML_TYPES
    http = record.http_headers
    return (
        record.rec_type == "response"
        and http is not None
        and http.get_statuscode() == "200"
        and _content_type(record) in _HTML_TYPES
    )


def _content_type(record: Any) -> str:
    """The media type of the page: the HTTP header's, or the record's for a resource."""
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    value = (headers.get_header("Content-Type") if headers else None) or ""
    return value.split(";")[0].strip().lower()


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


class _Inflated:
    """A read-only stream of the inflated bytes of a (multi-member) gzip stream that notes,
    instead of raising, when the compressed data ends early."""

    _TAIL = 4096

    def __init__(self, raw: BinaryIO):
        self.raw = raw
        self.truncated = False
        self.total = 0  # bytes handed out so far
        self._inflater = zlib.decompressobj(wbits=31)
        self._started = False  # whether the current member has consumed any input
        self._buffer = b""
        self._tail = b""  # the last bytes handed out, for ``after``
        self._done = False

    def read(self, size: int = -1) -> bytes:
        while not self._done and (size < 0 or len(self._buffer) < size):
            self._fill()
        if size < 0:
            size = len(self._buffer)
        out, self._buffer = self._buffer[:size], self._buffer[size:]
        self.total += len(out)
        self._tail = (self._tail + out)[-self._TAIL :]
        return out

    def _fill(self) -> None:
        chunk = self.raw.read(1 << 16)
        if not chunk:
            self.truncated = self._started and not self._inflater.eof
            self._done = True
            return
        while chunk:
            if not self._started and not chunk.startswith(b"\x1f\x8b"):
                # Bytes after the last member: padding is ignored, anything else is damage.
                self.truncated = bool(chunk.strip(b"\x00 \r\n"))
                self._done = True
                return
            self._started = True
            self._buffer += self._inflater.decompress(chunk)
            if not self._inflater.eof:
                return
            chunk = self._inflater.unused_data
            self._inflater = zlib.decompressobj(wbits=31)
            self._started = False

    def after(self, offset: int) -> bytes:
        """The inflated bytes from ``offset`` to the end; ``b"?"`` stands for more than the
        kept tail reaches back to."""
        self.read()
        size = self.total - offset
        if size <= 0:
            return b""
        return self._tail[-size:] if size <= self._TAIL else b"?"
