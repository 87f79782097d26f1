"""storyweave.queries (the read side of the web app) over the hand-built store."""

from __future__ import annotations

import json
from typing import Any

from storyweave import queries
from storyweave.queries import StoryFilter, fts_query
from storyweave.store import Store


def test_fts_query_quotes_every_word():
    assert fts_query('a "b" OR c*') == '"a" "b" "OR" "c"*'
    assert fts_query("NEAR(x, y)") == '"NEAR" "x" "y"*'
    assert fts_query("  -- ( ) ") is None
    assert fts_query("Åsa") == '"Åsa"*'


def test_names_index_follows_story_updates(small_db: dict[str, Any], tmp_path):
    import shutil

    db = tmp_path / "s.db"
    shutil.copy(small_db["db"], db)
    with Store(db) as st:
        queries.ensure_schema(st)
        assert queries.refresh_names(st) == 2
        assert queries.refresh_names(st) == 0
        assert queries.stories(st, StoryFilter(q="Ingrid"))["total"] == 0
        story = json.loads(st.story("s-organ") or "")
        story["entities"][0]["aliases"].append(
            {"text": "Ingrid Solum", "count": 1, "match": "exact", "confidence": 1, "evidence": []}
        )
        members = list(st.articles(st.story_members("s-organ")))
        st.db.execute("UPDATE stories SET updated = 'later' WHERE id = 's-organ'")
        st.put_story("s-organ", story["title"], members, json.dumps(story))
        st.db.execute("UPDATE stories SET updated = 'later still' WHERE id = 's-organ'")
        assert queries.refresh_names(st) == 1
        found = queries.stories(st, StoryFilter(q="ingrid"))
        assert [s["id"] for s in found["stories"]] == ["s-organ"]


def test_paging_and_facets(small_db: dict[str, Any]):
    with Store(small_db["db"]) as st:
        queries.ensure_schema(st)
        first = queries.stories(st, StoryFilter(limit=1))
        second = queries.stories(st, StoryFilter(limit=1, offset=1))
        assert first["total"] == second["total"] == 2
        assert first["stories"][0]["id"] != second["stories"][0]["id"]
        assert queries.facets(st) == {
            "sources": ["Brask Radio", "Oster Tidende", "Tolvik Gazette"],
            "languages": ["en", "no"],
        }
        assert queries.story(st, "nope") is None and queries.article(st, "nope") is None
