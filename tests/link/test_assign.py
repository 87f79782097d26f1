"""Placing articles into stories (link/assign.py), through the pipeline's linking step over a
store, with vectors put in by hand so that each article's fit is known."""

import numpy as np

from storyweave.link.assign import common_cap, place, story_doc
from storyweave.link.stories import StorySettings
from storyweave.model import Analysis, Article, Sentence, Story, article_id
from storyweave.pipeline import link
from storyweave.store import Store, open_store

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
    st = open_store(tmp_path / "s.db")
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
        touched = link(st)
        story = st.story_of([full_1])[full_1]
        assert st.story_of([early, full_1, full_2]) == {a: story for a in (early, full_1, full_2)}
        # The early report first started a story of its own: that id now forwards.
        old = "s" + early
        assert story != old and st.resolve_story(old) == story
        assert touched == {story}
        assert st.stale_stories() == [story]
        # Only the grown story is left in the index; the old id picks no candidates.
        assert st.candidate_stories({"dunmore"}, max_df=10, limit=10) == [story]
        assert st.story_states([old]) == []
        assert st.story_members(story) == [early, full_1, full_2]
        st.put_story(Story(id=story, title="Depot fire", articles=(early,)), [])
        assert st.story(old) == st.story(story)  # a link to the old id shows the story


def test_a_loose_lone_report_stays_on_its_own(tmp_path):
    st, (early, full_1, full_2) = _store(tmp_path, 0.3)
    with st:
        assert len(link(st)) == 2
        links = st.story_of([early, full_1, full_2])
        assert links[early] == "s" + early
        assert links[full_1] == links[full_2] != links[early]
        assert st.resolve_story("s" + early) == "s" + early


def test_placing_is_a_decision_over_plain_data(tmp_path):
    st, ids = _store(tmp_path, 0.45)
    with st:
        articles = list(st.articles(ids))
        vectors = st.vectors(ids)
    settings = StorySettings.from_settings()
    states: list[dict] = []
    df: dict[str, int] = {}
    decisions = []
    for n, article in enumerate(articles):
        decision = place(story_doc(article, vectors[article.id]), states, df, n, settings)
        decisions.append(decision)
        assert decision.index is not None and decision.index.named
        states = [s for s in states if s["id"] not in (decision.story, *decision.retired)]
        states.append(decision.index.state)
        for name in decision.index.names:
            df[name] = df.get(name, 0) + 1
    early, full_1, full_2 = decisions
    # The brief starts a story; the first full report does not join a story of one article on
    # a loose fit; the second joins it, and the brief, now a clear fit, moves in with them.
    assert (early.story, full_1.story) == ("s" + ids[0], "s" + ids[1])
    assert full_2.story == full_1.story and full_2.retired == (early.story,)
    assert full_2.index is not None and full_2.index.state["members"] == [ids[1], ids[2], ids[0]]


def test_a_name_thousands_of_articles_hold_picks_no_candidates_however_large_the_corpus():
    # The cap grows with the share of articles up to candidate_common_max, then stays: the
    # work of placing one article must not grow with the corpus (benchmarks/scale.py).
    s = StorySettings(candidate_common_share=0.05, candidate_common_min=50,
                      candidate_common_max=500)  # fmt: skip
    assert [common_cap(d, s) for d in (0, 2_000, 6_000, 10_000)] == [50, 100, 300, 500]
    assert common_cap(100_000, s) == common_cap(1_000_000, s) == 500
