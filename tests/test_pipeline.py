"""The pipeline over a store: an interrupted step loses nothing and a rerun does nothing
twice. Articles are stored with hand-made analyses (no NLP) so that linking is fast and each
article's fit is known; reconciling runs the real reconciler."""

from __future__ import annotations

import numpy as np
import pytest

from storyweave import pipeline
from storyweave.model import Analysis, Article, Mention, NameGroup, Sentence, article_id
from storyweave.store import open_store

TEXTS = (
    "Fire crews fought a blaze at the Kessler depot in Dunmore on Monday, Mara Vance said.",
    "The Kessler depot in Dunmore burned for hours on Monday, Mara Vance of the Harbour Board said.",
    "Mara Vance said the Kessler depot fire in Dunmore was out by Tuesday morning.",
)


def _pair(n: int, text: str, vector: np.ndarray) -> tuple[Article, Analysis]:
    art = Article(id=article_id(text), text=text, published=f"2026-05-0{n + 1}", source=f"S{n}")
    start = text.index("Mara Vance")
    mention = Mention(start, start + 10, "Mara Vance", "PERSON", "Mara Vance", group=0, sentence=0)
    analysis = Analysis(
        article=art.id, language="en", sentences=(Sentence(0, 0, len(text), 0),),
        mentions=(mention,), groups=(NameGroup(0, "Mara Vance", {"PERSON": 1}, (0,)),),
        vector=vector.astype("<f4").tobytes(),
    )  # fmt: skip
    return art, analysis


@pytest.fixture
def stored(places):
    rng = np.random.default_rng(3)
    event = rng.normal(size=384)
    db = places.fresh()
    with open_store(db) as st:
        for n, text in enumerate(TEXTS):
            v = event + rng.normal(scale=0.1, size=384)
            st.put([_pair(n, text, v / np.linalg.norm(v))], "hand")
    return db, [article_id(t) for t in TEXTS]


def test_an_interrupted_linking_loses_nothing(stored, backend, monkeypatch):
    db, ids = stored
    with open_store(db) as st:
        kind = type(st)
    real = kind.apply_link
    calls = []

    def failing(self, decision):  # type: ignore[no-untyped-def]
        calls.append(decision.article)
        if len(calls) == 2:
            raise KeyboardInterrupt  # a kill in the middle of linking
        return real(self, decision)

    monkeypatch.setattr(kind, "apply_link", failing)
    with open_store(db) as st, pytest.raises(KeyboardInterrupt):
        pipeline.link(st)
    monkeypatch.setattr(kind, "apply_link", real)
    with open_store(db) as st:
        # Nothing lost: each article is in a story or still waiting. SQLite links in one
        # transaction, rolled back whole; PostgreSQL commits each link (store.linking), so the
        # article linked before the kill stays linked, its story stale for the next reconcile.
        linked = st.story_of(ids)
        assert len(linked) == (1 if backend == "postgres" else 0)
        assert sorted([*st.unlinked(), *linked]) == sorted(ids)
        assert st.linked_docs() == len(linked)
        assert set(st.stale_stories()) == set(linked.values())
        touched = pipeline.link(st)
        assert len(touched) == 1 and set(st.story_of(ids).values()) == touched
        assert st.unlinked() == [] and st.linked_docs() == 3
        assert pipeline.link(st) == set()  # nothing twice


def test_an_interrupted_reconciling_is_finished_by_the_next_run(stored, monkeypatch):
    db, ids = stored

    def failing(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    import storyweave.reconcile

    real = storyweave.reconcile.reconcile_story
    monkeypatch.setattr(storyweave.reconcile, "reconcile_story", failing)
    with open_store(db) as st, pytest.raises(KeyboardInterrupt):
        pipeline.update_stories(st)
    monkeypatch.setattr(storyweave.reconcile, "reconcile_story", real)
    with open_store(db) as st:
        (story,) = set(st.story_of(ids).values())
        assert st.stale_stories() == [story] and st.story(story) is None
        assert pipeline.update_stories(st) == [story]
        stored_story = st.story(story)
        assert stored_story is not None and set(stored_story.articles) == set(ids)
        assert st.stale_stories() == []
        assert pipeline.update_stories(st) == []  # a rerun reconciles nothing


def test_a_dossier_is_read_from_stored_objects(stored):
    db, ids = stored
    with open_store(db) as st:
        (story,) = pipeline.update_stories(st)
        dossier = pipeline.dossier_of(st, [story, "no-such-story"], also=ids)
    assert [s.id for s in dossier.stories] == [story]
    # Publication order, each article once, with its analysis.
    assert [a.id for a, _ in dossier.articles] == ids
    assert all(an is not None and an.article == a.id for a, an in dossier.articles)


def test_a_dossier_gives_each_story_its_storyline(stored):
    db, ids = stored
    with open_store(db) as st:
        (story,) = pipeline.update_stories(st)
        dossier = pipeline.dossier_of(st, [story])
    (line,) = dossier.storylines
    assert line.stories == (story,) and dossier.storyline_of(story) == line
    assert line.title == "Mara Vance"  # its central actor, as the story's entities write it
    assert (line.first, line.last) == ("2026-05-01", "2026-05-03")


def test_stories_linked_before_storylines_existed_are_placed_by_the_next_run(stored):
    db, ids = stored
    with open_store(db) as st:
        (story,) = pipeline.link(st)
        first = st.storylines_of([story])
        assert list(first) == [story]
    # As a store of schema 2 left it: stories, no storylines (the same SQL on both back ends).
    with open_store(db) as st, st.transaction():
        st.db.execute("DELETE FROM storyline_stories")
        st.db.execute("DELETE FROM storylines")
    with open_store(db) as st:
        assert st.unplaced_stories() == [story]
        assert pipeline.link(st) == set()
        assert st.unplaced_stories() == [] and st.storylines_of([story]) == first
