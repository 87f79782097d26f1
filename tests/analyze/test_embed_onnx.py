import numpy as np
import pytest

from storyweave.analyze import embed_onnx
from storyweave.analyze.embed import Embedder

pytestmark = pytest.mark.skipif(not embed_onnx.available(), reason="onnxruntime not installed")

TEXTS = [
    "A ferry ran aground off the coast of Brevik on Sunday; all 212 passengers were rescued.",
    "Rescuers brought every passenger of the stranded ferry ashore near Brevik.",
    "The central bank left interest rates unchanged at its March meeting.",
]


def test_onnx_graph_matches_numpy_forward_pass():
    emb = Embedder.load()
    ids = emb.tokenize(TEXTS, 64)
    length = max(map(len, ids))
    batch = np.zeros((len(ids), length), np.int64)
    mask = np.zeros((len(ids), length), np.float32)
    for row, seq in enumerate(ids):
        batch[row, : len(seq)] = seq
        mask[row, : len(seq)] = 1.0
    reference = emb._forward(batch, mask)
    fast = emb._run(batch, mask)
    assert np.abs(fast - reference).max() < 1e-5


def test_similar_sentences_closer_than_unrelated():
    v = Embedder.load().encode(TEXTS)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.2
