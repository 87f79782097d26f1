"""The SQLite store's storylines side: the storyline linker's decisions, written back one
article at a time, give the storylines the linker reaches holding everything in memory."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import storyweave.store
from storyweave.link.storylines import ActorDoc, StorylineLinker, StorylineSettings
from storyweave.store import SQLiteStore as Store

PELL = {"oskar pell", "pell", "halden trust"}
VOSS = {"lena voss", "voss", "koinbay"}
COURT = {"judge amos reyes", "reyes", "prosecutor office"}


def doc(key: str, lead: set[str], rest: set[str] = frozenset()) -> ActorDoc:
    return ActorDoc(key, frozenset(lead | rest), frozenset(lead))


ITEMS = [
    (doc("p1", PELL, COURT), "sp-arrest"),
    (doc("v1", VOSS, COURT), "sv-arrest"),
    (doc("x1", {"halden investors"}), "sx"),
    (doc("p2", PELL, COURT | {"nadia ferro"}), "sp-verdict"),
    (doc("v2", VOSS, COURT | {"oskar pell"}), "sv-verdict"),
    (doc("x2", PELL | {"halden investors"}, COURT), "sx"),
]


def _from_store(st: Store, d: ActorDoc, stories: list[str]) -> StorylineLinker:
    """What the pipeline hands the linker for one article: the candidates' storylines and
    those sharing its actors, their stories' profiles and the actor counts."""
    line_of = st.storylines_of(stories)
    nearby = st.candidate_storylines(d.actors, max_df=100, limit=10)
    records = st.storyline_records(list(dict.fromkeys([*line_of.values(), *nearby])))
    events = [e for r in records for e in r["events"]]
    needed = set(d.actors).union(*(r["profile"]["text"] for r in records))
    return StorylineLinker.from_records(
        records,
        st.story_profiles(events),
        st.actor_counts(needed),
        st.storyline_docs(),
        StorylineSettings(),
    )


def test_decisions_written_back_give_the_storylines_of_a_linker_in_memory(tmp_path):
    whole = StorylineLinker(StorylineSettings())
    expected = [whole.add(d, e) for d, e in ITEMS]
    got = []
    with Store(tmp_path / "s.db") as st:
        for d, event in ITEMS:
            decision = _from_store(st, d, [event]).decide(d, event)
            st.apply_storyline(decision)
            got.append(decision.storyline)
        assert got == expected
        stories = [e for _, e in ITEMS]
        now = {s: st.resolve_storyline(line) for s, line in st.storylines_of(stories).items()}
        assert now == {e: whole.resolve(whole.storyline_of(e) or "") for e in stories}
        # The lone storyline of "sx" joined Pell's once Pell led its reports: it forwards.
        assert st.resolve_storyline("lx") == whole.storyline_of("sx") == "lp-arrest"
        assert st.storyline_records(["lx"]) == []
        (record,) = st.storyline_records(["lp-arrest"])
        assert record["events"] == whole.storylines()["lp-arrest"]
        assert st.storyline_docs() == len(ITEMS)
        assert st.actor_counts(["pell", "nobody"]) == {"pell": 3}
        assert st.candidate_storylines({"koinbay"}, max_df=10, limit=5) == ["lv-arrest"]
        assert st.candidate_storylines({"koinbay"}, max_df=1, limit=5) == []  # too common


def test_a_lone_story_merged_into_another_loses_its_storyline_record(tmp_path):
    with Store(tmp_path / "s.db") as st:
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


def test_a_version_2_store_gains_the_storyline_tables_and_lists_its_stories_unplaced(tmp_path):
    sql = Path(storyweave.store.__file__).parent / "sql" / "sqlite"
    db = sqlite3.connect(tmp_path / "old.db")
    db.executescript((sql / "001_initial.sql").read_text())
    db.executescript((sql / "002_queue_search_stories.sql").read_text())
    db.executemany(
        "INSERT INTO migrations VALUES (?, '2026-01-01', ?)", [(1, "initial"), (2, "queue")]
    )
    db.execute("INSERT INTO story_articles VALUES ('a1', 's1', NULL, 'then')")
    db.commit()
    db.close()
    with Store(tmp_path / "old.db") as st:
        assert st.unplaced_stories() == ["s1"]
        assert st.storylines_of(["s1"]) == {} and st.storyline_docs() == 0
    db = sqlite3.connect(tmp_path / "old.db")
    assert [r[0] for r in db.execute("SELECT version FROM migrations")] == [1, 2, 3, 4]
