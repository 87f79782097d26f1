"""A claim compared across languages is labelled so in the Markdown and HTML dossiers and in
the JSON, with the original sentence cited as written."""

from __future__ import annotations

import json

from storyweave.model import Analysis, Article, Citation, Claim, Dossier, Sentence, Story
from storyweave.render.html import render_html
from storyweave.render.json import render_json
from storyweave.render.markdown import render_markdown
from storyweave.store.codec import decode_story, encode_story

ENGLISH = "The court gave him 10 days to leave."
CHINESE = "法院要求他在15日内离境。"


def _dossier() -> Dossier:
    docs = []
    for aid, lang, text in (("a1", "en", ENGLISH), ("a2", "zh", CHINESE)):
        article = Article(id=aid, text=text, title=f"Report {aid}", source=f"Outlet {aid}",
                          published="2024-03-07", language=lang)  # fmt: skip
        analysis = Analysis(article=aid, language=lang, sentences=(Sentence(0, 0, len(text)),))
        docs.append((article, analysis))
    cites = (
        Citation("a2", 0, 0, len(CHINESE), CHINESE),
        Citation("a1", 0, 0, len(ENGLISH), ENGLISH),
    )
    claims = (
        Claim(id="c1", status="conflicting", text=ENGLISH, slot="number",
              values={"a2": "15日 (15 days, at most)", "a1": "10 days"}, citations=cites,
              across_languages=True),
        Claim(id="c2", status="single-source", text="an English claim", citations=cites[1:]),
    )  # fmt: skip
    story = Story(id="s1", title="A deadline", articles=("a1", "a2"), claims=claims)
    return Dossier(articles=tuple(docs), stories=(story,))


def test_markdown_labels_the_claim_and_cites_the_original_sentence():
    text = render_markdown(_dossier())
    assert f"- {ENGLISH} *(compared across languages)*" in text
    assert "- an English claim\n" in text
    assert CHINESE in text and "15日 (15 days, at most)" in text


def test_html_labels_only_the_claim_compared_across_languages():
    page = render_html(_dossier())
    assert page.count("compared across languages</span>") == 1


def test_json_and_the_store_keep_the_label():
    data = json.loads(render_json(_dossier()))
    claims = {c["id"]: c for c in data["stories"][0]["claims"]}
    assert claims["c1"]["across_languages"] is True
    assert claims["c2"]["across_languages"] is False
    story = decode_story(encode_story(_dossier().stories[0]))
    assert [c.across_languages for c in story.claims] == [True, False]
