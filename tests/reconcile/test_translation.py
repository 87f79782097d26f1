"""Translations beside their originals (reconcile/translation.py): values compared across
languages, sentences aligned in order, and flags only where the alignment is sure."""

from __future__ import annotations

import numpy as np
import pytest

from storyweave.analyze import analyze_docs
from storyweave.link.entities import resolve
from storyweave.model import Article, Entity, article_id
from storyweave.reconcile.translation import (
    TranslationSettings,
    Values,
    align,
    compare,
    find_translations,
    sentence_values,
    translation_flags,
)


def _analyze(items: list[tuple[str, str, str]]):
    """(language, publication date, text) -> analyzed (article, analysis) pairs."""
    arts = [Article(id=article_id(t), text=t, published=d, language=lang) for lang, d, t in items]
    return analyze_docs(arts)


def _no_actors(_article: str, _start: int, _end: int) -> list[str]:
    return []


def test_eleven_years_agree_and_fifteen_days_against_ten_conflict():
    docs = _analyze(
        [
            ("zh", "2024-05-02", "他已在狱中服刑11年。当局要求他在15日内离境。"),
            ("en", "2024-05-02", "He has served 11 years in prison. "
             "The authorities ordered him to leave within 10 days."),
        ]
    )  # fmt: skip
    (zh, zh_an), (en, en_an) = docs
    original = sentence_values(zh, zh_an, _no_actors)
    english = sentence_values(en, en_an, _no_actors)
    first = compare(original[0], english[0], str)
    assert [(c.slot, c.original, c.translation, c.agree) for c in first] == [
        ("duration", "P11Y", "P11Y", True)
    ]
    second = compare(original[1], english[1], str)
    assert [(c.slot, c.original, c.translation, c.agree) for c in second] == [
        ("duration", "P15D", "P10D", False)
    ]


def test_a_value_on_one_side_only_is_no_difference():
    found = compare(Values(numbers=(80.0, 7.0)), Values(numbers=(7.0,)), str)
    assert [(c.original, c.agree) for c in found] == [("7", True)]


def test_two_values_left_on_each_side_are_not_paired_by_guess():
    found = compare(Values(numbers=(3.0, 5.0)), Values(numbers=(4.0, 6.0)), str)
    assert found == []


def test_dates_agree_on_the_precision_both_give():
    found = compare(Values(dates=("2025-03-04TNI",)), Values(dates=("2025-03-04",)), str)
    assert [c.agree for c in found] == [True]
    found = compare(Values(dates=("2025-03",)), Values(dates=("2025-04-02",)), str)
    assert [c.agree for c in found] == [False]
    assert compare(Values(durations=("PXD",)), Values(durations=("P3D",)), str) == []


def test_alignment_keeps_order_and_skips_what_matches_nothing():
    scores = np.array(
        [
            [0.9, 0.1, 0.2, 0.1],
            [0.2, 0.1, 0.8, 0.3],  # sentence 1 of the original is left out
            [0.1, 0.2, 0.3, 0.7],
            [0.3, 0.2, 0.1, 0.2],  # an added sentence
        ]
    )
    assert align(scores, 0.5) == [(0, 0), (1, 2), (2, 3)]
    # a crossing pair is never taken: order is kept
    crossing = np.array([[0.1, 0.9], [0.8, 0.1]])
    assert len(align(crossing, 0.5)) == 1


ORIGINAL = (
    "3月2日，斯文·托尔贝格在维斯特港宣布，新渡轮码头将耗资4000万欧元。"
    "托尔贝格表示，工程将于明年春天开工，预计需要两年完成。"
    "码头建成后每天可接待12艘渡轮。"
    "港口工会代表英格丽·霍尔姆说，工人们支持这一计划。"
    "霍尔姆补充说，工会希望新码头能带来300个工作岗位。"
)
# A translation that renders it sentence by sentence, with one number changed (300 -> 200)
# and the last statement given to the wrong person.
TRANSLATION = (
    "On March 2, Sven Torberg announced in Vesterhavn that the new ferry terminal will cost "
    "40 million euros. Torberg said the construction will start next spring and is expected "
    "to take two years. After completion, the terminal can receive 12 ferries every day. "
    "Port union representative Ingrid Holm said the workers support the plan. "
    "Torberg added that the union hopes the new terminal will bring 200 jobs."
)
# An English report of the same announcement, written apart: not a translation.
REPORT = (
    "Vesterhavn's harbour board has approved a new ferry terminal, and Sven Torberg, who "
    "chairs it, put the bill at 40 million euros. Local traders welcomed the news, though "
    "some residents worry about traffic on the coast road. Ingrid Holm of the port union "
    "said her members were behind it. Building work should begin in the spring."
)


