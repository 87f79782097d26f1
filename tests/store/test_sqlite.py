import json
import sqlite3
import time
from dataclasses import replace
from pathlib import Path

import pytest

import storyweave.store
from storyweave.errors import StoreError
from storyweave.model import (
    Alias,
    Analysis,
    Article,
    Citation,
    Claim,
    Entity,
    Event,
    Flag,
    LinkDecision,
    Mention,
    NameGroup,
    Origin,
    Quantity,
    Sentence,
    Story,
    StoryIndexEntry,
    TimeExpr,
    article_id,
)
from storyweave.render.json import story_dict
from storyweave.store import SCHEMA_VERSION, StoryFilter
from storyweave.store import SQLiteStore as Store

TEXT = (
    "The mayor of Arlen, Petra Novak, opened the bridge on Monday.\n\nNovak said it took 3 years."
)


def _pair(text=TEXT, file="a.txt", title="Bridge opens"):
    art = Article(
        id=article_id(text),
        text=text,
        title=title,
        source="Valley Courier",
        published="2024-05-08",
        origins=(Origin(file=file),),
    )
    analysis = Analysis(
        article=art.id,
        language="en",
        sentences=(Sentence(0, 0, 61, 0), Sentence(1, 63, len(text), 1)),
        mentions=(
            Mention(20, 31, "Petra Novak", "PERSON", "Petra Novak", group=0, sentence=0),
            Mention(63, 68, "Novak", "GPE", "Novak", group=0, sentence=1),
        ),
        groups=(NameGroup(0, "Petra Novak", {"PERSON": 1, "GPE": 1}, (0, 1)),),
        time_expressions=(
            TimeExpr(51, 60, "on Monday", "DATE", "2024-05-06", anchor="2024-05-08"),
        ),
        quantities=(Quantity(82, 89, "3 years", 3.0, "year"),),
    )
    return art, analysis


def test_round_trip_keeps_every_field(tmp_path):
    art, analysis = _pair()
    with Store(tmp_path / "s.db") as st:
        st.put([(art, analysis)], "v1")
    with Store(tmp_path / "s.db") as st:
        stored = st.article(art.id)
        assert (stored.text, stored.title, stored.published, stored.origins) == (
            art.text,
            art.title,
            art.published,
            art.origins,
        )
        assert stored.language == "en"
        assert st.analysis(art.id) == analysis


def test_known_depends_on_analyzer_version(tmp_path):
    art, analysis = _pair()
    with Store(tmp_path / "s.db") as st:
        st.put([(art, analysis)], "v1")
        assert st.known([art.id, "other"], "v1") == {art.id}
        assert st.known([art.id], "v2") == set()


def test_second_origin_recorded_once(tmp_path):
    art, analysis = _pair()
    with Store(tmp_path / "s.db") as st:
        st.put([(art, analysis)], "v1")
        st.add_origins(art.id, [Origin(file="copy.txt"), Origin(file="a.txt")])
        files = [o.file for o in st.article(art.id).origins]
    assert files == ["a.txt", "copy.txt"]


def test_full_text_search(tmp_path):
    art, analysis = _pair()
    other, other_analysis = _pair(
        "A flood hit Brevik on Sunday night and closed two roads.", "b.txt", "Flood"
    )
    with Store(tmp_path / "s.db") as st:
        st.put([(art, analysis), (other, other_analysis)], "v1")
        assert [h.id for h in st.search_articles("bridge", 10)] == [art.id]
        assert [h.id for h in st.search_articles("flood", 10)] == [other.id]
        assert st.search_articles("flood OR Novak", 10) == []  # every word is required
        assert [h.id for h in st.search_articles("Nov", 10)] == [art.id]  # the last, a prefix


def test_failed_batch_leaves_store_unchanged(tmp_path):
    art, analysis = _pair()
    with Store(tmp_path / "s.db") as st:
        st.put([(art, analysis)], "v1")
        bad = Analysis(article="x", language="en", sentences=(Sentence(0, 0, 1, 0),) * 2)
        new, _ = _pair("Another text entirely about a harbour.", "c.txt")
        with pytest.raises(sqlite3.IntegrityError):
            st.put([(new, bad)], "v1")  # duplicate sentence index: the batch rolls back
        assert st.count() == 1
        assert st.article(new.id) is None


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


def test_unlinked_is_a_queue_that_linking_empties(tmp_path):
    texts = [TEXT + f" Extra sentence {i}." for i in range(3)]
    ids = [article_id(t) for t in texts]
    with Store(tmp_path / "s.db") as st:
        st.put([_pair(texts[0])], "v1")
        assert st.unlinked() == [ids[0]]
        st.put([_pair(texts[1], file="b.txt")], "v1")
        # nothing linked yet: both wait
        assert sorted(st.unlinked()) == sorted(ids[:2])
        for aid in ids[:2]:
            st.apply_link(LinkDecision(article=aid, story="s1"))
        assert st.unlinked() == []
        assert st.stale_stories() == ["s1"]
        st.put([_pair(texts[0])], "v2")  # analyzed again: still linked, not queued again
        st.put([_pair(texts[2], file="c.txt")], "v1")
        assert st.unlinked() == [ids[2]]
    with Store(tmp_path / "s.db") as again:  # the queue is stored
        assert again.unlinked() == [ids[2]]


