"""Story clustering on ECB+: BCubed precision, recall and F1 over documents.

Usage: python benchmarks/ecbplus_stories.py DIR [--json FILE] [--seed N | --seeds 13,1-14]
                                                [--events-only]

DIR holds ECB+ topic folders of XML documents. A document's text is its tokens joined by
spaces; its true story is its topic plus its half (``ecb`` or ``ecbplus`` in the file name:
two different, similar events per topic). All documents go through the streaming clusterer
in one fixed shuffled order (each with the publication date the pipeline would infer from
its text, since ECB+ gives none), each scored by the story it is in at the end (a lone report
can join a story after it arrived), and through a baseline in the same run: TF-IDF cosine to
story centroids, single pass, with its threshold chosen on the same data (the best of a grid).

As in the pipeline, the storyline level (link/storylines.py) has its say on each join: every
document is analyzed first for its actors (the slow part; ``--events-only`` leaves it out and
runs the event clusterer alone). ``--seeds`` runs several arrival orders and prints the mean,
so that a setting is not tuned to one order.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from storyweave.analyze import analyze_articles, pubdate
from storyweave.analyze.embed import Embedder
from storyweave.config import Settings
from storyweave.link.stories import StoryClusterer, StoryDoc, guess_names, guess_years
from storyweave.link.storylines import ActorDoc, StorylineLinker, actor_doc
from storyweave.model import Article, article_id

_TOKEN = re.compile(r"<token\b[^>]*>([^<]*)</token>")


def load_documents(root: Path) -> list[tuple[str, str, str]]:
    """(file name, true story, text) for every XML document under the topic folders."""
    docs = []
    for path in sorted(root.glob("*/*.xml")):
        raw = path.read_text(encoding="utf-8")
        tokens = [_unescape(t) for t in _TOKEN.findall(raw)]
        half = "ecbplus" if "ecbplus" in path.name else "ecb"
        docs.append((path.name, f"{path.parent.name}/{half}", " ".join(tokens)))
    return docs


def _unescape(token: str) -> str:
    return (
        token.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


def bcubed(predicted: Sequence[str], gold: Sequence[str]) -> tuple[float, float, float]:
    """BCubed precision, recall and F1 (Bagga and Baldwin 1998) over items."""
    pred_sets: dict[str, set[int]] = defaultdict(set)
    gold_sets: dict[str, set[int]] = defaultdict(set)
    for i, (p, g) in enumerate(zip(predicted, gold, strict=True)):
        pred_sets[p].add(i)
        gold_sets[g].add(i)
    precision = recall = 0.0
    for p, g in zip(predicted, gold, strict=True):
        shared = len(pred_sets[p] & gold_sets[g])
        precision += shared / len(pred_sets[p])
        recall += shared / len(gold_sets[g])
    precision /= len(gold)
    recall /= len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def tfidf_matrix(texts: Sequence[str]) -> np.ndarray:
    """Rows of log-TF x IDF over lower-cased words, L2-normalized."""
    tokenized = [re.findall(r"\w+", t.lower()) for t in texts]
    df = Counter(w for words in tokenized for w in set(words))
    vocab = {w: i for i, w in enumerate(sorted(df))}
    matrix = np.zeros((len(texts), len(vocab)), dtype=np.float32)
    for row, words in enumerate(tokenized):
        for word, count in Counter(words).items():
            matrix[row, vocab[word]] = (1 + math.log(count)) * math.log(len(texts) / df[word])
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12)


def single_pass(sims: np.ndarray, order: Sequence[int], threshold: float) -> list[int]:
    """Each document joins the story with the most similar centroid if at or above threshold.

    ``sims`` holds the cosines between unit document vectors, so a document's cosine to a
    centroid is its summed cosine to the members over the norm of their sum, and that norm
    grows by the new member's cosines alone: no vocabulary-wide vectors are touched."""
    labels = np.full(len(sims), -1)
    seen = np.zeros(0, dtype=np.int64)  # documents placed so far
    sq_norms = np.zeros(0)
    for i in order:
        best = -1
        if len(seen):
            sums = np.bincount(labels[seen], weights=sims[i, seen], minlength=len(sq_norms))
            cosines = sums / np.sqrt(sq_norms)
            best = int(np.argmax(cosines))
            if cosines[best] < threshold:
                best = -1
        if best < 0:
            sq_norms = np.append(sq_norms, 0.0)
            best = len(sq_norms) - 1
        members = seen[labels[seen] == best]
        sq_norms[best] += 2.0 * float(sims[i, members].sum()) + float(sims[i, i])
        labels[i] = best
        seen = np.append(seen, i)
    return [int(x) for x in labels]