@pytest.fixture(scope="module")
def ferry():
    docs = _analyze(
        [
            ("zh", "2025-03-02", ORIGINAL),
            ("en", "2025-03-03", TRANSLATION),
            ("en", "2025-03-02", REPORT),
        ]
    )
    entities = resolve(docs).entities
    return docs, entities


def _person(entities: tuple[Entity, ...], surname: str) -> Entity:
    return next(e for e in entities if e.type == "PERSON" and e.name.endswith(surname))


def test_the_translation_is_found_and_the_independent_report_is_not(ferry):
    docs, entities = ferry
    (zh, _), (en, _), (report, _) = docs
    found = find_translations(docs, entities)
    assert [(t.article, t.original, t.language) for t in found] == [(en.id, zh.id, "zh")]
    assert [(p.translation, p.original) for p in found[0].pairs] == [(i, i) for i in range(5)]
    assert report.id not in {t.article for t in found}


def test_flags_name_the_changed_number_and_the_changed_speaker(ferry):
    docs, entities = ferry
    assert _person(entities, "Torberg").aliases and _person(entities, "Holm").aliases
    flags = translation_flags(find_translations(docs, entities), docs, entities)
    said = sorted((f.kind, f.message.split(" (")[0]) for f in flags)
    assert said == [
        ("translation", "the English translation gives 200 where its zh original gives 300"),
        ("translation", "the English translation gives Sven Torberg where its zh original "
                        "gives Ingrid Holm"),
    ]  # fmt: skip
    for f in flags:
        # the original sentence is cited in its own words
        assert f.evidence[1].text in ORIGINAL and f.evidence[0].text in TRANSLATION


def test_a_translation_published_before_its_original_is_none(ferry):
    docs, entities = ferry
    (zh, zh_an), (en, en_an), _ = docs
    early = Article(id=en.id, text=en.text, published="2025-03-01", language="en")
    assert find_translations([(zh, zh_an), (early, en_an)], entities) == ()


def test_an_actor_known_only_by_its_original_script_name_is_never_compared(ferry):
    docs, entities = ferry
    # the people as if no English entity had been matched to the Chinese names
    unlinked = tuple(
        Entity(id=e.id + "-zh", name=a.text, type=e.type, mentions=tuple(
            m for m in e.mentions if m[0] == docs[0][0].id))
        for e in entities if e.type == "PERSON"
        for a in e.aliases[:1] if not a.text.isascii()
    ) + tuple(
        Entity(id=e.id, name=e.name, type=e.type,
               mentions=tuple(m for m in e.mentions if m[0] != docs[0][0].id))
        for e in entities
    )  # fmt: skip
    found = find_translations(docs, unlinked)
    slots = {c.slot for t in found for p in t.pairs for c in p.comparisons if not c.agree}
    assert "actor" not in slots


def test_an_unsure_pair_is_not_compared():
    # two English sentences equally close to one original sentence: neither is compared
    axes = {"12艘": 0, "14 ferries": 0, "15 ferries": 0, "工会": 1, "union": 1, "明年": 2}

    def encode(texts: list[str]) -> np.ndarray:
        rows = np.zeros((len(texts), 3), dtype=np.float32)
        for k, text in enumerate(texts):
            rows[k, next(v for key, v in axes.items() if key in text)] = 1.0
        return rows

    docs = _analyze(
        [
            ("zh", "2025-03-02", "码头有12艘渡轮。工会支持计划。工程明年开工。"),
            ("en", "2025-03-02", "The pier has 14 ferries. The pier has 15 ferries. "
             "The union backs the plan."),
        ]
    )  # fmt: skip
    settings = TranslationSettings(min_pairs=2, coverage_min=0.6)
    found = find_translations(docs, (), settings, encode=encode)
    assert found and [p.original for p in found[0].pairs] == [0, 1]
    first = next(p for p in found[0].pairs if p.original == 0)
    assert first.comparisons == ()  # 12 against 14 or 15: which one renders it is not sure
    union = next(p for p in found[0].pairs if p.original == 1)
    assert union.translation == 2


def test_without_the_multilingual_encoder_no_translation_is_claimed(ferry, monkeypatch):
    from storyweave.analyze import embed_multi

    docs, entities = ferry
    monkeypatch.setattr(embed_multi, "available", lambda: False)
    assert find_translations(docs, entities) == ()
