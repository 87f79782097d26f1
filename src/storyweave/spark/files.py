"""The batch's output folder through Hadoop's file system layer (a local folder, HDFS, or an
object store such as ``s3a://``), for what the driver writes itself: the job record, stage
markers, small JSON files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

__all__ = ["OutDir", "uri_of"]


def uri_of(path: str) -> str:
    """A path as Spark reads it: a URI for a remote store, an absolute file URI otherwise."""
    if "://" in path:
        return path.rstrip("/")
    return Path(path).resolve().as_uri()


class OutDir:
    """``--out DIR``: paths under it, and small files written and read through the JVM."""

    def __init__(self, spark: Any, root: str) -> None:
        self.uri = uri_of(root)
        jvm = self._jvm = spark.sparkContext._jvm
        self._Path = jvm.org.apache.hadoop.fs.Path
        self._fs = self._Path(self.uri).getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())

    def path(self, *parts: str) -> str:
        return "/".join([self.uri, *parts])

    def exists(self, *parts: str) -> bool:
        return bool(self._fs.exists(self._Path(self.path(*parts))))

    def write_text(self, text: str, *parts: str) -> None:
        stream = self._fs.create(self._Path(self.path(*parts)), True)
        try:
            stream.write(bytearray(text.encode("utf-8")))
        finally:
            stream.close()

    def read_text(self, *parts: str) -> str | None:
        if not self.exists(*parts):
            return None
        stream = self._fs.open(self._Path(self.path(*parts)))
        try:
            return str(self._jvm.org.apache.commons.io.IOUtils.toString(stream, "UTF-8"))
        finally:
            stream.close()

    def write_json(self, data: Any, *parts: str) -> None:
        self.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", *parts)

    def read_json(self, *parts: str) -> Any:
        text = self.read_text(*parts)
        return None if text is None else json.loads(text)

    def delete(self, *parts: str) -> None:
        self._fs.delete(self._Path(self.path(*parts)), True)

    def marked(self, stage: str) -> set[str]:
        """Names marked done under stage ``stage``."""
        folder = self._Path(self.path("_done", stage))
        if not self._fs.exists(folder):
            return set()
        return {str(s.getPath().getName()) for s in self._fs.listStatus(folder)}

    def mark(self, stage: str, name: str) -> None:
        self.write_text("", "_done", stage, name)

    def unmark(self, stage: str) -> None:
        self.delete("_done", stage)
