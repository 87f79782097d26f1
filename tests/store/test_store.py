"""What every store back end guarantees (store/base.py), checked on SQLite and on PostgreSQL
alike: round trips, idempotence, whole writes, the linking queue, stories as data, search from
plain words."""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import replace

import psycopg
import pytest

from storyweave.model import (
    Alias,
    Analysis,
    Citation,
    Claim,
    Entity,
    Event,
    Flag,
    LinkDecision,
    Origin,
    Sentence,
    Story,
    StoryIndexEntry,
    article_id,
)
from storyweave.store import StoryFilter, open_store
from storyweave.store.base import MULTI_VECTOR

from .storedata import TEXT, pair

INTEGRITY = (sqlite3.IntegrityError, psycopg.IntegrityError)


def test_round_trip_keeps_every_field(places):
    db = places.fresh()
    art, analysis = pair()
    with open_store(db) as st:
        st.put([(art, analysis)], "v1")
    with open_store(db) as st:
        stored = st.article(art.id)
        assert stored is not None
        assert (stored.text, stored.title, stored.published, stored.origins) == (
            art.text,
            art.title,
            art.published,
            art.origins,
        )
        assert stored.language == "en"
        assert st.analysis(art.id) == analysis
        assert st.vectors([art.id, "other"]) == {art.id: analysis.vector}
        assert st.count() == 1 and st.known([art.id, "other"], "v1") == {art.id}
        assert st.known([art.id], "v2") == set()


def test_a_multilingual_vector_is_kept_with_its_analysis_and_replaced_by_a_new_one(places):
    db = places.fresh()
    art, analysis = pair()
    first = replace(analysis, vector_multi=bytes(range(16)))
    with open_store(db) as st:
        st.put([(art, first)], "v1")
        assert st.analysis(art.id) == first
        assert st.cached(MULTI_VECTOR, [art.id]) == {art.id: first.vector_multi}
        again = replace(analysis, vector_multi=bytes(range(16, 32)))
        st.put([(art, again)], "v2")  # a newer analyzer rewrites the analysis
        stored = st.analysis(art.id)
        assert stored is not None and stored.vector_multi == again.vector_multi


def test_second_origin_recorded_once(places):
    art, analysis = pair()
    with open_store(places.fresh()) as st:
        st.put([(art, analysis)], "v1")
        st.add_origins(art.id, [Origin(file="copy.txt"), Origin(file="a.txt")])
        st.add_origins(art.id, [Origin(file="copy.txt")])
        files = [o.file for o in st.article(art.id).origins]
    assert files == ["a.txt", "copy.txt"]


def test_a_second_writer_of_the_same_article_keeps_the_first_analysis(places):
    art, analysis = pair()
    later = replace(analysis, quantities=())
    with open_store(places.fresh()) as st:
        st.put([(art, analysis)], "v1", keep_current=True)
        again = replace(art, origins=(Origin(file="elsewhere.txt"),))
        st.put([(again, later)], "v1", keep_current=True)
        assert st.analysis(art.id) == analysis  # the first is kept
        assert [o.file for o in st.article(art.id).origins] == ["a.txt", "elsewhere.txt"]
        st.put([(art, later)], "v2", keep_current=True)  # another analyzer replaces it
        assert st.analysis(art.id) == later and st.count() == 1


def test_full_text_search(places):
    art, analysis = pair()
    other, other_analysis = pair(
        "A flood hit Brevik on Sunday night and closed two roads.", "b.txt", "Flood"
    )
    with open_store(places.fresh()) as st:
        st.put([(art, analysis), (other, other_analysis)], "v1")
        assert [h.id for h in st.search_articles("bridge", 10)] == [art.id]
        assert [h.id for h in st.search_articles("flood", 10)] == [other.id]
        assert st.search_articles("flood OR Novak", 10) == []  # every word is required
        assert [h.id for h in st.search_articles("Nov", 10)] == [art.id]  # the last, a prefix
        hit = st.search_articles("roads", 10)[0]
        assert "roads" in hit.snippet and hit.story is None


