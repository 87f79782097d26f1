"""Time the reconciliation of one large story: timeline and claims over N articles.

usage: reconcile_speed.py DIR [--articles N] [--distinct M] [--cache FILE] [--json FILE]

DIR holds ECB+ topic folders (../shared/bench/ecbplus/topics); their documents are read back
into plain text, analyzed, and all of them treated as ONE story (the worst case: every
article's clauses are candidates for every other's). Prints the seconds spent on entity
resolution, the timeline and the claims, and the numbers of events and claims; then the
same reconciliation twice more with a store keeping parses and claim vectors (reconcile/cache.py):
the first fills it, the second, with nothing in memory, is what redoing the story costs.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from storyweave.model import Article, article_id


def read_ecb(path: Path) -> str:
    """The document's text, one line per sentence."""
    root = ET.parse(path).getroot()
    sentences: dict[int, list[str]] = {}
    for tok in root.iter("token"):
        sentences.setdefault(int(tok.get("sentence", 0)), []).append(tok.text or "")
    lines = [" ".join(words) for _, words in sorted(sentences.items())]
    text = "\n\n".join(lines)
    for a, b in (
        (" ,", ","),
        (" .", "."),
        (" 's", "'s"),
        (" n't", "n't"),
        ("( ", "("),
        (" )", ")"),
    ):
        text = text.replace(a, b)
    return text


def load(folder: Path, distinct: int | None = None) -> list[Article]:
    files = sorted(folder.glob("*/*.xml"))[:distinct]
    out = []
    for i, f in enumerate(files):
        text = read_ecb(f)
        if len(text) < 200:
            continue
        # Spread publication dates over a year so that relative dates resolve differently.
        published = f"2012-{1 + i % 12:02d}-{1 + i % 28:02d}"
        out.append(Article(id=article_id(text), text=text, published=published, language="en"))
    return out


def widen(docs: list, groups: Mapping, n: int) -> tuple[list, dict]:
    """Repeat analyzed articles under new ids up to n (reposts: the same text again, with
    the entities of the article they repeat)."""
    out = list(docs)
    groups = dict(groups)
    k = 0
    while docs and len(out) < n:
        a, an = docs[k % len(docs)]
        new = f"r{k:015x}"
        out.append((replace(a, id=new), replace(an, article=new)))
        for g in an.groups:
            if (a.id, g.id) in groups:
                groups[(new, g.id)] = groups[(a.id, g.id)]
        k += 1
    return out[:n], groups


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("dir", type=Path)
    p.add_argument("--articles", type=int, default=1000)
    p.add_argument("--distinct", type=int, help="read only this many documents, then repeat them")
    p.add_argument("--cache", type=Path, help="pickle of the analyzed articles, reused if present")
    p.add_argument("--json", type=Path)
    args = p.parse_args(argv)

    from storyweave.analyze import analyze_articles
    from storyweave.analyze.embed import Embedder
    from storyweave.link.entities import resolve
    from storyweave.reconcile.claims import build_claims
    from storyweave.reconcile.clauses import extract_clauses
    from storyweave.reconcile.timeline import build_timeline

    if args.cache and args.cache.exists():
        docs = pickle.loads(args.cache.read_bytes())
    else:
        t = time.perf_counter()
        docs = list(analyze_articles(load(args.dir, args.distinct)))
        print(f"analysis: {time.perf_counter() - t:.1f} s for {len(docs)} articles")
        if args.cache:
            args.cache.write_bytes(pickle.dumps(docs))
    distinct = len(docs)
    t = time.perf_counter()
    res = resolve(docs)
    figures: dict[str, float] = {"resolve_s": time.perf_counter() - t}
    docs, groups = widen(docs, res.groups, args.articles)
    embedder = Embedder.load()
    figures["articles"] = len(docs)
    figures["distinct_articles"] = distinct
    t = time.perf_counter()
    clauses = extract_clauses(docs, groups, res.entities)
    figures["clauses_s"] = time.perf_counter() - t
    t = time.perf_counter()
    tl = build_timeline(docs, groups, res.entities, clauses=clauses)
    figures["timeline_s"] = time.perf_counter() - t
    t = time.perf_counter()
    claims = build_claims(docs, groups, res.entities, embedder=embedder, clauses=clauses)
    figures["claims_s"] = time.perf_counter() - t
    figures["reconcile_s"] = figures["clauses_s"] + figures["timeline_s"] + figures["claims_s"]
    figures["events"] = len(tl.events)
    figures["claims"] = len(claims)
    figures["claims_multi_source"] = sum(c.status != "single-source" for c in claims)
    figures["date_conflicts"] = sum(f.kind == "date-conflict" for f in tl.flags)
    figures.update(again(docs, groups, res.entities, embedder))
    for k, v in figures.items():
        print(f"{k}: {v:.2f}" if isinstance(v, float) else f"{k}: {v}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n")
    return 0


def again(docs: list, groups: Mapping, entities: tuple, embedder: object) -> dict[str, float]:
    """Seconds to reconcile the same story a second time in a new process (nothing in memory)
    with the parses and claim vectors of the first time kept in a store, as `storyweave add`
    does when an article joins a story."""
    import tempfile

    from storyweave.reconcile import clauses as clauses_module
    from storyweave.reconcile.cache import CachingEmbedder
    from storyweave.reconcile.claims import build_claims
    from storyweave.reconcile.clauses import extract_clauses
    from storyweave.reconcile.timeline import build_timeline
    from storyweave.store import open_store

    out = {}
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "cache.db") as st:
        cached = CachingEmbedder(embedder, st, embedder.model_id)  # type: ignore[attr-defined]
        for label in ("first_with_store_s", "again_with_store_s"):
            clauses_module._parse_cache.clear()
            t = time.perf_counter()
            clauses = extract_clauses(docs, groups, entities, cache=st)
            build_timeline(docs, groups, entities, clauses=clauses)
            build_claims(docs, groups, entities, embedder=cached, clauses=clauses)
            out[label] = time.perf_counter() - t
    return out


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
