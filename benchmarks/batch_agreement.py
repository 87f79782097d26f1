"""Agreement between `storyweave batch` (Spark) and `storyweave add` on the development corpora.

Usage: python benchmarks/batch_agreement.py [--corpora examples,seeds,ecbplus,realnews]
           [--ecb-topics 1,3,...] [--languages all|en|en,zh,...] [--master local[2]]
           [--json FILE]

Each corpus goes through `add` (a fresh SQLite store) and through `batch` (a fresh output
folder) with the shipped settings. Scored over the articles: BCubed P/R/F1 of the batch's
events taken against add's (1.0: the same events), the same for storylines, and where the corpus has a gold (ECB+ topic
halves, the real-news events) the BCubed F1 of each path against it. The real-news corpus is
written as benchmarks/realnews.py writes it (a file with front matter per article), in the
``--languages`` asked for (all by default: its Chinese and Russian articles too). Article ids are content
hashes, the same in both paths; the gold is found through each article's input file name.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ecbplus_stories import bcubed, load_documents
from storyweave import api
from storyweave.spark import job as batch_job
from storyweave.spark.linking import read_stories
from storyweave.spark.session import spark_session
from storyweave.store import open_store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def prepare(
    name: str, tmp: Path, ecb_topics: list[str] | None, languages: set[str] | None = None
) -> tuple[list[str], dict[str, str]]:
    """The input paths of a corpus and its gold (input file name -> true event; empty when
    the corpus has none)."""
    if name == "examples":
        return [str(ROOT / "examples")], {}
    if name == "seeds":
        return [str(SHARED / "seeds")], {}
    if name == "ecbplus":
        folder = tmp / "ecbplus"
        folder.mkdir()
        gold: dict[str, str] = {}
        topics = SHARED / "bench" / "ecbplus" / "topics"
        for file, story, text in load_documents(topics):
            if ecb_topics and story.split("/")[0] not in ecb_topics:
                continue
            out = Path(file).stem + ".txt"
            (folder / out).write_text(text, encoding="utf-8")
            gold[out] = story
        return [str(folder)], gold
    if name == "realnews":
        from realnews import load_corpus, write_inputs

        articles = load_corpus(ROOT / "corpus" / "realnews", languages)
        names = write_inputs(tmp / "realnews", articles, "full")
        event = {a["id"]: a.get("event") or a["storyline"] for a in articles}
        return [str(tmp / "realnews")], {f: event[i] for f, i in names.items()}
    raise SystemExit(f"unknown corpus {name}")


def add_side(
    paths: list[str], db: Path
) -> tuple[dict[str, list[str]], dict[str, str], dict[str, str], float]:
    """add's events, each article's input file, each event's storyline, and the seconds."""
    start = time.perf_counter()
    api.add(paths, db)
    seconds = time.perf_counter() - start
    with open_store(str(db)) as store:
        stories = {s: store.story_members(s) for s in store.story_ids()}
        files = {a.id: Path(a.origins[0].file).name for a in store.articles() if a.origins}
        lines = {s: store.resolve_storyline(x) for s, x in store.storylines_of(stories).items()}
    return stories, files, lines, seconds


def batch_side(
    paths: list[str], out: Path, spark: Any
) -> tuple[dict[str, list[str]], dict[str, str], float]:
    """The batch's events, each event's storyline (from its dossier), and the seconds."""
    start = time.perf_counter()
    batch_job.run(paths, str(out), spark=spark, log=lambda text: print("  " + text))
    seconds = time.perf_counter() - start
    lines: dict[str, str] = {}
    for row in spark.read.text(str(out / "dossiers")).collect():
        dossier = json.loads(row["value"])
        lines.update({s["id"]: s["storyline"] for s in dossier["stories"] if s["storyline"]})
    return read_stories(spark, str(out)), lines, seconds