def test_search_folds_case_and_accents_in_every_script(places):
    texts = [
        "Fishermen in Ålesund met the minister Мэн Ваньчжоу on Friday.",
        "The Straße of the old town was closed by the council of Zürich.",
    ]
    items = [pair(t, f"{i}.txt", f"Report {i}") for i, t in enumerate(texts)]
    with open_store(places.fresh()) as st:
        st.put(items, "v1")
        ids = [a.id for a, _ in items]
        for q, expected in [("alesund", ids[0]), ("ÅLESUND", ids[0]), ("мэн", ids[0]),
                            ("ВАНЬ", ids[0]), ("zurich", ids[1]), ("Zür", ids[1])]:  # fmt: skip
            assert [h.id for h in st.search_articles(q, 5)] == [expected], q


def test_search_syntax_is_only_words(places):
    art, analysis = pair()
    with open_store(places.fresh()) as st:
        st.put([(art, analysis)], "v1")
        for q in ['"', "a AND", "NEAR(x y", "*", "col:word", "a | b", "!x", "x & ", "'", "\\"]:
            st.search_articles(q, 5)  # no error
            st.stories_named(q, 5)
            st.list_stories(StoryFilter(q=q))
        assert st.search_articles("", 5) == [] and st.stories_named("  ", 5) == []


def test_failed_batch_leaves_store_unchanged(places):
    art, analysis = pair()
    with open_store(places.fresh()) as st:
        st.put([(art, analysis)], "v1")
        bad = Analysis(article="x", language="en", sentences=(Sentence(0, 0, 1, 0),) * 2)
        new, _ = pair("Another text entirely about a harbour.", "c.txt")
        with pytest.raises(INTEGRITY):
            st.put([(new, bad)], "v1")  # duplicate sentence index: the batch rolls back
        assert st.count() == 1
        assert st.article(new.id) is None


def test_failures_and_file_names(places):
    art, analysis = pair(file="/tmp/up/x/a.txt")
    with open_store(places.fresh()) as st:
        st.put([(art, analysis)], "v1")
        st.record_failure("/tmp/up/x/b.bin", "SW100", "binary file")
        st.record_failure("/tmp/up/x/b.bin", "SW100", "binary file")
        st.record_failure("/tmp/up_x/c.txt", "SW100", "empty")
        assert st.failures() == [
            ("/tmp/up/x/b.bin", "SW100", "binary file"),
            ("/tmp/up_x/c.txt", "SW100", "empty"),
        ]
        # The prefix is taken literally: "_" is no wildcard.
        assert st.files_with_prefix("/tmp/up/x/") == ["/tmp/up/x/a.txt", "/tmp/up/x/b.bin"]
        st.rename_files({"/tmp/up/x/a.txt": "upload:a.txt", "/tmp/up/x/b.bin": "upload:b.bin"})
        assert [o.file for o in st.article(art.id).origins] == ["upload:a.txt"]
        assert [f for f, _, _ in st.failures()] == ["/tmp/up_x/c.txt", "upload:b.bin"]


def test_unlinked_is_a_queue_that_linking_empties(places):
    db = places.fresh()
    texts = [TEXT + f" Extra sentence {i}." for i in range(3)]
    ids = [article_id(t) for t in texts]
    with open_store(db) as st:
        st.put([pair(texts[0])], "v1")
        assert st.unlinked() == [ids[0]]
        st.put([pair(texts[1], file="b.txt")], "v1")
        # nothing linked yet: both wait
        assert sorted(st.unlinked()) == sorted(ids[:2])
        for aid in ids[:2]:
            st.apply_link(LinkDecision(article=aid, story="s1"))
        assert st.unlinked() == []
        assert st.stale_stories() == ["s1"]
        st.put([pair(texts[0])], "v2")  # analyzed again: still linked, not queued again
        st.put([pair(texts[2], file="c.txt")], "v1")
        assert st.unlinked() == [ids[2]]
    with open_store(db) as again:  # the queue is stored
        assert again.unlinked() == [ids[2]]


def test_an_article_of_an_unsupported_language_is_never_queued(places):
    art, _ = pair()
    with open_store(places.fresh()) as st:
        st.put([(art, Analysis(article=art.id, language="fi", supported=False))], "v1")
        assert st.unlinked() == []


def test_a_failed_transaction_leaves_nothing_behind(places):
    art, analysis = pair()
    other, other_analysis = pair("A flood hit Brevik on Sunday night.", "b.txt", "Flood")
    with open_store(places.fresh()) as st:
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


