import math

import numpy as np
import pytest

from storyweave.link import crosslingual as X

VOCABULARY = ["thomas", "anderson", "helsinki", "martin", "clark", "harbor", "nordic", "police"]


def unit(*values: float) -> np.ndarray:
    v = np.array(values, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_days_with_their_month_in_four_ways_of_writing_them():
    text = (
        "On March 5, 2022 and on 17 February; 5 марта 2022 г., 17 февраля; "
        "2022年3月5日 and 3月17号; 2022-03-05; 05.03.2022"
    )
    assert X.date_keys(text) == frozenset({"03-05", "02-17", "03-17"})


def test_russian_months_in_every_case():
    text = "в мае, 9 мая, к 1 июня, 30 декабря"
    assert X.date_keys(text) == frozenset({"05-09", "06-01", "12-30"})


def test_impossible_days_are_not_dates():
    assert X.date_keys("45 марта, February 30th of nothing, 13月40日") == frozenset({"02-30"})


def test_numbers_drop_thousands_separators_and_single_digits():
    keys = X.number_keys("1,000 people, 1 000 человек, 9 лет, 19 years, 3.5%, 12,5 млн")
    assert keys == frozenset({"1000", "19", "3.5", "12.5"})


def test_foreign_names_map_to_the_english_words_they_transliterate():
    ru = X.english_names(["Томас Андерсон", "Хельсинки"], "ru", VOCABULARY)
    assert ru["Томас Андерсон"] == "thomas anderson"
    assert ru["Хельсинки"] == "helsinki"
    zh = X.english_names(["托马斯·安德森", "马丁-克拉克"], "zh", VOCABULARY)
    assert zh["托马斯·安德森"] == "thomas anderson"
    assert zh["马丁-克拉克"] == "martin-clark"


def test_a_name_no_english_word_transliterates_maps_to_nothing():
    # 北京 (Beijing) and Москва (Moscow) have no transliteration in the vocabulary.
    assert X.english_names(["北京"], "zh", VOCABULARY) == {}
    assert X.english_names(["Москва"], "ru", VOCABULARY) == {}


def test_a_language_without_a_transliteration_model_keeps_its_names():
    assert X.english_names(["Tomás Anderssen"], "es", VOCABULARY) == {}


def test_cross_doc_adds_english_forms_to_foreign_names():
    doc = X.cross_doc(
        "ru", unit(1, 0), "Томас Андерсон задержан 5 марта.", ["Томас Андерсон"], VOCABULARY
    )
    assert {"томас андерсон", "thomas anderson", "anderson"} <= doc.names
    assert doc.dates == frozenset({"03-05"})


def test_cross_doc_reads_vector_bytes_and_normalizes():
    raw = np.array([3.0, 4.0], dtype="<f4").tobytes()
    doc = X.cross_doc("en", raw, "")
    assert np.allclose(doc.vector, [0.6, 0.8])


def test_shared_day_and_name_lift_the_same_event_above_another_of_the_same_saga():
    # Two events with the same person and close vectors: the day and the number decide.
    settings = X.CrossSettings()
    original = X.cross_doc(
        "ru", unit(1, 0.2), "Томас Андерсон приговорен 12 мая к 15 годам.",
        ["Томас Андерсон"], VOCABULARY,
    )  # fmt: skip
    same = X.cross_doc(
        "en", unit(1, 0.4), "Thomas Anderson was sentenced on May 12 to 15 years.",
        ["Thomas Anderson"],
    )  # fmt: skip
    other = X.cross_doc(
        "en", unit(1, 0.2), "Thomas Anderson lost his appeal on September 3.",
        ["Thomas Anderson"],
    )  # fmt: skip
    assert X.similarity(original, same, settings) > X.similarity(original, other, settings)
    vector_only = X.CrossSettings(names_weight=0, dates_weight=0, numbers_weight=0)
    assert X.similarity(original, same, vector_only) < X.similarity(original, other, vector_only)


def test_names_in_common_add_to_the_score():
    settings = X.CrossSettings(dates_weight=0, numbers_weight=0)
    a = X.cross_doc("zh", unit(1, 0), "", ["托马斯·安德森"], VOCABULARY)
    b = X.cross_doc("en", unit(1, 0), "", ["Thomas Anderson"])
    c = X.cross_doc("en", unit(1, 0), "", ["Martin Clark"])
    assert X.similarity(a, b, settings) == pytest.approx(
        1.0 + settings.names_weight * X._overlap(a.names, b.names, None)
    )
    assert X.similarity(a, b, settings) > X.similarity(a, c, settings) == pytest.approx(1.0)


def test_rare_keys_weigh_more_with_idf():
    a = frozenset({"common", "rare"})
    b = frozenset({"common", "rare", "x"})
    plain = X._overlap(a, b, None)
    rare_first = X._overlap(a, b, lambda k: 5.0 if k == "rare" else 1.0)
    common_first = X._overlap(a, b, lambda k: 5.0 if k == "common" else 1.0)
    assert rare_first == pytest.approx(common_first) and rare_first > plain


def test_vectors_of_different_sizes_count_as_unrelated():
    a = X.cross_doc("en", unit(1, 0), "")
    b = X.cross_doc("zh", unit(1, 0, 0), "")
    assert X.similarity(a, b, X.CrossSettings()) == 0.0


def test_shipped_settings_load():
    s = X.CrossSettings.from_settings()
    assert s.vector_weight > 0 and s.translit_threshold > 0


def test_publication_dates_close_together_add_to_the_score():
    settings = X.CrossSettings(names_weight=0, dates_weight=0, numbers_weight=0)
    a = X.cross_doc("zh", unit(1, 0), "", published="2024-05-10")
    same_day = X.cross_doc("en", unit(1, 0), "", published="2024-05-10")
    days_later = X.cross_doc("en", unit(1, 0), "", published="2024-05-13")
    weeks_later = X.cross_doc("en", unit(1, 0), "", published="2024-06-10")
    undated = X.cross_doc("en", unit(1, 0), "")
    scores = [X.similarity(a, b, settings) for b in (same_day, days_later, weeks_later, undated)]
    assert scores[0] == pytest.approx(1.0 + settings.published_weight)
    assert scores[0] > scores[1] > scores[2] == scores[3] == pytest.approx(1.0)


def test_best_story_takes_the_best_mean_and_needs_the_threshold():
    settings = X.CrossSettings(
        names_weight=0, dates_weight=0, numbers_weight=0, published_weight=0, join_threshold=0.5
    )
    doc = X.cross_doc("ru", unit(1, 0), "")
    near = [X.cross_doc("en", unit(1, 0.3), ""), X.cross_doc("en", unit(1, 0.5), "")]
    # one member of "mixed" is nearer than any of "near", but its mean is lower
    mixed = [X.cross_doc("en", unit(1, 0.1), ""), X.cross_doc("en", unit(0, 1), "")]
    assert X.best_story(doc, {"near": near, "mixed": mixed}, settings)[0] == "near"
    far = [X.cross_doc("en", unit(0.2, 1), "")]
    assert X.best_story(doc, {"far": far}, settings) is None
    assert X.best_story(doc, {}, settings) is None


def test_an_undated_article_needs_less_score_but_a_clear_lead():
    settings = X.CrossSettings(
        names_weight=0, dates_weight=0, numbers_weight=0, published_weight=0.2,
        join_threshold=0.6, undated_margin=0.05,
    )  # fmt: skip
    undated = X.cross_doc("zh", unit(1, 0), "")
    dated = X.cross_doc("zh", unit(1, 0), "", published="2024-05-10")
    # cosine 0.5 with the one story: below the dated bar, above the undated one
    story = [X.cross_doc("en", unit(0.5, math.sqrt(0.75)), "")]
    assert X.best_story(dated, {"s": story}, settings) is None
    assert X.best_story(undated, {"s": story}, settings)[0] == "s"
    # a second story nearly as close: no clear lead, the undated article joins neither
    rival = [X.cross_doc("en", unit(0.48, math.sqrt(1 - 0.48**2)), "")]
    assert X.best_story(undated, {"s": story, "r": rival}, settings) is None


def test_an_undated_article_is_dated_by_the_days_its_text_names():
    settings = X.CrossSettings(names_weight=0, dates_weight=0, numbers_weight=0)
    undated = X.cross_doc("zh", unit(1, 0), "飓风9月26日晚登陆。")
    same_week = X.cross_doc("en", unit(1, 0), "", published="2024-09-27")
    weeks_later = X.cross_doc("en", unit(1, 0), "", published="2024-10-10")
    near = X.similarity(undated, same_week, settings)
    far = X.similarity(undated, weeks_later, settings)
    assert near > far == pytest.approx(1.0)
    silent = X.cross_doc("zh", unit(1, 0), "飓风登陆。")
    assert X.similarity(silent, same_week, settings) == pytest.approx(1.0)
