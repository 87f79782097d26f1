"""Article text, titles, sources and addresses are shown as text: nothing in them runs."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _nothing_ran(watched: Any) -> None:
    page = watched.page
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert not watched.dialogs
    assert (
        page.locator(
            "main img, main script:not(#timeline-data), main [onerror], main [onmouseover]"
        ).count()
        == 0
    )
    assert page.locator("a[href^='javascript:' i]").count() == 0
    # Only the app's own scripts are on the page.
    sources = page.eval_on_selector_all("script", "ss => ss.map(s => s.src || s.type)")
    assert all(s.startswith("http://127.0.0.1") or s == "application/json" for s in sources)


def test_hostile_article_is_inert_everywhere(server: str, web_db: dict, watched: Any):
    page = watched.page
    xss = web_db["xss"]
    page.goto(f"{server}/articles/{xss}")
    body = page.inner_text("article.text")
    assert "<script>window.__xss = 'body'</script>" in body
    assert "onerror=" in body and "javascript:" in body
    assert "<script>" in page.inner_text("#article-title")
    for a in page.locator("a").all():
        a.hover()  # no onmouseover survives either
    _nothing_ran(watched)
    watched.shot("08_xss_article")
    story = page.locator("a[href^='/stories/']").last.get_attribute("href")
    page.goto(server + story)
    _nothing_ran(watched)
    page.goto(server + "/?q=Dockside")
    assert "Dockside <script>" in page.inner_text("ol.stories")
    _nothing_ran(watched)
    page.goto(server + "/?q=%3Cscript%3Ealert(1)%3C/script%3E")
    _nothing_ran(watched)
    assert not watched.errors, watched.errors


def test_pasted_hostile_text_is_inert(server: str, watched: Any):
    page = watched.page
    page.goto(server + "/add")
    page.fill("#title", "<img src=x onerror=alert(1)> Tidewater ledger")
    page.fill("#source", "<script>alert(2)</script>")
    page.fill("#published", "2024-03-09")
    page.fill(
        "#text",
        "The Tidewater ledger <svg onload=alert(3)> was reopened by clerks in Farrowby "
        "on Monday, and <iframe src=javascript:alert(4)></iframe> the records were intact.",
    )
    page.click("#add-button")
    page.locator("#add-summary").wait_for(timeout=120_000)
    page.locator("ul.added a", has_text="article").first.click()
    page.wait_for_selector("article.text")
    assert "<svg onload=alert(3)>" in page.inner_text("article.text")
    assert page.locator("main svg, main iframe").count() == 0
    _nothing_ran(watched)
    assert not watched.errors, watched.errors
