"""Claims compared across languages (reconcile/crossclaims.py): a Chinese or Russian report
beside the English reports it does not translate; invented texts throughout."""

from __future__ import annotations

import numpy as np
import pytest

from storyweave.analyze import analyze_docs
from storyweave.analyze.embed_multi import available
from storyweave.link.entities import resolve
from storyweave.model import Article, Claim, Translation, article_id
from storyweave.reconcile.clauses import extract_clauses
from storyweave.reconcile.crossclaims import (
    cross_claims,
    foreign_facts,
    memo_encoder,
    merge_claims,
    multilingual,
)

needs_encoder = pytest.mark.skipif(not available(), reason="multilingual encoder not installed")

ENGLISH = (
    "On Wednesday a court in Varnholm sentenced the blogger Orsik Tamm to 11 years in prison. "
    "On Wednesday the court ordered Tamm to leave the country within 10 days. "
    "On Wednesday police detained 12 people outside the courthouse. "
    "Tamm had faced up to 20 years in prison."
)
CHINESE = (
    "瓦恩霍尔姆一家法院周三判处博主11年有期徒刑。"
    "法院周三要求他在15日内离境。"
    "周三有30名支持者在法院外聚集。"
)
RUSSIAN = (
    "Суд в Варнхольме в среду приговорил блогера к 11 годам лишения свободы. "
    "В среду около 12 человек были задержаны у здания суда. "
    "В среду суд приговорил его также к 20 годам за другое дело."
)


def _analyze(items):
    arts = [Article(id=article_id(t), text=t, published=d, language=lang) for lang, d, t in items]
    return analyze_docs(arts)


def _facts(lang: str, text: str):
    ((article, analysis),) = _analyze([(lang, "2024-03-07", text)])
    return [f for fs in foreign_facts(article, analysis).values() for f in fs]


def test_a_deadline_in_days_is_a_maximum_and_a_penalty_ceiling_its_own_role():
    facts = _facts("zh", "当局要求他在15日内离境。他最高可被判处20年徒刑。")
    assert [(f.kind, f.value, f.bound, f.role) for f in facts] == [
        ("duration", 15.0, "max", ""),
        ("duration", 7305.0, None, "max"),
    ]
    facts = _facts("ru", "Ему грозит до 20 лет лишения свободы.")
    assert [(f.kind, f.value, f.bound, f.role) for f in facts] == [
        ("duration", 7305.0, None, "max")
    ]


def test_the_supreme_court_is_no_maximum_penalty():
    facts = _facts("zh", "最高法院周三判处他11年有期徒刑。")
    assert [(f.value, f.role) for f in facts] == [(4017.75, "")]


def test_people_are_counted_as_people_not_as_what_a_classifier_counts():
    facts = _facts("zh", "警方拘留了12人。法院外有30名支持者。约100人参加了集会。")
    assert [(f.kind, f.value, f.bound) for f in facts] == [
        ("people", 12.0, None),
        ("people", 100.0, "approx"),
    ]
    facts = _facts("ru", "Полиция задержала 12 человек и 30 сторонников.")
    assert [(f.kind, f.value) for f in facts] == [("people", 12.0)]


def test_an_age_is_no_term():
    assert _facts("zh", "他30岁时创办了公司。") == []
    assert _facts("ru", "32-летнему репортеру отказали в освобождении.") == []


def test_a_figure_in_a_quoted_name_is_no_fact():
    facts = _facts("zh", "“民主派12人案”周四裁决，法院判处他5年徒刑。")
    assert [(f.kind, f.value) for f in facts] == [("duration", 1826.25)]


def test_a_sentence_of_two_figures_marks_its_facts_as_not_alone():
    # which of "14" and "两人" an English "16 people" would stand for is in doubt
    facts = _facts("zh", "法院判定14名被告有罪，两人无罪释放。")
    assert [(f.kind, f.value, f.alone) for f in facts] == [("people", 2.0, False)]
    facts = _facts("zh", "当局要求他在15日内离境。")
    assert [f.alone for f in facts] == [True]


