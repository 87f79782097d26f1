"""Parses and claim vectors kept in the store: same results, less work the second time."""

from __future__ import annotations

import numpy as np

from storyweave.analyze.embed import Embedder
from storyweave.analyze.nlp import load_model
from storyweave.reconcile import clauses as clauses_module
from storyweave.reconcile import reconcile_story
from storyweave.reconcile.cache import PARSE, VECTOR, CachingEmbedder, decode_parse, encode_parse
from storyweave.render.json import story_dict
from storyweave.store import SQLiteStore as Store

SENTENCE = (
    "The harbour pilot, who had  guided ships for 31 years, told the board on Monday "
    "that the crane's brakes were never tested."
)


def test_a_decoded_parse_is_the_same_tree():
    nlp = load_model()
    doc = nlp(SENTENCE)
    again = decode_parse(nlp.vocab, encode_parse(doc))
    assert again.text == doc.text
    assert [(t.text, t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_, str(t.morph)) for t in again] == [
        (t.text, t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_, str(t.morph)) for t in doc
    ]
    assert [t.idx for t in again] == [t.idx for t in doc]


def test_cached_vectors_are_the_models(tmp_path):
    embedder = Embedder.load()
    texts = ["The ferry left at dawn.", "Two cranes collapsed.", "The ferry left at dawn."]
    with Store(tmp_path / "s.db") as st:
        cached = CachingEmbedder(embedder, st, embedder.model_id)
        first = cached.encode(texts)
        assert len(_keys(st, VECTOR)) == 2  # the repeated text is stored once
        second = cached.encode(texts)
    np.testing.assert_allclose(first, embedder.encode(texts), atol=1e-5)
    np.testing.assert_array_equal(first, second)


def _keys(st: Store, kind: str) -> list[str]:
    return [r[0] for r in st.db.execute("SELECT key FROM cache WHERE kind = ?", (kind,))]


def test_reconciling_again_reads_the_parses_back(tmp_path, seed_story):
    docs, _resolution, _keys_unused = seed_story
    with Store(tmp_path / "s.db") as st:
        clauses_module._parse_cache.clear()
        first = story_dict(reconcile_story("s1", docs, cache=st))
        parses = _keys(st, PARSE)
        vectors = _keys(st, VECTOR)
        assert parses and vectors
        # A new process has nothing in memory: everything comes from the store.
        clauses_module._parse_cache.clear()
        second = story_dict(reconcile_story("s1", docs, cache=st))
        assert _keys(st, PARSE) == parses and _keys(st, VECTOR) == vectors
    clauses_module._parse_cache.clear()
    plain = story_dict(reconcile_story("s1", docs))
    assert first == second == plain
