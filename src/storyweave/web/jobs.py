"""Add jobs: each upload is a row of the store (``AddJob``, with its files) that a worker
thread of the server runs, one at a time, through the same ``pipeline.add`` as
``storyweave add``. Nothing of a job lives only in memory, so it outlives the process.

What happens to a job when its server stops:

- a clean stop (Ctrl-C, SIGTERM) puts the running job back in the queue; the next server to
  start resumes it at once;
- a hard stop (a kill, a crash, the power) leaves it running with a heartbeat that goes
  stale; once it is older than ``[web] job_stale_seconds`` a server resumes it.

Resuming is safe because adding is idempotent and resumable: articles stored before the stop
are kept and count as already present, the rest is analyzed. A job started more than
``[web] job_attempts`` times is not resumed again but marked failed with that reason: what
stops the server may be its input."""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import pipeline
from ..config import Settings
from ..store import AddJob, Store, open_store
from .uploads import Upload, safe_name

__all__ = ["JobSettings", "JobRunner", "job_dict", "add_files"]

log = logging.getLogger("storyweave.web")
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class JobSettings:
    heartbeat: float  # seconds between a running job's signs of life (and idle polls)
    stale: float  # a running job silent this long lost its server
    attempts: int  # starts of one job before it is failed instead of resumed
    keep: float  # seconds an ended job stays listed

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> JobSettings:
        settings = settings or Settings.default()
        return cls(
            heartbeat=settings.getfloat("web", "job_heartbeat_seconds"),
            stale=settings.getfloat("web", "job_stale_seconds"),
            attempts=settings.getint("web", "job_attempts"),
            keep=settings.getfloat("web", "job_keep_days") * 86400,
        )


def _when(t: float | None) -> str | None:
    return datetime.fromtimestamp(t, UTC).isoformat(timespec="seconds") if t else None


def job_dict(job: AddJob) -> dict[str, Any]:
    """A job as the API shows it."""
    return {
        "id": job.id,
        "state": job.state,
        "stage": job.stage,
        "done": job.done,
        "total": job.total,
        "files": list(job.files),
        "bytes": job.bytes,
        "created": _when(job.created),
        "started": _when(job.started),
        "finished": _when(job.finished),
        "attempts": job.attempts,
        "result": job.result,
        "error": job.error,
    }


def add_files(
    st: Store, files: Sequence[tuple[str, bytes]], settings: Settings, progress: Progress
) -> dict[str, Any]:
    """Write the files to a private temporary folder (mode 0700) under safe names, add them
    with the pipeline, record them under the names the user gave (``upload:NAME``), delete
    the folder; the add report with each article's story."""
    tmp = Path(tempfile.mkdtemp(prefix="storyweave-upload-"))
    try:
        taken: set[str] = set()
        names = {}
        for name, data in files:
            safe = safe_name(name, taken)
            (tmp / safe).write_bytes(data)
            names[safe] = name
        prefix = str(tmp) + "/"

        def shown(path: str) -> str:
            if path.startswith(prefix):
                rest = path[len(prefix) :]
                first = rest.split("/")[0].split("#")[0]
                return "upload:" + names.get(first, first) + rest[len(first) :]
            return path

        articles = [0, 0]

        def analyzed(done: int, total: int) -> None:
            articles[:] = [done, total]
            progress("analyzing", done, total)

        def reconciled(done: int, total: int) -> None:
            progress(f"reconciling {done} of {total} stories", *articles)

        progress("reading", 0, 0)
        report = pipeline.add(
            st, [tmp], processes=1, settings=settings, progress=analyzed,
            story_progress=reconciled,
        )  # fmt: skip
        # Recorded under the name the user gave, not the private temporary path.
        st.rename_files({f: shown(f) for f in st.files_with_prefix(prefix)})
        return {
            "added": report.added,
            "present": report.present,
            "failed": [
                {"file": shown(f), "reason": r.replace(prefix, "")} for f, r in report.failed
            ],
            "unsupported": report.unsupported,
            "stories": report.stories,
            "story_of": st.story_of(report.ids),
        }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


