"""The SQLite store's add jobs: the web app's uploads queued as rows, claimed by one server
at a time, with their progress and report (store/base.py says what each method guarantees)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from .base import AddJob
from .sqlite_base import Connection

__all__ = ["Jobs"]

_COLUMNS = (
    "id, state, bytes, created, started, finished, heartbeat, worker, attempts, stage, done, "
    "total, result, error"
)
# Claimable: queued, or running with a heartbeat older than the caller's stale mark.
_CLAIMABLE = "(state = 'queued' OR (state = 'running' AND coalesce(heartbeat, 0) < ?))"


class Jobs(Connection):
    def put_job(self, job_id: str, files: Sequence[tuple[str, bytes]], created: float) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT INTO add_jobs(id, state, bytes, created) VALUES (?, 'queued', ?, ?)",
                (job_id, sum(len(data) for _, data in files), created),
            )
            self.db.executemany(
                "INSERT INTO add_job_files(job, idx, name, size, data) VALUES (?, ?, ?, ?, ?)",
                [(job_id, i, name, len(data), data) for i, (name, data) in enumerate(files)],
            )

    def claim_job(self, worker: str, now: float, stale_before: float) -> AddJob | None:
        pick = f"SELECT id FROM add_jobs WHERE {_CLAIMABLE} ORDER BY created, id LIMIT 1"
        # An idle server asks every few seconds: look first without taking the write lock.
        if self.db.execute(pick, (stale_before,)).fetchone() is None:
            return None
        with self.transaction(exclusive=True):
            row = self.db.execute(pick, (stale_before,)).fetchone()
            if row is None:
                return None
            self.db.execute(
                "UPDATE add_jobs SET state = 'running', worker = ?, heartbeat = ?, "
                "attempts = attempts + 1, started = coalesce(started, ?), stage = NULL, "
                "done = 0, total = 0 WHERE id = ?",
                (worker, now, now, row[0]),
            )
        return self.job(row[0])

    def job_files(self, job_id: str) -> list[tuple[str, bytes]]:
        rows = self.db.execute(
            "SELECT name, data FROM add_job_files WHERE job = ? AND data IS NOT NULL ORDER BY idx",
            (job_id,),
        )
        return [(name, bytes(data)) for name, data in rows]

    def job_heartbeat(
        self, job_id: str, worker: str, now: float, stage: str | None, done: int, total: int
    ) -> bool:
        with self.transaction():
            cur = self.db.execute(
                "UPDATE add_jobs SET heartbeat = ?, stage = ?, done = ?, total = ? "
                "WHERE id = ? AND worker = ? AND state = 'running'",
                (now, stage, done, total, job_id, worker),
            )
        return cur.rowcount == 1

    def release_job(self, job_id: str, worker: str) -> bool:
        with self.transaction():
            cur = self.db.execute(
                "UPDATE add_jobs SET state = 'queued', heartbeat = NULL "
                "WHERE id = ? AND worker = ? AND state = 'running'",
                (job_id, worker),
            )
        return cur.rowcount == 1

    def finish_job(
        self,
        job_id: str,
        worker: str,
        now: float,
        *,
        result: Mapping[str, Any] | None = None,
        error: str | None = None,
    ) -> bool:
        state = "failed" if error is not None else "done"
        data = json.dumps(result, ensure_ascii=False) if result is not None else None
        with self.transaction():
            cur = self.db.execute(
                "UPDATE add_jobs SET state = ?, finished = ?, heartbeat = ?, result = ?, "
                "error = ? WHERE id = ? AND worker = ? AND state IN ('running', 'queued')",
                (state, now, now, data, error, job_id, worker),
            )
            if cur.rowcount != 1:
                return False
            self.db.execute("UPDATE add_job_files SET data = NULL WHERE job = ?", (job_id,))
        return True

    def _job(self, row: Sequence[Any]) -> AddJob:
        files = tuple(
            r[0]
            for r in self.db.execute(
                "SELECT name FROM add_job_files WHERE job = ? ORDER BY idx", (row[0],)
            )
        )
        return AddJob(
            id=row[0],
            state=row[1],
            files=files,
            bytes=row[2],
            created=row[3],
            started=row[4],
            finished=row[5],
            heartbeat=row[6],
            worker=row[7],
            attempts=row[8],
            stage=row[9],
            done=row[10],
            total=row[11],
            result=json.loads(row[12]) if row[12] is not None else None,
            error=row[13],
        )

    def job(self, job_id: str) -> AddJob | None:
        row = self.db.execute(f"SELECT {_COLUMNS} FROM add_jobs WHERE id = ?", (job_id,)).fetchone()
        return self._job(row) if row else None

    def jobs(self, limit: int) -> list[AddJob]:
        rows = self.db.execute(
            f"SELECT {_COLUMNS} FROM add_jobs ORDER BY created DESC, id LIMIT ?", (limit,)
        ).fetchall()
        return [self._job(r) for r in rows]

    def prune_jobs(self, finished_before: float) -> int:
        with self.transaction():
            cur = self.db.execute(
                "DELETE FROM add_jobs WHERE state IN ('done', 'failed') AND finished < ?",
                (finished_before,),
            )
        return cur.rowcount
