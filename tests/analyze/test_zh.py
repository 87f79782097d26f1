"""Chinese analysis (jieba) on a short report written for these tests."""

from __future__ import annotations

import pytest

from storyweave.analyze import zh
from storyweave.model import Article

TEXT = (
    "加拿大前外交官康明凯和商人迈克尔·斯帕弗于2018年12月在中国被拘留。\n"
    "上周三，丹东市中级人民法院以间谍罪判处斯帕弗11年有期徒刑。康先生表示，他将于本月返回渥太华。\n"
    "乌克兰总统泽连斯基和普京总统会面。纳瓦尔尼的律师说，两名加拿大人须在15日内上诉。"
)


@pytest.fixture(scope="module")
def analysis():
    return zh.analyze(Article(id="zh1", text=TEXT, published="2021-08-11"))[1]


def names(analysis) -> dict[str, str]:
    return {m.text: m.label for m in analysis.mentions}


def test_sentences_end_at_full_stops_and_line_breaks(analysis):
    texts = [TEXT[s.start : s.end] for s in analysis.sentences]
    assert texts[0].endswith("被拘留。")
    assert texts[1].startswith("上周三")
    assert [s.paragraph for s in analysis.sentences] == [0, 1, 1, 2, 2]


def test_names_with_types_and_offsets(analysis):
    found = names(analysis)
    assert found["康明凯"] == "PERSON"
    assert found["迈克尔·斯帕弗"] == "PERSON"  # joined across the middle dot
    assert found["丹东市中级人民法院"] == "ORG"  # place + court words
    assert found["渥太华"] == "GPE"
    assert found["纳瓦尔尼"] == "PERSON"  # the segmenter splits it: 纳瓦尔 + 尼
    assert found["普京"] == "PERSON"  # tagged a place; its title says a person
    assert found["乌克兰"] == "GPE"  # "乌克兰总统泽连斯基": the title's country
    for m in analysis.mentions:
        assert TEXT[m.start : m.end] == m.text


def test_time_expressions_win_over_names_the_segmenter_gives_them(analysis):
    # jieba tags 上周三 as a person's name
    assert "上周三" not in names(analysis)
    assert ("上周三", "2021-08-04") in [(t.text, t.value) for t in analysis.time_expressions]


def test_a_surname_with_a_title_joins_the_full_name(analysis):
    kang = [m for m in analysis.mentions if m.text in ("康明凯", "康")]
    assert [m.text for m in kang] == ["康明凯", "康"]
    assert kang[1].title == "先生"
    assert kang[0].group == kang[1].group
    spavor = {m.group for m in analysis.mentions if "斯帕弗" in m.text}
    assert len(spavor) == 1
    group = analysis.groups[kang[0].group]
    assert group.name == "康明凯"


def test_roles_from_word_order(analysis):
    kang = next(m for m in analysis.mentions if m.text == "康")
    assert (kang.dep, kang.verb) == ("nsubj", "表示")


def test_quantities_with_units(analysis):
    found = {(q.text, q.number, q.unit) for q in analysis.quantities}
    assert ("11年", 11, "year") in found
    assert ("两名", 2, "加拿大人") in found
    assert ("15日", 15, "day") in found
    # the year of a date is no quantity
    assert not any(q.number == 2018 for q in analysis.quantities)


def test_traditional_text_reads_as_simplified_with_its_own_characters_quoted():
    text = "黎智英週四在西九龍裁判法院出庭。黎智英的律師表示會上訴。"
    analysis = zh.analyze(Article(id="zh2", text=text, published="2023-11-03"))[1]
    lai = [m for m in analysis.mentions if m.name == "黎智英"]
    assert len(lai) == 2 and lai[0].text == "黎智英"
    assert [(t.text, t.value) for t in analysis.time_expressions] == [("週四", "2023-11-02")]
    assert zh.simplified(text)[: len(text)] != text and len(zh.simplified(text)) == len(text)


def test_a_name_in_latin_script_in_brackets_takes_the_type_of_the_name_before():
    text = "萨姆·班克曼-弗里德(Sam Bankman-Fried)在巴哈马被捕，FTX已申请破产。"
    found = names(zh.analyze(Article(id="zh3", text=text, published="2022-12-12"))[1])
    assert found["Sam Bankman-Fried"] == "PERSON"
    assert found["FTX"] == "ORG"