def test_kept_work_and_state(places):
    with open_store(places.fresh()) as st:
        st.cache("parse", [("k1", b"\x00one"), ("k2", b"two")])
        st.cache("parse", [("k1", b"\x00one")])
        assert st.cached("parse", ["k1", "k2", "k3"]) == {"k1": b"\x00one", "k2": b"two"}
        assert st.cached("other", ["k1"]) == {}
        st.set_state("x", b"1")
        st.set_state("x", b"2")
        assert st.get_state("x") == b"2" and st.get_state("y") is None


def test_linking_decisions_are_carried_out_whole(places):
    texts = [TEXT + f" Extra sentence {i}." for i in range(3)]
    ids = [article_id(t) for t in texts]
    with open_store(places.fresh()) as st:
        st.put([pair(t, file=f"{i}.txt") for i, t in enumerate(texts)], "v1")
        entry = StoryIndexEntry(story="s-a", state={"id": "s-a", "names": {"arlen": 1}},
                                named=True, names=frozenset({"arlen", "novak"}))  # fmt: skip
        st.apply_link(LinkDecision(ids[0], "s-a", index=entry, signature=b"\1" * 16,
                                   bands=((0, 7), (1, -9))))  # fmt: skip
        st.apply_link(LinkDecision(ids[1], "s-b", index=replace(entry, story="s-b")))
        assert st.linked_docs() == 2
        assert st.name_counts(["arlen", "novak", "other"]) == {"arlen": 2, "novak": 2}
        assert st.candidate_stories({"arlen"}, max_df=5, limit=10) == ["s-a", "s-b"]
        assert st.candidate_stories({"arlen"}, max_df=1, limit=10) == []  # too common
        found = st.near_duplicates([(1, -9), (3, 3)], exclude="x")
        assert [(d.article, d.signature) for d in found] == [(ids[0], b"\1" * 16)]
        # A copy of the first article joins its story; the second article's story retires
        # into the first's.
        st.apply_link(LinkDecision(ids[2], "s-a", copy_of=ids[0], retired=("s-b",)))
        assert st.story_of(ids) == dict.fromkeys(ids, "s-a")
        assert st.copies(ids) == {ids[2]: ids[0]}
        assert st.resolve_story("s-b") == "s-a"
        assert st.story_states(["s-b", "s-a"]) == [entry.state]
        assert st.stale_stories() == ["s-a"] == st.stale_stories(["s-a", "s-b", "s-c"])
        assert st.linked_docs() == 2  # a copy is not placed by the clusterer
        assert st.story_members("s-a") == ids  # publication order, then as first stored


def _story(art, story_id="s1"):
    cite = Citation(art.id, 0, 0, 61, art.text[:61])
    return Story(
        id=story_id, title="Bridge opens", articles=(art.id,),
        entities=(Entity("e1", "Petra Novák", "PERSON", (Alias("Novak", 2, "surname", 0.9, (cite,)),),
                         mentions=((art.id, 20, 31),)),),
        timeline=(Event("2024-05-06", None, "opened the bridge", ("e1",), (cite,), {art.id: "2024-05-06"}),),
        claims=(Claim("c1", "single-source", "the bridge opened", {art.id: "Monday"}, (cite,), "date"),),
        flags=(Flag("name-variant", art.id, "Novak", "a surname alone", "e1", (cite,)),),
        notes=("a note",),
    )  # fmt: skip


def test_stories_are_stored_as_data(places):
    art, analysis = pair()
    story = _story(art)
    with open_store(places.fresh()) as st:
        st.put([(art, analysis)], "v1")
        st.apply_link(LinkDecision(art.id, "s1"))
        assert st.put_story(story, [art])
        assert st.story("s1") == story and st.story_ids() == ["s1"]
        assert st.stale_stories() == []
        # Names: every word whole but the last, a prefix; accents and case folded.
        for q in ("petra", "nov", "NOVAK", "petra novák", "Petra No"):
            assert st.stories_named(q, 5) == ["s1"], q
        for q in ("pet novak", "novakx", "arlen"):
            assert st.stories_named(q, 5) == [], q
        page = st.list_stories(StoryFilter(q="novak"))
        assert [(s.id, s.first_date, s.sources) for s in page.stories] == [
            ("s1", "2024-05-08", ("Valley Courier",))
        ]
        assert st.list_stories(StoryFilter(q="bridge", date_from="2024-06-01")).total == 0
        assert st.list_stories(StoryFilter(source="Valley Courier", language="en")).total == 1
        assert st.facets().sources == ("Valley Courier",) and st.facets().languages == ("en",)
        assert [a.id for a in st.article_summaries(["nope", art.id])] == [art.id]
        st.retire_story("s1", "s2")
        assert st.story("s1") is None and st.stories_named("petra", 5) == []


