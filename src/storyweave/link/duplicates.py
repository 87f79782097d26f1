"""Near-duplicates among stored articles, by LSH band keys a store can index.

``dedup.DuplicateIndex`` keeps its index in memory; rebuilding it for every ``add`` would cost
time in proportion to the store. Here each signature's band keys are what a store indexes, so
finding the candidates for a new article is an index lookup, whatever the store's size: the
pipeline asks the store for the articles sharing a band (``Store.near_duplicates``) and
``original`` picks the one the new article copies."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import numpy as np

from ..model import NearDuplicate
from .dedup import similarity

__all__ = ["band_keys", "original", "BANDS"]

# 32 bands of 4 rows over 128 permutations: pairs at Jaccard 0.5 (the copy threshold) become
# candidates with probability 1 - (1 - 0.5**4)**32 = 0.87, at 0.6 with 0.99, while unrelated
# texts (below 0.1) almost never share a band. Part of the stored format (stored band keys
# are computed with it), so not a setting.
BANDS = 32


def band_keys(sig: bytes) -> tuple[tuple[int, int], ...]:
    """The (band, key) pairs of a MinHash signature: a key hashes one band's rows."""
    values = np.frombuffer(sig, dtype="<u8")
    rows = max(1, len(values) // BANDS)
    keys = []
    for band in range(BANDS):
        chunk = values[band * rows : (band + 1) * rows].tobytes()
        if not chunk:
            break
        digest = hashlib.blake2b(chunk, digest_size=8).digest()
        keys.append((band, int.from_bytes(digest, "little", signed=True)))
    return tuple(keys)


def original(sig: bytes, candidates: Iterable[NearDuplicate], threshold: float) -> str | None:
    """The stored article a new one (signature ``sig``) copies: the most similar candidate at
    or above ``threshold``, or the original that candidate copies. None if none."""
    best: tuple[float, str] | None = None
    for c in candidates:
        score = similarity(sig, c.signature)
        if score >= threshold and (best is None or score > best[0]):
            # Copies of copies point at the first article of the group.
            best = (score, c.copy_of or c.article)
    return best[1] if best else None
