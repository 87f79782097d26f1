"""Build src/storyweave/data/translit/model.json.gz, the back-transliteration model.

Source: the Wikidata name pairs in /work/shared/bench/names/wikidata_{chinese,russian,arabic}
_train.tsv (English name word, the same word in Chinese, Cyrillic or Arabic script with its
characters space-separated, count), derived from Wikidata labels (https://www.wikidata.org),
licensed CC0 1.0 (wikidata.LICENSE.txt next to them). No pair is copied: the file holds what
EM learns from them, per character (or letter) and preceding-letter class, the expected counts
of the English substrings it renders, pruned below 0.05; a letter-trigram model of the English
words; and the logistic calibration of ``pinyin_to_english_score``, fitted on synthetic full
names built from a held-out 10% of the Chinese pairs.

Run:  .venv/bin/python scripts/build_translit.py [--names DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

from storyweave.link.translit import (
    MODEL_FILE,
    TranslitModel,
    pinyin_of,
    pinyin_pair_features,
    read_pairs,
    train,
)

FILES = {
    "zh": "wikidata_chinese_train.tsv",
    "ru": "wikidata_russian_train.tsv",
    "ar": "wikidata_arabic_train.tsv",
}
# EM time grows with the pairs; Cyrillic and Arabic letters are near-deterministic, and
# 40,000 pairs teach them as well as all.
MAX_PAIRS = {"zh": None, "ru": 40000, "ar": 40000}
SEED = 13


def _roman(chars: str, syllables: int | None = None) -> str:
    readings = [pinyin_of(c) for c in chars if pinyin_of(c)][:syllables]
    return "".join(readings).capitalize()


def synthetic_names(pairs: list[tuple[str, str, int]], n: int, seed: int) -> list[tuple]:
    """(romanized, English full name, label) triples: true pairs in the shapes Chinese renders
    Western names in (surname + given name in either order; a chosen three-syllable name from
    the first sounds of both; the surname alone), and as many false ones."""
    rng = random.Random(seed)
    pairs = [p for p in pairs if all(pinyin_of(c) for c in p[1])]
    out = []
    for _ in range(n):
        (given, given_zh, _c1), (sur, sur_zh, _c2) = rng.sample(pairs, 2)
        english = f"{given.capitalize()} {sur.capitalize()}"
        shape = rng.randrange(4)
        if shape == 0:
            roman = f"{_roman(sur_zh)} {_roman(given_zh)}"
        elif shape == 1:
            roman = f"{_roman(given_zh)} {_roman(sur_zh)}"
        elif shape == 2:
            roman = f"{_roman(sur_zh, 1)} {_roman(given_zh, 2)}"
        else:
            roman = _roman(sur_zh)
        other_given, other_sur = rng.choice(pairs)[0], rng.choice(pairs)[0]
        out.append((roman, english, 1))
        out.append((roman, f"{other_given.capitalize()} {other_sur.capitalize()}", 0))
    return out


def fit_logistic(x: np.ndarray, y: np.ndarray, iterations: int = 50) -> np.ndarray:
    """Weights of a logistic regression (last one the bias) by Newton's method, with a small
    ridge penalty so separable data cannot push them to infinity."""
    x = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(x.shape[1])
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-x @ w))
        grad = x.T @ (p - y) + 1e-2 * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + 1e-2 * np.eye(len(w))
        w -= np.linalg.solve(hess, grad)
    return w


def calibrate(model: TranslitModel, held_out: list, n: int = 3000) -> dict:
    rows, labels = [], []
    for roman, english, label in synthetic_names(held_out, n, SEED):
        feats = pinyin_pair_features(roman, english, model)
        if feats is not None:
            rows.append([max(feats[0], -50.0), feats[1]])
            labels.append(label)
    x, y = np.array(rows), np.array(labels, dtype=float)
    half = len(x) // 2
    w = fit_logistic(x[:half], y[:half])
    p = 1 / (1 + np.exp(-(np.hstack([x[half:], np.ones((len(x) - half, 1))]) @ w)))
    yt = y[half:]
    pos, neg = p[yt == 1], p[yt == 0]
    auc = float((pos[:, None] > neg[None, :]).mean() + 0.5 * (pos[:, None] == neg[None, :]).mean())
    brier = float(((p - yt) ** 2).mean())
    print(
        f"pinyin calibration: AUC {auc:.3f}, Brier {brier:.3f}, accuracy "
        f"{float(((p > 0.5) == (yt == 1)).mean()):.3f} on {len(yt)} synthetic pairs"
    )
    w = fit_logistic(x, y)
    return {
        "llr": float(w[0]),
        "coverage": float(w[1]),
        "bias": float(w[2]),
        "auc": round(auc, 4),
        "brier": round(brier, 4),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--names", default="/work/shared/bench/names", help="folder of the TSVs")
    ap.add_argument("--out", default=str(MODEL_FILE))
    ap.add_argument("--iterations", type=int, default=5)
    ap.add_argument("--langs", default="zh,ru,ar")
    args = ap.parse_args()
    models, calibration = {}, None
    for lang in args.langs.split(","):
        path = Path(args.names) / FILES[lang]
        pairs = read_pairs(path)
        random.Random(SEED).shuffle(pairs)
        if MAX_PAIRS[lang]:
            pairs = pairs[: MAX_PAIRS[lang]]
        start = time.time()
        if lang == "zh":
            cut = int(len(pairs) * 0.9)
            part = train(pairs[:cut], lang, args.iterations, progress=True)
            calibration = calibrate(part, pairs[cut:])
        model = train(pairs, lang, args.iterations, progress=True)
        models[lang] = model.to_json()
        print(
            f"{lang}: {len(pairs)} pairs, {len(model.ctx_counts)} units, "
            f"{time.time() - start:.0f} s",
            flush=True,
        )
    data = {
        "about": "storyweave back-transliteration model, generated by scripts/build_translit.py",
        "source": {
            "files": [FILES[lang] for lang in models],
            "origin": "Wikidata labels (https://www.wikidata.org), via the name-pair TSVs in "
            "/work/shared/bench/names",
            "license": "CC0 1.0",
        },
        "content": "learned expected counts of English substrings per foreign character and "
        "preceding-letter class; English letter-trigram counts; no name pairs",
        "models": models,
    }
    if calibration:
        data["pinyin_calibration"] = calibration
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as f:
        json.dump(data, f, ensure_ascii=False, separators=(",", ":"))
    print(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
