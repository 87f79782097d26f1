"""Adding articles from a request: files and pasted text go to a private temporary folder,
are ingested by the pipeline (the same ``add`` as ``storyweave add``), and are deleted. No
request names a path."""

from __future__ import annotations

import json
import re
import secrets
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .. import pipeline
from ..config import Settings
from ..store import open_store

__all__ = ["Upload", "UploadLimits", "Job", "Adder", "safe_name", "check_published"]

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class UploadLimits:
    """Bytes in one request (files plus fields) and files in one request ([web] settings)."""

    bytes: int
    files: int

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> UploadLimits:
        settings = settings or Settings.default()
        return cls(
            bytes=settings.getint("web", "upload_limit_bytes"),
            files=settings.getint("web", "upload_max_files"),
        )


@dataclass
class Upload:
    """One file of a request (its name as the user gave it) or a pasted text."""

    name: str
    data: bytes


@dataclass
class Job:
    id: str
    state: str = "queued"  # queued, analyzing, done, failed
    done: int = 0
    total: int = 0
    files: list[str] = field(default_factory=list)
    result: dict[str, Any] | None = None
    error: str | None = None
    started: float = field(default_factory=time.time)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "state": self.state,
            "done": self.done,
            "total": self.total,
            "files": self.files,
            "result": self.result,
            "error": self.error,
        }


def safe_name(name: str, taken: set[str]) -> str:
    """A plain file name for an uploaded name: no folders, no hidden files, no odd bytes;
    the suffix is kept, since the input format is read from it."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = _UNSAFE.sub("_", base).lstrip(".")[-120:] or "upload"
    out = base
    n = 1
    while out.lower() in taken:
        stem, dot, suffix = base.partition(".")
        out = f"{stem}-{n}{dot}{suffix}"
        n += 1
    taken.add(out.lower())
    return out


def check_published(value: str | None) -> str | None:
    """A publication date given with pasted text: YYYY-MM-DD or nothing."""
    value = (value or "").strip()
    if not value:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("published must be a date written YYYY-MM-DD")
    date.fromisoformat(value)
    return value


def pasted(text: str, title: str | None, source: str | None, published: str | None) -> list[Upload]:
    """Pasted text as a text file with a sidecar of its metadata (JSON, so no field can
    inject another one)."""
    meta = {
        k: " ".join(v.split())
        for k, v in (("title", title), ("source", source), ("published", published))
        if v and v.strip()
    }
    out = [Upload("pasted.txt", text.encode("utf-8"))]
    if meta:
        out.append(Upload("pasted.meta.json", json.dumps(meta).encode("utf-8")))
    return out


class Adder:
    """Runs adds one at a time (the store has one writer) and keeps recent jobs."""

    def __init__(self, db: str | Path, settings: Settings | None = None):
        self.db = str(db)
        self.settings = settings or Settings.default()
        self.limits = UploadLimits.from_settings(self.settings)
        self.lock = threading.Lock()
        self.jobs: dict[str, Job] = {}

    def new(self, uploads: list[Upload]) -> Job:
        """A queued job, kept with the 50 most recent ones."""
        job = Job(id=secrets.token_hex(8), files=[u.name for u in uploads])
        self.jobs[job.id] = job
        for old in sorted(self.jobs.values(), key=lambda j: j.started)[:-50]:
            self.jobs.pop(old.id, None)
        return job

    def start(self, uploads: list[Upload]) -> Job:
        """Run the add in a background thread; poll the job for progress."""
        job = self.new(uploads)
        threading.Thread(target=self.run, args=(job, uploads), daemon=True).start()
        return job

    def run(self, job: Job, uploads: list[Upload]) -> Job:
        try:
            with self.lock:
                job.result = self._add(job, uploads)
            job.state = "done"
        except Exception as exc:  # reported to the user; the server goes on
            job.state = "failed"
            job.error = f"{type(exc).__name__}: {exc}"
        return job

    def _add(self, job: Job, uploads: list[Upload]) -> dict[str, Any]:
        tmp = Path(tempfile.mkdtemp(prefix="storyweave-upload-"))  # mode 0700
        try:
            taken: set[str] = set()
            names = {}
            for u in uploads:
                name = safe_name(u.name, taken)
                (tmp / name).write_bytes(u.data)
                names[name] = u.name
            job.files = list(names.values())
            job.state = "analyzing"

            def progress(done: int, total: int) -> None:
                job.done, job.total = done, total

            prefix = str(tmp) + "/"

            def shown(path: str) -> str:
                if path.startswith(prefix):
                    rest = path[len(prefix) :]
                    first = rest.split("/")[0].split("#")[0]
                    return "upload:" + names.get(first, first) + rest[len(first) :]
                return path

            with open_store(self.db, self.settings) as st:
                report = pipeline.add(
                    st, [tmp], progress=progress, processes=1, settings=self.settings
                )
                # Recorded under the name the user gave, not the private temporary path.
                st.rename_files({f: shown(f) for f in st.files_with_prefix(prefix)})
                of = st.story_of(report.ids)
            return {
                "added": report.added,
                "present": report.present,
                "failed": [
                    {"file": shown(f), "reason": r.replace(prefix, "")} for f, r in report.failed
                ],
                "unsupported": report.unsupported,
                "stories": report.stories,
                "story_of": of,
            }
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
