"""The Russian temporal tagger on sentences written for these tests."""

from __future__ import annotations

import pytest

from storyweave.analyze.timex_ru import tag

ANCHOR = "2021-08-11"  # a Wednesday, ISO week 32


def values(text: str, anchor: str | None = ANCHOR, **kw) -> list[tuple[str, str, str, str | None]]:
    return [(t.text, t.type, t.value, t.mod) for t in tag(text, anchor, **kw)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Порт закрыли 11 августа.", ("11 августа", "DATE", "2021-08-11", None)),
        ("В среду профсоюз объявил забастовку.", ("среду", "DATE", "2021-08-11", None)),
        ("В прошлом году мост закрыли.", ("прошлом году", "DATE", "2020", None)),
        ("В декабре 2018 года паром сел на мель.", ("декабре 2018 года", "DATE", "2018-12", None)),
        ("Капитан провел в море три года.", ("три года", "DURATION", "P3Y", None)),
        ("Суд приговорил его к 11 годам колонии.", ("11 годам", "DURATION", "P11Y", None)),
        ("На прошлой неделе склад сгорел.", ("прошлой неделе", "DATE", "2021-W31", None)),
        ("В конце 2020 года завод закрылся.", ("конце 2020 года", "DATE", "2020", "END")),
        ("Два года назад театр открылся.", ("Два года назад", "DATE", "2019", None)),
        ("Более двух лет он жил на острове.", ("Более двух лет", "DURATION", "P2Y", "MORE_THAN")),
        ("11 декабря прошлого года", ("11 декабря прошлого года", "DATE", "2020-12-11", None)),
        ("в третьем квартале 2020 года", ("третьем квартале 2020 года", "DATE", "2020-Q3", None)),
        ("Весной 2020 года он написал книгу.", ("Весной 2020 года", "DATE", "2020-SP", None)),
        ("Сейчас паром на ремонте.", ("Сейчас", "DATE", "PRESENT_REF", None)),
        ("Он ушел на пенсию в 1990-х годах.", ("1990-х годах", "DATE", "199", None)),
        ("Ему грозит до пяти лет.", ("до пяти лет", "DURATION", "P5Y", "EQUAL_OR_LESS")),
        (
            "Срок составил шесть с половиной лет.",
            ("шесть с половиной лет", "DURATION", "P6.5Y", None),
        ),
        (
            "Он выйдет через два года и восемь месяцев.",
            ("два года и восемь месяцев", "DURATION", "P2Y8M", None),
        ),
        ("32-летний моряк", ("32-летний", "DURATION", "P32Y", None)),
        ("date 2023-03 Новости", ("2023-03", "DATE", "2023-03", None)),
        ("20 октября 2022, 13:26", ("20 октября 2022, 13:26", "TIME", "2022-10-20T13:26", None)),
    ],
)
def test_expressions_are_normalized_against_the_publication_date(text, expected):
    assert expected in values(text)


def test_the_preposition_stays_outside_the_extent():
    assert values("в тот же день")[0][0] == "тот же день"
    assert values("В 15:00 заседание началось.") == [("15:00", "TIME", "2021-08-11T15:00", None)]


def test_a_term_is_a_duration_not_a_date():
    # "на 11 лет": a sentence's length, a quantity; never a year
    assert values("Его осудили на 11 лет.") == [("11 лет", "DURATION", "P11Y", None)]
    assert values("в 2021 году") == [("2021 году", "DATE", "2021", None)]


def test_the_tense_a_caller_gives_decides_an_open_weekday():
    text = "Он вернется в пятницу."
    assert values(text)[0][2] == "2021-08-06"  # no cue the fallback reads
    assert values(text, tense=lambda s, e: 1)[0][2] == "2021-08-13"


def test_a_day_just_ahead_is_this_year_even_in_the_past_tense():
    # "арестован до 29 мая" in an article of 31 March: this May, not last year's
    assert values("Он арестован до 29 мая.", "2023-03-31")[0][2] == "2023-05-29"
    assert (
        values("Заседание перенесли с 13 августа на 18 июля.", "2024-07-18")[0][2] == "2024-08-13"
    )


def test_without_anchor_relative_values_keep_their_unknowns():
    assert values("В прошлом году", None)[0][2] == "XXXX"
    assert values("11 августа", None)[0][2] == "XXXX-08-11"
