"""Linking across languages: a Russian or Chinese report joins the story of its English
coverage (pipeline.crosslingual_story with link/crosslingual.py), not the story of another
event, and English-only linking never computes a multilingual vector."""

from __future__ import annotations

from storyweave import pipeline
from storyweave.analyze import analyze_docs
from storyweave.model import Article, article_id
from storyweave.store import open_store
from storyweave.store.base import MULTI_VECTOR

STRIKE_EN = (
    (
        "2025-03-12",
        "Dock workers strike at Port Halvik",
        "Dock workers at Port Halvik walked out on March 12 demanding a 15 percent pay rise, "
        "union leader Oskar Lindqvist said. About 1,200 workers joined the strike.",
    ),
    (
        "2025-03-13",
        "Halvik port strike enters second day",
        "The strike by 1,200 dock workers at Port Halvik continued on Thursday. Oskar Lindqvist "
        "said the union would not accept less than a 15 percent rise.",
    ),
)
FIRE_EN = (
    (
        "2025-06-20",
        "Fire destroys grain warehouse in Elmstad",
        "A fire destroyed a grain warehouse in Elmstad on June 20. Fire chief Marta Sorensen "
        "said no one was hurt. Firefighters fought the blaze for 9 hours.",
    ),
    (
        "2025-06-21",
        "Elmstad warehouse fire under investigation",
        "Investigators are looking into the cause of the June 20 fire that destroyed a grain "
        "warehouse in Elmstad, where the blaze burned for 9 hours.",
    ),
)
STRIKE_RU = (
    "2025-03-12",
    "Докеры порта Халвик объявили забастовку",
    "Докеры порта Халвик 12 марта прекратили работу, требуя повышения зарплаты на 15 процентов, "
    "сообщил лидер профсоюза Оскар Линдквист. В забастовке участвуют около 1200 рабочих.",
)
FIRE_ZH = (
    "2025-06-21",
    "埃尔姆斯塔德粮食仓库起火",
    "6月20日，埃尔姆斯塔德一座粮食仓库发生火灾。消防局长玛尔塔·索伦森表示，没有人受伤。"
    "消防员与大火搏斗了9个小时。",
)


def _article(item: tuple[str, str, str], language: str | None = None) -> Article:
    published, title, text = item
    return Article(
        id=article_id(text), text=text, title=title, published=published, language=language
    )


def _stored(places, articles):
    st = open_store(places.fresh("crossling"))
    st.put(analyze_docs(articles), "v1")
    return st


def test_an_original_joins_the_story_of_its_english_coverage(places):
    english = [_article(x, "en") for x in (*STRIKE_EN, *FIRE_EN)]
    ru, zh = _article(STRIKE_RU, "ru"), _article(FIRE_ZH, "zh")
    # The originals come first in publication order; English is linked first anyway.
    with _stored(places, [ru, zh, *english]) as st:
        pipeline.link(st)
        story = st.story_of([a.id for a in (*english, ru, zh)])
        strike, fire = story[english[0].id], story[english[2].id]
        assert strike != fire
        assert story[english[1].id] == strike and story[english[3].id] == fire
        assert story[ru.id] == strike
        assert story[zh.id] == fire


def test_without_english_coverage_an_original_is_linked_as_any_article(places):
    ru = _article(STRIKE_RU, "ru")
    english = [_article(x, "en") for x in FIRE_EN]
    with _stored(places, [ru, *english]) as st:
        pipeline.link(st)
        story = st.story_of([ru.id, english[0].id])
        assert story[ru.id] != story[english[0].id]


def test_english_only_linking_computes_no_multilingual_vector(places):
    english = [_article(x, "en") for x in STRIKE_EN]
    with _stored(places, english) as st:
        pipeline.link(st)
        assert st.cached(MULTI_VECTOR, [a.id for a in english]) == {}


def test_an_original_with_a_wrongly_guessed_date_still_joins_its_coverage(tmp_path):
    english = [_article(x, "en") for x in (*STRIKE_EN, *FIRE_EN)]
    published, title, text = STRIKE_RU
    # The date was guessed from the text, months off: it must not keep the strike story out.
    ru = Article(
        id=article_id(text), text=text, title=title, published="2025-09-30",
        published_inferred=True, language="ru",
    )  # fmt: skip
    with _stored(tmp_path, [ru, *english]) as st:
        pipeline.link(st)
        story = st.story_of([ru.id, english[0].id, english[2].id])
        assert story[ru.id] == story[english[0].id]
        assert story[ru.id] != story[english[2].id]
