"""A dossier's storylines in its JSON, Markdown and HTML: each storyline lists its stories
(events) in time order with its span, and each story names its storyline."""

from __future__ import annotations

import json

from storyweave.model import Article, Dossier, Story, Storyline
from storyweave.render.html import render_html
from storyweave.render.json import render_json
from storyweave.render.markdown import render_markdown


def _dossier() -> Dossier:
    arts = [
        Article(id="a1", text="Ilse Marr was detained in Vornholm.", title="Marr detained",
                source="Wire", published="2025-03-02"),
        Article(id="a2", text="Ilse Marr went on trial in Vornholm.", title="Marr on trial",
                source="Post", published="2025-05-20"),
        Article(id="a3", text="A storm hit the coast of Teller Bay.", title="Storm hits",
                source="Wire", published="2025-04-01"),
    ]  # fmt: skip
    stories = (
        Story(id="s2", title="Marr goes on trial", articles=("a2",)),
        Story(id="s1", title="Marr detained in Vornholm", articles=("a1",)),
        Story(id="s3", title="Storm hits Teller Bay", articles=("a3",)),
    )
    lines = (
        Storyline("l1", "Ilse Marr", ("s1", "s2"), "2025-03-02", "2025-05-20"),
        Storyline("l3", "Storm hits Teller Bay", ("s3",), "2025-04-01", "2025-04-01"),
    )
    return Dossier(articles=tuple((a, None) for a in arts), stories=stories, storylines=lines)


def test_json_lists_storylines_and_each_story_names_its_own():
    data = json.loads(render_json(_dossier()))
    assert data["schema"] == "2"
    assert data["storylines"][0] == {
        "id": "l1", "title": "Ilse Marr", "stories": ["s1", "s2"],
        "span": {"first": "2025-03-02", "last": "2025-05-20"},
    }  # fmt: skip
    assert {s["id"]: s["storyline"] for s in data["stories"]} == {
        "s1": "l1",
        "s2": "l1",
        "s3": "l3",
    }


def test_markdown_shows_each_storyline_with_its_events_in_order():
    text = render_markdown(_dossier())
    block = text.split("## Storylines", 1)[1].split("\n## ", 1)[0]
    assert "**Ilse Marr** (`l1`): 2025-03-02 to 2025-05-20, 2 stories" in block
    detained = block.index("1. 2025-03-02: Marr detained in Vornholm (`s1`)")
    trial = block.index("2. 2025-05-20: Marr goes on trial (`s2`)")
    assert detained < trial
    assert "1 story" in block
    assert "- storyline: Ilse Marr (`l1`)" in text.split("## Marr goes on trial", 1)[1]


def test_html_links_storyline_events_to_their_stories_and_back():
    html = render_html(_dossier())
    assert "3 stories in 2 storylines" in html
    section = html.split('id="storyline-l1"', 1)[1].split("</div>", 1)[0]
    assert section.index('href="#story-s1"') < section.index('href="#story-s2"')
    assert '<a href="#storyline-l1">Ilse Marr</a>' in html.split('id="story-s2"', 1)[1]


def test_a_dossier_without_storylines_renders_as_before():
    bare = Dossier(articles=_dossier().articles, stories=_dossier().stories)
    assert "## Storylines" not in render_markdown(bare)
    assert 'class="storylines"' not in render_html(bare)
    assert all(s["storyline"] is None for s in json.loads(render_json(bare))["stories"])
