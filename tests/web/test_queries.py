"""storyweave.web.queries (the read side of the web app) over the hand-built store."""

from __future__ import annotations

import shutil
from dataclasses import replace
from typing import Any

from storyweave.model import Alias
from storyweave.store import StoryFilter, open_store
from storyweave.web import queries


def test_has_words():
    assert queries.has_words('a "b" OR c*')
    assert not queries.has_words("  -- ( ) ")
    assert queries.has_words("Åsa")


def test_names_index_follows_story_updates(small_db: dict[str, Any], tmp_path):
    db = tmp_path / "s.db"
    shutil.copy(small_db["db"], db)
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
