"""Russian analysis (natasha) on a short report written for these tests."""

from __future__ import annotations

import pytest

from storyweave.analyze import ru
from storyweave.model import Article

TEXT = (
    "Суд в Москве приговорил Алексея Навального к 11 годам заключения. В среду адвокат "
    "Навального Ольга Михайлова заявила, что защита обжалует решение.\n"
    "В декабре 2018 года Майкл Спэвор был задержан в Даньдуне. Он вернется в пятницу. "
    "Президент Владимир Путин встретился с Михайловой. По данным ФСБ РФ, двое граждан Канады "
    "были задержаны. Советский районный суд Казани продлил арест."
)


@pytest.fixture(scope="module")
def analysis():
    return ru.analyze(Article(id="ru1", text=TEXT, published="2021-08-11"))[1]


def by_text(analysis):
    return {m.text: m for m in analysis.mentions}


def test_sentences_and_paragraphs(analysis):
    assert len(analysis.sentences) == 7
    assert [s.paragraph for s in analysis.sentences][:3] == [0, 0, 1]


def test_names_with_types_offsets_and_nominative_forms(analysis):
    found = by_text(analysis)
    assert found["Алексея Навального"].name == "Алексей Навальный"
    assert found["Алексея Навального"].label == "PERSON"
    assert found["Москве"].label == "GPE" and found["Москве"].name == "Москва"
    # an organisation with the place it serves, in the genitive, is one name
    assert found["ФСБ РФ"].label == "ORG"
    assert found["Советский районный суд Казани"].label == "ORG"
    for m in analysis.mentions:
        assert TEXT[m.start : m.end] == m.text


def test_case_forms_of_one_person_are_one_group(analysis):
    found = by_text(analysis)
    assert found["Навального"].group == found["Алексея Навального"].group
    assert found["Михайловой"].group == found["Ольга Михайлова"].group
    assert analysis.groups[found["Навального"].group].name == "Алексей Навальный"


def test_titles_roles_and_verbs(analysis):
    found = by_text(analysis)
    assert found["Владимир Путин"].title == "Президент"
    # "адвокат Навального" is the lawyer of Navalny, not a title of his
    assert found["Навального"].title is None
    assert found["Майкл Спэвор"].dep == "nsubjpass"
    assert found["Майкл Спэвор"].verb == "задержать"


def test_the_verb_tense_decides_an_open_weekday(analysis):
    values = {t.text: t.value for t in analysis.time_expressions}
    assert values["пятницу"] == "2021-08-13"  # "вернется": perfective, the future
    assert values["среду"] == "2021-08-11"
    assert values["декабре 2018 года"] == "2018-12"
    assert values["11 годам"] == "P11Y"


def test_quantities_with_units(analysis):
    found = {(q.number, q.unit) for q in analysis.quantities}
    assert (11, "year") in found
    assert (2, "гражданин") in found


def test_positional_capitals_and_latin_names():
    text = "Общество\n\nРешением суда Бриттни Грайнер осталась под стражей. Фото: Charlie Neibergall / Reuters"
    found = {m.text: m.label for m in ru.analyze(Article(id="ru2", text=text))[1].mentions}
    assert "Общество" not in found and "Решением" not in found
    assert found["Бриттни Грайнер"] == "PERSON"
    assert found["Charlie Neibergall"] == "PERSON"
    assert found["Reuters"] == "ORG"
