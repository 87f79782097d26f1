"""Near-duplicate lookup backed by the store: LSH band keys in an indexed table.

``dedup.DuplicateIndex`` keeps its index in memory; rebuilding it for every ``add`` would cost
time in proportion to the store. Here each signature's band keys are rows of ``lsh_bands``, so
finding the candidates for a new article is an index lookup, whatever the store's size."""

from __future__ import annotations

import hashlib
import sqlite3

import numpy as np

from ..config import load_config
from .dedup import signature, similarity

__all__ = ["find_original", "index_signature", "BANDS"]

# 32 bands of 4 rows over 128 permutations: pairs at Jaccard 0.5 (the copy threshold) become
# candidates with probability 1 - (1 - 0.5**4)**32 = 0.87, at 0.6 with 0.99, while unrelated
# texts (below 0.1) almost never share a band.
BANDS = 32


def _band_keys(sig: bytes) -> list[tuple[int, int]]:
    values = np.frombuffer(sig, dtype="<u8")
    rows = max(1, len(values) // BANDS)
    keys = []
    for band in range(BANDS):
        chunk = values[band * rows : (band + 1) * rows].tobytes()
        if not chunk:
            break
        digest = hashlib.blake2b(chunk, digest_size=8).digest()
        keys.append((band, int.from_bytes(digest, "little", signed=True)))
    return keys


def index_signature(db: sqlite3.Connection, article: str, sig: bytes) -> None:
    db.execute("INSERT OR REPLACE INTO minhashes(article, data) VALUES (?, ?)", (article, sig))
    db.executemany(
        "INSERT OR IGNORE INTO lsh_bands(band, key, article) VALUES (?, ?, ?)",
        [(band, key, article) for band, key in _band_keys(sig)],
    )


def find_original(db: sqlite3.Connection, article: str, text: str) -> tuple[bytes, str | None]:
    """The new article's signature and the stored article it copies (None if none)."""
    threshold = float(load_config()["stories"]["duplicate_threshold"])
    sig = signature(text)
    keys = _band_keys(sig)
    clause = " OR ".join("(band = ? AND key = ?)" for _ in keys)
    params = [v for pair in keys for v in pair]
    rows = db.execute(
        f"SELECT DISTINCT m.article, m.data, sa.copy_of FROM lsh_bands b "
        f"JOIN minhashes m ON m.article = b.article "
        f"LEFT JOIN story_articles sa ON sa.article = m.article "
        f"WHERE ({clause}) AND b.article != ?",
        [*params, article],
    ).fetchall()
    best: tuple[float, str] | None = None
    for other, data, copy_of in rows:
        score = similarity(sig, data)
        if score >= threshold and (best is None or score > best[0]):
            # Copies of copies point at the first article of the group.
            best = (score, copy_of or other)
    return sig, best[1] if best else None