class _Heartbeat:
    """Writes a running job's progress (when it changes, at most four times a second, and
    once more at the end) and a sign of life (every ``every`` seconds) from its own thread
    and store connection, so a long stage without progress still shows its server is
    alive. Progress is the stage and the articles analyzed of those to analyze."""

    def __init__(self, db: str, settings: Settings, job: str, worker: str, every: float):
        self.db, self.settings, self.job, self.worker, self.every = db, settings, job, worker, every
        self.progress: tuple[str | None, int, int] = (None, 0, 0)
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"heartbeat-{job}", daemon=True)
        self.thread.start()

    def set(self, stage: str, done: int, total: int) -> None:
        self.progress = (stage, done, total)

    def _run(self) -> None:
        written: tuple[str | None, int, int] | None = None
        last = 0.0
        with open_store(self.db, self.settings) as st:
            while True:
                ending = self.stopped.wait(0.25)
                now = time.time()
                if self.progress != written or now - last >= self.every:
                    current = self.progress
                    try:
                        if not st.job_heartbeat(self.job, self.worker, now, *current):
                            log.warning("add job %s was taken over by another server", self.job)
                        written, last = current, now
                    except Exception as exc:  # a busy store: try again on the next tick
                        log.warning("heartbeat of add job %s not written: %s", self.job, exc)
                if ending:
                    return

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join(5)


class JobRunner:
    """Queues uploads as jobs in the store and runs them in one worker thread per server
    process (the store has one writer at a time). Several processes over one store share
    the queue: each job is claimed by exactly one of them."""

    def __init__(self, db: str | Path, settings: Settings | None = None):
        self.db = str(db)
        self.settings = settings or Settings.default()
        self.config = JobSettings.from_settings(self.settings)
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
        self.wake = threading.Event()
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None
        self.current: str | None = None

    def start(self) -> None:
        """Start the worker (once): it first resumes what a stopped server left."""
        with self.lock:
            if self.thread is not None and self.thread.is_alive():
                return
            self.stopping.clear()
            self.thread = threading.Thread(target=self._loop, name="add-jobs", daemon=True)
            self.thread.start()

    def stop(self, wait: float = 2.0) -> None:
        """Stop taking jobs; a job still running goes back to the queue for the next start."""
        self.stopping.set()
        self.wake.set()
        current = self.current
        if current is not None:
            with open_store(self.db, self.settings) as st:
                if st.release_job(current, self.worker):
                    log.info(
                        "add job %s goes back to the queue: resumed at the next start", current
                    )
        if self.thread is not None:
            self.thread.join(wait)

    def submit(self, st: Store, uploads: Sequence[Upload]) -> AddJob:
        """Queue the uploads as a job and wake the worker."""
        job_id = secrets.token_hex(8)
        st.put_job(job_id, [(u.name, u.data) for u in uploads], time.time())
        self.start()
        self.wake.set()
        job = st.job(job_id)
        assert job is not None
        return job

    def _loop(self) -> None:
        try:
            with open_store(self.db, self.settings) as st:
                st.prune_jobs(time.time() - self.config.keep)
                while not self.stopping.is_set():
                    now = time.time()
                    job = st.claim_job(self.worker, now, now - self.config.stale)
                    if job is None:
                        self.wake.wait(self.config.heartbeat)
                        self.wake.clear()
                        continue
                    self._run(st, job)
                    st.prune_jobs(time.time() - self.config.keep)
        except Exception:
            log.exception("the add-job worker stopped")

    def _run(self, st: Store, job: AddJob) -> None:
        if job.attempts > self.config.attempts:
            reason = (
                f"interrupted: its server stopped while it ran, {job.attempts - 1} times; not "
                "resumed again, since its input may be what stops the server (add the files "
                "with `storyweave add` to see what happens)"
            )
            st.finish_job(job.id, self.worker, time.time(), error=reason)
            log.warning("add job %s failed: %s", job.id, reason)
            return
        if job.attempts > 1:
            log.info("resuming add job %s (start %d)", job.id, job.attempts)
        self.current = job.id
        beat = _Heartbeat(self.db, self.settings, job.id, self.worker, self.config.heartbeat)
        result: dict[str, Any] | None = None
        error: str | None = None
        try:
            result = add_files(st, st.job_files(job.id), self.settings, beat.set)
            if job.attempts > 1:
                result["resumed"] = job.attempts - 1
                result["note"] = (
                    "resumed after its server stopped: articles stored before the stop are "
                    "listed as already present"
                )
        except Exception as exc:  # reported to the user; the server goes on
            error = f"{type(exc).__name__}: {exc}"
            log.warning("add job %s failed: %s", job.id, error)
        finally:
            beat.stop()
            self.current = None
        st.finish_job(job.id, self.worker, time.time(), result=result, error=error)
