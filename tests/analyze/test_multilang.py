"""Routing by language: Chinese and Russian articles are analyzed by their own analyzers,
English ones as before, and the models load only when such an article comes."""

from __future__ import annotations

import json
import subprocess
import sys

import storyweave
from storyweave.analyze import analyze_docs, multilang
from storyweave.model import Article, article_id

ZH = (
    "港口工会上周三宣布罢工。工会主席王立新表示，罢工将持续两周，直到港务局答应工人的全部要求为止。"
)
RU = "Профсоюз порта объявил забастовку в среду. Председатель Иван Петров сказал, что она продлится две недели."
EN = "The port union announced a strike on Wednesday. Its chairman said it would last two weeks."


def _article(text: str, **kw) -> Article:
    return Article(id=article_id(text), text=text, **kw)


def test_chinese_and_russian_articles_are_analyzed_and_english_as_before():
    arts = [_article(ZH, published="2021-08-11"), _article(EN, published="2021-08-11"),
            _article(RU, published="2021-08-11")]  # fmt: skip
    out = analyze_docs(arts)
    langs = [an.language for _, an in out]
    assert langs == ["zh", "en", "ru"]
    assert all(an.supported for _, an in out)
    sizes = {len(an.vector) for _, an in out}
    assert len(sizes) == 1 and sizes.pop() > 0  # one embedding size for every language
    zh_an, en_an, ru_an = (an for _, an in out)
    assert ("上周三", "2021-08-04") in [(t.text, t.value) for t in zh_an.time_expressions]
    assert ("среду", "2021-08-11") in [(t.text, t.value) for t in ru_an.time_expressions]
    assert "Иван Петров" in [m.text for m in ru_an.mentions]
    assert "王立新" in [m.text for m in zh_an.mentions]
    assert en_an.sentences and en_an.time_expressions


def test_a_language_without_an_analyzer_is_still_reported_unsupported():
    text = "Le syndicat du port a annoncé une grève mercredi. Son président a parlé."
    ((_, an),) = analyze_docs([_article(text, language="fr")])
    assert an.language == "fr" and not an.supported


def test_an_undated_article_gets_the_latest_full_date_it_writes():
    text = "2021年8月9日，港口关闭。2021年8月11日，港口重新开放。工会表示满意。"
    article, _ = multilang.analyze(_article(text), "zh")
    assert article.published == "2021-08-11" and article.published_inferred
    assert "latest full date" in (article.published_reason or "")


def test_english_runs_never_load_the_chinese_or_russian_models():
    code = (
        "import sys\n"
        "from storyweave.analyze import analyze_docs\n"
        "from storyweave.model import Article\n"
        f"analyze_docs([Article(id='a', text={EN!r}, published='2021-08-11')])\n"
        "print(sorted(m for m in ('jieba', 'natasha', 'hanziconv') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_dossier_of_mixed_languages(tmp_path):
    for name, text in (("zh.txt", ZH), ("ru.txt", RU)):
        (tmp_path / name).write_text("published: 2021-08-11\n\n" + text, encoding="utf-8")
    text, report = storyweave.dossier([tmp_path], format="json")
    assert not report.unsupported and not report.failed
    data = json.loads(text)
    assert {a["language"] for a in data["articles"]} == {"zh", "ru"}
    assert all(a["analyzed"] for a in data["articles"])
    names = {e["name"] for s in data["stories"] for e in s["entities"]}
    assert {"王立新", "Иван Петров"} <= names
