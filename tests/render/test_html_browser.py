"""The self-contained HTML dossier in headless Chromium: opened from disk, the timeline and
claims are there, a citation shows its sentence, no console error, no network request."""

from __future__ import annotations

import copy
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from storyweave.render.html import render_html

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip


def _cite(article: dict[str, Any], s: dict[str, Any]) -> dict[str, Any]:
    return {"article": article["id"], "sentence": s["index"], "start": s["start"],
            "end": s["end"], "text": s["text"]}  # fmt: skip


def _with_hand_items(dossier: dict[str, Any]) -> dict[str, Any]:
    """The seed dossier plus one event per dated time expression of the first story and one
    claim citing the first sentence of each article, whatever the reconciler gives."""
    data = copy.deepcopy(dossier)
    story = data["stories"][0]
    by_id = {a["id"]: a for a in data["articles"]}
    members = [by_id[i] for i in story["articles"]]
    for a in members:
        for t in a["time_expressions"]:
            if t["type"] == "DATE" and t["value"][:4].isdigit():
                s = next((s for s in a["sentences"] if s["start"] <= t["start"] < s["end"]), None)
                if s is None:
                    continue
                story["timeline"].append({"date": t["value"], "mod": t["mod"], "event": s["text"],
                                          "actors": [], "citations": [_cite(a, s)]})  # fmt: skip
    story["claims"].append({"id": "hand", "status": "single-source", "text": "first sentence",
                            "values": {a["id"]: "said" for a in members},
                            "citations": [_cite(a, a["sentences"][0]) for a in members]})  # fmt: skip
    return data


def test_html_dossier_in_chromium(seed_dossier: dict, tmp_path: Path):
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is absent (make system-deps installs it)")

    data = _with_hand_items(seed_dossier)
    story = data["stories"][0]
    assert story["timeline"] and story["claims"]
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


def _drive(url: str, story: dict[str, Any], errors: list[str], requests: list[str]) -> None:
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
            assert first.inner_text() == story["title"]
            section = page.locator("section.timeline").first
            assert section.locator("tr.event").count() == len(story["timeline"])
            claims = page.locator("section.claims").first
            assert claims.locator("tr.claim").count() == len(story["claims"])
            event = story["timeline"][0]
            section.locator("tr.event").first.locator(".cite").first.click()
            panel = page.locator("#panel")
            assert panel.is_visible()
            assert page.inner_text("#cited").strip() == event["citations"][0]["text"].strip()
            shots = ROOT / "tests" / "artifacts"
            shots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shots / "dossier_html.png"), full_page=True)
            page.click("#panel-close")
            assert not panel.is_visible()
            context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
