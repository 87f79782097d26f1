"""Analysis rounds of a batch and the merging of one article read from several files."""

from __future__ import annotations

from storyweave.model import Article, Origin
from storyweave.spark.analysis import merge_rows, plan_rounds, round_of


def test_rounds_pack_consecutive_days_and_split_a_busy_one():
    days = {"2025-01-02": 3, "2025-01-01": 3, "undated": 2, "2025-01-03": 12}
    plan = plan_rounds(days, 5)
    assert plan["2025-01-01"] == ["r00000"]
    assert plan["2025-01-02"] == ["r00001"]
    assert plan["2025-01-03"] == ["r00002", "r00003", "r00004"]
    assert plan["undated"] == ["r00005"]


def test_an_article_of_a_split_day_always_lands_in_the_same_round():
    plan = plan_rounds({"2025-01-03": 12}, 5)
    first = {i: round_of(plan, "2025-01-03", f"id{i}") for i in range(40)}
    again = {i: round_of(plan, "2025-01-03", f"id{i}") for i in range(40)}
    assert first == again and set(first.values()) == set(plan["2025-01-03"])


def test_an_article_read_twice_merges_in_reading_order():
    a = Article(id="x", text="t", title=None, origins=(Origin(file="b.txt"),))
    b = Article(id="x", text="t", title="Title", origins=(Origin(file="a.txt"),))
    first, merged = merge_rows([((1, 0), a), ((0, 2), b)])
    assert first == [0, 2]
    assert merged.title == "Title"
    assert [o.file for o in merged.origins] == ["a.txt", "b.txt"]
