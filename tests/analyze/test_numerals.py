"""Chinese and Russian numbers."""

from __future__ import annotations

import pytest

from storyweave.analyze.numerals import RU_NUMBER, ru_number, zh_number


@pytest.mark.parametrize(
    ("text", "value"),
    [("十一", 11), ("两千", 2000), ("1.2万", 12000), ("二〇二一", 2021), ("一百零五", 105),
     ("三千五百万", 35_000_000), ("一亿三千万", 130_000_000), ("廿九", 29), ("15", 15)],
)  # fmt: skip
def test_chinese_numbers(text, value):
    assert zh_number(text) == value


def test_chinese_non_numbers():
    assert zh_number("年") is None
    assert zh_number("") is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("двадцати пяти", 25), ("1,2 млрд", 1.2e9), ("10 000", 10000), ("три тысячи", 3000),
     ("полтора", 1.5), ("пяти", 5), ("двое", 2)],
)  # fmt: skip
def test_russian_numbers(text, value):
    assert ru_number(text) == value


def test_russian_numbers_are_found_in_running_text():
    text = "Суд оштрафовал 25 компаний на 1,2 млрд рублей, двое граждан задержаны."
    assert [m.group() for m in RU_NUMBER.finditer(text)] == ["25", "1,2 млрд", "двое"]