def test_an_article_of_an_unsupported_language_is_never_queued(tmp_path):
    art, _ = _pair()
    with Store(tmp_path / "s.db") as st:
        st.put([(art, Analysis(article=art.id, language="fi", supported=False))], "v1")
        assert st.unlinked() == []


def test_a_failed_transaction_leaves_nothing_behind(tmp_path):
    art, analysis = _pair()
    other, other_analysis = _pair("A flood hit Brevik on Sunday night.", "b.txt", "Flood")
    with Store(tmp_path / "s.db") as st:
        with pytest.raises(RuntimeError), st.transaction(exclusive=True):
            st.put([(art, analysis)], "v1")
            st.set_state("k", b"v")
            raise RuntimeError("killed")
        assert st.count() == 0 and st.get_state("k") is None
        with st.transaction():
            st.put([(art, analysis)], "v1")
            with pytest.raises(RuntimeError), st.transaction():  # a nested one rolls back alone
                st.put([(other, other_analysis)], "v1")
                raise RuntimeError("inner")
        assert [a.id for a in st.articles()] == [art.id]


def test_linking_decisions_are_carried_out_whole(tmp_path):
    texts = [TEXT + f" Extra sentence {i}." for i in range(3)]
    ids = [article_id(t) for t in texts]
    with Store(tmp_path / "s.db") as st:
        st.put([_pair(t, file=f"{i}.txt") for i, t in enumerate(texts)], "v1")
        entry = StoryIndexEntry(story="s-a", state={"id": "s-a", "names": {"arlen": 1}},
                                named=True, names=frozenset({"arlen", "novak"}))  # fmt: skip
        st.apply_link(LinkDecision(ids[0], "s-a", index=entry, signature=b"\1" * 16,
                                   bands=((0, 7), (1, 9))))  # fmt: skip
        st.apply_link(LinkDecision(ids[1], "s-b", index=replace(entry, story="s-b")))
        assert st.linked_docs() == 2
        assert st.name_counts(["arlen", "novak", "other"]) == {"arlen": 2, "novak": 2}
        assert st.candidate_stories({"arlen"}, max_df=5, limit=10) == ["s-a", "s-b"]
        assert st.candidate_stories({"arlen"}, max_df=1, limit=10) == []  # too common
        found = st.near_duplicates([(1, 9), (3, 3)], exclude="x")
        assert [(d.article, d.signature) for d in found] == [(ids[0], b"\1" * 16)]
        # A copy of the first article joins its story; the second article's story retires
        # into the first's.
        st.apply_link(LinkDecision(ids[2], "s-a", copy_of=ids[0], retired=("s-b",)))
        assert st.story_of(ids) == dict.fromkeys(ids, "s-a")
        assert st.copies(ids) == {ids[2]: ids[0]}
        assert st.resolve_story("s-b") == "s-a"
        assert st.story_states(["s-b", "s-a"]) == [entry.state]
        assert st.stale_stories() == ["s-a"]
        assert st.linked_docs() == 2  # a copy is not placed by the clusterer


def test_stories_are_stored_as_data(tmp_path):
    art, analysis = _pair()
    cite = Citation(art.id, 0, 0, 61, art.text[:61])
    story = Story(
        id="s1", title="Bridge opens", articles=(art.id,),
        entities=(Entity("e1", "Petra Novak", "PERSON", (Alias("Novak", 2, "surname", 0.9, (cite,)),),
                         mentions=((art.id, 20, 31),)),),
        timeline=(Event("2024-05-06", None, "opened the bridge", ("e1",), (cite,), {art.id: "2024-05-06"}),),
        claims=(Claim("c1", "single-source", "the bridge opened", {art.id: "Monday"}, (cite,), "date"),),
        flags=(Flag("name-variant", art.id, "Novak", "a surname alone", "e1", (cite,)),),
        notes=("a note",),
    )  # fmt: skip
    with Store(tmp_path / "s.db") as st:
        st.put([(art, analysis)], "v1")
        st.apply_link(LinkDecision(art.id, "s1"))
        st.put_story(story, [art])
        assert st.story("s1") == story
        assert st.stale_stories() == []
        assert st.stories_named("petra", 5) == ["s1"] == st.stories_named("nov", 5)
        page = st.list_stories(StoryFilter(q="novak"))
        assert [(s.id, s.first_date, s.sources) for s in page.stories] == [
            ("s1", "2024-05-08", ("Valley Courier",))
        ]
        st.retire_story("s1", "s2")
        assert st.story("s1") is None and st.stories_named("petra", 5) == []


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
    assert [r[0] for r in db.execute("SELECT version FROM migrations")] == [1, 2, 3]


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


def test_a_reader_opens_the_store_while_a_writer_holds_it(tmp_path):
    art, analysis = _pair()
    with Store(tmp_path / "s.db") as writer, writer.transaction(exclusive=True):
        writer.put([(art, analysis)], "v1")
        started = time.perf_counter()
        with Store(tmp_path / "s.db") as reader:  # no migration to do: no lock to wait for
            assert reader.count() == 0  # the write is not committed yet
        assert time.perf_counter() - started < 5
    with Store(tmp_path / "s.db") as reader:
        assert reader.count() == 1
