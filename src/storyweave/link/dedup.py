"""Near-duplicate articles (syndicated copies, re-posts with small edits) by MinHash LSH.

Different translations of one report share few word sequences, so this finds copies, not
retellings: those are the story clusterer's job. Signatures are plain bytes so that a store can
keep them and rebuild the index without re-reading any text.
"""

from __future__ import annotations

import re

import numpy as np
from datasketch import MinHash, MinHashLSH

from ..config import Settings

__all__ = ["DuplicateIndex", "shingles", "signature", "signature_from_bytes", "similarity"]

_WORD = re.compile(r"\w+", re.UNICODE)
_SEED = 1  # fixed, so that stored signatures stay comparable across runs
# Named explicitly: datasketch refuses to rebuild a MinHash from values without its scheme.
_SCHEME = "affine32"
_TEMPLATES: dict[int, MinHash] = {}


def _template(num_perm: int) -> MinHash:
    # Drawing the permutations is the costly part of a MinHash; draw them once per size.
    if num_perm not in _TEMPLATES:
        _TEMPLATES[num_perm] = MinHash(num_perm=num_perm, seed=_SEED, scheme=_SCHEME)
    return _TEMPLATES[num_perm]


def shingles(text: str, size: int) -> set[bytes]:
    """The set of ``size``-word sequences of the lower-cased text (all of it if shorter)."""
    words = _WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def _minhash(text: str, num_perm: int, size: int) -> MinHash:
    mh = _template(num_perm).copy()
    grams = shingles(text, size)
    if grams:
        mh.update_batch(list(grams))
    return mh


def signature(
    text: str,
    num_perm: int | None = None,
    shingle_words: int | None = None,
    *,
    settings: Settings | None = None,
) -> bytes:
    """The text's MinHash signature as bytes (``num_perm`` little-endian uint64 values; the
    sizes not given come from ``settings``)."""
    num_perm, shingle_words = _defaults(num_perm, shingle_words, settings)
    return _minhash(text, num_perm, shingle_words).hashvalues.astype("<u8").tobytes()


def signature_from_bytes(data: bytes) -> MinHash:
    """A MinHash rebuilt from ``signature()`` bytes."""
    values = np.frombuffer(data, dtype="<u8").astype(np.uint64)
    template = _template(len(values))
    return MinHash(
        seed=_SEED, hashvalues=values, permutations=template.permutations, scheme=_SCHEME
    )


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    va, vb = np.frombuffer(a, dtype="<u8"), np.frombuffer(b, dtype="<u8")
    if len(va) != len(vb):
        raise ValueError("signatures of different lengths")
    return float(np.mean(va == vb))


def _defaults(
    num_perm: int | None, shingle_words: int | None, settings: Settings | None
) -> tuple[int, int]:
    settings = settings or Settings.default()
    if num_perm is None:
        num_perm = settings.getint("stories", "duplicate_num_perm")
    if shingle_words is None:
        shingle_words = settings.getint("stories", "duplicate_shingle_words")
    return num_perm, shingle_words


class DuplicateIndex:
    """Finds, for each new article, an earlier one it is a near-copy of."""

    def __init__(
        self,
        threshold: float | None = None,
        num_perm: int | None = None,
        shingle_words: int | None = None,
        settings: Settings | None = None,
    ) -> None:
        self.num_perm, self.shingle_words = _defaults(num_perm, shingle_words, settings)
        if threshold is None:
            threshold = (settings or Settings.default()).getfloat("stories", "duplicate_threshold")
        self.threshold: float = threshold
        # Candidates come from a lower LSH threshold than the one verified, so that a copy
        # whose bands all happen to differ is still looked at (banding is probabilistic).
        self._lsh = MinHashLSH(threshold=threshold * 0.6, num_perm=self.num_perm)
        self._signatures: dict[str, bytes] = {}
        self._order: dict[str, int] = {}
        self._original: dict[str, str] = {}  # copy id -> id of the first article of its kind

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._signatures

    def signature(self, text: str) -> bytes:
        """``signature()`` with this index's settings."""
        return signature(text, self.num_perm, self.shingle_words)

    def add(self, article_id: str, text: str) -> str | None:
        """Index an article; return the id of the earlier article it copies, or None."""
        return self.add_signature(article_id, self.signature(text))

    def add_signature(self, article_id: str, sig: bytes) -> str | None:
        """``add()`` from a stored signature (rebuilding an index costs no text reading)."""
        if article_id in self._signatures:
            return self._original.get(article_id)
        found = self.find(sig)
        self._signatures[article_id] = sig
        self._order[article_id] = len(self._order)
        self._lsh.insert(article_id, signature_from_bytes(sig))
        if found is not None:
            self._original[article_id] = found
        return found

    def find(self, sig: bytes) -> str | None:
        """The original of the most similar indexed article at or above the threshold."""
        scored = [
            (similarity(sig, self._signatures[c]), -self._order[c], c)
            for c in self._lsh.query(signature_from_bytes(sig))
        ]
        # LSH candidates are only probable matches: keep those whose estimate passes too,
        # and among equals the earliest article.
        scored = [item for item in scored if item[0] >= self.threshold]
        if not scored:
            return None
        best = max(scored)[2]
        # Copies of copies point at the first article, so a group has one representative.
        return self._original.get(best, best)

    def original(self, article_id: str) -> str:
        """The representative of the article's copy group (itself if it copies nothing)."""
        return self._original.get(article_id, article_id)

    def signatures(self) -> dict[str, bytes]:
        """Every indexed article's signature, in insertion order (what a store keeps)."""
        return dict(self._signatures)

    @classmethod
    def from_signatures(
        cls, items: list[tuple[str, bytes]] | dict[str, bytes], threshold: float | None = None
    ) -> DuplicateIndex:
        """Rebuild an index from (article id, signature) pairs in their original order."""
        pairs = list(items.items()) if isinstance(items, dict) else list(items)
        num_perm = len(pairs[0][1]) // 8 if pairs else None
        index = cls(threshold=threshold, num_perm=num_perm)
        for article_id, sig in pairs:
            index.add_signature(article_id, sig)
        return index
