"""A translation beside its original in headless Chromium: from the story to the side-by-side
page, the sentences that differ marked, each sentence linked to its place in its article."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _pair(db: Any) -> tuple[str, str, str]:
    """(story, translation, original) ids of the examples' Chinese original, from the store."""
    from storyweave.store import open_store

    with open_store(db) as st:
        original = next(a for a in st.articles() if a.language == "zh")
        story_id = st.story_of([original.id])[original.id]
        story = st.story(story_id)
        assert story is not None
        t = next(t for t in story.translations if t.original == original.id)
        return story.id, t.article, original.id


def test_story_links_to_the_translation_beside_its_original(
    server: str, web_db: dict, watched: Any
):
    story_id, translation, original = _pair(web_db["db"])
    page = watched.page
    page.goto(f"{server}/stories/{story_id}")
    link = page.locator("#translations a.beside-link")
    assert link.count() == 1
    assert "zh original" in link.inner_text()
    link.click()
    page.wait_for_url(re.compile(rf"/articles/{translation}/beside/{original}$"))
    shown = [x.inner_text().lower() for x in page.locator("#beside-title .lang").all()]
    assert shown == ["en", "zh"]  # (upper-cased by the style sheet)
    rows = page.locator(".beside-table tbody tr.aligned")
    assert rows.count() == 11
    assert "11 sentences aligned, 2 with a difference" in page.inner_text("#beside-summary")
    differing = page.locator(".beside-table tbody tr.differs")
    assert differing.count() == 2
    first = differing.nth(0)
    assert "more than 90 fire fighters" in first.locator("td.t-text").inner_text()
    assert "80余名消防员" in first.locator("td.o-text").inner_text()
    assert first.locator("td.o-text").get_attribute("lang") == "zh"
    assert "number: 90 ≠ 80" in first.locator("span.differs").inner_text()
    second = differing.nth(1)
    assert "莱因霍尔特还表示" in second.locator("td.o-text").inner_text()
    assert "actor: Mara Ostrowski ≠ Tomas Reinholt" in second.inner_text()
    watched.shot("20_translation_beside_original")

    # the original's sentence number leads to that sentence in the Chinese article
    sentence = first.get_attribute("data-original")
    cited = first.locator("td.o-text").inner_text().strip()
    first.locator(f'a[href$="#s-{sentence}"]').last.click()
    page.wait_for_url(re.compile(rf"/articles/{original}#s-{sentence}$"))
    target = page.locator(".sent.cited")
    assert target.count() == 1 and target.inner_text().strip() == cited
    # and the original's page leads back to the side-by-side
    assert page.locator("#translations a.beside-link").count() == 1
    _only_own(watched, server)


def test_two_articles_that_are_no_translation_pair_are_refused(server: str, web_db: dict):
    import urllib.error
    import urllib.request

    _story, translation, original = _pair(web_db["db"])
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(f"{server}/articles/{original}/beside/{translation}")
    assert err.value.code == 404


def _only_own(watched: Any, base: str) -> None:
    assert not watched.errors, watched.errors
    foreign = [u for u in watched.requests if not u.startswith(base)]
    assert not foreign, foreign
