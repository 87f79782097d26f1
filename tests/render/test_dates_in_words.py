"""The Markdown and HTML dossiers show dates in words; the JSON keeps the TIMEX3 values."""

from __future__ import annotations

from storyweave.model import Analysis, Article, Citation, Claim, Dossier, Event, Sentence, Story
from storyweave.render.html import render_html
from storyweave.render.markdown import render_markdown

SENTENCE = "The mill closed in the mid-1990s."


def _dossier() -> Dossier:
    article = Article(
        id="a1", text=SENTENCE, title="Mill history", source="Valley Post",
        published="2021-09", language="en",
    )  # fmt: skip
    analysis = Analysis(
        article="a1", language="en", sentences=(Sentence(index=0, start=0, end=len(SENTENCE)),)
    )
    cite = Citation(article="a1", sentence=0, start=0, end=len(SENTENCE), text=SENTENCE)
    timeline = (
        Event(date="199", mod="MID", text="The mill closed", citations=(cite,)),
        Event(date="18", mod=None, text="The mill was built"),
        Event(date="2020", mod="END", text="talks began"),
        Event(date="2021-W32", mod=None, text="a vote"),
    )
    claims = (
        Claim(id="c1", status="single-source", text="The mill closed", slot="date",
              values={"a1": "199 MID"}, citations=(cite,)),
        Claim(id="c2", status="single-source", text="199 workers", slot="number",
              values={"a1": "199"}, citations=(cite,)),
    )  # fmt: skip
    story = Story(id="s1", title="The mill", articles=("a1",), timeline=timeline, claims=claims)
    return Dossier(articles=((article, analysis),), stories=(story,))


def test_markdown_writes_decades_centuries_and_parts_in_words():
    text = render_markdown(_dossier())
    assert "**the mid-1990s** The mill closed" in text
    assert "**the 19th century** The mill was built" in text
    assert "**late 2020** talks began" in text
    assert "**the week of 9 August 2021** a vote" in text
    assert "Valley Post: the mid-1990s" in text  # a date claim's value
    assert "Valley Post: 199\n" in text  # a number stays a number
    assert "199 MID" not in text


def test_html_writes_dates_in_words_and_keeps_the_value_in_a_title():
    page = render_html(_dossier())
    assert 'title="199 MID">the mid-1990s</td>' in page
    assert ">the 19th century</td>" in page and ">late 2020</td>" in page
    assert "<td>the mid-1990s" in page and "<td>199<" in page
