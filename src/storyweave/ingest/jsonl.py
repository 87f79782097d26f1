"""JSON lines: one object per line with ``text`` and optional ``title``, ``source``, ``url``,
``published`` (or ``date``) and ``language``; news-please's field names (``maintext``,
``date_publish``, ``source_domain``) are read too. A ``.json`` file holding one array of such
objects is read the same way. A bad line is reported by number; the other lines go on.

JSON lines are also read as a stream (``read_jsonl_stream``), one line at a time, so a dump of
many articles is not held to the one-file size limit: each line is, instead."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

from ..errors import InputError
from ..model import Article
from .base import WRITE_DATE, Limits, clean_meta, make_article
from .detect import decode

__all__ = ["read_jsonl", "read_jsonl_stream"]

# Where the text may be: ours, then news-please's and other scrapers' names for it.
_TEXT_KEYS = ("text", "maintext", "body", "content")


def read_jsonl(path: str, data: bytes, limits: Limits) -> Iterator[Article | InputError]:
    """The articles of a JSON-lines (or JSON array) file's bytes."""
    text = decode(data, path)
    if text.lstrip("\ufeff \t\r\n").startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            yield InputError(f"not valid JSON (line {exc.lineno}: {exc.msg})", path)
            return
        if not isinstance(items, list):
            yield InputError("a JSON file must hold one array of article objects", path)
            return
        yield from _articles(path, ((f"item {n}", item) for n, item in enumerate(items, 1)), limits)
        return
    yield from _articles(path, _lines(text), limits)


def read_jsonl_stream(
    path: str, stream: BinaryIO, limits: Limits
) -> Iterator[Article | InputError]:
    """The articles of a JSON-lines stream, read line by line (JSON is UTF-8; a line that is
    not gets its encoding detected)."""
    yield from _articles(path, _stream_lines(path, stream, limits), limits)


def _stream_lines(path: str, stream: BinaryIO, limits: Limits) -> Iterator[tuple[str, Any]]:
    number = 0
    while raw := stream.readline(limits.max_file_bytes + 1):
        number += 1
        where = f"line {number}"
        if len(raw) > limits.max_file_bytes:
            while raw and not raw.endswith(b"\n"):  # skip the rest of the line
                raw = stream.readline(1 << 20)
            yield where, ValueError(f"line over the {limits.max_file_bytes:,}-byte limit")
            continue
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            try:
                line = decode(raw, path)
            except InputError as exc:
                yield where, ValueError(exc.reason)
                continue
        try:
            yield where, json.loads(line)
        except json.JSONDecodeError as exc:
            yield where, ValueError(f"not valid JSON ({exc.msg} at column {exc.colno})")


def _lines(text: str) -> Iterator[tuple[str, Any]]:
    for number, line in enumerate(text.split("\n"), 1):
        line = line.strip()
        if not line:
            continue
        where = f"line {number}"
        try:
            yield where, json.loads(line)
        except json.JSONDecodeError as exc:
            yield where, ValueError(f"not valid JSON ({exc.msg} at column {exc.colno})")


def _articles(
    path: str, items: Iterable[tuple[str, Any]], limits: Limits
) -> Iterator[Article | InputError]:
    for where, item in items:
        if isinstance(item, ValueError):
            yield InputError(f"{where}: {item}", path, "one JSON object per line")
            continue
        if not isinstance(item, dict):
            yield InputError(f"{where}: not a JSON object", path, "one JSON object per line")
            continue
        text = next((item[k] for k in _TEXT_KEYS if isinstance(item.get(k), str)), None)
        if text is None:
            yield InputError(f'{where}: no "text" field', path, 'give each object a "text" string')
            continue
        try:
            meta = clean_meta(item, where)
        except ValueError as exc:
            yield InputError(str(exc), path, WRITE_DATE)
            continue
        yield make_article(text, file=path, limits=limits, where=where, **meta)
