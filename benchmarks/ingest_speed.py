"""Ingest alone, per input format, on generated articles: how much of the end-to-end time
reading files costs next to analysis (the bare model runs about 6k words/s per process).

usage: python benchmarks/ingest_speed.py [--articles 1000] [--words 550] [--json FILE]
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
import tempfile
import time
from html import escape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import article, write_corpus, write_jsonl  # noqa: E402
from storyweave.ingest import iter_articles  # noqa: E402
from storyweave.model import Article  # noqa: E402


def _html(item: dict[str, str]) -> str:
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in item["text"].split("\n\n"))
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>{escape(item['title'])}</title>"
        f"<meta property='og:site_name' content='{escape(item['source'])}'>"
        f"<meta property='article:published_time' content='{item['published']}'></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{escape(item['title'])}</h1>{paragraphs}</article>"
        "<footer>All rights reserved.</footer></body></html>"
    )


def _write_html(folder: Path, items: list[dict[str, str]]) -> None:
    folder.mkdir()
    for i, item in enumerate(items):
        (folder / f"page_{i:05d}.html").write_text(_html(item), encoding="utf-8")


def _write_feed(path: Path, items: list[dict[str, str]]) -> None:
    entries = "".join(
        f"<item><title>{escape(it['title'])}</title><link>https://x.example/{i}</link>"
        f"<pubDate>{it['published']}</pubDate><description>"
        f"{escape(''.join(f'<p>{p}</p>' for p in it['text'].split(chr(10) * 2)))}"
        "</description></item>"
        for i, it in enumerate(items)
    )
    path.write_text(
        f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Feed</title>"
        f"{entries}</channel></rss>",
        encoding="utf-8",
    )


def _write_warc(path: Path, items: list[dict[str, str]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for i, item in enumerate(items):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    f"https://x.example/{i}",
                    "response",
                    payload=io.BytesIO(_html(item).encode()),
                    http_headers=http,
                )
            )


def _time(path: Path) -> tuple[int, int, float]:
    start = time.perf_counter()
    articles = [a for a in iter_articles([path]) if isinstance(a, Article)]
    elapsed = time.perf_counter() - start
    return len(articles), sum(len(a.text.split()) for a in articles), elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--words", type=int, default=550)
    parser.add_argument("--json", dest="json_out")
    args = parser.parse_args()
    n, words = args.articles, args.words
    figures: dict[str, float] = {"articles": n}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        items = write_corpus(root / "text", n, words=words)
        write_jsonl(root / "all.jsonl", n, words=words)
        rng = random.Random(11)
        few = [article(rng, i, words) for i in range(max(1, n // 4))]  # the slower formats
        _write_html(root / "html", few)
        _write_feed(root / "feed.xml", few)
        _write_warc(root / "crawl.warc.gz", few)
        assert len(items) == n
        for name, path in (
            ("text", root / "text"),
            ("jsonl", root / "all.jsonl"),
            ("html", root / "html"),
            ("feed", root / "feed.xml"),
            ("warc", root / "crawl.warc.gz"),
        ):
            count, total_words, elapsed = _time(path)
            figures[f"{name}_articles_per_s"] = round(count / elapsed, 1)
            figures[f"{name}_words_per_s"] = round(total_words / elapsed)
            print(
                f"{name:6s} {count:5d} articles  {count / elapsed:8.1f} articles/s  "
                f"{total_words / elapsed:10.0f} words/s"
            )
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
