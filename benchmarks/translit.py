"""Back-transliteration benchmark: find a name's English word from its Chinese, Cyrillic or
Arabic form alone.

Each FILE is a name-pair TSV (English word, the word in another script with its characters
space-separated, count); by default the Chinese and Russian Wikidata files of
../shared/bench/names. For each held-out pair, the English word is ranked among 50 candidates
(itself and 49 others drawn from the file with a fixed seed) and among all English words of the
file, by ``storyweave.link.translit``; top-1 and top-5 accuracy are printed next to a naive
baseline in the same run: the pinyin of the Chinese form (or the plain romanization of a
Cyrillic one) compared with each English word by Jaro-Winkler similarity. Ties count as the
expected hit under random tie-breaking.

Held out, by default: the pairs ``translit.split_of`` puts in "test" (one English word in ten,
by hash), which scripts/build_translit.py never trains on; the shipped model is measured on
them. With ``--holdout F`` a model is instead trained here on a seeded 1-F of the file and the
other F are ranked (the older protocol; slow: it trains).

Ranking among all words scores every word for each pair (vectorized, with a first-letter
beam); ``--all-sample N`` limits that part to N pairs (0: every pair); the time per query is
printed.

    .venv/bin/python benchmarks/translit.py [FILE ...] [--json OUT] [--all-sample N]
        [--holdout 0.1]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
import unicodedata
from pathlib import Path

import numpy as np
from rapidfuzz.distance import JaroWinkler

from storyweave.link.kb import romanize
from storyweave.link.translit import (
    Lexicon,
    TranslitModel,
    english_key,
    load_model,
    pinyin_of,
    read_pairs,
    split_of,
    train,
)

SEED = 2024
NAMES = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "names"
DEFAULT_FILES = ("wikidata_chinese_train.tsv", "wikidata_russian_train.tsv")


def detect_lang(pairs: list[tuple[str, str, int]]) -> str:
    counts = {"zh": 0, "ru": 0, "ar": 0}
    for _e, foreign, _c in pairs[:500]:
        for ch in foreign:
            name = unicodedata.name(ch, "")
            if name.startswith("CJK"):
                counts["zh"] += 1
            elif name.startswith("CYRILLIC"):
                counts["ru"] += 1
            elif name.startswith("ARABIC"):
                counts["ar"] += 1
    return max(counts, key=lambda k: counts[k])


def baseline_form(foreign: str, lang: str) -> str | None:
    if lang == "zh":
        return "".join(pinyin_of(ch) for ch in foreign)
    if lang == "ru":
        parts = romanize(foreign)
        return "".join(parts) if parts else None
    return None  # no plain romanization of unvocalized Arabic


def hits(scores: np.ndarray, true: float, k: int) -> float:
    """Chance the true word is in the top k when ties are broken at random."""
    greater = int((scores > true).sum())
    ties = int((scores == true).sum()) - 1  # other words scoring the same
    return float(min(max((k - greater) / (ties + 1), 0.0), 1.0))


def evaluate(
    pairs: list[tuple[str, str, int]],
    lang: str,
    model: TranslitModel,
    evaluated: list[int],
    all_sample: int = 2000,
) -> dict[str, float | int | None]:
    """Rank the English word of each pair in ``evaluated`` (indices into ``pairs``) among 50
    and among all the file's words; the figures as a dict."""
    rng = random.Random(SEED)
    words = [english for english, _f, _c in pairs]
    all_set = set(evaluated)
    if all_sample and all_sample < len(evaluated):
        all_set = set(random.Random(SEED + 1).sample(evaluated, all_sample))
    started = time.time()
    lexicon = Lexicon(words, model)
    base_keys = [english_key(w) for w in words]
    keys = ("top1_of_50", "top5_of_50", "top1_all", "top5_all")
    sums = dict.fromkeys([*keys, "baseline_top1_of_50", "baseline_top5_of_50"], 0.0)
    t50 = t_all = 0.0
    for n, i in enumerate(evaluated, 1):
        _english, foreign, _count = pairs[i]
        others = [j for j in rng.sample(range(len(words)), 50) if j != i][:49]
        candidates = [i, *others]
        t = time.time()
        sub = lexicon.scores(foreign, subset=candidates)[candidates]
        t50 += time.time() - t
        if i in all_set:
            t = time.time()
            scores = lexicon.scores(foreign)
            sums["top1_all"] += hits(scores, scores[i], 1)
            sums["top5_all"] += hits(scores, scores[i], 5)
            t_all += time.time() - t
        sums["top1_of_50"] += hits(sub, sub[0], 1)
        sums["top5_of_50"] += hits(sub, sub[0], 5)
        form = baseline_form(foreign, lang)
        if form is not None:
            base = np.array([JaroWinkler.similarity(form, base_keys[j]) for j in candidates])
            sums["baseline_top1_of_50"] += hits(base, base[0], 1)
            sums["baseline_top5_of_50"] += hits(base, base[0], 5)
        if n % 5000 == 0:
            print(f"{n}/{len(evaluated)} pairs", file=sys.stderr, flush=True)
    n_eval, n_all = max(len(evaluated), 1), max(len(all_set), 1)
    figures: dict[str, float | int | None] = {
        "lang": lang,
        "pairs": len(evaluated),
        "prior_weight": model.prior_weight,
        "top1_of_50": sums["top1_of_50"] / n_eval,
        "top5_of_50": sums["top5_of_50"] / n_eval,
        "top1_all": sums["top1_all"] / n_all,
        "top5_all": sums["top5_all"] / n_all,
        "all_pairs_ranked": len(all_set),
        "all_words": len(words),
        "baseline_top1_of_50": sums["baseline_top1_of_50"] / n_eval,
        "baseline_top5_of_50": sums["baseline_top5_of_50"] / n_eval,
        "seconds_per_query_all": t_all / n_all,
        "seconds_per_query_50": t50 / n_eval,
        "seconds": time.time() - started,
    }
    if pairs and baseline_form(pairs[0][1], lang) is None:
        figures["baseline_top1_of_50"] = figures["baseline_top5_of_50"] = None
    return figures


