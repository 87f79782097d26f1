"""Ingest: files, folders, feeds and web archives in, ``Article`` objects out.

``iter_articles(paths)`` is the entry point. It never raises for a bad file: each problem is
yielded as an ``InputError`` naming the file, the reason and the fix, and the batch goes on.

Metadata precedence, strongest first:

1. a sidecar ``NAME.meta.json`` beside the file (the user's own word about it) overrides what
   the file says of itself, for every article in it;
2. what the file says (front matter, a page's metadata, a feed entry, a JSONL object);
3. the run-wide ``published``/``source`` given to ``iter_articles`` fill in what is still
   missing; they never overwrite a date or outlet the file or sidecar gives, since one run
   often mixes files from several days and outlets.

A date that was given anywhere is exact: ``published_inferred`` is False. It keeps the
precision it was given with: ``2021-09-14``, or ``2021-09`` / ``2021`` when only the month or the
year is known (the analyzer may narrow it within that period, and says so). Articles with no
date keep ``published=None`` for the analyzer to infer one.

Size: a file over ``[ingest] max_file_bytes`` is refused after reading only its first bytes.
Web archives and JSON lines are exempt, since they are streamed record by record and line by
line (news crawls come as 1 GB WARCs or JSONL dumps); each page or line is held to the limit
instead.
"""

from __future__ import annotations

import gzip
import json
import os
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from ..config import Settings
from ..errors import InputError
from ..model import Article
from .base import WRITE_DATE, Limits, clean_meta, limits_from, parse_date
from .detect import binary_reason, sniff, strip_suffixes
from .feeds import read_feed
from .html import read_html
from .jsonl import read_jsonl, read_jsonl_stream
from .text import read_text
from .warc import read_archive

__all__ = [
    "iter_articles",
    "collect_articles",
    "count_inputs",
    "iter_files",
    "walkable",
    "merge_articles",
    "read_path",
    "parse_date",
]

_HEAD_BYTES = 65536
# Files a folder walk picks up; any file named explicitly is read whatever its name. A bare
# ``.json`` is left out of walks because folders of articles often hold other JSON (answer
# keys, settings); name such a file explicitly to read it.
_WALK_SUFFIXES = frozenset(
    [
        ".txt",
        ".text",
        ".md",
        ".markdown",
        ".html",
        ".htm",
        ".xhtml",
        ".xml",
        ".rss",
        ".atom",
        ".jsonl",
        ".ndjson",
        ".warc",
        ".arc",
    ]
)
# Documentation that sits beside articles in a folder and is not one of them.
_DOC_NAMES = frozenset(
    ["readme", "license", "licence", "changelog", "notice", "copying", "authors"]
)
_READERS = {"text": read_text, "html": read_html, "feed": read_feed, "jsonl": read_jsonl}


def iter_articles(
    paths: Iterable[str | Path],
    *,
    published: str | None = None,
    source: str | None = None,
    settings: Settings | None = None,
) -> Iterator[Article | InputError]:
    """Every article in ``paths`` (files and folders, walked recursively in sorted order),
    each bad file or record yielded as an ``InputError``.

    ``published`` (any date form ``parse_date`` reads) and ``source`` fill in what a file
    lacks (see the module docstring). ``settings`` gives the ``[ingest]`` limits.
    Raises ``InputError`` at once, before reading anything, for an unreadable ``published``.
    """
    limits = limits_from(settings)
    defaults: dict[str, str] = {}
    if published:
        try:
            defaults["published"] = parse_date(published)
        except ValueError as exc:
            raise InputError(f"--published: {exc}", None, WRITE_DATE) from None
    if source:
        defaults["source"] = source.strip()
    return _iter(paths, defaults, limits)


def collect_articles(
    paths: Iterable[str | Path],
    *,
    published: str | None = None,
    source: str | None = None,
    settings: Settings | None = None,
) -> tuple[list[Article], list[InputError]]:
    """Every article of ``paths`` once (the same text from several files is one article with
    each file among its origins), and every input that could not be read."""
    by_id: dict[str, Article] = {}
    failed: list[InputError] = []
    for item in iter_articles(paths, published=published, source=source, settings=settings):
        if isinstance(item, InputError):
            failed.append(item)
        elif item.id in by_id:
            by_id[item.id] = merge_articles(by_id[item.id], item)
        else:
            by_id[item.id] = item
    return list(by_id.values()), failed


