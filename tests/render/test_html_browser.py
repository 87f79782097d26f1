"""The self-contained HTML dossier in headless Chromium: opened from disk, the timeline and
claims are there, a citation shows its sentence, no console error, no network request."""

from __future__ import annotations

import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest

from storyweave.model import Article, Citation, Claim, Dossier, Event, Sentence, Story
from storyweave.pipeline import dossier_of
from storyweave.render.html import render_html
from storyweave.store import open_store

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip


def _cite(article: Article, s: Sentence) -> Citation:
    return Citation(article.id, s.index, s.start, s.end, article.text[s.start : s.end])


def _seed_objects(db: Path) -> Dossier:
    with open_store(db) as st:
        ids = [a.id for a in st.articles()]
        return dossier_of(st, list(dict.fromkeys(st.story_of(ids).values())))


def _with_hand_items(dossier: Dossier) -> Dossier:
    """The seed dossier plus one event per dated time expression of the first story and one
    claim citing the first sentence of each article, whatever the reconciler gives."""
    story = dossier.stories[0]
    by_id = {a.id: (a, an) for a, an in dossier.articles}
    members = [by_id[i] for i in story.articles]
    events = list(story.timeline)
    for a, an in members:
        assert an is not None
        for t in an.time_expressions:
            if t.type == "DATE" and t.value[:4].isdigit():
                s = next((s for s in an.sentences if s.start <= t.start < s.end), None)
                if s is not None:
                    events.append(Event(t.value, t.mod, a.text[s.start : s.end],
                                        citations=(_cite(a, s),)))  # fmt: skip
    hand = Claim("hand", "single-source", "first sentence", {a.id: "said" for a, _ in members},
                 tuple(_cite(a, an.sentences[0]) for a, an in members if an))  # fmt: skip
    story = replace(story, timeline=tuple(events), claims=(*story.claims, hand))
    return replace(dossier, stories=(story, *dossier.stories[1:]))


def test_html_dossier_in_chromium(seed_db: Path, tmp_path: Path):
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is absent (make system-deps installs it)")

    data = _with_hand_items(_seed_objects(seed_db))
    story = data.stories[0]
    assert story.timeline and story.claims
    path = tmp_path / "dossier.html"
    path.write_text(render_html(data), encoding="utf-8")
    url = path.as_uri()
    errors: list[str] = []
    requests: list[str] = []
    # In a thread of its own: another test's Playwright may hold this thread's event loop.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(_drive, url, story, errors, requests).result()
    assert not errors, errors
    assert requests == [url]


def _drive(url: str, story: Story, errors: list[str], requests: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="storyweave-chromium-")
    try:
        with sync_playwright() as p:
            context = p.chromium.launch_persistent_context(
                profile, executable_path=str(CHROMIUM), headless=True, args=ARGS
            )
            page = context.new_page()
            page.on("console", lambda m: m.type == "error" and errors.append(m.text))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(url)
            first = page.locator("h2").first
            assert first.inner_text() == story.title
            section = page.locator("section.timeline").first
            assert section.locator("tr.event").count() == len(story.timeline)
            claims = page.locator("section.claims").first
            assert claims.locator("tr.claim").count() == len(story.claims)
            event = story.timeline[0]
            section.locator("tr.event").first.locator(".cite").first.click()
            panel = page.locator("#panel")
            assert panel.is_visible()
            assert page.inner_text("#cited").strip() == event.citations[0].text.strip()
            shots = ROOT / "tests" / "artifacts"
            shots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shots / "dossier_html.png"), full_page=True)
            page.click("#panel-close")
            assert not panel.is_visible()
            context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
