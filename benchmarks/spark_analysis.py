"""Analysis through Spark against the plain `add` path on the same generated texts, in one run.

usage: python benchmarks/spark_analysis.py [--articles 2000] [--words 550] [--master local[2]]
           [--json FILE]

The texts come from benchmarks/corpus.py (the generator benchmarks/throughput.py uses), one
file each with front matter. Both sides ingest, analyze and write what they analyzed:

- add: `storyweave add --no-link` with two processes, into a fresh SQLite store;
- batch: `storyweave batch` on `--master` stopped after its analysis stage (ingest, one task
  per file; analysis per partition with the models loaded once per worker; Parquet).

Issue 17 asks for the batch's rate to be >= 0.85x add's. The Spark session is started before
its clock (a cluster keeps one; the start-up is printed apart, with the ratio it would give
if counted). Both sides run under the same load, one after the other: on a shared machine,
read the ratio, not the rates.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus  # noqa: E402
from storyweave import api  # noqa: E402
from storyweave.spark import job as batch_job  # noqa: E402
from storyweave.spark.session import spark_session  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--words", type=int, default=550)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        write_corpus(folder, args.articles, words=args.words)

        t0 = time.perf_counter()
        report = api.add([folder], Path(tmp) / "add.db", processes=2, link=False)
        add_s = time.perf_counter() - t0
        assert len(report.added) == args.articles, (len(report.added), report.failed[:3])

        t0 = time.perf_counter()
        spark = spark_session(args.master)
        start_s = time.perf_counter() - t0
        try:
            t0 = time.perf_counter()
            done = batch_job.run(
                [str(folder)], str(Path(tmp) / "batch"), spark=spark, until="analyze",
                log=lambda text: print("  " + text, flush=True),
            )  # fmt: skip
            batch_s = time.perf_counter() - t0
        finally:
            spark.stop()
        assert done.analyzed == args.articles, done.analyzed

    figures = {
        "articles": args.articles,
        "master": args.master,
        "cores": os.cpu_count(),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "add_s": round(add_s, 2),
        "add_articles_per_s": round(args.articles / add_s, 3),
        "spark_start_s": round(start_s, 2),
        "batch_s": round(batch_s, 2),
        "batch_ingest_s": done.seconds.get("ingest"),
        "batch_analyze_s": done.seconds.get("analyze"),
        "batch_articles_per_s": round(args.articles / batch_s, 3),
        "ratio": round(add_s / batch_s, 3),
        "ratio_with_start": round(add_s / (batch_s + start_s), 3),
    }
    print(f"{args.articles} generated articles; load average {figures['load_average_1min']} "
          f"on {figures['cores']} cores (a shared machine: compare the two sides, not rates)")  # fmt: skip
    print(f"add (ingest + analyze + store, 2 processes): {add_s:.1f} s, "
          f"{figures['add_articles_per_s']} articles/s")  # fmt: skip
    print(f"batch on {args.master} (ingest + analyze + Parquet): {batch_s:.1f} s, "
          f"{figures['batch_articles_per_s']} articles/s; Spark start-up {start_s:.1f} s apart")  # fmt: skip
    print(f"ratio batch/add rate: {figures['ratio']} "
          f"({figures['ratio_with_start']} counting the start-up)")  # fmt: skip
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
