"""Linking stored articles into stories (link/assign.py), with vectors put in by hand so that
each article's fit is known."""

import json

import numpy as np

from storyweave.link.assign import assign_stories
from storyweave.model import Analysis, Article, Sentence, article_id
from storyweave.store import Store

EARLY = "a blast was reported at North Quay in Dunmore early today."
FULL_1 = (
    "fire crews from Dunmore fought a blaze at the Kessler Chemicals depot, said Mara Vance "
    "of the Harbour Board. The Velt River was closed to boats."
)
FULL_2 = (
    "the Kessler Chemicals depot at North Quay in Dunmore burned for hours, Mara Vance said, "
    "and the Velt River stayed closed."
)


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v)


def _vectors(early_weight: float) -> list[np.ndarray]:
    """One event direction; the early brief holds less of it than the two full reports."""
    rng = np.random.default_rng(0)
    event = _unit(rng.normal(size=384))
    noise = [_unit(rng.normal(size=384)) for _ in range(3)]
    weights = (early_weight, 0.8, 0.8)
    return [_unit(event * w + n * (1 - w)) for w, n in zip(weights, noise, strict=True)]


def _store(tmp_path, early_weight: float) -> tuple[Store, list[str]]:
    st = Store(tmp_path / "s.db")
    ids = []
    for day, (text, vector) in enumerate(
        zip((EARLY, FULL_1, FULL_2), _vectors(early_weight), strict=True), 1
    ):
        # Two days apart: no same-day bonus (link/stories.py), whose reach is a day.
        art = Article(id=article_id(text), text=text, published=f"2026-05-0{2 * day - 1}")
        st.put(
            [
                (
                    art,
                    Analysis(
                        article=art.id, language="en", sentences=(Sentence(0, 0, len(text), 0),)
                    ),
                )
            ],
            "v",
        )
        st.put_vectors([(art.id, vector.astype("<f4").tobytes(), 384)])
        ids.append(art.id)
    return st, ids


def test_a_lone_early_report_joins_the_story_that_grows_near_it(tmp_path):
    st, (early, full_1, full_2) = _store(tmp_path, 0.45)
    with st:
        touched = assign_stories(st)
        story = st.story_of([full_1])[full_1]
        assert st.story_of([early, full_1, full_2]) == {a: story for a in (early, full_1, full_2)}
        # The early report first started a story of its own: that id now forwards.
        old = "s" + early
        assert story != old and st.resolve_story(old) == story
        assert touched == {story}
        assert st.stale_stories() == [story]
        indexed = [r[0] for r in st.db.execute("SELECT story FROM story_index")]
        assert indexed == [story]
        names = {
            r[0] for r in st.db.execute("SELECT name FROM story_names WHERE story = ?", (old,))
        }
        assert names == set()
        assert st.story_members(story) == [early, full_1, full_2]
        st.put_story(story, "Depot fire", [], json.dumps({"id": story}))
        assert st.story(old) == st.story(story)  # a link to the old id shows the story


def test_a_loose_lone_report_stays_on_its_own(tmp_path):
    st, (early, full_1, full_2) = _store(tmp_path, 0.3)
    with st:
        assert len(assign_stories(st)) == 2
        links = st.story_of([early, full_1, full_2])
        assert links[early] == "s" + early
        assert links[full_1] == links[full_2] != links[early]
        assert st.resolve_story("s" + early) == "s" + early
