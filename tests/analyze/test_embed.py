import numpy as np
import pytest

from storyweave.analyze.embed import Embedder, model_dir

TEXTS = [
    "The city council approved a new budget for public libraries on Tuesday.",
    "On Tuesday the council voted to give the town's libraries more money.",
    "A striker scored twice as the home side won the cup final.",
    "Heavy snow closed the mountain pass and stranded dozens of trucks.",
]


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return Embedder.load()


def test_model_files_come_from_the_package():
    path = model_dir()
    for name in ("model.safetensors", "tokenizer.json", "config.json"):
        assert (path / name).is_file()


def test_rows_are_float32_and_unit_length(embedder):
    vectors = embedder.encode(TEXTS)
    assert vectors.shape == (len(TEXTS), 384)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_paraphrase_is_closer_than_unrelated_sentences(embedder):
    v = embedder.encode(TEXTS)
    paraphrase = float(v[0] @ v[1])
    assert paraphrase > 0.6
    assert paraphrase > float(v[0] @ v[2]) + 0.3
    assert paraphrase > float(v[0] @ v[3]) + 0.3


def test_deterministic_and_independent_of_batching(embedder):
    together = embedder.encode(TEXTS, batch_size=4)
    alone = np.vstack([embedder.encode([t]) for t in TEXTS])
    again = embedder.encode(TEXTS, batch_size=2)
    # Padding in a batch must not leak into the pooled vector of a shorter text.
    assert np.abs(together - alone).max() < 1e-5
    assert np.abs(together - again).max() < 1e-5


def test_numpy_forward_pass_pools_only_real_tokens(embedder):
    ids = embedder.tokenize(TEXTS[:2], 64)
    length = max(map(len, ids)) + 5  # extra padding on every row
    batch = np.zeros((2, length), np.int64)
    mask = np.zeros((2, length), np.float32)
    for row, seq in enumerate(ids):
        batch[row, : len(seq)] = seq
        mask[row, : len(seq)] = 1.0
    padded = embedder._forward(batch, mask)
    assert np.abs(padded - embedder.encode(TEXTS[:2])).max() < 1e-5


def test_truncation_and_empty_input(embedder):
    long_text = " ".join(["word"] * 600)
    assert max(len(ids) for ids in embedder.tokenize([long_text], 32)) == 32
    short, full = embedder.encode([long_text], max_tokens=32), embedder.encode([long_text])
    assert short.shape == full.shape == (1, 384)
    assert embedder.encode([]).shape == (0, 384)


def test_load_is_a_singleton():
    assert Embedder.load() is Embedder.load()