def merge_articles(first: Article, other: Article) -> Article:
    """One article read from two places: the first's fields, gaps filled by the other's."""
    return replace(
        first,
        origins=first.origins + tuple(o for o in other.origins if o not in first.origins),
        title=first.title or other.title,
        source=first.source or other.source,
        url=first.url or other.url,
        published=first.published or other.published,
    )


def _iter(
    paths: Iterable[str | Path], defaults: dict[str, str], limits: Limits
) -> Iterator[Article | InputError]:
    for path in iter_files(paths):
        yield from read_path(path, defaults=defaults, limits=limits)


def count_inputs(paths: Iterable[str | Path]) -> int:
    """How many files ``iter_articles`` will read (a missing path counts: it yields an error)."""
    return sum(1 for _ in iter_files(paths))


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The files to read, in order: each path named, folders expanded recursively (sorted;
    hidden entries, ``*.meta.json`` sidecars, README/LICENSE files and unknown suffixes
    skipped). Paths that do not exist are passed through, for ``read_path`` to report."""
    if isinstance(paths, str | Path):
        paths = [paths]  # one path, not an iterable of its characters
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = False
            for file in _walk(path):
                found = True
                yield file
            if not found:
                yield path  # for read_path to report the empty folder
        elif not path.name.endswith(".meta.json"):
            yield path


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if walkable(name):
                yield Path(root, name)


def walkable(name: str) -> bool:
    """Whether a folder walk reads a file of this name."""
    if name.startswith(".") or name.endswith(".meta.json"):
        return False
    suffix = strip_suffixes(name)
    stem = name.lower().split(".")[0]
    if stem in _DOC_NAMES:
        return False
    return suffix in _WALK_SUFFIXES or (not suffix and not name.lower().endswith(".gz"))


def read_path(
    path: str | Path,
    *,
    defaults: dict[str, str] | None = None,
    limits: Limits | None = None,
) -> Iterator[Article | InputError]:
    """The articles of one file (a folder is walked), with its sidecar and ``defaults``
    applied. Errors are yielded, never raised."""
    path = Path(path)
    if path.is_dir():
        found = False
        for file in _walk(path):
            found = True
            yield from read_path(file, defaults=defaults, limits=limits)
        if not found:
            yield InputError(
                "folder holds no article files",
                str(path),
                "articles are read from " + ", ".join(sorted(_WALK_SUFFIXES)) + " files "
                "(and their .gz forms); name any other file explicitly",
            )
        return
    limits = limits or limits_from()
    name = str(path)
    try:
        sidecar = _sidecar(path)
    except InputError as exc:
        yield exc
        return
    yielded = False
    try:
        for item in _read_file(path, limits):
            if isinstance(item, Article):
                item = _with_meta(_with_meta(item, sidecar, override=True), defaults or {})
            yielded = True
            yield item
        if not yielded:
            # A reader that found nothing at all (a byte-order mark alone, an empty array)
            # must still say so: every input gives an article or an error.
            yield InputError("no articles found in the file", name)
    except InputError as exc:
        yield exc
    except Exception as exc:  # one bad file must never stop the batch
        yield InputError(f"could not be read ({type(exc).__name__}: {exc})", name)


def _read_file(path: Path, limits: Limits) -> Iterator[Article | InputError]:
    name = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        yield InputError("does not exist (no such file or directory)", name, "check the path")
        return
    except OSError as exc:
        yield InputError(f"cannot open ({exc.strerror})", name)
        return
    if size == 0:
        yield InputError("empty file", name)
        return
    with open(path, "rb") as stream:
        head = stream.read(_HEAD_BYTES)
        kind = sniff(head, path.name)
        if kind == "gzip":
            yield from _read_gzip(name, stream, head, limits)
            return
        if kind in ("warc", "arc"):
            stream.seek(0)
            yield from read_archive(name, stream, limits)
            return
        reason = binary_reason(head)
        if reason:
            yield InputError(reason, name)
            return
        if kind == "jsonl" and _json_lines(head):
            stream.seek(0)
            yield from read_jsonl_stream(name, stream, limits)
            return
        if size > limits.max_file_bytes:
            yield _too_big(name, size, limits)
            return
        data = head + stream.read()
    yield from _dispatch(name, kind, data, limits)


def _dispatch(name: str, kind: str, data: bytes, limits: Limits) -> Iterator[Article | InputError]:
    if not data.strip():
        yield InputError("empty file (only whitespace)", name)
        return
    yield from _READERS[kind](name, data, limits)


def _read_gzip(
    name: str, stream: BinaryIO, head: bytes, limits: Limits
) -> Iterator[Article | InputError]:
    """A gzipped archive is streamed; any other gzipped file is inflated up to the limit."""
    inflater = zlib.decompressobj(wbits=31)
    try:
        inner_head = inflater.decompress(head, _HEAD_BYTES)
    except zlib.error as exc:
        yield InputError(f"corrupt gzip data ({exc})", name)
        return
    inner_name = name[:-3] if name.lower().endswith(".gz") else name
    kind = sniff(inner_head, inner_name) if inner_head else "text"
    if kind in ("warc", "arc"):
        stream.seek(0)
        yield from read_archive(name, stream, limits, gzipped=True)
        return
    stream.seek(0)
    if kind == "jsonl" and _json_lines(inner_head):
        yield from _read_gzip_lines(name, stream, limits)
        return
    inflater = zlib.decompressobj(wbits=31)
    parts: list[bytes] = []
    total = 0
    try:
        while chunk := stream.read(1 << 20):
            part = inflater.decompress(chunk, limits.max_file_bytes + 1 - total)
            parts.append(part)
            total += len(part)
            if total > limits.max_file_bytes:
                yield _too_big(name, total, limits, inflated=True)
                return
    except zlib.error as exc:
        yield InputError(f"corrupt gzip data ({exc})", name)
        return
    if not inflater.eof:
        yield InputError(
            "truncated gzip file (the compressed data ends early)",
            name,
            "copy or download the file again",
        )
        return
    data = b"".join(parts)
    reason = binary_reason(data[:_HEAD_BYTES])
    if reason:
        yield InputError(reason, name)
        return
    yield from _dispatch(name, kind, data, limits)


def _json_lines(head: bytes) -> bool:
    """Whether a JSON file holds lines of objects (streamable) rather than one array; UTF-16
    JSON, which the line reader cannot split, is read whole."""
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def _read_gzip_lines(name: str, stream: BinaryIO, limits: Limits) -> Iterator[Article | InputError]:
    try:
        with gzip.GzipFile(fileobj=stream) as lines:
            yield from read_jsonl_stream(name, lines, limits)  # type: ignore[arg-type]
    except EOFError:
        yield InputError(
            "truncated gzip file (the compressed data ends early); the lines before were read",
            name,
            "copy or download the file again",
        )
    except (OSError, zlib.error) as exc:
        yield InputError(f"corrupt gzip data ({exc})", name)


def _too_big(name: str, size: int, limits: Limits, inflated: bool = False) -> InputError:
    what = "inflates to over" if inflated else f"is {size / 1e6:.1f} MB, over"
    return InputError(
        f"file {what} the {limits.max_file_bytes / 1e6:g} MB limit for one article file",
        name,
        "raise [ingest] max_file_bytes in your settings file to read it",
    )


def _sidecar(path: Path) -> dict[str, str]:
    """The metadata in ``NAME.meta.json`` (or ``NAME.EXT.meta.json``) beside ``path``."""
    for candidate in (path.with_suffix(".meta.json"), path.with_name(path.name + ".meta.json")):
        if candidate == path or not candidate.is_file():
            continue
        try:
            fields = json.loads(candidate.read_bytes().decode("utf-8-sig"))
        except (ValueError, OSError) as exc:
            raise InputError(
                f"unreadable sidecar {candidate.name} ({exc})", str(path), "fix the JSON in it"
            ) from None
        if not isinstance(fields, dict):
            raise InputError(f"sidecar {candidate.name} is not a JSON object", str(path))
        try:
            return clean_meta(fields, f"sidecar {candidate.name}")
        except ValueError as exc:
            raise InputError(str(exc), str(path), WRITE_DATE) from None
    return {}


def _with_meta(article: Article, meta: dict[str, str], *, override: bool = False) -> Article:
    """``article`` with ``meta`` applied: all of it when ``override``, else only the gaps."""
    changes = {
        key: value for key, value in meta.items() if override or getattr(article, key) is None
    }
    if not changes:
        return article
    origin = article.origins[0]
    origin = replace(
        origin,
        source=changes.get("source", origin.source),
        url=origin.url or changes.get("url"),
    )
    return replace(article, **changes, origins=(origin, *article.origins[1:]))  # type: ignore[arg-type]
