"""Page furniture on the real-news corpus: what ingest removes, and what furniture-like lines
remain.

Usage: python benchmarks/furniture.py corpus/realnews [--languages en] [--json FILE]
                                      [--removed FILE] [--remaining FILE]

Every text goes through the same repair and furniture removal ``make_article`` applies. Printed:
lines and characters removed, by kind; and, before and after, the count of *furniture-like*
lines by a crude probe kept apart from the classifier (a line of at most five words with no
sentence end, or one holding a word pages use for furniture: share, subscribe, read more, photo,
credit, cookie, comment, advertisement, "ago"). The probe over-counts (headlines, subheads,
datelines are short too): read ``--remaining`` for what is left and ``--removed`` for every
line taken out, to check that no line of an article body was lost.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

from storyweave.ingest.furniture import repair, strip_furniture

_PROBE_WORDS = re.compile(
    r"\b(?:share|subscribe|newsletter|read more|related|photo|image|credit|getty|cookies?|"
    r"comments?|advertisement|sign (?:in|up)|follow us|\d+ (?:hours?|minutes?|days?) ago)\b",
    re.I,
)


def furniture_like(line: str) -> bool:
    """The probe: a crude test, independent of the classifier's rules."""
    s = line.strip()
    if not s:
        return False
    short = len(s.split()) <= 5 and not re.search(r"[.!?]['\"”’)]*$", s)
    return short or (len(s.split()) <= 25 and bool(_PROBE_WORDS.search(s)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("--languages", default="en")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--removed", type=Path, help="write every removed line here")
    parser.add_argument("--remaining", type=Path, help="write the furniture-like lines left")
    args = parser.parse_args(argv)
    languages = None if args.languages == "all" else set(args.languages.split(","))
    texts: list[tuple[str, str]] = []
    for path in sorted(args.dir.glob("storylines/*.json")):
        for art in json.loads(path.read_text(encoding="utf-8")).get("articles", []):
            if languages and art.get("language", "en") not in languages:
                continue
            file = args.dir / art["file"]
            if file.is_file():
                texts.append((art["id"], file.read_text(encoding="utf-8")))
    if not texts:
        print(f"no texts under {args.dir}", file=sys.stderr)
        return 2
    kinds: Counter[str] = Counter()
    lines_before = lines_after = like_before = like_after = chars_removed = chars = 0
    removed_out: list[str] = []
    remaining_out: list[str] = []
    for aid, raw in texts:
        text = repair(raw)
        clean, removed = strip_furniture(text)
        before = [ln for ln in text.split("\n") if ln.strip()]
        after = [ln for ln in clean.split("\n") if ln.strip()]
        lines_before += len(before)
        lines_after += len(after)
        like_before += sum(map(furniture_like, before))
        like_after += sum(map(furniture_like, after))
        chars += len(text)
        chars_removed += sum(len(r.text) for r in removed)
        for r in removed:
            kinds[r.kind] += 1
            removed_out.append(f"{aid}\t{r.kind}\t{r.text}")
        remaining_out += [f"{aid}\t{ln.strip()}" for ln in after if furniture_like(ln)]
    figures = {
        "articles": len(texts),
        "lines_before": lines_before,
        "lines_after": lines_after,
        "lines_removed": lines_before - lines_after,
        "chars_removed_share": round(chars_removed / chars, 4) if chars else 0.0,
        "furniture_like_before": like_before,
        "furniture_like_after": like_after,
        "removed_by_kind": dict(kinds.most_common()),
    }
    print(
        f"furniture: {len(texts)} articles, {lines_before} lines -> {lines_after} "
        f"({lines_before - lines_after} removed, {figures['chars_removed_share']:.1%} of the "
        f"characters); furniture-like lines (probe) {like_before} -> {like_after}"
    )
    print("  removed by kind: " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
    if args.removed:
        args.removed.write_text("\n".join(removed_out) + "\n", encoding="utf-8")
    if args.remaining:
        args.remaining.write_text("\n".join(remaining_out) + "\n", encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