def test_a_story_made_from_old_members_is_not_stored(places):
    """A story reconciled while another process linked an article into it (or retired it)
    is not stored: the stale mark stays for whoever reconciles it next."""
    art, analysis = pair()
    new, new_analysis = pair(TEXT + " More.", "b.txt")
    with open_store(places.fresh()) as st:
        st.put([(art, analysis), (new, new_analysis)], "v1")
        st.apply_link(LinkDecision(art.id, "s1"))
        st.apply_link(LinkDecision(new.id, "s1"))  # linked after the story was read
        assert not st.put_story(_story(art), [art])
        assert st.story("s1") is None and st.stale_stories() == ["s1"]
        assert st.put_story(replace(_story(art), articles=(art.id, new.id)), [art, new])
        assert st.stale_stories() == []
        st.apply_link(LinkDecision(art.id, "s2", retired=("s1",)))
        assert not st.put_story(_story(art), [art])  # retired meanwhile
        assert st.story_ids() == []


def test_reconciling_is_held_by_one_at_a_time_per_story(places, backend):
    db = places.fresh()
    with open_store(db) as one, open_store(db) as two:
        with one.reconciling("s1", wait=False) as mine:
            assert mine
            with two.reconciling("s2", wait=False) as other:
                assert other  # another story
            with two.reconciling("s1", wait=False) as theirs:
                # A server database lets one process at a time; SQLite lets both (put_story
                # keeps the right result).
                assert theirs is (backend == "sqlite")
        with two.reconciling("s1", wait=False) as theirs:
            assert theirs  # released


def test_a_reader_opens_the_store_while_a_writer_holds_it(places):
    db = places.fresh()
    open_store(db).close()
    art, analysis = pair()
    with open_store(db) as writer, writer.transaction(exclusive=True):
        writer.put([(art, analysis)], "v1")
        started = time.perf_counter()
        with open_store(db) as reader:  # no migration to do: no lock to wait for
            assert reader.count() == 0  # the write is not committed yet
        assert time.perf_counter() - started < 5
    with open_store(db) as reader:
        assert reader.count() == 1


def test_a_second_linker_waits_for_the_first(places):
    db = places.fresh()
    open_store(db).close()
    order: list[str] = []
    entered = threading.Event()

    def second() -> None:
        with open_store(db) as st:
            entered.wait(10)
            with st.transaction(exclusive=True):
                order.append("second")

    thread = threading.Thread(target=second)
    with open_store(db) as st:
        thread.start()
        with st.transaction(exclusive=True):
            entered.set()
            time.sleep(0.5)
            order.append("first")
    thread.join(30)
    assert order == ["first", "second"]


def test_a_nul_character_is_stored_and_looked_up_without_error(places):
    text = "The ferry\x00 left Brask at noon on Tuesday, the harbour office said."
    art, analysis = pair(text, "nul.txt", "Ferry\x00")
    with open_store(places.fresh()) as st:
        st.put([(art, analysis)], "v1")
        stored = st.article(art.id)
        assert stored is not None and len(stored.text) == len(text)  # offsets stay right
        assert st.article("x\x00") is None and st.story("s\x00") is None
        assert st.list_stories(StoryFilter(q="\x00", source="a\x00")).total == 0
        assert [h.id for h in st.search_articles("ferry", 5)] == [art.id]


def test_story_index_entry_with_an_array_vector_is_stored_as_a_list(places):
    # The clusterer hands its story states over with the vector sum as a numpy array (so the
    # next placement need not convert it back); the store writes it as a list of floats.
    import numpy as np

    total = np.array([0.25, -1.5, 3.0])
    with open_store(places.fresh()) as st:
        st.put([pair(TEXT)], "v1")
        entry = StoryIndexEntry(story="s-a", state={"id": "s-a", "vector_sum": total},
                                named=False, names=frozenset())  # fmt: skip
        st.apply_link(LinkDecision(article_id(TEXT), "s-a", index=entry))
        assert st.story_states(["s-a"]) == [{"id": "s-a", "vector_sum": [0.25, -1.5, 3.0]}]
