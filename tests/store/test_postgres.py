"""What only the PostgreSQL store does: its schema (tsvector, trigrams), migrations shared by
processes starting together, messages for a server it cannot use, and writers that meet on
the same rows. What every back end does is in test_store.py."""

from __future__ import annotations

import multiprocessing
import threading
import time
from dataclasses import replace

import psycopg
import pytest

from storyweave.errors import StoreError
from storyweave.model import LinkDecision, Origin, Story
from storyweave.store import open_store
from storyweave.store.postgres import SCHEMA_VERSION

from .storedata import TEXT, pair


def test_schema_has_search_indexes_and_migrations(pg):
    url = pg.create("pg_schema")
    open_store(url).close()
    with psycopg.connect(url) as conn:
        versions = [r[0] for r in conn.execute("SELECT version FROM migrations")]
        assert versions == list(range(1, SCHEMA_VERSION + 1))
        generated = conn.execute(
            "SELECT data_type, is_generated FROM information_schema.columns "
            "WHERE table_name = 'articles' AND column_name = 'words'"
        ).fetchone()
        assert generated == ("tsvector", "ALWAYS")
        indexes = {
            name: sql for name, sql in conn.execute("SELECT indexname, indexdef FROM pg_indexes")
        }
        assert "USING gin (words)" in indexes["articles_words"]
        assert "gin_trgm_ops" in indexes["story_search_names"]
        conn.execute("SET enable_seqscan = off")  # an empty table: ask whether it could
        plan = "\n".join(
            r[0]
            for r in conn.execute(
                "EXPLAIN SELECT story FROM story_search WHERE names LIKE %s AND names LIKE %s",
                ("% petra %", "% nov%"),
            )
        )
        assert "story_search_names" in plan


def _open(url: str) -> int:
    with open_store(url) as st:
        return st.count()


def test_processes_opening_a_new_database_together_migrate_it_once(pg):
    url = pg.create("pg_together")
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(4) as pool:
        assert pool.map(_open, [url] * 4) == [0, 0, 0, 0]
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT count(*) FROM migrations").fetchone()[0] == SCHEMA_VERSION


def test_a_newer_store_is_refused(pg):
    url = pg.create("pg_newer")
    open_store(url).close()
    with psycopg.connect(url) as conn:
        conn.execute(
            "INSERT INTO migrations VALUES (%s, 'later', 'from the future')", (SCHEMA_VERSION + 1,)
        )
    with pytest.raises(StoreError, match="newer than this storyweave"):
        open_store(url)


def test_an_unreachable_server_is_reported_without_its_password(tmp_path):
    url = f"postgresql://reader:s3cret@/nodb?host={tmp_path}&port=1"
    with pytest.raises(StoreError) as err:
        open_store(url)
    message = str(err.value)
    assert "cannot connect to PostgreSQL" in message and "--db" in message
    assert "s3cret" not in message and "reader:***@" in message


def test_two_writers_of_the_same_articles_in_opposite_orders(pg):
    """Overlapping batches stored at once: no deadlock, one row per article, every origin."""
    url = pg.create("pg_writers")
    items = [pair(TEXT + f" Item {i}.", f"{i}.txt") for i in range(6)]
    open_store(url).close()
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def write(batch, file):
        try:
            with open_store(url) as st:
                moved = [(_with_origin(a, file), an) for a, an in batch]
                barrier.wait(10)
                for _ in range(3):
                    st.put(moved, "v1", keep_current=True)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [
        threading.Thread(target=write, args=(items, "one")),
        threading.Thread(target=write, args=(list(reversed(items)), "two")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    with open_store(url) as st:
        assert st.count() == 6 and sorted(st.unlinked()) == sorted(a.id for a, _ in items)
        for a, an in items:
            assert {o.file.split("/")[0] for o in st.article(a.id).origins} == {"one", "two"}
            assert st.analysis(a.id) == an


def _with_origin(article, folder):
    return replace(article, origins=(Origin(file=f"{folder}/{article.origins[0].file}"),))


def test_a_story_stored_while_a_linker_holds_it_waits_and_sees_the_new_member(pg):
    url = pg.create("pg_put_story")
    art, analysis = pair()
    new, new_analysis = pair(TEXT + " More.", "b.txt")
    with open_store(url) as st:
        st.put([(art, analysis), (new, new_analysis)], "v1")
        st.apply_link(LinkDecision(art.id, "s1"))
    result: list[bool] = []
    with open_store(url) as linker, open_store(url) as reconciler:
        with linker.transaction(exclusive=True):
            linker.apply_link(LinkDecision(new.id, "s1"))

            def put() -> None:
                result.append(reconciler.put_story(Story("s1", "t", (art.id,)), [art]))

            thread = threading.Thread(target=put)
            thread.start()
            time.sleep(0.5)
            assert result == []  # waiting for the linker's transaction
        thread.join(30)
        assert result == [False]  # made from one member of two: not stored
        assert reconciler.stale_stories() == ["s1"] and reconciler.story("s1") is None


def test_reconciling_with_wait_starts_when_the_other_is_done(pg):
    url = pg.create("pg_reconciling")
    open_store(url).close()
    order: list[str] = []
    with open_store(url) as one, open_store(url) as two:
        with one.reconciling("s1", wait=True):

            def other() -> None:
                with two.reconciling("s1", wait=True) as mine:
                    order.append(f"two {mine}")

            thread = threading.Thread(target=other)
            thread.start()
            time.sleep(0.5)
            order.append("one done")
        thread.join(30)
    assert order == ["one done", "two True"]


def test_linking_commits_each_link_and_keeps_other_linkers_out_until_it_ends(pg):
    url = pg.create("pg_linking")
    (a, an), (b, bn) = pair(), pair(TEXT + " More.", "b.txt")
    with open_store(url) as st:
        st.put([(a, an), (b, bn)], "v1")
    entered: list[str] = []
    with open_store(url) as linker, open_store(url) as other, open_store(url) as reader:
        with linker.linking():
            with linker.transaction():
                linker.apply_link(LinkDecision(a.id, "s1"))
            # Committed although the run goes on: a reader sees it, the queue lost it.
            assert reader.story_of([a.id]) == {a.id: "s1"}
            assert reader.unlinked() == [b.id]

            def second() -> None:
                with other.linking():
                    entered.append("other")

            thread = threading.Thread(target=second)
            thread.start()
            time.sleep(0.5)
            assert entered == []  # the second linker waits for the first
            with linker.transaction(exclusive=True):  # re-entrant for the holder
                linker.apply_link(LinkDecision(b.id, "s1"))
        thread.join(30)
        assert entered == ["other"]
        assert reader.unlinked() == []
        assert sorted(reader.story_members("s1")) == sorted([a.id, b.id])


def test_an_interrupted_linking_run_keeps_the_links_it_committed(pg):
    url = pg.create("pg_linking_cut")
    (a, an), (b, bn) = pair(), pair(TEXT + " More.", "b.txt")
    with open_store(url) as st:
        st.put([(a, an), (b, bn)], "v1")
        with pytest.raises(RuntimeError), st.linking():
            with st.transaction():
                st.apply_link(LinkDecision(a.id, "s1"))
            with st.transaction():
                st.apply_link(LinkDecision(b.id, "s2"))
                raise RuntimeError("stopped mid-article")
        assert st.unlinked() == [b.id] and st.story_of([a.id, b.id]) == {a.id: "s1"}
        with st.linking():  # the lock was given back
            pass
