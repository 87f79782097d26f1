"""The batch's storyline pass: stories grouped by the storyline linker in linking order, and
the storyline a one-story dossier shows."""

from __future__ import annotations

from storyweave.link.storylines import ActorDoc
from storyweave.model import Article, Story
from storyweave.spark.storylines import link_storylines, storyline_of


def _doc(article: str, *actors: str) -> ActorDoc:
    return ActorDoc(article, frozenset(actors), frozenset(actors[:1]))


def test_events_sharing_their_actors_share_a_storyline_and_others_do_not():
    found = link_storylines(
        [
            (_doc("a", "ines varga", "varga", "harbor board"), "sa"),
            (_doc("b", "ines varga", "varga"), "sa"),
            (_doc("c", "varga", "ines varga", "appeals court"), "sc"),
            (_doc("d", "olek brandt", "brandt", "mill union"), "sd"),
        ]
    )
    assert found.line_of["sa"] == found.line_of["sc"] != found.line_of["sd"]
    assert set(found.records) == {found.line_of["sa"], found.line_of["sd"]}
    assert [d.story for d in found.decisions] == ["sa", "sa", "sc", "sd"]
    assert found.records[found.line_of["sa"]]["events"] == ["sa", "sc"]


def test_a_dossier_storyline_is_dated_by_its_story_and_titled_after_its_actor():
    found = link_storylines([(_doc("a", "ines varga", "varga"), "sa")])
    story = Story(id="sa", title="Harbor vote", articles=("a", "b"))
    articles = [
        Article(id="a", text="x", published="2024-05-02"),
        Article(id="b", text="y", published="2024-04-30"),
    ]
    line = storyline_of(story, articles, found.line_of, found.records)
    assert line is not None and line.stories == ("sa",)
    assert (line.first, line.last) == ("2024-04-30", "2024-05-02")
    assert line.title  # a name, or the story's title when no entity writes it
    assert storyline_of(Story(id="sz", title="t", articles=()), [], found.line_of, {}) is None