def storyline_agreement(
    add_stories: dict[str, list[str]],
    add_lines: dict[str, str],
    batch_stories: dict[str, list[str]],
    batch_lines: dict[str, str],
) -> dict[str, Any]:
    """BCubed of the batch's storylines against add's, over the articles (an article's
    storyline: its event's)."""
    of_add = {a: add_lines.get(s, s) for s, ids in add_stories.items() for a in ids}
    of_batch = {a: batch_lines.get(s, s) for s, ids in batch_stories.items() for a in ids}
    items = sorted(set(of_add) | set(of_batch))
    p, r, f = bcubed(
        [of_batch.get(i, "none:" + i) for i in items], [of_add.get(i, "none:" + i) for i in items]
    )
    return {
        "storylines_add": len(set(of_add.values())),
        "storylines_batch": len(set(of_batch.values())),
        "storyline_agreement_f1": round(f, 4),
        "storyline_agreement_p": round(p, 4),
        "storyline_agreement_r": round(r, 4),
    }


def score(
    add_stories: dict[str, list[str]],
    batch_stories: dict[str, list[str]],
    files: dict[str, str],
    gold: dict[str, str],
) -> dict[str, Any]:
    of_add = {a: s for s, ids in add_stories.items() for a in ids}
    of_batch = {a: s for s, ids in batch_stories.items() for a in ids}
    items = sorted(set(of_add) | set(of_batch))
    # An article in no story on one side is a story of its own there.
    a_labels = [of_add.get(i, "none:" + i) for i in items]
    b_labels = [of_batch.get(i, "none:" + i) for i in items]
    p, r, f = bcubed(b_labels, a_labels)
    result: dict[str, Any] = {
        "articles": len(items),
        "events_add": len(add_stories),
        "events_batch": len(batch_stories),
        "agreement_p": round(p, 4),
        "agreement_r": round(r, 4),
        "agreement_f1": round(f, 4),
        "differing_articles": sum(
            1
            for i in items
            if {x for x in items if of_add.get(x) == of_add.get(i)}
            != {x for x in items if of_batch.get(x) == of_batch.get(i)}
        ),
    }
    scored = [i for i in items if files.get(i) in gold]
    if gold and scored:
        truth = [gold[files[i]] for i in scored]
        result["gold_f1_add"] = round(bcubed([of_add.get(i, i) for i in scored], truth)[2], 4)
        result["gold_f1_batch"] = round(bcubed([of_batch.get(i, i) for i in scored], truth)[2], 4)
        result["gold_f1_delta"] = round(result["gold_f1_batch"] - result["gold_f1_add"], 4)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", default="examples,seeds,ecbplus,realnews")
    parser.add_argument("--ecb-topics", help="ECB+ topic folders to use (default: all)")
    parser.add_argument("--languages", default="all", help="of the real-news corpus")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    topics = args.ecb_topics.split(",") if args.ecb_topics else None
    languages = None if args.languages == "all" else set(args.languages.split(","))
    spark = spark_session(args.master)
    results: dict[str, Any] = {}
    try:
        for name in args.corpora.split(","):
            tmp = Path(tempfile.mkdtemp(prefix=f"agree-{name}-"))
            try:
                paths, gold = prepare(name, tmp, topics, languages)
                print(f"{name}: add ...", flush=True)
                add_stories, files, add_lines, add_s = add_side(paths, tmp / "add.db")
                print(f"{name}: batch ...", flush=True)
                batch_stories, batch_lines, batch_s = batch_side(paths, tmp / "batch", spark)
                result = score(add_stories, batch_stories, files, gold)
                result.update(
                    storyline_agreement(add_stories, add_lines, batch_stories, batch_lines)
                )
                result.update(add_seconds=round(add_s, 1), batch_seconds=round(batch_s, 1))
                if name == "ecbplus":
                    result["topics"] = topics or "all"
                if name == "realnews":
                    result["languages"] = args.languages
                results[name] = result
                print(f"{name}: {json.dumps(result)}", flush=True)
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
    finally:
        spark.stop()
    flat = {f"{c}_{k}": v for c, r in results.items() for k, v in r.items()}
    for key, value in flat.items():
        print(f"{key}: {value}")
    if args.json:
        args.json.write_text(json.dumps(flat, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
