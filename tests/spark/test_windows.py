"""Time windows of a batch's linking: planning, lookup, and stories joined across edges."""

from __future__ import annotations

from storyweave.spark.windows import day_number, order_key, plan_windows, resolve, window_of


def test_windows_hold_whole_days_and_close_at_size():
    windows = plan_windows({1: 3, 2: 3, 3: 1, 5: 10}, 6)
    assert windows == [(1, 2), (3, 5)]
    assert [window_of(windows, d) for d in (0, 1, 2, 3, 4, 5)] == [0, 0, 0, 1, 1, 1]


def test_a_busy_day_is_never_split():
    assert plan_windows({7: 50}, 6) == [(7, 7)]


def test_month_and_year_dates_fall_on_their_first_day():
    assert day_number("2024-03") == day_number("2024-03-01")
    assert day_number("2024") == day_number("2024-01-01")
    assert day_number(None) is None and day_number("not a date") is None


def test_undated_articles_link_last_as_add_orders_them():
    keys = sorted([order_key(None, "a"), order_key("2024-05-02", "b"), order_key("2024-05", "c")])
    assert [k[2] for k in keys] == ["c", "b", "a"]


def test_a_story_carried_across_edges_takes_its_founders_final_story():
    # b's story grew from the replayed a; c's from the replayed b (two edges back).
    story_of = {"a": "sa", "b": "sb", "c": "sc", "d": "sd"}
    carried = {"sb": "a", "sc": "b"}
    assert resolve(story_of, carried) == {"a": "sa", "b": "sa", "c": "sa", "d": "sd"}


def test_window_index_keeps_storylines_as_a_whole_linker_does():
    # The window index answers the storyline linker as the store does: linked through it
    # one article at a time, the events fall into the storylines one linker holding
    # everything gives.
    from storyweave import pipeline
    from storyweave.config import Settings
    from storyweave.link.storylines import ActorDoc, StorylineLinker
    from storyweave.spark.index import WindowIndex

    def doc(article: str, *actors: str) -> ActorDoc:
        return ActorDoc(article, frozenset(actors), frozenset(actors[:1]))

    items = [
        (doc("a", "ines varga", "varga", "harbor board"), "sa"),
        (doc("b", "olek brandt", "brandt", "mill union"), "sb"),
        (doc("c", "varga", "ines varga", "appeals court"), "sc"),
        (doc("d", "brandt", "olek brandt"), "sd"),
        (doc("e", "ines varga", "varga"), "sa"),
    ]
    index, whole = WindowIndex(), StorylineLinker()
    for actors, story in items:
        linker = pipeline._storyline_linker(index, actors, [story], Settings.default())
        index.apply_storyline(linker.decide(actors, story))
        whole.add(actors, story)
    grouped: dict[str, set[str]] = {}
    for story, line in index.line_of.items():
        grouped.setdefault(line, set()).add(story)
    assert sorted(map(sorted, grouped.values())) == [["sa", "sc"], ["sb", "sd"]]
    assert sorted(map(sorted, whole.storylines().values())) == [["sa", "sc"], ["sb", "sd"]]
    assert index.storyline_docs() == 5 and index.actor_counts(["varga"]) == {"varga": 3}
