import sqlite3

import pytest

from storyweave.errors import StoreError
from storyweave.model import (
    Analysis,
    Article,
    Mention,
    NameGroup,
    Origin,
    Quantity,
    Sentence,
    TimeExpr,
    article_id,
)
from storyweave.store import SCHEMA_VERSION, Store

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
        assert st.search("bridge") == [art.id]
        assert set(st.search("flood OR Novak")) == {art.id, other.id}


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


def test_unlinked_reads_only_what_came_after_the_last_linking(tmp_path):
    texts = [TEXT + f" Extra sentence {i}." for i in range(3)]
    with Store(tmp_path / "s.db") as st:
        st.put([_pair(texts[0])], "v1")
        first = st.unlinked()
        assert first == [article_id(texts[0])]
        st.put([_pair(texts[1], file="b.txt")], "v1")
        # a run that stopped before marking: both are still unlinked next time
        assert sorted(st.unlinked()) == sorted(article_id(t) for t in texts[:2])
        st.link([(article_id(t), "s1", None) for t in texts[:2]])
        st.mark_linked()
        assert st.unlinked() == []
        st.put([_pair(texts[2], file="c.txt")], "v1")
        assert st.unlinked() == [article_id(texts[2])]
    with Store(tmp_path / "s.db") as again:  # the mark is stored
        assert again.unlinked() == [article_id(texts[2])]