def baseline(texts: Sequence[str], gold: Sequence[str], order: Sequence[int]) -> dict:
    """The TF-IDF single-pass baseline at its best threshold on this data."""
    matrix = tfidf_matrix(texts)
    sims = matrix @ matrix.T
    best: dict = {"f1": -1.0}
    for threshold in np.arange(0.05, 0.60, 0.025):
        labels = single_pass(sims, order, float(threshold))
        p, r, f1 = bcubed([str(x) for x in labels], gold)
        if f1 > best["f1"]:
            best = {"f1": f1, "p": p, "r": r, "threshold": float(threshold)}
            best["stories"] = len(set(labels))
    return best


def parse_seeds(text: str) -> list[int]:
    """ "13,1-4" -> [13, 1, 2, 3, 4] (each order once: "13,1-14" is 14 orders)."""
    seeds: list[int] = []
    for part in text.split(","):
        first, _, last = part.strip().partition("-")
        seeds += range(int(first), int(last or first) + 1)
    return list(dict.fromkeys(seeds))


def cluster(
    docs: Sequence[tuple[str, str, str]],
    vectors: np.ndarray,
    inferred: Sequence[str | None],
    actors: Sequence[ActorDoc] | None,
    seed: int,
) -> tuple[list[str], list[str | None], float]:
    """Stream the documents in the order of ``seed``; returns each document's story at the
    end, its storyline (None without ``actors``) and the seconds spent linking."""
    order = list(range(len(docs)))
    random.Random(seed).shuffle(order)
    clusterer = StoryClusterer()
    linker = StorylineLinker() if actors is not None else None
    start = time.perf_counter()
    for i in order:
        name, _, text = docs[i]
        published = inferred[i]
        doc = StoryDoc(
            article_id=name,
            vector=vectors[i],
            names=guess_names(text),
            years=guess_years(text),
            published=published,
            published_inferred=published is not None,
        )
        if linker is None or actors is None:
            clusterer.add(doc)
            continue
        story = clusterer.add(doc, bias=linker.event_bias(actors[i]))
        linker.add(actors[i], story, clusterer.last_moves)
    seconds = time.perf_counter() - start
    # Scored at the end of the stream: a lone report may have joined a story after arriving.
    labels = [clusterer.story_of(d[0]) or "" for d in docs]
    lines: list[str | None] = [None] * len(docs)
    if linker is not None:
        lines = [linker.resolve(linker.storyline_of(s) or "") for s in labels]
    return labels, lines, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--seed", type=int, default=13, help="seed of the arrival order")
    parser.add_argument("--seeds", help="several arrival orders, e.g. 13,1-14: their mean too")
    parser.add_argument(
        "--events-only", action="store_true", help="the event clusterer alone (no analysis)"
    )
    args = parser.parse_args(argv)

    docs = load_documents(args.dir)
    if not docs:
        print(f"no ECB+ documents under {args.dir}", file=sys.stderr)
        return 2
    texts = [d[2] for d in docs]
    gold = [d[1] for d in docs]
    seeds = parse_seeds(args.seeds) if args.seeds else [args.seed]
    max_tokens = Settings.default().getint("stories", "article_tokens")

    embedder = Embedder.load()
    start = time.perf_counter()
    vectors = embedder.encode(texts, max_tokens=max_tokens)
    embed_s = time.perf_counter() - start
    # ECB+ gives no dates: the pipeline infers one from each text before linking.
    start = time.perf_counter()
    inferred = [pubdate.infer_published(text)[0] for text in texts]
    infer_s = time.perf_counter() - start
    actors: list[ActorDoc] | None = None
    analyze_s = 0.0
    if not args.events_only:
        start = time.perf_counter()
        articles = [Article(id=article_id(t), text=t) for t in texts]
        actors = [
            actor_doc(d[0], analysis)
            for d, (_, analysis) in zip(docs, analyze_articles(articles), strict=True)
        ]
        analyze_s = time.perf_counter() - start

    runs = []
    for seed in seeds:
        labels, lines, cluster_s = cluster(docs, vectors, inferred, actors, seed)
        p, r, f1 = bcubed(labels, gold)
        runs.append((seed, p, r, f1, labels, lines, cluster_s))
    seed, p, r, f1, labels, lines, cluster_s = runs[0]
    order = list(range(len(docs)))
    random.Random(seed).shuffle(order)
    base = baseline(texts, gold, order)

    figures = {
        "docs": len(docs),
        "seed": seed,
        "bcubed_p": round(p, 4),
        "bcubed_r": round(r, 4),
        "bcubed_f1": round(f1, 4),
        "stories_found": len(set(labels)),
        "stories_true": len(set(gold)),
        "storylines_found": len(set(lines)) if actors is not None else None,
        "docs_per_s": round(len(docs) / (embed_s + infer_s + analyze_s + cluster_s), 1),
        "cluster_docs_per_s": round(len(docs) / cluster_s, 1),
        "embed_ms_per_doc": round(1000 * embed_s / len(docs), 1),
        "infer_date_ms_per_doc": round(1000 * infer_s / len(docs), 1),
        "analyze_ms_per_doc": round(1000 * analyze_s / len(docs), 1),
        "baseline_bcubed_p": round(base["p"], 4),
        "baseline_bcubed_r": round(base["r"], 4),
        "baseline_bcubed_f1": round(base["f1"], 4),
        "baseline_threshold": round(base["threshold"], 3),
        "baseline_stories_found": base["stories"],
    }
    if len(runs) > 1:
        f1s = [run[3] for run in runs]
        figures["seeds"] = {str(run[0]): round(run[3], 4) for run in runs}
        figures["mean_bcubed_f1"] = round(sum(f1s) / len(f1s), 4)
        figures["min_bcubed_f1"] = round(min(f1s), 4)
        figures["max_bcubed_f1"] = round(max(f1s), 4)
    levels = "events only" if actors is None else "with the storyline level"
    print(f"ECB+ stories: {len(docs)} documents, seed {seed}, {levels}")
    print(
        f"  storyweave  P {p:.4f}  R {r:.4f}  F1 {f1:.4f}  stories {len(set(labels))}/{len(set(gold))}"
        + (f"  storylines {len(set(lines))}" if actors is not None else "")
    )
    print(
        f"  baseline    P {base['p']:.4f}  R {base['r']:.4f}  F1 {base['f1']:.4f}  "
        f"stories {base['stories']}/{len(set(gold))}  (TF-IDF single pass, "
        f"threshold {base['threshold']:.3f} chosen on this data)"
    )
    if len(runs) > 1:
        each = ", ".join(f"{run[0]}: {run[3]:.4f}" for run in runs)
        print(
            f"  over {len(runs)} arrival orders: mean F1 {figures['mean_bcubed_f1']:.4f} "
            f"(min {figures['min_bcubed_f1']:.4f}, max {figures['max_bcubed_f1']:.4f}; {each})"
        )
    print(
        f"  throughput  {figures['docs_per_s']} docs/s in all "
        f"({figures['embed_ms_per_doc']} ms/doc embedding at {max_tokens} tokens, "
        f"{figures['infer_date_ms_per_doc']} ms/doc date inference, "
        f"{figures['analyze_ms_per_doc']} ms/doc analysis, "
        f"{figures['cluster_docs_per_s']} docs/s clustering)"
    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
