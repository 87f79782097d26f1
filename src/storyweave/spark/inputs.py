"""The batch's inputs: files, folders and globs of everything ``add`` reads, local or in a
store Spark reads (``s3a://``, ``hdfs://``, ``gs://``...), each read by one task with the
same readers as ``add`` (``ingest.read_path``): a WARC shard is one task."""

from __future__ import annotations

import glob
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from .. import ingest
from ..errors import InputError
from ..ingest.base import Limits
from ..model import Article

__all__ = ["expand", "is_remote", "read_local", "read_remote"]

_GLOB = set("*?[")


def is_remote(path: str) -> bool:
    return "://" in path and not path.startswith("file://")


def expand(paths: Sequence[str], spark: Any = None) -> list[str]:
    """The files to read, in the order ``add`` reads them (each path given, folders walked
    in sorted order); a glob is expanded in sorted order. Missing paths are kept, to be
    reported by the reader as ``add`` reports them."""
    out: list[str] = []
    for raw in paths:
        if is_remote(raw):
            out.extend(_remote(raw, spark))
            continue
        local = raw[len("file://") :] if raw.startswith("file://") else raw
        found = sorted(glob.glob(local, recursive=True)) if _GLOB & set(local) else []
        for path in found or [local]:
            out.extend(str(p) for p in ingest.iter_files([path]))
    return list(dict.fromkeys(out))


def _remote(pattern: str, spark: Any) -> list[str]:
    """Files under a remote path or glob, listed through Hadoop's file system layer."""
    if spark is None:
        raise InputError("a remote input needs the Spark session to list it", pattern)
    sc = spark.sparkContext
    hpath = sc._jvm.org.apache.hadoop.fs.Path(pattern)
    fs = hpath.getFileSystem(sc._jsc.hadoopConfiguration())
    statuses = fs.globStatus(hpath) or []
    files: list[str] = []
    for status in statuses:
        if status.isDirectory():
            listing = fs.listFiles(status.getPath(), True)
            while listing.hasNext():
                files.append(str(listing.next().getPath().toString()))
        else:
            files.append(str(status.getPath().toString()))
    names = sorted(f for f in files if ingest.walkable(f.rsplit("/", 1)[-1]))
    return names or [pattern]  # nothing there: the reader reports it


def read_local(
    path: str, defaults: dict[str, str], limits: Limits
) -> Iterator[Article | InputError]:
    yield from ingest.read_path(path, defaults=defaults, limits=limits)


def read_remote(
    uri: str, data: bytes, defaults: dict[str, str], limits: Limits
) -> Iterator[Article | InputError]:
    """The articles of a remote file Spark has read (its bytes), named by its URI."""
    name = uri.rsplit("/", 1)[-1] or "input"
    with tempfile.TemporaryDirectory(prefix="storyweave-") as tmp:
        local = os.path.join(tmp, name)
        Path(local).write_bytes(data)
        for item in ingest.read_path(local, defaults=defaults, limits=limits):
            yield _renamed(item, local, uri)


def _renamed(item: Article | InputError, local: str, uri: str) -> Article | InputError:
    from dataclasses import replace

    if isinstance(item, InputError):
        if item.path and item.path.startswith(local):
            return InputError(item.reason, uri + item.path[len(local) :], item.fix)
        return item
    origins = tuple(
        replace(o, file=o.file.replace(local, uri, 1)) if o.file.startswith(local) else o
        for o in item.origins
    )
    return replace(item, origins=origins)
