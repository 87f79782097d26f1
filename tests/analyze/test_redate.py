"""Dating a story's undated articles again from the whole story (analyze/redate.py)."""

from __future__ import annotations

from storyweave.analyze import redate
from storyweave.model import Analysis, Article, Sentence, TimeExpr, article_id

DATED = (
    "The Orrin dam at Velmarsh overflowed on Tuesday, March 7, 2023, and flooded the lower "
    "town. Engineers of the Velmarsh water board opened the sluices on Wednesday."
)
UNDATED = (
    "The water at Velmarsh fell on Friday, and the engineers of the Velmarsh water board said "
    "the Orrin dam would be inspected on Monday."
)


def _doc(text: str, published: str | None) -> tuple[Article, Analysis]:
    art = Article(id=article_id(text), text=text, published=published)
    return art, Analysis(article=art.id, language="en", sentences=(Sentence(0, 0, len(text)),))


def test_an_undated_article_takes_its_date_from_its_story():
    dated, undated = _doc(DATED, "2023-03-08"), _doc(UNDATED, None)
    docs, changed = redate.redate_story([dated, undated])
    assert docs[0] == dated
    ((article, analysis),) = changed
    assert docs[1] == (article, analysis) and article.id == undated[0].id
    assert article.published_inferred and article.published is not None
    assert "2023-03-08" <= article.published <= "2023-03-20"
    friday = next(t for t in analysis.time_expressions if t.text == "Friday")
    assert friday.anchor == article.published and friday.anchor_inferred
    # Done again with the result, nothing changes: nothing to store.
    again, changed_again = redate.redate_story(docs)
    assert again == docs and changed_again == []


def test_a_story_of_given_dates_is_left_alone():
    first = _doc(DATED, "2023-03-08")
    art, an = _doc(UNDATED, "2023-03-11")
    an = Analysis(article=an.article, language="en", time_expressions=(
        TimeExpr(0, 3, "The", "DATE", "2023-03-10"),))  # fmt: skip
    docs, changed = redate.redate_story([first, (art, an)])
    assert docs == [first, (art, an)] and changed == []
