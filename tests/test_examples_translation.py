"""The demo story's Chinese original (examples/07_donghai_shipping_zh.txt) beside its machine
translation: each person's Chinese name joins the English entity with its evidence, the
translation is aligned with its original, and exactly the two places where the translation's
numbers or names differ from the original are flagged (examples/README.md says which)."""

from __future__ import annotations

import json
import re

import pytest

from seedutil import EXAMPLES
from storyweave import api

pytestmark = pytest.mark.slow

EVIDENCE = {"transliteration", "knowledge-base", "context"}
_HAN = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The dossier of examples/ as JSON and as HTML, from one store (what `make demo` does)."""
    tmp = tmp_path_factory.mktemp("demo")
    db = tmp / "demo.db"
    api.dossier([EXAMPLES], db, format="json", output=tmp / "demo.json")
    html, _ = api.dossier([EXAMPLES], db, format="html")
    return json.loads((tmp / "demo.json").read_text(encoding="utf-8")), html


@pytest.fixture(scope="module")
def golden():
    return json.loads((EXAMPLES / "golden.json").read_text(encoding="utf-8"))


def _article(dossier: dict, golden: dict, key: str) -> dict:
    title = golden["articles"][key]["title"]
    return next(a for a in dossier["articles"] if a["title"] == title)


def test_the_chinese_original_is_analyzed_in_the_story(demo, golden):
    dossier, _ = demo
    original = _article(dossier, golden, "donghai-zh")
    assert original["language"] == "zh" and original["analyzed"]
    assert original["id"] in dossier["stories"][0]["articles"]


def test_each_persons_chinese_name_links_to_the_english_entity_with_evidence(demo, golden):
    dossier, _ = demo
    original = _article(dossier, golden, "donghai-zh")
    entities = dossier["stories"][0]["entities"]
    people = [g for g in golden["entities"] if g["type"] == "PERSON"]
    chinese = [(g["canonical"], a) for g in people for a in g["aliases"] if _HAN.search(a)]
    assert len(chinese) == 4  # two people, each by full name and surname
    for canonical, name in chinese:
        holders = [e for e in entities if name in {a["text"] for a in e["aliases"]}]
        assert [e["name"] for e in holders] == [canonical], name
        alias = next(a for a in holders[0]["aliases"] if a["text"] == name)
        assert alias["match"] in EVIDENCE, alias
        # the evidence cites the Chinese sentence the name is written in
        cited = [c for c in alias["evidence"] if c["article"] == original["id"]]
        assert cited and all(name in c["text"] or _HAN.search(c["text"]) for c in cited)
        assert any(name in c["text"] for c in alias["evidence"]), alias


def test_the_translation_is_aligned_with_its_original_sentence_by_sentence(demo, golden):
    dossier, _ = demo
    mt, original = _article(dossier, golden, "donghai"), _article(dossier, golden, "donghai-zh")
    translations = dossier["stories"][0]["translations"]
    assert [(t["article"], t["original"], t["language"]) for t in translations] == [
        (mt["id"], original["id"], "zh")
    ]
    pairs = [(p["translation"], p["original"]) for p in translations[0]["pairs"]]
    # the original was written sentence for sentence: each aligns with its counterpart
    assert pairs == [(i, i) for i in range(len(original["sentences"]))]
    assert len(mt["sentences"]) == len(original["sentences"])


def test_exactly_the_changed_number_and_name_are_flagged(demo, golden):
    dossier, _ = demo
    story = dossier["stories"][0]
    mt, original = _article(dossier, golden, "donghai"), _article(dossier, golden, "donghai-zh")
    expected = [f for f in golden["flags"] if f["kind"] == "translation"]
    flags = [f for f in story["flags"] if f["kind"] == "translation"]
    assert len(flags) == len(expected) == 2
    names = {e["id"]: e["name"] for e in story["entities"]}
    for want in expected:
        found = [f for f in flags if want["text"] in f["text"]]
        assert len(found) == 1, want
        flag = found[0]
        assert flag["article"] == mt["id"]
        translated, cited_original = flag["evidence"]
        assert translated["article"] == mt["id"] and want["text"] in translated["text"]
        # the original sentence is kept in its own words
        assert cited_original["article"] == original["id"]
        assert want["original"] in cited_original["text"]
        assert cited_original["text"] == original["sentences"][cited_original["sentence"]]["text"]
        if want["entity"]:
            assert names[flag["entity"]] == want["entity"]
    number = next(f for f in flags if "fire fighters" in f["text"])
    assert "gives 90 where its zh original gives 80" in number["message"]
    actor = next(f for f in flags if "also said" in f["text"])
    assert "gives Mara Ostrowski where its zh original gives Tomas Reinholt" in actor["message"]


def test_no_other_english_article_is_taken_for_a_translation(demo, golden):
    dossier, _ = demo
    mt = _article(dossier, golden, "donghai")
    translations = dossier["stories"][0]["translations"]
    assert {t["article"] for t in translations} == {mt["id"]}
    others = [f for f in dossier["stories"][0]["flags"] if f["kind"] == "translation"]
    assert {f["article"] for f in others} == {mt["id"]}


def test_html_dossier_shows_languages_and_the_translation_beside_its_original(demo, golden):
    dossier, html = demo
    mt, original = _article(dossier, golden, "donghai"), _article(dossier, golden, "donghai-zh")
    assert '<span class="lang">zh</span> 1' in html and '<span class="lang">en</span> 8' in html
    start = html.index(f'data-translation="{mt["id"]}" data-original="{original["id"]}"')
    section = html[start : html.index("</details>", start)]
    rows = re.findall(r"<tr class=\"aligned( differs)?\">(.*?)</tr>", section, re.S)
    assert len(rows) == len(original["sentences"])
    differing = [body for flag, body in rows if flag]
    assert len(differing) == 2
    assert "80余名消防员" in differing[0] and "more than 90 fire fighters" in differing[0]
    assert "number: 90 ≠ 80" in differing[0]
    assert "莱因霍尔特还表示" in differing[1] and "Aositeluofusiji also said" in differing[1]
