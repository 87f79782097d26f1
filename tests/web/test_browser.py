"""The web app in headless Chromium: explore, follow a timeline event to its sentence, upload."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _only_own(watched: Any, base: str) -> None:
    assert not watched.errors, watched.errors
    foreign = [u for u in watched.requests if not u.startswith(base)]
    assert not foreign, foreign


def test_search_open_story_and_follow_a_timeline_event(server: str, web_db: dict, watched: Any):
    page = watched.page
    page.goto(server + "/")
    everything = page.locator("li.story").count()
    assert everything >= 3
    watched.shot("01_stories")
    page.fill("#q", "wiring")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"q=wiring"))
    titles = page.locator("li.story a.story-title").all_inner_texts()
    assert titles and any("Kessling" in t for t in titles)
    assert len(titles) < everything  # the seeds' stories say nothing of wiring
    watched.shot("02_search")
    page.locator("li.story a.story-title", has_text="Kessling").first.click()
    page.wait_for_selector("#entities li.entity")
    assert "Port of Kessling" in page.inner_text("#entities")
    assert page.locator("#entities .match").count() > 0  # how each alias was matched
    watched.shot("03_story")

    page.goto(f"{server}/stories/{web_db['bridge_story']}")
    page.wait_for_selector("#tl-chart .tl-item")
    # A month or season event is a bar, a day event a dot.
    assert page.locator("#tl-chart .tl-item.p-day circle").count() >= 1
    assert (
        page.locator("#tl-chart .tl-item.p-month rect, #tl-chart .tl-item.p-season rect").count()
        >= 1
    )
    day = page.locator("#tl-chart .tl-item.p-day").first
    day.click()
    panel = page.locator("#tl-panel")
    assert panel.is_visible()
    link = panel.locator("a.cite").first
    cited = panel.locator("q").first.inner_text()
    href = link.get_attribute("href")
    assert href and re.search(r"#s-\d+$", href)
    watched.shot("04_event_citations")
    link.click()
    page.wait_for_url(re.compile(r"/articles/.+#s-\d+$"))
    target = page.locator(".sent.cited")
    assert target.count() == 1
    assert target.get_attribute("id") == href.split("#")[1]
    assert target.inner_text().strip() == cited.strip()
    assert target.is_visible()
    assert page.locator("article.text a.timex").count() >= 1  # linked to their events
    watched.shot("05_cited_sentence")
    _only_own(watched, server)


def test_timeline_zooms_and_pans(server: str, web_db: dict, watched: Any):
    page = watched.page
    page.goto(f"{server}/stories/{web_db['bridge_story']}")
    page.wait_for_selector("#tl-chart .tl-item")
    view = page.evaluate("window.storyweaveTimeline.view()")
    page.click("[data-zoom=in]")
    zoomed = page.evaluate("window.storyweaveTimeline.view()")
    assert zoomed[1] - zoomed[0] < view[1] - view[0]
    box = page.locator("#tl-chart svg").bounding_box()
    page.mouse.move(box["x"] + 300, box["y"] + 10)
    page.mouse.down()
    page.mouse.move(box["x"] + 500, box["y"] + 10, steps=5)
    page.mouse.up()
    panned = page.evaluate("window.storyweaveTimeline.view()")
    assert panned[0] < zoomed[0]
    assert abs((panned[1] - panned[0]) - (zoomed[1] - zoomed[0])) < 1
    page.mouse.move(box["x"] + 200, box["y"] + 20)
    page.mouse.wheel(0, 300)
    out = page.evaluate("window.storyweaveTimeline.view()")
    assert out[1] - out[0] > panned[1] - panned[0]
    page.click("[data-zoom=reset]")
    assert page.evaluate("window.storyweaveTimeline.view()") == view
    watched.shot("06_timeline_zoomed")
    _only_own(watched, server)


def test_upload_a_file_and_see_it_added(server: str, watched: Any, tmp_path):
    page = watched.page
    upload = tmp_path / "orchard_frost.txt"
    upload.write_text(
        "---\ntitle: Late frost hits Selwyn orchards\nsource: Valley Crier\n"
        "published: 2024-04-20\n---\n\nA late frost on Thursday damaged apple blossom across "
        "the Selwyn valley, growers said. The cooperative chair, Oda Kristiansen, expects a "
        "smaller harvest in autumn 2024.\n",
        encoding="utf-8",
    )
    page.goto(server + "/add")
    page.set_input_files("#files", str(upload))
    page.click("#add-button")
    summary = page.locator("#add-summary")
    summary.wait_for(timeout=120_000)
    assert summary.inner_text().startswith("1 added")
    assert page.locator("#progress-text").inner_text() == "done"
    watched.shot("07_uploaded")
    page.locator("ul.added a", has_text="story").first.click()
    page.wait_for_selector("#story-title")
    assert "Late frost hits Selwyn orchards" in page.inner_text("#articles")
    page.goto(server + "/?q=blossom")
    assert "Late frost" in page.inner_text("ol.stories")
    _only_own(watched, server)


def test_failures_are_listed_with_reasons(server: str, watched: Any, tmp_path):
    page = watched.page
    bad = tmp_path / "tiny.txt"
    bad.write_text("too short", encoding="utf-8")
    page.goto(server + "/add")
    page.set_input_files("#files", str(bad))
    page.click("#add-button")
    page.locator("#add-summary").wait_for(timeout=60_000)
    failed = page.locator("ul.failed li")
    assert failed.count() == 1
    assert "tiny.txt" in failed.inner_text() and "characters" in failed.inner_text()
    assert "/tmp" not in failed.inner_text()  # the private folder is not shown
    _only_own(watched, server)


def test_examples_story_event_lands_on_its_sentence(server: str, watched: Any):
    page = watched.page
    page.goto(server + "/?q=Kessling")
    page.locator("li.story a.story-title", has_text="Kessling").first.click()
    page.wait_for_selector("#tl-chart .tl-item")
    assert page.locator("tr.claim").count() > 0  # the claim-by-source matrix
    item = page.locator("#tl-chart .tl-item").first
    item.locator("circle, rect").first.click()
    link = page.locator("#tl-panel a.cite").first
    cited = page.locator("#tl-panel q").first.inner_text()
    href = link.get_attribute("href")
    link.click()
    page.wait_for_url(re.compile(r"#s-\d+$"))
    target = page.locator(".sent.cited")
    assert target.get_attribute("id") == (href or "").split("#")[1]
    assert target.inner_text().strip() == cited.strip()
    watched.shot("09_examples_cited_sentence")
    _only_own(watched, server)


def test_a_storyline_shows_its_events_in_order_and_opens_each(
    server: str, web_db: dict, watched: Any
):
    page = watched.page
    first, later = web_db["saga_stories"]
    page.goto(f"{server}/stories/{first}")
    nav = page.locator("#storyline")
    assert nav.is_visible()
    assert nav.locator("a.storyline-link").inner_text() == "Tomas Elkind"
    assert nav.locator("li").count() == 2
    assert "detained" in nav.locator("li.current").inner_text()
    watched.shot("06_story_in_storyline")
    nav.locator("a.storyline-link").click()
    page.wait_for_url(re.compile(r"/storylines/"))
    events = page.locator("#storyline-events li.storyline-event")
    assert events.count() == 2
    dates = events.locator(".date").all_inner_texts()
    assert dates == sorted(dates) and dates[0].startswith("2025-02")
    watched.shot("07_storyline")
    events.nth(1).locator("a.story-title").click()
    page.wait_for_url(re.compile(r"/stories/"))
    assert "sentenced" in page.inner_text("#story-title")
    assert "sentenced" in page.locator("#storyline li.current").inner_text()
    # The examples' story is a storyline of one event, listed with it.
    page.goto(f"{server}/stories/{web_db['examples_story']}")
    page.locator("#storyline a.storyline-link").click()
    page.wait_for_url(re.compile(r"/storylines/"))
    assert page.locator("#storyline-events li.storyline-event").count() == 1
    assert "Kessling" in page.inner_text("#storyline-events")
    _only_own(watched, server)


def test_timeline_filtered_by_entity_shows_its_own_timeline(server: str, watched: Any):
    page = watched.page
    page.goto(server + "/?q=Kessling")
    page.locator("li.story a.story-title", has_text="Kessling").first.click()
    select = page.locator("#tl-entity")
    select.wait_for()
    options = select.locator("option").all()
    assert len(options) >= 2  # "all" and at least one entity with a timeline
    everyone = page.locator("#timeline table.events tr.event:not([hidden])").count()
    assert page.locator("#timeline table.entity-tl:not([hidden])").count() == 0
    value = options[1].get_attribute("value")
    entries = int(re.search(r"\((\d+)\)$", options[1].inner_text()).group(1))
    select.select_option(value)
    shown = page.locator("#timeline table.entity-tl:not([hidden])")
    assert shown.count() == 1
    assert shown.get_attribute("data-entity") == value
    assert shown.locator("tr.entry").count() == entries
    # the story's dated events keep only those the entity takes part in
    kept = page.locator("#timeline table.events tr.event:not([hidden])").all()
    assert len(kept) <= everyone
    assert all(value in (tr.get_attribute("data-actors") or "").split() for tr in kept)
    watched.shot("entity_timeline")
    select.select_option("")
    assert page.locator("#timeline table.entity-tl:not([hidden])").count() == 0
    assert page.locator("#timeline table.events tr.event:not([hidden])").count() == everyone
    _only_own(watched, server)
