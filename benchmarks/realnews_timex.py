"""Time expressions on real news: the tagger against hand annotations of corpus articles.

Usage: python benchmarks/realnews_timex.py DIR [--language en] [--json FILE] [--errors]

DIR is the corpus folder (corpus/realnews). Each ``annotations/<language>/<article id>.json``
holds the hand-annotated time expressions of one article as offsets into its text file (the
texts stay out of git): ``{"article", "language", "published", "sha256", "timex": [{"start",
"end", "text_len", "type", "value", "mod"}]}`` (the Chinese and Russian files name the list
``time_expressions`` and carry no ``text_len``; both are read), every DATE, TIME, DURATION and SET with its TIMEX3
value and modifier, resolved against the article's gold publication date. The tagger runs on
the article's text file as stored, anchored to that date. Scored as TempEval-3 scores
(benchmarks/tempeval3.py): strict and relaxed span P/R/F1, type and value accuracy over the
relaxed matches, value F1 = relaxed F1 x value accuracy; and the modifier accuracy over the
matches whose value is right.

An annotation whose text file is missing, whose text is not the one annotated (``sha256``),
or whose spans do not fit it (``text_len``) is reported by file name and skipped.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from storyweave.analyze import timex
from tempeval3 import Gold, Span, score


def _text_file(root: Path, article: str) -> Path | None:
    """The text of a corpus article, found through the storyline files."""
    for path in sorted(root.glob("storylines/*.json")):
        for art in json.loads(path.read_text(encoding="utf-8")).get("articles", []):
            if art["id"] == article:
                return root / art["file"]
    return None


def load(root: Path, language: str) -> list[dict[str, Any]]:
    """The annotated articles of ``language`` with their texts; bad ones are reported."""
    out = []
    for path in sorted((root / "annotations" / language).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        file = _text_file(root, data["article"])
        if file is None or not file.is_file():
            print(f"{path}: no text for article {data['article']}; skipped", file=sys.stderr)
            continue
        text = file.read_text(encoding="utf-8")
        if (
            data.get("sha256")
            and hashlib.sha256(text.encode("utf-8")).hexdigest() != data["sha256"]
        ):
            print(f"{path}: the text of {data['article']} is not the one annotated; skipped",
                  file=sys.stderr)  # fmt: skip
            continue
        spans = data.get("timex", data.get("time_expressions", []))
        bad = [
            t
            for t in spans
            if t["end"] > len(text)
            or t.get("text_len", t["end"] - t["start"]) != t["end"] - t["start"]
        ]
        if bad:
            print(f"{path}: {len(bad)} spans do not fit the text; skipped", file=sys.stderr)
            continue
        data = {**data, "timex": [{"mod": None, **t} for t in spans]}
        out.append({**data, "text": text, "path": path})
    return out


def run(articles: list[dict[str, Any]]) -> tuple[dict[str, Any], list[str]]:
    """Figures over all articles, and one line per error (for ``--errors``)."""
    pairs = []
    mods_ok = mods_n = 0
    errors: list[str] = []
    for art in articles:
        text = art["text"]
        gold = [Gold(t["start"], t["end"], t["type"], t["value"]) for t in art["timex"]]
        found = timex.tag(text, art["published"])
        system = [Span(t.start, t.end, t.type, t.value) for t in found]
        pairs.append((gold, system))
        matched: set[int] = set()
        for t in found:
            hit = next(
                (
                    g
                    for g in art["timex"]
                    if g["start"] < t.end and t.start < g["end"] and g["start"] not in matched
                ),
                None,
            )
            where = f"{art['article']}@{t.start}"
            if hit is None:
                errors.append(f"{where}: extra {t.type} {t.value} {text[t.start : t.end]!r}")
                continue
            matched.add(hit["start"])
            if (hit["start"], hit["end"]) != (t.start, t.end):
                errors.append(
                    f"{where}: span {text[t.start : t.end]!r} vs "
                    f"{text[hit['start'] : hit['end']]!r}"
                )
            if hit["value"] != t.value or hit["type"] != t.type:
                errors.append(
                    f"{where}: value {t.type} {t.value} vs {hit['type']} {hit['value']} "
                    f"{text[t.start : t.end]!r}"
                )
            else:
                mods_n += 1
                mods_ok += (hit["mod"] or None) == (t.mod or None)
        for g in art["timex"]:
            if g["start"] not in matched:
                errors.append(
                    f"{art['article']}@{g['start']}: missed {g['type']} {g['value']} "
                    f"{text[g['start'] : g['end']]!r}"
                )
    fig: dict[str, Any] = score(pairs)
    fig["articles"] = len(articles)
    fig["mod_accuracy"] = mods_ok / mods_n if mods_n else 0.0
    return fig, errors


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", type=Path)
    ap.add_argument("--language", default="en")
    ap.add_argument("--json", type=Path, help="write the figures as flat JSON")
    ap.add_argument("--errors", action="store_true", help="print every miss and wrong value")
    args = ap.parse_args(argv)
    articles = load(args.dir, args.language)
    if not articles:
        print(f"no annotations under {args.dir}/annotations/{args.language}", file=sys.stderr)
        return 2
    fig, errors = run(articles)
    print(
        f"{fig['articles']} articles ({args.language}), gold expressions {fig['gold']}, "
        f"ours {fig['system']}"
    )
    print(
        f"strict  P {fig['strict_precision']:.3f} R {fig['strict_recall']:.3f} "
        f"F1 {fig['strict_f1']:.3f}\n"
        f"relaxed P {fig['relaxed_precision']:.3f} R {fig['relaxed_recall']:.3f} "
        f"F1 {fig['relaxed_f1']:.3f}\n"
        f"type accuracy {fig['type_accuracy']:.3f}, value accuracy {fig['value_accuracy']:.3f}, "
        f"value F1 {fig['value_f1']:.3f}, modifier accuracy {fig['mod_accuracy']:.3f}"
    )
    if args.errors:
        for line in errors:
            print("  " + line)
    if args.json:
        args.json.write_text(json.dumps(fig, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
