"""The Chinese temporal tagger on sentences written for these tests."""

from __future__ import annotations

import pytest

from storyweave.analyze.timex_zh import tag

ANCHOR = "2021-08-11"  # a Wednesday, ISO week 32


def values(text: str, anchor: str | None = ANCHOR) -> list[tuple[str, str, str, str | None]]:
    return [(t.text, t.type, t.value, t.mod) for t in tag(text, anchor)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("港口于2021年8月11日关闭。", ("2021年8月11日", "DATE", "2021-08-11", None)),
        ("渔船于2018年12月离港。", ("2018年12月", "DATE", "2018-12", None)),
        ("上周三，仓库起火。", ("上周三", "DATE", "2021-08-04", None)),
        ("去年12月，码头停工。", ("去年12月", "DATE", "2020-12", None)),
        ("工会将于本月投票。", ("本月", "DATE", "2021-08", None)),
        ("周五，法院作出裁决。", ("周五", "DATE", "2021-08-06", None)),
        ("他将于周五返回。", ("周五", "DATE", "2021-08-13", None)),
        ("船长被判处十一年监禁。", ("十一年", "DURATION", "P11Y", None)),
        ("他须在15日内上诉。", ("15日", "DURATION", "P15D", None)),
        ("工人被困了两年多。", ("两年多", "DURATION", "P2Y", "MORE_THAN")),
        ("2018年底，新港开放。", ("2018年底", "DATE", "2018", "END")),
        ("今年上半年货运增长。", ("今年上半年", "DATE", "2021-H1", None)),
        ("两年前，大桥通车。", ("两年前", "DATE", "2019", None)),
        ("下周，议会复会。", ("下周", "DATE", "2021-W33", None)),
        ("每年举办一次。", ("每年", "SET", "P1Y", None)),
        ("二〇二一年的选举", ("二〇二一年", "DATE", "2021", None)),
        ("廿九日凌晨，风暴登陆。", ("廿九日凌晨", "DATE", "2021-07-29", None)),
        ("他今年32岁。", ("32岁", "DURATION", "P32Y", None)),
        (
            "发布时间:2024-11-05 14:17:02",
            ("2024-11-05 14:17:02", "TIME", "2024-11-05T14:17:02", None),
        ),
    ],
)
def test_expressions_are_normalized_against_the_publication_date(text, expected):
    assert expected in values(text)


def test_parts_of_a_day_and_clock_times():
    assert values("11日晚上8点30分，列车抵达。") == [
        ("11日晚上8点30分", "TIME", "2021-08-11T20:30", None)
    ]
    assert values("今早，市场开门。") == [("今早", "TIME", "2021-08-11TMO", None)]


def test_traditional_week_and_month_words_after_simplification():
    # analyze.zh reads traditional text as simplified before tagging: 週 -> 周, 個 -> 个
    assert values("工人罷工了3个多小时。")[0][2:] == ("PT3H", "MORE_THAN")


def test_bare_days_take_the_month_of_the_dateline():
    found = values("本报柏林7月19日电 法院19日宣判。17日，律师提出动议。", "2024-11-05")
    assert [v for _, _, v, _ in found] == ["2024-07-19", "2024-07-19", "2024-07-17"]


def test_a_listed_date_shares_the_year_of_the_one_before():
    found = values("他因2019年8月18日、8月31日两次集会被起诉。", "2021-04-17")
    assert [v for _, _, v, _ in found] == ["2019-08-18", "2019-08-31"]


def test_future_cue_moves_an_open_weekday_ahead_and_disposal_jiang_does_not():
    assert values("警方将其逮捕，周五获释。")[0][2] == "2021-08-06"
    assert values("委员会将于周五开会。")[0][2] == "2021-08-13"


def test_without_anchor_relative_values_keep_their_unknowns():
    assert values("去年12月，码头停工。", None) == [("去年12月", "DATE", "XXXX-12", None)]
    assert values("上周三", None)[0][2] == "XXXX-WXX-3"
    assert values("2018年12月", None)[0][2] == "2018-12"


def test_appears_in_is_not_now():
    assert values("名字出现在声明上。") == []
    assert values("现在疏散太危险。") == [("现在", "DATE", "PRESENT_REF", None)]


def test_a_duration_of_two_units_is_one_and_a_range_shares_its_unit():
    assert values("他被判囚6年9个月。") == [("6年9个月", "DURATION", "P6Y9M", None)]
    assert values("已还押逾3年8个月。") == [("逾3年8个月", "DURATION", "P3Y8M", "MORE_THAN")]
    assert [v for _, _, v, _ in values("量刑起点为12至15年。")] == ["P12Y", "P15Y"]