def test_money_keeps_its_currency():
    facts = _facts("zh", "他被罚款50万元。公司被罚款300万美元。")
    assert [(f.kind, f.value) for f in facts] == [("money:CNY", 500000.0), ("money:USD", 3e6)]
    facts = _facts("ru", "Его оштрафовали на 500 тысяч рублей.")
    assert [(f.kind, f.value) for f in facts] == [("money:RUB", 500000.0)]


def test_a_figure_whose_digits_the_tagger_split_off_is_no_fact():
    # jieba tags the "2" of "2万美元" apart: the amount left ("万美元") is not zero dollars
    assert _facts("zh", "他需赔偿2万美元。") == []


@pytest.fixture(scope="module")
def story():
    docs = _analyze(
        [("en", "2024-03-07", ENGLISH), ("zh", "2024-03-07", CHINESE),
         ("ru", "2024-03-07", RUSSIAN)]
    )  # fmt: skip
    resolution = resolve(docs)
    clauses = extract_clauses(docs, resolution.groups, resolution.entities)
    return docs, resolution.entities, clauses


def _by_value(claims):
    return {tuple(sorted(c.values.values())): c for c in claims}


@needs_encoder
def test_fifteen_days_against_within_ten_days_conflict_and_eleven_years_agree(story):
    docs, entities, clauses = story
    claims = cross_claims(docs, clauses, entities, encode=multilingual(docs))
    found = _by_value(claims)
    conflict = found[("10 days", "15日 (15 days, at most)")]
    assert conflict.status == "conflicting" and conflict.across_languages
    assert conflict.slot == "number"
    languages = {next(a.language for a, _ in docs if a.id == c.article) for c in conflict.citations}
    assert languages == {"en", "zh"}
    # the original's sentence is cited as written
    assert any(c.text == "法院周三要求他在15日内离境。" for c in conflict.citations)
    assert found[("11 years", "11年 (11 years)")].status == "corroborated"
    assert found[("11 years", "11 годам (11 years)")].status == "corroborated"


@needs_encoder
def test_other_things_counted_an_approximation_or_another_role_are_not_compared(story):
    docs, entities, clauses = story
    claims = cross_claims(docs, clauses, entities, encode=multilingual(docs))
    values = {v for c in claims for v in c.values.values()}
    # 30 supporters gathered are not the 12 people detained; "около 12" is an approximation;
    # 20 years given for another case is not the 20-year maximum
    assert not any(v.startswith(("30", "около 12", "20 годам")) for v in values)
    assert len(claims) == 3


@needs_encoder
def test_a_translation_is_left_to_the_translation_flags(story):
    docs, entities, clauses = story
    english, chinese = docs[0][0].id, docs[1][0].id
    pair = Translation(article=english, original=chinese, language="zh")
    claims = cross_claims(docs, clauses, entities, translations=[pair], encode=multilingual(docs))
    assert all(chinese not in c.values for c in claims)
    assert any(docs[2][0].id in c.values for c in claims)


def test_nothing_is_compared_without_another_language(story):
    docs, entities, clauses = story
    english = docs[:1]

    def fail(_texts):
        raise AssertionError("the encoder is not needed")

    assert cross_claims(english, clauses, entities, encode=fail) == ()
    assert multilingual(english) is None


def test_the_encoder_encodes_each_text_once():
    calls = []

    def encode(texts):
        calls.append(list(texts))
        return np.eye(4, dtype=np.float32)[: len(texts)]

    cached = memo_encoder(encode)
    first = cached(["a", "b"])
    again = cached(["b", "a", "c"])
    assert calls == [["a", "b"], ["c"]]
    assert (again[0] == first[1]).all() and (again[1] == first[0]).all()


def test_claims_across_languages_take_their_place_by_status():
    mine = Claim("c1", "corroborated", "x", {"a": "1", "b": "1"})
    conflict = Claim("c2", "conflicting", "y", {"a": "1", "c": "2"}, across_languages=True)
    merged = merge_claims([mine], [conflict])
    assert [c.id for c in merged] == ["c2", "c1"]
