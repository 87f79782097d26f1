"""The PostgreSQL store's storylines side: the same decisions written back give the same
storylines as on SQLite (test_sqlite_storylines.py), a version 2 database gains the tables,
and storyline writes wait for a linker that holds its lock."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import psycopg

import storyweave.store
from storyweave.link.storylines import StorylineLinker, StorylineSettings
from storyweave.store import open_store

from .test_sqlite_storylines import COURT, ITEMS, PELL, _from_store, doc


def test_decisions_written_back_give_the_storylines_of_a_linker_in_memory(pg):
    whole = StorylineLinker(StorylineSettings())
    expected = [whole.add(d, e) for d, e in ITEMS]
    got = []
    with open_store(pg.create("pgl_whole")) as st:
        for d, event in ITEMS:
            decision = _from_store(st, d, [event]).decide(d, event)
            st.apply_storyline(decision)
            got.append(decision.storyline)
        assert got == expected
        stories = [e for _, e in ITEMS]
        now = {s: st.resolve_storyline(line) for s, line in st.storylines_of(stories).items()}
        assert now == {e: whole.resolve(whole.storyline_of(e) or "") for e in stories}
        assert st.resolve_storyline("lx") == whole.storyline_of("sx") == "lp-arrest"
        assert st.storyline_records(["lx"]) == []
        (record,) = st.storyline_records(["lp-arrest"])
        assert record["events"] == whole.storylines()["lp-arrest"]
        assert st.storyline_docs() == len(ITEMS)
        assert st.actor_counts(["pell", "nobody"]) == {"pell": 3}
        assert st.candidate_storylines({"koinbay"}, max_df=10, limit=5) == ["lv-arrest"]
        assert st.candidate_storylines({"koinbay"}, max_df=1, limit=5) == []  # too common


def test_a_lone_story_merged_into_another_loses_its_storyline_record(pg):
    with open_store(pg.create("pgl_merged")) as st:
        for d, event, moved in [
            (doc("p1", PELL, COURT), "sp", ()),
            (doc("x1", {"halden investors"}), "sx", ()),
            (doc("p2", PELL, COURT), "sp", (("x1", "sx"),)),
        ]:
            st.apply_storyline(_from_store(st, d, [event, *(m for _, m in moved)]).decide(
                d, event, moved
            ))  # fmt: skip
        assert st.storylines_of(["sp", "sx"]) == {"sp": "lp"}
        assert st.resolve_storyline("lx") == "lp"
        assert [r["events"] for r in st.storyline_records(["lp"])] == [["sp"]]


def test_a_version_2_database_gains_the_storyline_tables_and_lists_its_stories_unplaced(pg):
    url = pg.create("pgl_v2")
    sql = Path(storyweave.store.__file__).parent / "sql" / "postgres"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "CREATE TABLE migrations (version integer PRIMARY KEY, applied text NOT NULL, "
            "description text NOT NULL)"
        )
        for version, name in ((1, "001_initial.sql"), (2, "002_add_jobs.sql")):
            conn.execute((sql / name).read_text())
            conn.execute("INSERT INTO migrations VALUES (%s, 'then', %s)", (version, name))
        conn.execute(
            "INSERT INTO articles(id, text, added, analyzer) "
            "VALUES ('a1', 'Text.', 'then', 'v1'), ('a2', 'More.', 'then', 'v1')"
        )
        conn.execute(
            "INSERT INTO story_articles VALUES ('a1', 's1', NULL, 'then'), "
            "('a2', 'S0', NULL, 'then')"
        )
    with open_store(url) as st:
        assert st.unplaced_stories() == ["S0", "s1"]  # byte order, as on SQLite
        assert st.storylines_of(["s1"]) == {} and st.storyline_docs() == 0
    with psycopg.connect(url) as conn:
        assert [r[0] for r in conn.execute("SELECT version FROM migrations")] == [1, 2, 3]


def test_a_storyline_decided_while_another_linker_holds_the_lock_sees_its_write(pg):
    # p2 joins Pell's storyline only if its linker reads after p1's storyline is written;
    # read before, it would start a storyline of its own.
    url = pg.create("pgl_locked")
    open_store(url).close()
    first, second = doc("p1", PELL, COURT), doc("p2", PELL, COURT | {"nadia ferro"})
    result: list[str] = []
    with open_store(url) as one, open_store(url) as two:
        with one.transaction(exclusive=True):
            one.apply_storyline(_from_store(one, first, ["sp-arrest"]).decide(first, "sp-arrest"))

            def link() -> None:
                with two.transaction(exclusive=True):
                    decision = _from_store(two, second, ["sp-verdict"]).decide(second, "sp-verdict")
                    two.apply_storyline(decision)
                result.append(decision.storyline)

            thread = threading.Thread(target=link)
            thread.start()
            time.sleep(0.5)
            assert result == []  # waiting for the first linker's transaction
        thread.join(30)
        assert result == ["lp-arrest"]
        assert two.storylines_of(["sp-arrest", "sp-verdict"]) == {
            "sp-arrest": "lp-arrest",
            "sp-verdict": "lp-arrest",
        }
        assert two.storyline_docs() == 2


def test_a_storyline_write_waits_for_a_linker_holding_its_lock(pg):
    url = pg.create("pgl_waits")
    open_store(url).close()
    d = doc("p1", PELL, COURT)
    done: list[bool] = []
    with open_store(url) as one, open_store(url) as two:
        decision = _from_store(two, d, ["sp"]).decide(d, "sp")
        with one.transaction(exclusive=True):

            def write() -> None:
                two.apply_storyline(decision)
                done.append(True)

            thread = threading.Thread(target=write)
            thread.start()
            time.sleep(0.5)
            assert done == [] and one.storylines_of(["sp"]) == {}
        thread.join(30)
        assert done == [True] and one.storylines_of(["sp"]) == {"sp": "lp"}
