"""The PostgreSQL store's add jobs: the web app's uploads queued as rows, claimed by one
server at a time, with their progress and report (store/base.py says what each method
guarantees). A claim locks the job's row with SKIP LOCKED, so servers claiming at once each
get a different job (or none) without waiting on each other."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from .base import AddJob
from .postgres_base import Connection

__all__ = ["Jobs"]

_COLUMNS = (
    "id, state, bytes, created, started, finished, heartbeat, worker, attempts, stage, done, "
    "total, result, error"
)
# Claimable: queued, or running with a heartbeat older than the caller's stale mark.
_CLAIMABLE = "(state = 'queued' OR (state = 'running' AND coalesce(heartbeat, 0) < %s))"


class Jobs(Connection):
    def put_job(self, job_id: str, files: Sequence[tuple[str, bytes]], created: float) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT INTO add_jobs(id, state, bytes, created) VALUES (%s, 'queued', %s, %s)",
                (job_id, sum(len(data) for _, data in files), created),
            )
            with self.db.cursor() as cur:
                cur.executemany(
                    "INSERT INTO add_job_files(job, idx, name, size, data) "
                    "VALUES (%s, %s, %s, %s, %s)",
                    [(job_id, i, name, len(data), data) for i, (name, data) in enumerate(files)],
                )

    def claim_job(self, worker: str, now: float, stale_before: float) -> AddJob | None:
        with self.transaction():
            row = self.db.execute(
                f"SELECT id FROM add_jobs WHERE {_CLAIMABLE} ORDER BY created, id LIMIT 1 "
                "FOR UPDATE SKIP LOCKED",
                (stale_before,),
            ).fetchone()
            if row is None:
                return None
            self.db.execute(
                "UPDATE add_jobs SET state = 'running', worker = %s, heartbeat = %s, "
                "attempts = attempts + 1, started = coalesce(started, %s), stage = NULL, "
                "done = 0, total = 0 WHERE id = %s",
                (worker, now, now, row[0]),
            )
        return self.job(row[0])

    def job_files(self, job_id: str) -> list[tuple[str, bytes]]:
        rows = self.db.execute(
            "SELECT name, data FROM add_job_files WHERE job = %s AND data IS NOT NULL ORDER BY idx",
            (job_id,),
        )
        return [(name, bytes(data)) for name, data in rows]

    def job_heartbeat(
        self, job_id: str, worker: str, now: float, stage: str | None, done: int, total: int
    ) -> bool:
        cur = self.db.execute(
            "UPDATE add_jobs SET heartbeat = %s, stage = %s, done = %s, total = %s "
            "WHERE id = %s AND worker = %s AND state = 'running'",
            (now, stage, done, total, job_id, worker),
        )
        return bool(cur.rowcount == 1)

    def release_job(self, job_id: str, worker: str) -> bool:
        cur = self.db.execute(
            "UPDATE add_jobs SET state = 'queued', heartbeat = NULL "
            "WHERE id = %s AND worker = %s AND state = 'running'",
            (job_id, worker),
        )
        return bool(cur.rowcount == 1)

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
                "UPDATE add_jobs SET state = %s, finished = %s, heartbeat = %s, result = %s, "
                "error = %s WHERE id = %s AND worker = %s AND state IN ('running', 'queued')",
                (state, now, now, data, error, job_id, worker),
            )
            if cur.rowcount != 1:
                return False
            self.db.execute("UPDATE add_job_files SET data = NULL WHERE job = %s", (job_id,))
        return True

    def _files(self, ids: list[str]) -> dict[str, tuple[str, ...]]:
        names: dict[str, list[str]] = {i: [] for i in ids}
        rows = self.db.execute(
            "SELECT job, name FROM add_job_files WHERE job = ANY(%s) ORDER BY job, idx", (ids,)
        )
        for job, name in rows:
            names[job].append(name)
        return {i: tuple(n) for i, n in names.items()}

    def _jobs(self, rows: Sequence[Sequence[Any]]) -> list[AddJob]:
        files = self._files([r[0] for r in rows])
        return [
            AddJob(
                id=r[0],
                state=r[1],
                files=files[r[0]],
                bytes=r[2],
                created=r[3],
                started=r[4],
                finished=r[5],
                heartbeat=r[6],
                worker=r[7],
                attempts=r[8],
                stage=r[9],
                done=r[10],
                total=r[11],
                result=json.loads(r[12]) if r[12] is not None else None,
                error=r[13],
            )
            for r in rows
        ]

    def job(self, job_id: str) -> AddJob | None:
        rows = self.db.execute(
            f"SELECT {_COLUMNS} FROM add_jobs WHERE id = %s", (job_id,)
        ).fetchall()
        return self._jobs(rows)[0] if rows else None

    def jobs(self, limit: int) -> list[AddJob]:
        rows = self.db.execute(
            f"SELECT {_COLUMNS} FROM add_jobs ORDER BY created DESC, id LIMIT %s", (limit,)
        ).fetchall()
        return self._jobs(rows)

    def prune_jobs(self, finished_before: float) -> int:
        cur = self.db.execute(
            "DELETE FROM add_jobs WHERE state IN ('done', 'failed') AND finished < %s",
            (finished_before,),
        )
        return int(cur.rowcount)
