"""storyweave.web.queries (the read side of the web app) over the hand-built store."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from storyweave.model import Alias
from storyweave.store import StoryFilter, open_store
from storyweave.web import queries


def test_has_words():
    assert queries.has_words('a "b" OR c*')
    assert not queries.has_words("  -- ( ) ")
    assert queries.has_words("Åsa")


def test_names_index_follows_story_updates(copy_store):
    db = copy_store("names")
    with open_store(db) as st:
        assert queries.stories(st, StoryFilter(q="Ingrid"))["total"] == 0
        story = st.story("s-organ")
        assert story is not None
        brask = story.entities[0]
        renamed = replace(brask, aliases=(*brask.aliases, Alias("Ingrid Solum", 1, "exact", 1.0)))
        st.put_story(replace(story, entities=(renamed,)), list(st.articles(story.articles)))
        found = queries.stories(st, StoryFilter(q="ingrid"))
        assert [s["id"] for s in found["stories"]] == ["s-organ"]
        assert [e["story"] for e in queries.entities(st, q="ingrid")] == ["s-organ"]


def test_paging_and_facets(small_db: dict[str, Any]):
    with open_store(small_db["db"]) as st:
        first = queries.stories(st, StoryFilter(limit=1))
        second = queries.stories(st, StoryFilter(limit=1, offset=1))
        assert first["total"] == second["total"] == 2
        assert first["stories"][0]["id"] != second["stories"][0]["id"]
        assert queries.facets(st) == {
            "sources": ["Brask Radio", "Oster Tidende", "Tolvik Gazette"],
            "languages": ["en", "no"],
        }
        assert queries.story(st, "nope") is None and queries.article(st, "nope") is None


def test_search_syntax_is_plain_words(small_db: dict[str, Any]):
    with open_store(small_db["db"]) as st:
        # FTS5 operators and quotes are words here, not syntax: no error, no match-all.
        assert queries.search(st, 'ferry" OR "organ')["articles"] == []
        hits = queries.search(st, "ferry walk")["articles"]  # the last word is a prefix
        assert {h["story"] for h in hits} == {"s-ferry"}
        assert all("\x02" not in h["snippet"] for h in hits)


def test_a_storyline_lists_its_stories_in_time_order_over_http(web_db: dict[str, Any]):
    from fastapi.testclient import TestClient

    from storyweave.web import create_app

    client = TestClient(create_app(web_db["db"]))
    first, later = web_db["saga_stories"]
    story = client.get(f"/api/stories/{later}").json()
    line = story["storyline"]
    assert line["title"] == "Tomas Elkind"
    assert [s["id"] for s in line["stories"]] == [first, later]
    assert line["span"] == {"first": "2025-02-03", "last": "2025-06-18"}
    assert client.get(f"/api/storylines/{line['id']}").json() == line
    assert client.get("/api/storylines/l-none").status_code == 404
    assert client.get("/storylines/l-none").status_code == 404
    listed = {s["id"]: s["storyline"] for s in client.get("/api/stories").json()["stories"]}
    assert listed[first] == listed[later] == {"id": line["id"], "stories": 2}
    page = client.get("/").text
    assert f'href="/storylines/{line["id"]}"' in page
