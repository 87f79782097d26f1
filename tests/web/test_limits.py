"""Uploads limited per client address: requests a minute, bytes a request, bytes a day; each
refusal says what the limit is."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyweave.web.limits import ClientLimiter, ClientLimits, Limited, size_words

from .conftest import app_client, settings_with

TEXT = "Fog kept the Varde pilot boats in harbour on Tuesday and two tankers waited offshore."


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_requests_a_minute_slide_per_address():
    clock = Clock()
    limiter = ClientLimiter(ClientLimits(per_minute=3, bytes_per_day=0), clock)
    for _ in range(3):
        limiter.request("10.0.0.1")
        clock.now += 10
    with pytest.raises(Limited, match="at most 3 requests a minute") as caught:
        limiter.request("10.0.0.1")
    assert caught.value.retry_after == 31  # the first request leaves the window in 30 s
    limiter.request("10.0.0.2")  # another address has its own count
    clock.now += 31
    limiter.request("10.0.0.1")


def test_bytes_a_day_slide_per_address():
    clock = Clock()
    limiter = ClientLimiter(ClientLimits(per_minute=0, bytes_per_day=1000), clock)
    assert limiter.allowance("a") == 1000
    limiter.spend("a", 700)
    clock.now += 3600
    assert limiter.allowance("a") == 300 and limiter.allowance("b") == 1000
    refusal = limiter.over_day("a")
    assert "at most 1000 bytes a day" in refusal.message and "700 bytes sent" in refusal.message
    assert refusal.retry_after == 82801  # when the 700 bytes leave the 24-hour window
    clock.now += 82801
    assert limiter.allowance("a") == 1000
    assert ClientLimiter(ClientLimits(0, 0)).allowance("a") is None  # 0: no limit


def test_size_words():
    assert size_words(20 * 1024 * 1024) == "20 MiB"
    assert size_words(1536) == "1.5 KiB" and size_words(900) == "900 bytes"
    assert size_words(256 * 1024 * 1024) == "256 MiB"


def test_too_many_uploads_get_429_saying_the_limit(small_copy: str, tmp_path: Path):
    settings = settings_with(tmp_path, upload_requests_per_minute=2)
    with app_client(small_copy, settings) as c:
        assert c.post("/api/add/jobs", json={"text": TEXT}).status_code == 202
        assert c.post("/api/add/jobs", json={"text": "   "}).status_code == 422  # counts too
        r = c.post("/api/add/jobs", json={"text": TEXT + " Later."})
        assert r.status_code == 429
        assert "at most 2 requests a minute" in r.json()["detail"]
        assert 1 <= int(r.headers["retry-after"]) <= 60
        page = c.post("/add", data={"text": TEXT})  # the page as well
        assert page.status_code == 429 and "at most 2 requests a minute" in page.text
        assert "retry-after" in page.headers
        assert c.get("/api/stories").status_code == 200  # reading is not limited


def test_a_request_over_its_size_gets_413_saying_the_limit(small_copy: str, tmp_path: Path):
    settings = settings_with(tmp_path, upload_limit_bytes=2048)
    with app_client(small_copy, settings) as c:
        r = c.post("/api/add/jobs", files=[("files", ("big.txt", b"x" * 3000))])
        assert r.status_code == 413
        assert r.json()["detail"] == "request larger than 2 KiB (the limit of one upload)"
        page = c.post("/add", files=[("files", ("big.txt", b"x" * 3000))])
        assert page.status_code == 413 and "2 KiB" in page.text


def test_a_client_over_its_day_gets_429_saying_the_limit(small_copy: str, tmp_path: Path):
    settings = settings_with(tmp_path, upload_bytes_per_day=1500)
    body = (TEXT + " ") * 8  # about 700 bytes of text
    with app_client(small_copy, settings) as c:
        assert (
            c.post("/api/add/jobs", files=[("files", ("a.txt", body.encode()))]).status_code == 202
        )
        r = c.post("/api/add/jobs", files=[("files", ("b.txt", ("B " + body).encode()))])
        assert r.status_code == 429
        detail = r.json()["detail"]
        assert (
            "at most 1.5 KiB a day from one address" in detail and "sent in the last 24" in detail
        )
        assert int(r.headers["retry-after"]) > 3600
