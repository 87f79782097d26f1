"""Events and storylines of the real-news corpus in seconds: linking replayed on a stored analysis.

Usage: python benchmarks/realnews_links.py DIR [--store FILE] [--languages en|all|...]
                                               [--json FILE] [--show]

DIR is the corpus folder (corpus/realnews). ``benchmarks/realnews.py`` runs the whole pipeline
(minutes); this runs only the linking, on a store analyzed once: the articles are written as
that benchmark writes them (front matter with title, source, url and published date) and
added to ``--store`` without linking. A later run finds them analyzed there and only links:
in publication order, a near-duplicate joins its original's event, any other article goes
through the event clusterer (link/stories.py) with the storyline level's bias and its event
through the storyline linker (link/storylines.py), as ``storyweave add`` does. Scored as
``benchmarks/realnews.py`` scores a dossier: BCubed at the event and storyline levels, next
to the TF-IDF single-pass baseline. ``--show`` prints each event and storyline found with the
gold labels of its articles. ``--config FILE`` (before the other options) overrides settings.

With languages other than English (``--languages all``), the linking is the pipeline's own
(``pipeline.link`` on a copy of the analyzed store, English first, an article in another
language joining its coverage through ``pipeline.crosslingual_story``): slower than the
in-memory replay (a minute), and it reports the share of those articles in a story of their
English event, as ``benchmarks/realnews.py`` does. ``--show`` then also lists each of them
that misses: in a story of another event, alone, or with no English coverage in its story.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np

import storyweave
from realnews import load_corpus, of_its_event, score_clusters, write_inputs
from storyweave import pipeline
from storyweave.config import Settings
from storyweave.link.dedup import signature, similarity
from storyweave.link.stories import (
    StoryClusterer,
    StoryDoc,
    StorySettings,
    guess_names,
    guess_years,
)
from storyweave.link.storylines import StorylineLinker, StorylineSettings, actor_doc
from storyweave.store import open_store


def analyzed(
    root: Path, store: Path, languages: set[str] | None, settings: Settings
) -> tuple[list[dict], dict]:
    """The corpus articles, and corpus id -> stored article id (analyzing what is missing)."""
    articles = load_corpus(root, languages)
    with tempfile.TemporaryDirectory() as tmp:
        names = write_inputs(Path(tmp), articles, "full")
        report = storyweave.add([tmp], store, link=False, settings=settings)
        for file, reason in report.failed:
            print(f"failed: {file}: {reason}", file=sys.stderr)
    stored: dict[str, str] = {}
    with open_store(store, settings) as st:
        for article in st.articles():
            for origin in article.origins:
                corpus_id = names.get(Path(origin.file).name)
                if corpus_id:
                    stored[corpus_id] = article.id
    return articles, stored


def link(store: Path, ids: list[str], settings: Settings) -> tuple[dict[str, str], dict[str, str]]:
    """Stored article id -> its event and -> its storyline, linking in publication order."""
    threshold = settings.getfloat("stories", "duplicate_threshold")
    clusterer = StoryClusterer(StorySettings.from_settings(settings))
    linker = StorylineLinker(StorylineSettings.from_settings(settings))
    signatures: list[tuple[str, bytes]] = []
    original: dict[str, str] = {}
    with open_store(store, settings) as st:
        vectors = st.vectors(ids)
        for article in st.articles(ids):
            analysis = st.analysis(article.id)
            if analysis is None or not analysis.supported:
                continue
            sig = signature(article.text, settings=settings)
            best = max(
                ((similarity(sig, other), aid) for aid, other in signatures),
                default=(0.0, ""),
            )
            signatures.append((article.id, sig))
            actors = actor_doc(article.id, analysis, article.title)
            if best[0] >= threshold:
                original[article.id] = original.get(best[1], best[1])
                event = clusterer.story_of(original[article.id]) or ""
                linker.add(actors, event)
                continue
            text = ((article.title or "") + "\n" + article.text).strip()
            raw = vectors.get(article.id)
            doc = StoryDoc(
                article.id,
                np.frombuffer(raw, dtype="<f4") if raw else np.zeros(384, "f4"),
                names=guess_names(text),
                published=article.published,
                published_inferred=article.published_inferred,
                years=guess_years(text),
            )
            event = clusterer.add(doc, bias=linker.event_bias(actors))
            linker.add(actors, event, clusterer.last_moves)
    events: dict[str, str] = {}
    for aid in ids:
        event = clusterer.story_of(original.get(aid, aid))
        if event is not None:
            events[aid] = event
    lines = {aid: linker.resolve(linker.storyline_of(e) or e) for aid, e in events.items()}
    return events, lines


def link_pipeline(
    store: Path, ids: list[str], settings: Settings
) -> tuple[dict[str, str], dict[str, str]]:
    """As ``link``, by the pipeline itself on a copy of the analyzed store (the copy holds
    the multilingual vectors computed, so a rerun does not compute them again)."""
    copy = store.with_suffix(".linked.db")
    for suffix in ("", "-wal", "-shm"):
        Path(str(copy) + suffix).unlink(missing_ok=True)
    with open_store(store, settings) as st:
        st.db.execute("VACUUM INTO ?", (str(copy),))
    with open_store(copy, settings) as st:
        pipeline.link(st, settings)
        events = st.story_of(ids)
        line_of = st.storylines_of(set(events.values()))
        lines = {a: st.resolve_storyline(line_of.get(e, e)) for a, e in events.items()}
        # Keep the vectors for the next run.
        st.db.execute("ATTACH DATABASE ? AS source", (str(store),))
        st.db.execute(
            "INSERT OR IGNORE INTO source.cache(kind, key, data) SELECT kind, key, data FROM main.cache"
        )
    for suffix in ("", "-wal", "-shm"):
        Path(str(copy) + suffix).unlink(missing_ok=True)
    return events, lines


def misses(articles: list[dict], story_of: dict[str, str]) -> None:
    """Each article not in English that is not in a story of its English event, and why."""
    members: dict[str, list[dict]] = defaultdict(list)
    for art in articles:
        if art["id"] in story_of:
            members[story_of[art["id"]]].append(art)
    covered = {a["event"] for a in articles if a.get("language", "en") == "en"}
    for art in articles:
        if art.get("language", "en") == "en" or art["event"] not in covered:
            continue
        story = story_of.get(art["id"])
        english = [b for b in members.get(story or "", []) if b.get("language", "en") == "en"]
        if english and of_its_event(art, english):
            continue
        if story is None:
            why = "not linked"
        elif not english:
            others = Counter(b["event"] for b in members[story])
            why = f"no English in its story {dict(others)}"
        else:
            why = f"with {dict(Counter(b['event'] for b in english))}"
        print(f"    miss {art['id']:24s} {art['event']:28s} {art.get('published')}  {why}")


def show(articles: list[dict], found: dict[str, str], key: str) -> None:
    members: dict[str, list[dict]] = defaultdict(list)
    for art in articles:
        members[found.get(art["id"], "none:" + art["id"])].append(art)
    for cluster, arts in sorted(members.items(), key=lambda kv: -len(kv[1])):
        gold = Counter(a[key] for a in arts)
        print(f"    {cluster[:12]:12s} {len(arts):3d}  {dict(gold.most_common())}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument(
        "--store",
        type=Path,
        default=Path(tempfile.gettempdir()) / "storyweave-realnews-links.db",
        help="the analyzed store, made on the first run (default: in the temporary folder)",
    )
    parser.add_argument("--languages", default="en", help="'all' or a comma-separated list (en)")
    parser.add_argument("--config", type=Path, help="a settings file overriding settings.cfg")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--show", action="store_true", help="print the clusters found")
    args = parser.parse_args(argv)
    settings = Settings.load(args.config)

    languages = None if args.languages == "all" else set(args.languages.split(","))
    start = time.perf_counter()
    articles, stored = analyzed(args.dir, args.store, languages, settings)
    if not articles:
        print(f"no articles under {args.dir}/storylines", file=sys.stderr)
        return 2
    prepare_s = time.perf_counter() - start
    start = time.perf_counter()
    ids = list(dict.fromkeys(stored[a["id"]] for a in articles if a["id"] in stored))
    foreign = any(a.get("language", "en") != "en" for a in articles)
    events, lines = (link_pipeline if foreign else link)(args.store, ids, settings)
    link_s = time.perf_counter() - start
    story_of = {a["id"]: events[stored[a["id"]]] for a in articles if stored.get(a["id"]) in events}
    line_of = {a["id"]: lines[stored[a["id"]]] for a in articles if stored.get(a["id"]) in lines}
    figures: dict[str, Any] = {
        "articles": len(articles),
        "seconds_prepare": round(prepare_s, 1),
        "seconds_link": round(link_s, 1),
        **score_clusters(articles, story_of, line_of),
    }
    print(
        f"real news, linking only: {len(articles)} articles "
        f"(store ready in {prepare_s:.1f} s, linked in {link_s:.1f} s)"
    )
    for level in ("event", "storyline"):
        print(
            f"  {level:9s}  P {figures[f'{level}_bcubed_p']:.4f}  "
            f"R {figures[f'{level}_bcubed_r']:.4f}  F1 {figures[f'{level}_bcubed_f1']:.4f}  "
            f"found {figures[f'{level}_found']}/{figures[f'{level}_true']}   "
            f"baseline F1 {figures[f'{level}_baseline_f1']:.4f}"
        )
    if "crosslingual_joined" in figures:
        print(
            f"  across languages  {figures['crosslingual_in_event']:.4f} of "
            f"{figures['crosslingual_articles']} articles not in English are in a story of "
            f"their event's English coverage; {figures['crosslingual_joined']:.4f} in a story "
            "with English articles of their event and none of another"
        )
    if args.show:
        if foreign:
            misses(articles, story_of)
        print("  events:")
        show(articles, story_of, "event")
        print("  storylines:")
        show(articles, line_of, "storyline")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