def report(path: str, figures: dict, holdout: float) -> None:
    held = f"held out {holdout:.0%} (trained here)" if holdout else "held-out test split"
    print(f"{path} ({figures['lang']}, {figures['pairs']} pairs, {held})")
    print(f"{'':24}{'top-1':>8}{'top-5':>8}")
    print(f"{'model, of 50':24}{figures['top1_of_50']:8.3f}{figures['top5_of_50']:8.3f}")
    if figures["baseline_top1_of_50"] is not None:
        print(
            f"{'baseline, of 50':24}{figures['baseline_top1_of_50']:8.3f}"
            f"{figures['baseline_top5_of_50']:8.3f}"
        )
    print(
        f"{'model, of all ' + str(figures['all_words']):24}{figures['top1_all']:8.3f}"
        f"{figures['top5_all']:8.3f}   ({figures['all_pairs_ranked']} pairs ranked, "
        f"{figures['seconds_per_query_all'] * 1000:.0f} ms each)"
    )
    print(f"{figures['seconds']:.0f} s", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*", help="name-pair TSVs (default: Chinese and Russian)")
    ap.add_argument("--json", help="write the figures to this file, by language")
    ap.add_argument("--lang", help="zh, ru or ar (default: from each file's script)")
    ap.add_argument("--model", help="a model file instead of the shipped one")
    ap.add_argument("--holdout", type=float, default=0.0, help="train on 1-F, rank the F")
    ap.add_argument("--all-sample", type=int, default=2000, help="pairs ranked among all words")
    ap.add_argument("--limit", type=int, default=0, help="rank only this many pairs")
    ap.add_argument("--save-model", help="with --holdout: write the trained model here")
    args = ap.parse_args(argv)

    files = args.files or [str(NAMES / name) for name in DEFAULT_FILES]
    out: dict[str, dict] = {}
    for path in files:
        pairs = read_pairs(path)
        lang = args.lang or detect_lang(pairs)
        if args.holdout:
            order = list(range(len(pairs)))
            random.Random(SEED).shuffle(order)
            cut = int(len(pairs) * (1 - args.holdout))
            started = time.time()
            model = train([pairs[i] for i in order[:cut]], lang, progress=True)
            evaluated = sorted(order[cut:])
            if args.save_model:
                with gzip.open(args.save_model, "wt", encoding="utf-8") as f:
                    json.dump({"models": {lang: model.to_json()}}, f)
            print(f"trained on {cut} pairs in {time.time() - started:.0f} s", flush=True)
        else:
            model = load_model(lang, args.model)
            evaluated = [i for i, p in enumerate(pairs) if split_of(p[0]) == "test"]
        if args.limit:
            evaluated = evaluated[: args.limit]
        figures = evaluate(pairs, lang, model, evaluated, args.all_sample)
        figures["file"] = str(Path(path))
        figures["holdout"] = args.holdout or "split_of test"
        report(path, figures, args.holdout)
        out[lang] = figures
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
