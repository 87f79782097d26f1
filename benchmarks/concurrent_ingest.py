"""Articles per second stored, linked and reconciled by 1, 2 and 4 `storyweave add` processes
writing to one store at once, on PostgreSQL and on SQLite (where writers take turns).

usage: python benchmarks/concurrent_ingest.py --db postgresql://USER@HOST/DBNAME
           [--db-sqlite FILE] [--articles 120] [--writers 1,2,4] [--json FILE]

The articles come from benchmarks/corpus.py's event generator (events of 3 to 12 reports:
stories to link and reconcile) and go through the whole pipeline, analysis included. Each
run starts from an empty store (a new database ``DBNAME_wN`` on the server, a new file for
SQLite); the corpus is dealt out round-robin, each writer `storyweave add`-ing its share with
one analysis process, and the clock runs from the first start to the last exit. Two cores:
more than two writers cannot analyze faster, and they share the machine with linking,
reconciling and the database server.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchdb import fresh_store, kind  # noqa: E402
from corpus import event_corpus  # noqa: E402
from storyweave.store import open_store  # noqa: E402

BIN = Path(sys.executable).with_name("storyweave")


def _write(folder: Path, n: int) -> list[Path]:
    files = []
    for i, item in enumerate(event_corpus(n, seed=23)):
        head = "".join(f"{k}: {item[k]}\n" for k in ("title", "source", "published"))
        path = folder / f"article_{i:05d}.txt"
        path.write_text(f"---\n{head}---\n\n{item['text']}\n", encoding="utf-8")
        files.append(path)
    return files


def run(db: str, files: list[Path], writers: int) -> dict:
    """One run: ``writers`` processes, each adding its share of ``files`` to ``db``."""
    shares = [files[i::writers] for i in range(writers)]
    started = time.perf_counter()
    procs = [
        subprocess.Popen(
            [str(BIN), "add", *map(str, share), "--db", db, "--processes", "1"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for share in shares
    ]
    errors = [p.communicate()[1] for p in procs]
    wall = time.perf_counter() - started
    failed = [e for p, e in zip(procs, errors, strict=True) if p.returncode != 0]
    with open_store(db) as st:
        stored, stories, stale = st.count(), len(st.story_ids()), len(st.stale_stories())
        unlinked = len(st.unlinked())
    return {
        "writers": writers,
        "seconds": round(wall, 1),
        "articles_per_s": round(len(files) / wall, 2),
        "stored": stored,
        "stories": stories,
        "stale_after": stale,
        "unlinked_after": unlinked,
        "failed_writers": len(failed),
        "first_error": failed[0][-500:] if failed else "",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="postgresql:// URL (or a SQLite file)")
    parser.add_argument("--db-sqlite", help="SQLite file to compare with (default: a temp one)")
    parser.add_argument("--articles", type=int, default=120)
    parser.add_argument("--writers", default="1,2,4")
    parser.add_argument("--json", dest="json_out")
    args = parser.parse_args()
    writers = [int(x) for x in args.writers.split(",")]
    load = os.getloadavg()
    results: dict[str, list[dict]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        files = _write(folder, args.articles)
        targets = [args.db, args.db_sqlite or str(Path(tmp) / "concurrent.db")]
        for db in dict.fromkeys(targets):
            name = kind(db)
            for w in writers:
                result = run(fresh_store(db, f"w{w}"), files, w)
                results.setdefault(name, []).append(result)
                print(f"{name:<8} {w} writer(s): {result['articles_per_s']:>6} articles/s "
                      f"({args.articles} articles in {result['seconds']} s; "
                      f"{result['stored']} stored, {result['stories']} stories, "
                      f"{result['stale_after']} stale, {result['unlinked_after']} unlinked, "
                      f"{result['failed_writers']} writers failed)", flush=True)  # fmt: skip
                if result["first_error"]:
                    print("  " + result["first_error"], flush=True)
    print(f"load average at the start: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} "
          f"({os.cpu_count()} cores)")  # fmt: skip
    if args.json_out:
        out = {"articles": args.articles, "load_average": [round(x, 2) for x in load],
               "cores": os.cpu_count(), "runs": results}  # fmt: skip
        Path(args.json_out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json_out).write_text(json.dumps(out, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
