"""The access rules in headless Chromium: logging in with the token to upload, a private
server's login before anything, and a read-only server that offers no upload at all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from storyweave.web import Access, create_app

from .conftest import served

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TOKEN = "quay-lamp-sorrel-4417-brine"


def _only_own(watched: Any, base: str, *statuses: int) -> None:
    """No script error and no request elsewhere; the console's notes of the refusals a test
    asked for (a 401 login, a 404 page) are expected."""
    expected = [f"status of {s} " for s in statuses]
    errors = [e for e in watched.errors if not any(x in e for x in expected)]
    assert not errors, errors
    assert len(errors) < len(watched.errors) or not statuses, watched.errors
    assert not [u for u in watched.requests if not u.startswith(base)]


def test_log_in_with_the_token_then_upload(small_copy: str, watched: Any, tmp_path: Path):
    upload = tmp_path / "lock_gates.txt"
    upload.write_text(
        "---\ntitle: Brenmouth lock gates replaced\nsource: Canal Notes\npublished: 2024-09-12\n"
        "---\n\nNew lock gates were fitted at Brenmouth on Wednesday, the canal trust said. "
        "The lock keeper, Tamsin Orrell, expects boats to pass again by October 2024.\n",
        encoding="utf-8",
    )
    page = watched.page
    with served(create_app(small_copy, access=Access(token=TOKEN))) as base:
        page.goto(base + "/")
        assert page.locator("#nav-login").is_visible()
        assert page.locator("li.story").count() == 2  # reading needs no token
        page.click("#nav-add")
        page.wait_for_url(f"{base}/login?next=/add")
        page.fill("#token", "not-the-token-at-all")
        page.click("#login-button")
        assert page.locator("#login-problem").inner_text() == "That is not the token."
        assert page.locator("#files").count() == 0
        watched.shot("10_login_refused")
        page.fill("#token", TOKEN)
        page.click("#login-button")
        page.wait_for_url(f"{base}/add")
        assert page.locator("#logout").is_visible()
        page.set_input_files("#files", str(upload))
        page.click("#add-button")
        summary = page.locator("#add-summary")
        summary.wait_for(timeout=180_000)
        assert summary.inner_text().startswith("1 added")
        watched.shot("11_uploaded_with_token")
        page.locator("ul.added a", has_text="story").first.click()
        page.wait_for_selector("#story-title")
        assert "Brenmouth lock gates replaced" in page.inner_text("#articles")
        page.click("#logout")
        page.wait_for_url(f"{base}/")
        assert page.locator("#nav-login").is_visible()
        page.goto(base + "/add")
        page.wait_for_url(f"{base}/login?next=/add")  # the session went with the logout
        _only_own(watched, base, 401)  # the wrong token's answer


def test_a_private_server_shows_nothing_before_the_login(small_copy: str, watched: Any):
    page = watched.page
    with served(create_app(small_copy, access=Access(token=TOKEN, private=True))) as base:
        page.goto(base + "/stories/s-ferry")
        page.wait_for_url(f"{base}/login?next=%2Fstories%2Fs-ferry")
        assert "Ferry strike" not in page.content()
        page.fill("#token", TOKEN)
        page.click("#login-button")
        page.wait_for_url(f"{base}/stories/s-ferry")
        assert "Ferry strike" in page.inner_text("#story-title")
        _only_own(watched, base)


def test_read_only_offers_no_upload(small_copy: str, watched: Any):
    page = watched.page
    with served(create_app(small_copy, access=Access(read_only=True))) as base:
        page.goto(base + "/")
        assert page.locator("li.story").count() == 2
        assert page.locator("#nav-add, #nav-login, a[href='/add'], input[type=file]").count() == 0
        watched.shot("12_read_only")
        page.goto(base + "/stories/s-ferry")
        assert page.locator("input[type=file], a[href='/add']").count() == 0
        response = page.goto(base + "/add")
        assert response is not None and response.status == 404
        assert page.locator("input[type=file], form#add-form").count() == 0
        # Posting the old form anyway finds no endpoint.
        status = page.evaluate(
            "fetch('/api/add', {method: 'POST', headers: {'Content-Type': 'application/json'},"
            " body: JSON.stringify({text: 'x'.repeat(80)})}).then(r => r.status)"
        )
        assert status in (404, 405)
        _only_own(watched, base, 404, 405)
