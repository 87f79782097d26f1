"""Linking cost per article as the corpus grows: generated articles through the batch's
window linking (spark/windows.py: the same `pipeline.place_doc` as `storyweave add`).

Usage: python benchmarks/scale.py [--sizes 10000,100000,1000000] [--days 180]
       [--sample-windows N] [--json FILE]

The articles are generated with precomputed analyses (what linking reads of an article: its
names, years, publication date and a 384-float embedding), not texts: many stories of
Zipf-distributed sizes and lengths over a span of months, each with a few names of its own
drawn from a Zipf-distributed vocabulary (so some names are everywhere and most are rare), plus
Zipf-distributed stray names per article; an article's embedding is its story's direction plus
noise. Analysis per article is not measured here (it does not depend on the corpus size:
`benchmarks/throughput.py` gives it, and `storyweave batch` prints it per round).

Each window is linked as one batch task does it (its warm-up replayed first, with the name
counts of everything before it, restricted to the names its articles hold, as the batch hands
them over), one after the other in this process; the figures are seconds per article over the
windows linked (wall clock, and CPU time of this process, which a loaded machine disturbs
less), the largest window's time, the peak memory of this process (which holds the generated
corpus and runs one window task at a time: a bound on any one task), and BCubed F1 of the
stories found against the generated ones.

With ``--sample-windows N``, a size with more than N windows links only N of them, evenly
spread over its time span (a window needs only the name counts before it and the articles it
replays, not the links of the windows before it, so each is measured as its task would run);
BCubed F1 is then over the sampled windows' articles, their stories not joined across edges.
The output says which windows were linked.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from ecbplus_stories import bcubed
from storyweave.config import Settings
from storyweave.spark.windows import (
    LinkRow,
    day_number,
    link_window,
    plan_windows,
    resolve,
    window_of,
)

DIM = 384
START = date(2026, 1, 1)


def generate(n: int, days: int, seed: int = 17) -> tuple[list[LinkRow], list[str]]:
    """``n`` articles in publication order (ties by id) and the true story of each."""
    rng = np.random.default_rng(seed)
    vocabulary = max(2000, n // 2)
    rows: list[tuple[str, LinkRow, str]] = []
    made = 0
    story = 0
    while made < n:
        size = min(n - made, int(rng.zipf(1.8)), 400)
        start = int(rng.integers(0, days))
        length = min(days - start, int(rng.zipf(1.6)) * 2)
        direction = rng.standard_normal(DIM).astype(np.float32)
        own = {f"n{int(rng.zipf(1.3)) % vocabulary}" for _ in range(2)}
        own |= {f"r{story}a", f"r{story}b"}  # rare names of its own: people and places
        for k in range(size):
            day = START + timedelta(days=start + int(rng.integers(0, length + 1)))
            vec = direction + rng.standard_normal(DIM).astype(np.float32) * 1.4
            vec /= np.linalg.norm(vec)
            picked = {x for x in own if rng.random() < 0.7} or {next(iter(own))}
            stray = {f"n{int(rng.zipf(1.3)) % vocabulary}" for _ in range(int(rng.integers(0, 3)))}
            article = f"{story:07d}{k:04d}"
            row = LinkRow(
                article, day.isoformat(), False, frozenset(picked | stray),
                frozenset({day.year}), vec.astype("<f4").tobytes(),
            )  # fmt: skip
            rows.append((day.isoformat() + article, row, f"s{story}"))
        made += size
        story += 1
    rows.sort(key=lambda t: t[0])
    return [r for _, r, _ in rows], [s for _, _, s in rows]


def link_all(
    rows: list[LinkRow], settings: Settings, sample: int | None = None
) -> dict[str, object]:
    size = settings.getint("batch", "window_articles")
    warmup = settings.getint("batch", "warmup_articles")
    lsh_min = settings.getint("batch", "lsh_min_stories")
    days: Counter[int] = Counter(day_number(r.published) or 0 for r in rows)
    windows = plan_windows(days, size)
    by_window: dict[int, list[LinkRow]] = defaultdict(list)
    for r in rows:
        by_window[window_of(windows, day_number(r.published) or 0)].append(r)
    chosen = set(range(len(windows)))
    if sample is not None and len(windows) > sample:
        step = len(windows) / sample
        chosen = {min(len(windows) - 1, int(step * (k + 0.5))) for k in range(sample)}
    df: Counter[str] = Counter()
    docs = 0
    story_of: dict[str, str] = {}
    carried: dict[str, str] = {}
    slowest = 0.0
    peak = 0
    seconds = cpu = 0.0
    linked = 0
    previous: list[LinkRow] = []
    for w in range(len(windows)):
        own = by_window.get(w, [])
        warm = previous[-warmup:]
        if w in chosen:
            # What the batch hands a window: counts before its warm-up, of its own names only.
            in_warm = Counter(n for r in warm for n in r.names)
            names = {n for r in warm + own for n in r.names}
            before = {n: df[n] - in_warm[n] for n in names if df[n] - in_warm[n] > 0}
            t0, c0 = time.perf_counter(), time.process_time()
            stories, moved, _ = link_window(
                warm + own, [r.id for r in own], before, docs - len(warm), settings, lsh_min
            )
            took = time.perf_counter() - t0
            seconds += took
            cpu += time.process_time() - c0
            slowest = max(slowest, took)
            linked += len(own)
            peak = max(peak, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
            story_of.update(stories)
            carried.update(moved)
        df.update(n for r in own for n in r.names)
        docs += len(own)
        previous = own
    final = resolve(story_of, carried) if len(chosen) == len(windows) else story_of
    return {
        "windows": len(windows),
        "windows_linked": sorted(chosen),
        "articles_linked": linked,
        "link_s": round(seconds, 2),
        "link_ms_per_article": round(1000 * seconds / linked, 3),
        "link_cpu_ms_per_article": round(1000 * cpu / linked, 3),
        "slowest_window_s": round(slowest, 2),
        "peak_rss_mb": round(peak / 2**20, 1),
        "final": final,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--days", type=int, default=180)
    parser.add_argument("--sample-windows", type=int, help="link at most N windows of a size")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    settings = Settings.default()
    figures: dict[str, object] = {"days": args.days, "analyses": "precomputed (generated)"}
    print("analyses precomputed (generated names, dates, embeddings); linking measured")
    first: float | None = None
    first_cpu: float | None = None
    for n in (int(s) for s in args.sizes.split(",")):
        t0 = time.perf_counter()
        rows, truth = generate(n, args.days)
        gen_s = time.perf_counter() - t0
        result = link_all(rows, settings, args.sample_windows)
        final = result.pop("final")
        assert isinstance(final, dict)
        scored = [(final[r.id], t) for r, t in zip(rows, truth, strict=True) if r.id in final]
        f1 = bcubed([f for f, _ in scored], [t for _, t in scored])[2]
        per = float(result["link_ms_per_article"])  # type: ignore[arg-type]
        per_cpu = float(result["link_cpu_ms_per_article"])  # type: ignore[arg-type]
        first = first if first is not None else per
        first_cpu = first_cpu if first_cpu is not None else per_cpu
        for key, value in result.items():
            figures[f"{n}_{key}"] = value
        figures[f"{n}_stories_true"] = len(set(truth))
        figures[f"{n}_stories_found"] = len(set(final.values()))
        figures[f"{n}_bcubed_f1"] = round(f1, 4)
        figures[f"{n}_link_ratio_to_smallest"] = round(per / first, 3)
        figures[f"{n}_link_cpu_ratio_to_smallest"] = round(per_cpu / first_cpu, 3)
        linked = result["windows_linked"]
        assert isinstance(linked, list)
        which = (
            "all"
            if len(linked) == result["windows"]
            else f"{len(linked)} sampled ({', '.join(map(str, linked))}; F1 within them)"
        )
        print(
            f"{n} articles ({len(set(truth))} true stories, generated in {gen_s:.0f} s): "
            f"{result['windows']} windows, {which} linked: link {per:.3f} ms/article "
            f"wall, {per_cpu:.3f} ms CPU ({result['articles_linked']} articles in "
            f"{result['link_s']} s, slowest window {result['slowest_window_s']} s), peak "
            f"memory {result['peak_rss_mb']} MB, BCubed F1 {f1:.3f}, ratio to smallest "
            f"{per / first:.2f} wall, {per_cpu / first_cpu:.2f} CPU",
            flush=True,
        )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
