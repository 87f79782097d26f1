"""Check the real-news development corpus against its manifest and print what it holds.

    python scripts/realnews_check.py corpus/realnews [--fill]

Reads every ``storylines/*.json`` (format: corpus/realnews/README.md) and checks that ids are
unique, every article's event and storyline exist, every text file is there and matches its
recorded SHA-256, and that conflicts and aliases name known articles. ``--fill`` writes the
``chars`` and ``sha256`` of each article from its text file (after a first gathering).
Exit code 1 when something is wrong; the counts the issue asks for are printed either way.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

KINDS = {"wire", "national", "regional", "state", "foreign-english", "aggregator", "ngo", "blog"}
BASES = {"page", "url", "text", "event", None}


def load(root: Path) -> list[tuple[Path, dict]]:
    return [
        (p, json.loads(p.read_text(encoding="utf-8")))
        for p in sorted(root.glob("storylines/*.json"))
    ]


def check(root: Path, fill: bool) -> int:
    problems: list[str] = []
    seen: dict[str, str] = {}
    events: dict[str, str] = {}
    articles: list[dict] = []
    for path, data in load(root):
        line = data.get("storyline", {}).get("id")
        if not line:
            problems.append(f"{path.name}: no storyline id")
            continue
        for ev in data.get("events", []):
            # A storyline's other-language file (<storyline>.zhru.json) repeats its events.
            if ev["id"] in events and events[ev["id"]] != line:
                problems.append(f"{path.name}: event {ev['id']} also in {events[ev['id']]}")
            events[ev["id"]] = line
        changed = False
        for art in data.get("articles", []):
            aid = art.get("id")
            if aid in seen:
                problems.append(f"{path.name}: article {aid} also in {seen[aid]}")
            seen[aid] = path.name
            articles.append({**art, "_storyline": line})
            if art.get("event") not in events or events[art["event"]] != line:
                problems.append(f"{path.name}: {aid}: unknown event {art.get('event')}")
            if art.get("kind") not in KINDS:
                problems.append(
                    f"{path.name}: {aid}: kind {art.get('kind')!r} not one of {sorted(KINDS)}"
                )
            if art.get("published_basis") not in BASES:
                problems.append(
                    f"{path.name}: {aid}: published_basis {art.get('published_basis')!r}"
                )
            file = root / art.get("file", "")
            if not file.is_file():
                problems.append(f"{path.name}: {aid}: text file {file} missing")
                continue
            raw = file.read_bytes()
            digest = hashlib.sha256(raw).hexdigest()
            if fill:
                if art.get("sha256") != digest or art.get("chars") != len(raw.decode("utf-8")):
                    art["sha256"], art["chars"] = digest, len(raw.decode("utf-8"))
                    changed = True
            elif art.get("sha256") != digest:
                problems.append(f"{path.name}: {aid}: text differs from its recorded sha256")
        if changed:
            path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    ids = set(seen)
    urls = Counter(a.get("url") for a in articles)
    problems += [f"url {u} used by {n} articles" for u, n in urls.items() if u and n > 1]
    for path, data in load(root):
        for c in data.get("conflicts", []):
            for aid in c.get("values", {}):
                if aid not in ids:
                    problems.append(f"{path.name}: conflict {c.get('id')}: unknown article {aid}")
        for ent in data.get("entities", []):
            for alias in ent.get("aliases", []):
                for aid in alias.get("articles", []):
                    if aid not in ids:
                        problems.append(
                            f"{path.name}: alias {alias.get('text')}: unknown article {aid}"
                        )
    langs = Counter(a.get("language") for a in articles)
    outlets = {a.get("domain") or a.get("outlet") for a in articles}
    conflicts = sum(len(d.get("conflicts", [])) for _, d in load(root))
    storylines = {a["_storyline"] for a in articles}
    print(
        f"{len(storylines)} storylines, {len(events)} events, {len(articles)} articles "
        f"({', '.join(f'{k} {v}' for k, v in sorted(langs.items(), key=str))}), "
        f"{len(outlets)} outlets, {conflicts} conflicts"
    )
    per_event = Counter(a.get("event") for a in articles)
    for ev in sorted(events):
        print(f"  {ev}: {per_event.get(ev, 0)} articles")
    for p in problems:
        print("problem:", p, file=sys.stderr)
    return 1 if problems else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("root", type=Path)
    ap.add_argument("--fill", action="store_true", help="record chars and sha256 from the files")
    args = ap.parse_args()
    sys.exit(check(args.root, args.fill))


if __name__ == "__main__":
    main()
