"""Ingest and analyze generated articles end to end through the store, next to the bare NLP
model on the same texts with the same cores; then the linking and reconciling that follow,
and the end-to-end ratio (the bare model's time over the time to reconciled stories).

usage: python benchmarks/throughput.py [--articles 2000] [--words 550] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus  # noqa: E402
from storyweave import api  # noqa: E402
from storyweave.analyze import worker_count  # noqa: E402
from storyweave.analyze.nlp import MODEL_PACKAGE  # noqa: E402
from storyweave.store import open_store  # noqa: E402


def _peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def _time_layer(db: Path, articles: int) -> float:
    """Seconds per article that tagging time expressions and inferring a publication date take
    (what the temporal layer adds to analysis), over a sample of the stored articles."""
    from storyweave.analyze import pubdate, timex

    with open_store(db) as st:
        pairs = [(a, st.analysis(a.id)) for _, a in zip(range(300), st.articles(), strict=False)]
    t0 = time.perf_counter()
    for article, an in pairs:
        spans = [(s.start, s.end) for s in an.sentences] if an else None
        timex.tag(article.text, article.published, sentences=spans)
        pubdate.infer_published(article.text, sentences=spans)
    return (time.perf_counter() - t0) / max(1, len(pairs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--words", type=int, default=550)
    parser.add_argument("--json", dest="json_out")
    args = parser.parse_args()
    workers = worker_count()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        items = write_corpus(folder, args.articles, words=args.words)
        texts = [it["text"] for it in items]
        words = sum(len(t.split()) for t in texts)

        import spacy

        nlp = spacy.load(MODEL_PACKAGE)  # the bare model, as shipped
        t0 = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=16, n_process=workers):
            pass
        bare_s = time.perf_counter() - t0

        t0 = time.perf_counter()
        report = api.add([folder], Path(tmp) / "bench.db", link=False)
        full_s = time.perf_counter() - t0
        assert len(report.added) == args.articles, (len(report.added), report.failed[:3])
        time_s = _time_layer(Path(tmp) / "bench.db", args.articles)
        # Linking into stories and reconciling them is the next stage; timed on its own.
        with open_store(Path(tmp) / "bench.db") as st:
            t0 = time.perf_counter()
            stories = api.update_stories(st)
            link_s = time.perf_counter() - t0

    figures = {
        "articles": args.articles,
        "words": words,
        "processes": workers,
        "cores": os.cpu_count(),
        "articles_per_s": round(args.articles / full_s, 2),
        "words_per_s": round(words / full_s, 1),
        "bare_words_per_s": round(words / bare_s, 1),
        "ratio": round(bare_s / full_s, 3),
        # The whole way to reconciled stories (add, then linking and reconciling) against the
        # bare model on the same texts: issue 17 asks for >= 0.7.
        "end_to_end_ratio": round(bare_s / (full_s + link_s), 3),
        "full_s": round(full_s, 2),
        "bare_s": round(bare_s, 2),
        "link_reconcile_s": round(link_s, 2),
        "stories": len(stories),
        "peak_rss_mb": round(_peak_rss_mb(), 1),
        # The temporal layer (tagging + publication-date inference), timed in this process on
        # the stored articles and given as a share of the analysis time per article and core.
        "time_layer_ms_per_article": round(1000 * time_s, 2),
        "time_layer_share": round(time_s / (full_s * workers / args.articles), 4),
    }
    print(f"corpus: {args.articles} articles, {words} words, {workers} processes")
    print(f"storyweave add (ingest + analyze + store): {figures['articles_per_s']} articles/s, "
          f"{figures['words_per_s']} words/s ({full_s:.1f} s)")  # fmt: skip
    print(f"bare model nlp.pipe(n_process={workers}): {figures['bare_words_per_s']} words/s "
          f"({bare_s:.1f} s)")  # fmt: skip
    print(f"ratio full/bare speed: {figures['ratio']}")
    print(f"then linking into {len(stories)} stories and reconciling them: {link_s:.1f} s")
    print(f"end-to-end ratio (bare model time / add + link + reconcile time): "
          f"{figures['end_to_end_ratio']}")  # fmt: skip
    print(f"peak RSS: {figures['peak_rss_mb']} MB")
    print(f"temporal layer (tagging + date inference): {figures['time_layer_ms_per_article']} ms "
          f"per article, {100 * figures['time_layer_share']:.1f}% of the analysis time per "
          f"article and process")  # fmt: skip
    if args.json_out:
        Path(args.json_out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json_out).write_text(json.dumps(figures, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
