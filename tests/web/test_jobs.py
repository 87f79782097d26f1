"""Add jobs are rows of the store: a server that starts resumes what a stopped one left
(queued, released, or running with a stale heartbeat), and fails a job that keeps stopping
servers, saying why."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from storyweave.store import AddJob, open_store

from .conftest import app_client

ARTICLE = (
    "---\ntitle: Kelp farm opens off Skarvik\nsource: Skarvik Tidings\npublished: 2024-03-05\n"
    "---\n\nA kelp farm opened off Skarvik on Monday. The cooperative, led by Ingrid Fossum, "
    "plans to harvest its first crop in autumn 2024.\n"
)
SECOND = (
    "---\ntitle: Skarvik kelp draws buyers\nsource: Coast Post\npublished: 2024-03-07\n---\n\n"
    "Buyers from three towns visited the Skarvik kelp farm on Wednesday, Ingrid Fossum said.\n"
)


def _wait(client: Any, job_id: str, timeout: float = 300) -> dict[str, Any]:
    deadline = time.time() + timeout
    while time.time() < deadline:
        job = client.get(f"/api/add/jobs/{job_id}").json()
        if job["state"] in ("done", "failed"):
            return dict(job)
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not end: {job}")


def _left_running(db: str, job_id: str, files: list[tuple[str, bytes]], starts: int) -> None:
    """A job as a server that died while running it leaves it: claimed ``starts`` times,
    its last heartbeat long ago."""
    with open_store(db) as st:
        st.put_job(job_id, files, created=time.time() - 3000)
        for n in range(starts):
            st.claim_job(f"gone-{n}", now=time.time() - 2000, stale_before=time.time() - 2000)


def test_a_job_left_running_by_a_dead_server_is_resumed(small_copy: str):
    _left_running(small_copy, "j-dead", [("kelp.txt", ARTICLE.encode())], starts=1)
    with open_store(small_copy) as st:
        st.put_job("j-queued", [("more.txt", SECOND.encode())], created=time.time() - 1000)
    with app_client(small_copy) as c:  # the server starts again
        resumed = _wait(c, "j-dead")
        assert resumed["state"] == "done", resumed
        assert resumed["attempts"] == 2 and resumed["result"]["resumed"] == 1
        assert "resumed after its server stopped" in resumed["result"]["note"]
        assert len(resumed["result"]["added"]) == 1 and not resumed["result"]["failed"]
        queued = _wait(c, "j-queued")
        assert queued["state"] == "done" and queued["attempts"] == 1
        assert "note" not in queued["result"]
        listed = c.get("/api/add/jobs").json()["jobs"]
        assert [j["id"] for j in listed] == ["j-queued", "j-dead"]  # newest first
        article = c.get(f"/api/articles/{resumed['result']['added'][0]}").json()
        assert article["files"] == ["upload:kelp.txt"]
    with open_store(small_copy) as st:
        assert st.job_files("j-dead") == []  # the bytes go once the job ended


def test_a_job_that_keeps_stopping_servers_is_failed_with_the_reason(small_copy: str):
    _left_running(small_copy, "j-crash", [("huge.txt", ARTICLE.encode())], starts=3)
    with app_client(small_copy) as c:
        job = _wait(c, "j-crash")
    assert job["state"] == "failed" and job["attempts"] == 4
    assert "its server stopped while it ran, 3 times" in job["error"]
    assert "not resumed again" in job["error"]
    with open_store(small_copy) as st:
        assert st.count() == 3  # nothing of it was added


def test_a_job_running_on_a_live_server_is_left_to_it(small_copy: str):
    with open_store(small_copy) as st:
        st.put_job("j-live", [("kelp.txt", ARTICLE.encode())], created=time.time())
        st.claim_job("elsewhere", now=time.time(), stale_before=time.time() - 60)
    with app_client(small_copy) as c:
        time.sleep(1.5)
        job = c.get("/api/add/jobs/j-live").json()
    assert job["state"] == "running" and job["attempts"] == 1


def test_job_rows_are_read_by_a_new_server(small_copy: str):
    with app_client(small_copy) as c:
        job = c.post("/api/add/jobs", files=[("files", ("kelp.txt", ARTICLE.encode()))]).json()
        # The server's worker may claim it before the answer is read back.
        assert job["state"] in ("queued", "running") and job["files"] == ["kelp.txt"]
        assert job["bytes"] == len(ARTICLE.encode())
        done = _wait(c, job["id"])
    with app_client(small_copy) as again:  # another process's view: only the rows
        assert again.get(f"/api/add/jobs/{job['id']}").json() == done
        assert again.get("/api/add/jobs?limit=0").status_code == 422


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Served:
    """``storyweave serve`` in its own process, with a token from the environment."""

    TOKEN = "kelp-forest-lantern-2024"

    def __init__(self, db: str, cfg: Path):
        self.port = _free_port()
        exe = Path(sys.executable).with_name("storyweave")
        env = dict(os.environ, STORYWEAVE_TOKEN=self.TOKEN)
        self.proc = subprocess.Popen(
            [str(exe), "--config", str(cfg), "serve", "--db", str(db), "--port", str(self.port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env,
        )  # fmt: skip
        for _ in range(300):
            try:
                self.get("/api/stories")
                return
            except OSError:
                assert self.proc.poll() is None, self.proc.stderr.read() if self.proc.stderr else ""
                time.sleep(0.1)
        raise AssertionError("the server did not start")

    def request(self, path: str, body: bytes | None = None, kind: str = "") -> Any:
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=body)
        req.add_header("Authorization", f"Bearer {self.TOKEN}")
        if kind:
            req.add_header("Content-Type", kind)
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.loads(r.read())

    def get(self, path: str) -> Any:
        return self.request(path)

    def stop(self, sig: int) -> None:
        self.proc.send_signal(sig)
        self.proc.wait(30)


def _job(db: str, job_id: str) -> AddJob:
    with open_store(db) as st:
        job = st.job(job_id)
    assert job is not None
    return job


def _until(check: Any, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while not check():
        assert time.time() < deadline, "timed out"
        time.sleep(0.05)


@pytest.mark.slow
def test_a_job_survives_a_killed_server_and_a_stopped_one(small_copy: str, tmp_path: Path):
    cfg = tmp_path / "fast.cfg"
    cfg.write_text("[web]\njob_heartbeat_seconds = 1\njob_stale_seconds = 4\n", encoding="utf-8")
    boundary = "kelpboundary"
    parts = []
    for name, text in (("kelp.txt", ARTICLE), ("buyers.txt", SECOND)):
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
                     f'filename="{name}"\r\nContent-Type: text/plain\r\n\r\n{text}\r\n')  # fmt: skip
    body = ("".join(parts) + f"--{boundary}--\r\n").encode()
    kind = f"multipart/form-data; boundary={boundary}"

    first = Served(small_copy, cfg)
    try:
        job_id = first.request("/api/add/jobs", body, kind)["id"]
        _until(lambda: _job(small_copy, job_id).state == "running")
    finally:
        first.stop(signal.SIGKILL)  # no chance to say anything
    killed = _job(small_copy, job_id)
    assert killed.state == "running" and killed.attempts == 1

    second = Served(small_copy, cfg)
    try:  # its heartbeat goes stale after 4 s; the new server takes the job over
        _until(lambda: _job(small_copy, job_id).attempts == 2)
        assert _job(small_copy, job_id).worker != killed.worker
    finally:
        second.stop(signal.SIGTERM)  # a clean stop puts the job back in the queue
    released = _job(small_copy, job_id)
    assert released.state in ("queued", "done"), released  # done if it finished meanwhile

    third = Served(small_copy, cfg)
    try:
        _until(lambda: _job(small_copy, job_id).state in ("done", "failed"), timeout=300)
        job = third.get(f"/api/add/jobs/{job_id}")
        assert third.get("/api/add/jobs")["jobs"][0]["id"] == job_id
    finally:
        third.stop(signal.SIGTERM)
    assert job["state"] == "done", job
    assert job["attempts"] in (2, 3) and job["result"]["resumed"] == job["attempts"] - 1
    ids = job["result"]["added"] + job["result"]["present"]
    assert len(ids) == 2 and not job["result"]["failed"]
    with open_store(small_copy) as st:
        assert st.count() == 5  # the three of the small store and these two, once each
        files = sorted(o.file for a in st.articles(ids) for o in a.origins)
    assert files == ["upload:buyers.txt", "upload:kelp.txt"]
