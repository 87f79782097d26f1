"""An onnxruntime graph of the same MiniLM encoder, built in memory from its weights.

No package ships an ONNX file of all-MiniLM-L6-v2, so the graph is written here with the
``onnx`` helper API from the arrays ``embed.Embedder`` already holds (``EncoderWeights``): one
operator per step of the numpy forward pass, so both give the same numbers
(tests/analyze/test_embed_onnx.py). onnxruntime runs it several times faster than numpy on one
core."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np

__all__ = ["available", "EncoderWeights", "OnnxEncoder"]


class LayerWeights(Protocol):
    """One transformer block's arrays, as ``embed._Layer`` holds them (``x @ W``, Q/K/V fused)."""

    qkv_w: np.ndarray
    qkv_b: np.ndarray
    out_w: np.ndarray
    out_b: np.ndarray
    ln1_w: np.ndarray
    ln1_b: np.ndarray
    ff1_w: np.ndarray
    ff1_b: np.ndarray
    ff2_w: np.ndarray
    ff2_b: np.ndarray
    ln2_w: np.ndarray
    ln2_b: np.ndarray


class EncoderWeights(Protocol):
    """What the graph is built from: ``embed.Embedder`` has these (so this module need not
    import it, and ``embed`` imports this one)."""

    heads: int
    hidden: int
    eps: float
    word: np.ndarray
    position: np.ndarray
    ln_w: np.ndarray
    ln_b: np.ndarray

    @property
    def layers(self) -> Sequence[LayerWeights]: ...


def available() -> bool:
    try:
        import onnx  # noqa: F401
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


class _Graph:
    """Collects nodes and initializers with fresh names."""

    def __init__(self) -> None:
        from onnx import helper, numpy_helper

        self.helper, self.numpy_helper = helper, numpy_helper
        self.nodes: list[Any] = []
        self.inits: list[Any] = []
        self.count = 0

    def name(self, hint: str) -> str:
        self.count += 1
        return f"{hint}_{self.count}"

    def const(self, array: np.ndarray, hint: str = "c") -> str:
        name = self.name(hint)
        self.inits.append(self.numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def op(self, op_type: str, inputs: list[str], hint: str | None = None, **attrs: Any) -> str:
        out = self.name(hint or op_type.lower())
        self.nodes.append(self.helper.make_node(op_type, inputs, [out], **attrs))
        return out

    def layer_norm(self, x: str, weight: np.ndarray, bias: np.ndarray, eps: float) -> str:
        return self.op(
            "LayerNormalization",
            [x, self.const(weight.astype(np.float32)), self.const(bias.astype(np.float32))],
            axis=-1,
            epsilon=eps,
        )

    def dense(self, x: str, weight: np.ndarray, bias: np.ndarray) -> str:
        y = self.op("MatMul", [x, self.const(weight.astype(np.float32))])
        return self.op("Add", [y, self.const(bias.astype(np.float32))])


def _build(emb: EncoderWeights) -> bytes:
    from onnx import TensorProto, helper

    g = _Graph()
    heads, hidden = emb.heads, emb.hidden
    dim = hidden // heads
    ids, mask = "input_ids", "mask"
    x = g.op("Gather", [g.const(emb.word.astype(np.float32), "word"), ids], axis=0)
    length = g.op(
        "Slice",
        [
            g.op("Shape", [ids]),
            g.const(np.array([1], np.int64)),
            g.const(np.array([2], np.int64)),
        ],
    )
    positions = g.op(
        "Slice",
        [
            g.const(emb.position.astype(np.float32), "position"),
            g.const(np.array([0], np.int64)),
            length,
            g.const(np.array([0], np.int64)),
        ],
    )
    x = g.layer_norm(g.op("Add", [x, positions]), emb.ln_w, emb.ln_b, emb.eps)
    # Additive mask: padded keys get a large negative score before the softmax.
    inverted = g.op("Sub", [g.const(np.array(1.0, np.float32)), mask])
    bias = g.op("Mul", [inverted, g.const(np.array(-1e9, np.float32))])
    bias = g.op("Unsqueeze", [bias, g.const(np.array([1, 2], np.int64))])
    split_shape = g.const(np.array([0, 0, 3, heads, dim], np.int64))
    merge_shape = g.const(np.array([0, 0, hidden], np.int64))
    scale = g.const(np.array(1.0 / np.sqrt(dim), np.float32))
    half = g.const(np.array(0.5, np.float32))
    one = g.const(np.array(1.0, np.float32))
    rsqrt2 = g.const(np.array(0.7071067811865476, np.float32))
    for layer in emb.layers:
        qkv = g.dense(x, layer.qkv_w, layer.qkv_b)
        qkv = g.op("Reshape", [qkv, split_shape])
        qkv = g.op("Transpose", [qkv], perm=[2, 0, 3, 1, 4])
        parts = [g.name("qkv") for _ in range(3)]
        g.nodes.append(helper.make_node("Split", [qkv], parts, axis=0, num_outputs=3))
        q, k, v = (g.op("Squeeze", [p, g.const(np.array([0], np.int64))]) for p in parts)
        q = g.op("Mul", [q, scale])
        scores = g.op("MatMul", [q, g.op("Transpose", [k], perm=[0, 1, 3, 2])])
        probs = g.op("Softmax", [g.op("Add", [scores, bias])], axis=-1)
        context = g.op("Transpose", [g.op("MatMul", [probs, v])], perm=[0, 2, 1, 3])
        context = g.op("Reshape", [context, merge_shape])
        attended = g.op("Add", [g.dense(context, layer.out_w, layer.out_b), x])
        x = g.layer_norm(attended, layer.ln1_w, layer.ln1_b, emb.eps)
        h = g.dense(x, layer.ff1_w, layer.ff1_b)
        erf = g.op("Erf", [g.op("Mul", [h, rsqrt2])])
        h = g.op("Mul", [g.op("Mul", [h, half]), g.op("Add", [erf, one])])
        out = g.op("Add", [g.dense(h, layer.ff2_w, layer.ff2_b), x])
        x = g.layer_norm(out, layer.ln2_w, layer.ln2_b, emb.eps)
    g.nodes.append(helper.make_node("Identity", [x], ["hidden"]))
    graph = helper.make_graph(
        g.nodes,
        "minilm",
        [
            helper.make_tensor_value_info(ids, TensorProto.INT64, ["batch", "length"]),
            helper.make_tensor_value_info(mask, TensorProto.FLOAT, ["batch", "length"]),
        ],
        [helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["batch", "length", hidden])],
        g.inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)])
    model.ir_version = 8
    return bytes(model.SerializeToString())


class OnnxEncoder:
    """Runs the encoder on onnxruntime with one thread (analysis already uses every core)."""

    def __init__(self, emb: EncoderWeights) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(
            _build(emb), options, providers=["CPUExecutionProvider"]
        )

    def hidden(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """The last hidden states, shape (batch, length, hidden)."""
        result = self.session.run(["hidden"], {"input_ids": ids, "mask": mask})
        return np.asarray(result[0])
