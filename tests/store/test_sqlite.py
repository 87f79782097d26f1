"""What only the SQLite store does: its file, WAL mode, the migration of a store written by an
earlier version, the refusal of a newer one. What every back end does is in test_store.py."""

import json
import sqlite3
from pathlib import Path

import pytest

import storyweave.store
from storyweave.errors import StoreError
from storyweave.render.json import story_dict
from storyweave.store import SCHEMA_VERSION
from storyweave.store import SQLiteStore as Store

from .storedata import pair as _pair


def test_wal_and_migrations_table(tmp_path):
    path = tmp_path / "s.db"
    Store(path).close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("SELECT max(version) FROM migrations").fetchone()[0] == SCHEMA_VERSION


def test_not_a_store_is_reported(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError) as err:
        Store(path)
    assert "junk.db" in str(err.value)


def _version_1_store(path, story: dict) -> None:
    """A store as storyweave wrote it before schema version 2: the dossier JSON of each
    story, a row-number watermark for linking and a document count in the state table."""
    schema = Path(storyweave.store.__file__).parent / "sql" / "sqlite" / "001_initial.sql"
    art, analysis = _pair()
    db = sqlite3.connect(path)
    db.executescript(schema.read_text())
    db.execute("INSERT INTO migrations VALUES (1, '2026-01-01', 'initial schema')")
    db.execute(
        "INSERT INTO articles(id, title, source, published, text, added, analyzer) "
        "VALUES (?, 'Bridge opens', 'Valley Courier', '2024-05-08', ?, 'then', 'old')",
        (art.id, art.text),
    )
    db.execute("INSERT INTO story_articles VALUES (?, 's1', NULL, 'then')", (art.id,))
    db.execute(
        "INSERT INTO stories VALUES ('s1', 'Bridge opens', 1, '2024-05-08', '2024-05-08', "
        "'then', ?)",
        (json.dumps(story),),
    )
    db.execute("INSERT INTO state VALUES ('linked.upto_rowid', '1'), ('stories.docs', '1')")
    db.commit()
    db.close()


def test_a_version_1_store_is_migrated(tmp_path):
    art, _ = _pair()
    cite = {"article": art.id, "sentence": 0, "start": 0, "end": 5, "text": "The m"}
    old = {
        "id": "s1", "title": "Bridge opens", "articles": [art.id],
        "entities": [{"id": "e1", "name": "Petra Novak", "type": "PERSON", "kb_id": None,
                      "note": None, "mentions": [[art.id, 20, 31]],
                      "aliases": [{"text": "Novak", "count": 1, "match": "surname",
                                   "confidence": 0.9, "evidence": [cite]}]}],
        "timeline": [{"date": "2024-05-06", "mod": None, "event": "opened", "actors": ["e1"],
                      "dates": {art.id: "2024-05-06"}, "citations": [cite]}],
        "claims": [], "flags": [], "notes": [],
    }  # fmt: skip
    _version_1_store(tmp_path / "old.db", old)
    with Store(tmp_path / "old.db") as st:
        story = st.story("s1")
        assert story is not None
        assert story.timeline[0].text == "opened" and story.entities[0].mentions[0][1] == 20
        # The dossier it renders is the one stored before, with keys added since (an entity's
        # own timeline, the story's translations) present and empty.
        expected = {
            **old,
            "entities": [{**e, "timeline": []} for e in old["entities"]],
            "translations": [],
        }
        assert story_dict(story) == expected
        assert st.stories_named("petra", 5) == ["s1"]
        assert st.unlinked() == [] and st.linked_docs() == 1
        assert st.get_state("linked.upto_rowid") is None
    db = sqlite3.connect(tmp_path / "old.db")
    assert [r[0] for r in db.execute("SELECT version FROM migrations")] == [1, 2, 3, 4]


def test_a_newer_store_is_refused(tmp_path):
    Store(tmp_path / "s.db").close()
    db = sqlite3.connect(tmp_path / "s.db")
    db.execute(
        "INSERT INTO migrations VALUES (?, 'later', 'from the future')", (SCHEMA_VERSION + 1,)
    )
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="newer than this storyweave"):
        Store(tmp_path / "s.db")
