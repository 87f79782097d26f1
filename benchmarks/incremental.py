"""The cost of adding one article to a store that already holds many: linking it into a story
and reconciling the story it touches, beyond its own analysis.

usage: python benchmarks/incremental.py [--db FILE|URL] [--sizes 1000,5000,10000] [--probes 5]
                                       [--json FILE]

--db: a SQLite file (default: a temporary one) or a PostgreSQL URL; the run uses a new store
beside it (benchmarks/benchdb.py: the file ``<name>_incremental.db``, or the database
``<dbname>_incremental`` created on that server).

The stored articles come from benchmarks/corpus.py's event generator (events of 3 to 12
articles). They are stored with light-weight analyses built from what the generator knows
(sentences, the names it used, an embedding of each event's lead with a little noise per
article) so that filling a store of 10,000 articles takes minutes, not the hours the full NLP
pipeline would on two cores; the probe articles are analyzed by the real pipeline. What is
measured, linking and reconciliation, reads exactly what the store holds either way.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchdb import fresh_store, kind  # noqa: E402
from corpus import event_article, event_corpus, light_analysis  # noqa: E402
from storyweave.analyze import ANALYZER, analyze_docs  # noqa: E402
from storyweave.analyze.embed import Embedder  # noqa: E402
from storyweave.pipeline import link, update_stories  # noqa: E402
from storyweave.store import Store, open_store  # noqa: E402


def _fill(st: Store, items: list[dict], offset: int, embedder: Embedder) -> None:
    leads: dict[int, np.ndarray] = {}
    events = sorted({it["event"] for it in items})
    vectors = embedder.encode(
        [next(it for it in items if it["event"] == e)["text"][:600] for e in events]
    )
    leads = dict(zip(events, vectors, strict=True))
    rng = np.random.default_rng(offset)
    batch = []
    for i, item in enumerate(items):
        art = event_article(item, offset + i)
        v = leads[item["event"]] + rng.normal(0, 0.02, len(leads[item["event"]]))
        vec = (v / np.linalg.norm(v)).astype("<f4").tobytes()
        batch.append((art, light_analysis(art, item["people"], vec)))
        if len(batch) == 500:
            st.put(batch, ANALYZER)
            batch = []
    if batch:
        st.put(batch, ANALYZER)
    update_stories(st)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,10000")
    parser.add_argument("--probes", type=int, default=5)
    parser.add_argument("--json", dest="json_out")
    parser.add_argument("--db", help="SQLite file or PostgreSQL URL (default: a temp file)")
    args = parser.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    items = event_corpus(sizes[-1], seed=11)
    probes_items = event_corpus(args.probes * len(sizes) * 4, seed=99)
    probe_articles = [event_article(it, 10**6 + i) for i, it in enumerate(probes_items)]
    t0 = time.perf_counter()
    analyzed = analyze_docs(probe_articles)
    analysis_ms = (time.perf_counter() - t0) * 1000 / len(analyzed)
    embedder = Embedder.load()
    figures: dict[str, float | str] = {"probe_analysis_ms": round(analysis_ms, 1)}
    with tempfile.TemporaryDirectory() as tmp:
        db = fresh_store(args.db or str(Path(tmp) / "inc.db"), "incremental")
        figures["backend"] = kind(db)
        figures["load_average"] = round(os.getloadavg()[0], 2)
        st = open_store(db)
        filled = 0
        for level, size in enumerate(sizes):
            t0 = time.perf_counter()
            _fill(st, items[filled:size], filled, embedder)
            fill_s = time.perf_counter() - t0
            filled = size
            times, links, sizes_joined = [], [], []
            for pair in analyzed[level * args.probes * 4 : (level + 1) * args.probes * 4 : 4][
                : args.probes
            ]:
                st.put([pair], ANALYZER)
                t0 = time.perf_counter()
                touched = link(st)  # linking alone
                t1 = time.perf_counter()
                update_stories(st)  # reconciles the story it joined (marked stale)
                t2 = time.perf_counter()
                times.append((t2 - t0) * 1000)
                links.append((t1 - t0) * 1000)
                sizes_joined += [len(st.story_members(s)) for s in touched]
            stories = len(st.story_ids())
            figures[f"add_ms_{size}"] = round(statistics.median(times), 1)
            figures[f"add_ms_max_{size}"] = round(max(times), 1)
            figures[f"link_ms_{size}"] = round(statistics.median(links), 1)
            figures[f"joined_story_size_{size}"] = statistics.median(sizes_joined or [0])
            figures[f"stories_{size}"] = stories
            print(f"{size:>6} stored articles ({stories} stories, filled in {fill_s:.0f} s): "
                  f"adding one article costs {statistics.median(times):.1f} ms median, "
                  f"{max(times):.1f} ms max, beyond its analysis ({analysis_ms:.0f} ms); linking "
                  f"alone {statistics.median(links):.1f} ms; median size of the story joined "
                  f"{figures[f'joined_story_size_{size}']}")  # fmt: skip
        st.close()
    if args.json_out:
        Path(args.json_out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json_out).write_text(json.dumps(figures, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
