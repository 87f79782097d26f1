"""`storyweave serve` runs a real server on loopback over the store it is given."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def test_serve_command(copy_store: Any):
    db = copy_store("served")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = Path(sys.executable).with_name("storyweave")
    env = dict(os.environ, STORYWEAVE_TOKEN="lighthouse-keeper-token-1")
    proc = subprocess.Popen(
        [str(exe), "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        body = None
        for _ in range(900):  # up to 90 s: the machine may be busy
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stories") as r:
                    body = json.loads(r.read())
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                time.sleep(0.1)
        assert body is not None and body["total"] == 2
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/openapi.json") as r:
            assert "/api/search" in json.loads(r.read())["paths"]
        # The token from the environment guards adding, even on loopback.
        add = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/add/jobs", data=b'{"text": "x"}',
            headers={"Content-Type": "application/json"},
        )  # fmt: skip
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(add)
        assert refused.value.code == 401
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    assert "not loopback" not in err


def test_every_api_path_is_documented(client: Any):
    doc = (ROOT / "docs" / "web.md").read_text(encoding="utf-8")
    for path, ops in client.app.openapi()["paths"].items():
        for method in ops:
            assert f"{method.upper()} {path}" in doc, f"{method.upper()} {path} not in docs/web.md"
