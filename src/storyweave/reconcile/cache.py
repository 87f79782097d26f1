"""Work that reconciling a story repeats each time it is redone, kept between runs.

Reconciling a story again after one article joined it parses the same sentences and embeds the
same claim units as the last time. A ``Cache`` (the store is one) keeps both, keyed by a hash
of the model and the text, so only what is new is computed. The results are the same with or
without it: a cached parse rebuilds the exact tokens, tags and tree; a cached vector is the
model's own output."""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

import numpy as np

__all__ = ["Cache", "CachingEmbedder", "decode_parse", "encode_parse", "text_key"]

PARSE = "parse"
VECTOR = "unit-vector"


class Cache(Protocol):
    def cached(self, kind: str, keys: Iterable[str]) -> Mapping[str, bytes]: ...

    def cache(self, kind: str, items: Iterable[tuple[str, bytes]]) -> None: ...


def text_key(model: str, text: str) -> str:
    return hashlib.sha1(f"{model}\x00{text}".encode()).hexdigest()


def encode_parse(doc: Any) -> bytes:
    """The tokens of a parsed sentence with what clause extraction reads of them, compressed
    (about a third of spaCy's own serialization, which also carries the tensor and strings)."""
    rows = [
        [
            t.text,
            t.whitespace_ != "",
            t.tag_,
            t.pos_,
            t.dep_,
            t.head.i - t.i,
            t.lemma_,
            str(t.morph),
        ]
        for t in doc
    ]
    return zlib.compress(json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode())


def decode_parse(vocab: Any, data: bytes) -> Any:
    from spacy.tokens import Doc

    rows = json.loads(zlib.decompress(data))
    return Doc(
        vocab,
        words=[r[0] for r in rows],
        spaces=[bool(r[1]) for r in rows],
        tags=[r[2] for r in rows],
        pos=[r[3] for r in rows],
        deps=[r[4] for r in rows],
        heads=[i + r[5] for i, r in enumerate(rows)],
        lemmas=[r[6] for r in rows],
        morphs=[r[7] for r in rows],
    )


class CachingEmbedder:
    """An embedder whose vectors are looked up in a cache before the model is run."""

    def __init__(self, embedder: Any, cache: Cache, model: str) -> None:
        self.embedder = embedder
        self.cache = cache
        self.model = model

    def encode(self, texts: Sequence[str], **options: Any) -> np.ndarray:
        if not texts:
            return self.embedder.encode([], **options)
        tag = self.model + json.dumps(options, sort_keys=True)
        keys = [text_key(tag, t) for t in texts]
        found = dict(self.cache.cached(VECTOR, set(keys)))
        missing = list(dict.fromkeys(k for k in keys if k not in found))
        if missing:
            text_of = dict(zip(keys, texts, strict=True))
            fresh = self.embedder.encode([text_of[k] for k in missing], **options)
            new = {
                k: np.asarray(v, dtype="<f4").tobytes() for k, v in zip(missing, fresh, strict=True)
            }
            self.cache.cache(VECTOR, new.items())
            found.update(new)
        return np.stack([np.frombuffer(found[k], dtype="<f4") for k in keys]).astype(np.float32)
