"""Load on the web app and API: requests/s and p50/p95 latency of the stories list, a story
page and search, over a store of 10,000 articles, served by uvicorn on loopback.

usage: python benchmarks/serve_load.py [--db FILE|URL] [--articles 10000] [--clients 8]
                                       [--requests 400] [--seconds 30] [--json FILE]

The store is built once and cached in benchmarks/results/serve_load_N.db (or --db: a SQLite
file, or a PostgreSQL database URL; built there if empty, reused if it holds the articles). Its articles come from benchmarks/corpus.py's event
generator (events of 3 to 12 articles from several outlets) and are stored with light-weight
analyses built from what the generator knows (sentences, the names it used) instead of the
full NLP pipeline, which would take hours for 10,000 articles on two cores. Each event becomes
one story whose dossier is written from the generator's knowledge as well (every name an
entity with its mentions, one timeline event and one claim value per article): the real
reconciler takes seconds a story on this machine. What is measured, serving, reads exactly
what the store holds either way.

Each of the three phases sends at most --requests requests from --clients concurrent clients
(persistent HTTP/1.1 connections) and stops after --seconds in any case.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import PLACES, event_article, event_corpus, light_analysis  # noqa: E402
from storyweave.analyze import ANALYZER  # noqa: E402
from storyweave.model import (  # noqa: E402
    Alias,
    Analysis,
    Article,
    Citation,
    Claim,
    Entity,
    Event,
    LinkDecision,
    Story,
)
from storyweave.store import is_url, open_store  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"


def build(db: str, n: int) -> None:
    """Fill ``db`` with ``n`` generated articles grouped into reconciled stories."""
    t0 = time.perf_counter()
    items = event_corpus(n, seed=11)
    by_event: dict[int, list[tuple[Article, Analysis]]] = {}
    with open_store(db) as st:
        batch = []
        for i, item in enumerate(items):
            art = event_article(item, i)
            pair = (art, light_analysis(art, item["people"]))
            by_event.setdefault(item["event"], []).append(pair)
            batch.append(pair)
            if len(batch) == 500:
                st.put(batch, ANALYZER)
                batch = []
        if batch:
            st.put(batch, ANALYZER)
        for event, docs in by_event.items():
            docs.sort(key=lambda d: (d[0].published or "", d[0].id))
            sid = f"s{event:06d}"
            story = _story(sid, docs)
            for a, _ in docs:
                st.apply_link(LinkDecision(article=a.id, story=sid))
            st.put_story(story, [a for a, _ in docs])
    print(f"built {db} ({n} articles, {len(by_event)} stories) in "
          f"{time.perf_counter() - t0:.0f} s", file=sys.stderr)  # fmt: skip


def _story(sid: str, docs: list[tuple[Article, Analysis]]) -> Story:
    """A story from what the generator knows: each name an entity with its mentions, one
    timeline event and one claim value per article."""
    mentions: dict[str, list[tuple[str, int, int]]] = {}
    labels: dict[str, str] = {}
    for a, an in docs:
        for m in an.mentions:
            mentions.setdefault(m.name, []).append((a.id, m.start, m.end))
            labels[m.name] = m.label
    entities = tuple(
        Entity(id=f"ent-{sid}-{i}", name=name, type=labels[name],
               aliases=(Alias(name, len(ms), "exact", 1.0),), mentions=tuple(ms))
        for i, (name, ms) in enumerate(sorted(mentions.items()))
    )  # fmt: skip
    leads = [_event(a, an) for a, an in docs if an.sentences]
    claim = Claim(id=f"{sid}-lead", status="corroborated" if len(docs) > 1 else "single-source",
                  text=leads[0].text if leads else "",
                  values={e.citations[0].article: "reported" for e in leads},
                  citations=tuple(e.citations[0] for e in leads))  # fmt: skip
    return Story(id=sid, title=docs[0][0].title or sid, articles=tuple(a.id for a, _ in docs),
                 entities=entities, timeline=tuple(leads), claims=(claim,))  # fmt: skip


def _event(a: Article, an: Analysis) -> Event:
    s = an.sentences[0]
    text = a.text[s.start : s.end]
    cite = Citation(article=a.id, sentence=0, start=s.start, end=s.end, text=text)
    return Event(date=a.published or "", mod=None, text=text, citations=(cite,),
                 dates={a.id: a.published or ""})  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_server(db: str, port: int) -> subprocess.Popen:
    code = (
        "import sys, uvicorn; from storyweave.web import create_app; "
        "uvicorn.run(create_app(sys.argv[1]), host='127.0.0.1', port=int(sys.argv[2]), "
        "log_level='warning', access_log=False)"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(db), str(port)])
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            if proc.poll() is not None:
                raise SystemExit("the server exited at start") from None
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start within 60 s")


def _phase(port: int, paths: list[str], clients: int, limit: int, seconds: float) -> dict:
    """Send up to ``limit`` requests for ``paths`` (cycled) from ``clients`` threads."""
    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[str] = []
    queue = iter(range(limit))
    stop = time.perf_counter() + seconds

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.perf_counter() < stop:
            with lock:
                i = next(queue, None)
            if i is None:
                break
            t = time.perf_counter()
            try:
                conn.request("GET", paths[i % len(paths)])
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status, exc_text = 0, str(exc)
                with lock:
                    errors.append(exc_text)
                continue
            elapsed = time.perf_counter() - t
            with lock:
                latencies.append(elapsed)
                if status != 200:
                    errors.append(f"{status} {paths[i % len(paths)]}")
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - started
    ms = sorted(x * 1000 for x in latencies)

    def pct(p: float) -> float:
        return round(ms[min(len(ms) - 1, int(p * len(ms)))], 1) if ms else float("nan")

    return {"requests": len(ms), "seconds": round(wall, 2), "errors": len(errors),
            "first_errors": errors[:3], "rps": round(len(ms) / wall, 1) if wall else 0.0,
            "p50_ms": pct(0.50), "p95_ms": pct(0.95),
            "mean_ms": round(statistics.fmean(ms), 1) if ms else float("nan")}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="SQLite file or PostgreSQL URL (built there if empty)")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=400, help="per phase, at most")
    parser.add_argument("--seconds", type=float, default=30.0, help="per phase, at most")
    parser.add_argument("--json", dest="json_out", type=Path)
    args = parser.parse_args()

    db = args.db or str(RESULTS / f"serve_load_{args.articles}.db")
    if not is_url(db):
        Path(db).parent.mkdir(parents=True, exist_ok=True)
    with open_store(db) as st:
        empty = st.count() == 0
    if empty:
        build(db, args.articles)
    load = os.getloadavg()
    with open_store(db) as st:
        count = st.count()
        story_ids = st.story_ids()
    rng = random.Random(5)
    sample = rng.sample(story_ids, min(200, len(story_ids)))
    words = [*PLACES, "warehouse", "union", "trial", "election", "flood", "merger"]
    port = _free_port()
    server = _start_server(db, port)
    try:
        _phase(port, ["/api/stories", f"/stories/{sample[0]}"], 2, 20, 10)  # warm up
        phases = {
            "stories": ["/api/stories?limit=50", "/?offset=50", "/api/stories?q=union&limit=50"],
            "story": [f"/stories/{s}" for s in sample],
            "story_api": [f"/api/stories/{s}" for s in sample],
            "search": [f"/api/search?q={quote(rng.choice(words))}" for _ in range(100)],
        }
        results = {
            name: _phase(port, paths, args.clients, args.requests, args.seconds)
            for name, paths in phases.items()
        }
    finally:
        server.terminate()
        server.wait(10)
    total = sum(r["requests"] for r in results.values())
    wall = sum(r["seconds"] for r in results.values())
    print(f"store: {db} ({count} articles, {len(story_ids)} stories); "
          f"{args.clients} clients, {os.cpu_count()} cores; load average at the start "
          f"{load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")  # fmt: skip
    print(f"{'phase':<10} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>6}")
    for name, r in results.items():
        print(f"{name:<10} {r['requests']:>8} {r['rps']:>8} {r['p50_ms']:>8} {r['p95_ms']:>8} "
              f"{r['errors']:>6}")  # fmt: skip
        for e in r["first_errors"]:
            print(f"  error: {e}")
    flat = {
        "backend": "postgres" if is_url(db) else "sqlite",
        "load_average": [round(x, 2) for x in load],
        "articles": count,
        "stories": len(story_ids),
        "clients": args.clients,
        "requests_per_s": round(total / wall, 1) if wall else 0.0,
        "stories_p50_ms": results["stories"]["p50_ms"],
        "stories_p95_ms": results["stories"]["p95_ms"],
        "story_p50_ms": results["story"]["p50_ms"],
        "story_p95_ms": results["story"]["p95_ms"],
        "story_api_p95_ms": results["story_api"]["p95_ms"],
        "search_p50_ms": results["search"]["p50_ms"],
        "search_p95_ms": results["search"]["p95_ms"],
        "errors": sum(r["errors"] for r in results.values()),
    }
    print(f"requests/s overall: {flat['requests_per_s']}; story page p95 {flat['story_p95_ms']} ms "
          f"(target < 200)")  # fmt: skip
    if args.json_out:
        args.json_out.parent.mkdir(parents=True, exist_ok=True)
        args.json_out.write_text(json.dumps(flat, indent=1) + "\n", encoding="utf-8")
    return 0 if flat["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
