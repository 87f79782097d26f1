"""Who may do what: a token for adding (and for everything when private), a read-only server
without any way to add, and a server that will not listen beyond loopback unsafely."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from storyweave.errors import ServeError
from storyweave.web.access import (
    Access,
    bearer,
    check_listen,
    is_loopback,
    new_session,
    session_valid,
    token_matches,
)

from .conftest import app_client

TOKEN = "harbour-lantern-7f3k-92ma"
TEXT = "A gale tore the roof off the Ostmark ferry terminal on Saturday, the port authority said."


def test_loopback_addresses_and_names():
    for host in ("127.0.0.1", "127.8.9.1", "::1", "[::1]", "localhost"):
        assert is_loopback(host), host
    for host in ("0.0.0.0", "::", "", "192.168.1.20", "10.0.0.1", "no-such-host.invalid"):
        assert not is_loopback(host), host


def test_a_server_beyond_loopback_needs_a_token_unless_read_only():
    with pytest.raises(ServeError, match="without a token") as caught:
        check_listen("0.0.0.0", Access())
    assert "--token" in str(caught.value) and "STORYWEAVE_TOKEN" in str(caught.value)
    check_listen("0.0.0.0", Access(token=TOKEN))
    check_listen("0.0.0.0", Access(read_only=True))  # a public mirror: nothing to protect
    check_listen("127.0.0.1", Access())  # loopback: adding stays open, as it always was
    with pytest.raises(ServeError, match="--private needs a token"):
        check_listen("127.0.0.1", Access(private=True))
    with pytest.raises(ServeError, match="at least 16"):
        check_listen("127.0.0.1", Access(token="short"))


def test_token_and_session_checks():
    assert token_matches(TOKEN, TOKEN) and not token_matches(TOKEN, TOKEN[:-1] + "x")
    assert not token_matches(TOKEN, None) and not token_matches(TOKEN, "")
    assert bearer(f"Bearer {TOKEN}") == TOKEN and bearer(f"bearer  {TOKEN} ") == TOKEN
    assert bearer(f"Basic {TOKEN}") is None and bearer(None) is None and bearer("Bearer") is None
    cookie = new_session(TOKEN, 3600, now=1000.0)
    assert TOKEN not in cookie  # the cookie is a signature, never the token
    assert session_valid(TOKEN, cookie, now=2000.0)
    assert not session_valid(TOKEN, cookie, now=5000.0)  # expired
    assert not session_valid("another-token-of-length", cookie, now=2000.0)
    expires, _, sig = cookie.partition(".")
    assert not session_valid(TOKEN, f"{int(expires) + 86400}.{sig}", now=2000.0)  # extended
    assert not session_valid(TOKEN, "", now=0) and not session_valid(TOKEN, "x.y", now=0)


def test_adding_needs_the_token_reading_does_not(small_copy: str):
    with app_client(small_copy, token=TOKEN) as c:
        assert c.get("/api/stories").json()["total"] == 2
        assert c.get("/").status_code == 200
        r = c.post("/api/add", json={"text": TEXT})
        assert r.status_code == 401 and "Bearer" in r.json()["detail"]
        assert r.headers["www-authenticate"] == "Bearer"
        r = c.post("/api/add/jobs", json={"text": TEXT}, headers={"Authorization": "Bearer nope"})
        assert r.status_code == 401 and r.json()["detail"] == "the token is wrong"
        assert c.get("/api/add/jobs").status_code == 401  # the job list is the adders' own
        assert c.get("/api/add/jobs/abc").status_code == 401
        r = c.post("/api/add", json={"text": TEXT}, headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 200, r.text
        added = r.json()["result"]["added"]
        assert len(added) == 1
        assert c.get(f"/api/articles/{added[0]}").status_code == 200  # readable without it
        jobs = c.get("/api/add/jobs", headers={"Authorization": f"Bearer {TOKEN}"}).json()
        assert [j["id"] for j in jobs["jobs"]] == [r.json()["id"]]


def test_the_browser_logs_in_with_a_form_and_adds_with_its_cookie(small_copy: str):
    with app_client(small_copy, token=TOKEN) as c:
        r = c.get("/add", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/login?next=/add"
        assert 'name="token"' in c.get("/login?next=/add").text
        r = c.post("/login", data={"token": "guess-guess-guess", "next": "/add"},
                   follow_redirects=False)  # fmt: skip
        assert r.status_code == 401 and "not the token" in r.text
        assert "storyweave_session" not in r.headers.get("set-cookie", "")
        r = c.post("/login", data={"token": TOKEN, "next": "/add"}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/add"
        cookie = r.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie and TOKEN not in cookie
        page = c.get("/add")
        assert page.status_code == 200 and 'id="files"' in page.text and "log out" in page.text
        r = c.post("/api/add/jobs", json={"text": TEXT})  # the cookie stands for the token
        assert r.status_code == 202, r.text
        assert c.get(f"/api/add/jobs/{r.json()['id']}").status_code == 200
        c.post("/logout")
        assert c.post("/api/add/jobs", json={"text": TEXT + " Again."}).status_code == 401
        assert c.get("/add", follow_redirects=False).status_code == 303


def test_login_goes_back_only_to_this_server(small_copy: str):
    with app_client(small_copy, token=TOKEN) as c:
        for target, expected in (("//evil.example/x", "/"), ("https://evil.example", "/"),
                                 ("/\\\\evil.example", "/"), ("/stories/s-ferry", "/stories/s-ferry")):  # fmt: skip
            r = c.post("/login", data={"token": TOKEN, "next": target}, follow_redirects=False)
            assert r.headers["location"] == expected, target


def test_a_private_server_asks_for_the_token_everywhere(small_copy: str):
    with app_client(small_copy, token=TOKEN, private=True) as c:
        for path in ("/api/stories", "/api/stories/s-ferry", "/api/search?q=crew",
                     "/openapi.json", "/api/add/jobs"):  # fmt: skip
            r = c.get(path)
            assert r.status_code == 401, path
            assert "private" in r.json()["detail"]
            assert "script-src 'self'" in r.headers["content-security-policy"]
        assert c.post("/api/add", json={"text": TEXT}).status_code == 401
        r = c.get("/stories/s-ferry", follow_redirects=False)
        assert r.status_code == 303
        assert r.headers["location"] == "/login?next=%2Fstories%2Fs-ferry"
        assert c.get("/static/app.css").status_code == 200  # the login page's own style
        auth = {"Authorization": f"Bearer {TOKEN}"}
        assert c.get("/api/stories", headers=auth).json()["total"] == 2
        c.post("/login", data={"token": TOKEN, "next": "/"})
        assert "Ferry strike" in c.get("/").text


def test_read_only_has_no_write_endpoint(small_copy: str):
    with app_client(small_copy, read_only=True) as c:
        paths = c.app.openapi()["paths"]
        assert not [p for p in paths if p.startswith("/api/add")]
        for path in ("/api/add", "/api/add/jobs", "/add"):
            r = c.post(path, json={"text": TEXT})
            assert r.status_code in (404, 405), (path, r.status_code)
        assert c.get("/add").status_code == 404
        assert c.get("/api/add/jobs").status_code in (404, 405)
        assert c.get("/login").status_code == 404  # nothing is behind a token
        page = c.get("/").text
        assert 'href="/add"' not in page and 'type="file"' not in page
        assert c.get("/api/stories").json()["total"] == 2
        assert c.app.state.runner is None  # no worker takes jobs either


def test_read_only_and_private_still_logs_in_to_read(small_copy: str):
    with app_client(small_copy, token=TOKEN, private=True, read_only=True) as c:
        assert c.get("/api/stories").status_code == 401
        c.post("/login", data={"token": TOKEN, "next": "/"})
        page = c.get("/").text
        assert "Ferry strike" in page and 'href="/add"' not in page
        assert c.post("/api/add", json={"text": TEXT}).status_code in (404, 405)


def test_serve_refuses_to_listen_beyond_loopback_without_a_token(tmp_path: Path, monkeypatch: Any):
    from click.testing import CliRunner

    from storyweave import cli

    monkeypatch.delenv("STORYWEAVE_TOKEN", raising=False)
    started: list[Any] = []
    monkeypatch.setattr("uvicorn.run", lambda *a, **k: started.append(k))
    runner = CliRunner()
    result = runner.invoke(cli.cli, ["serve", "--db", str(tmp_path / "s.db"), "--host", "0.0.0.0"])
    assert isinstance(result.exception, ServeError) and not started
    assert "refusing to listen on 0.0.0.0 without a token" in str(result.exception)
    result = runner.invoke(cli.cli, ["serve", "--db", str(tmp_path / "s.db"), "--host", "0.0.0.0"],
                           env={"STORYWEAVE_TOKEN": TOKEN})  # fmt: skip
    assert result.exit_code == 0, result.output
    assert started and started[0]["host"] == "0.0.0.0"
    assert "plain HTTP" in result.output  # stderr is mixed in: the token would cross unencrypted
    result = runner.invoke(
        cli.cli, ["serve", "--db", str(tmp_path / "s.db"), "--host", "0.0.0.0", "--read-only"]
    )
    assert result.exit_code == 0 and len(started) == 2
