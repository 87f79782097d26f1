"""Names and time expressions of Chinese and Russian articles against hand annotations.

    python benchmarks/multilingual.py DIR [--annotations ADIR] [--lang zh,ru] [--errors]
                                          [--without RULE ...] [--json FILE]

DIR is the real-news corpus folder (``corpus/realnews``: ``storylines/*.json`` and the texts
they name). The annotations (``ADIR/{zh,ru}/<article id>.json``; by default DIR/annotations,
else this repository's ``corpus/realnews/annotations``) hold offsets, types and TIMEX3 values
only; a text whose SHA-256 differs from its annotation's is reported and skipped.

Names: precision, recall and F1 of (start, end, type) with the types PER, LOC (the analyzer's
GPE and LOC) and ORG; "span F1" ignores the type. Time expressions, as TempEval-3 scores them:
pairs matched one-to-one by overlapping extents; extent F1 over those pairs, and value F1 =
correct values / system expressions (P) and / gold expressions (R). Each article is anchored on
its annotated publication date. ``--without`` switches off one of the Chinese name rules
(``translit``, ``dots``, ``orgs``, ``titles``) to measure what it adds.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyweave.analyze import multilang, zh, zh_names
from storyweave.model import Analysis, Article

_TYPES = {"PERSON": "PER", "GPE": "LOC", "LOC": "LOC", "ORG": "ORG"}
_REPO = Path(__file__).resolve().parents[1]


@dataclass
class Counts:
    gold: int = 0
    system: int = 0
    correct: int = 0

    def figures(self) -> dict[str, float | int]:
        p = self.correct / self.system if self.system else 0.0
        r = self.correct / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"p": round(p, 3), "r": round(r, 3), "f1": round(f, 3),
                "gold": self.gold, "system": self.system, "correct": self.correct}  # fmt: skip


@dataclass
class Language:
    articles: int = 0
    names: Counts = field(default_factory=Counts)
    spans: Counts = field(default_factory=Counts)
    extents: Counts = field(default_factory=Counts)
    values: Counts = field(default_factory=Counts)
    skipped: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "names": self.names.figures(),
            "name_spans": self.spans.figures(),
            "timex_extent": self.extents.figures(),
            "timex_value": self.values.figures(),
        }


def manifest(corpus: Path) -> dict[str, dict[str, Any]]:
    """Every article of the corpus by id."""
    out = {}
    for path in sorted((corpus / "storylines").glob("*.json")):
        for a in json.loads(path.read_text(encoding="utf-8")).get("articles", []):
            out[a["id"]] = a
    return out


def match(
    gold: Sequence[tuple[int, int]], system: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, system index) of overlapping spans, in text order."""
    pairs, used = [], set()
    for gi, (gs, ge) in enumerate(gold):
        for si, (ss, se) in enumerate(system):
            if si not in used and ss < ge and gs < se:
                pairs.append((gi, si))
                used.add(si)
                break
    return pairs


def score(lang: Language, gold: dict[str, Any], analysis: Analysis, errors: list[str]) -> None:
    """Add one article's counts; describe its mistakes in ``errors``."""
    want = {(n["start"], n["end"], n["type"]) for n in gold["names"]}
    got = {(m.start, m.end, _TYPES[m.label]) for m in analysis.mentions if m.label in _TYPES}
    lang.names.gold += len(want)
    lang.names.system += len(got)
    lang.names.correct += len(want & got)
    lang.spans.gold += len({w[:2] for w in want})
    lang.spans.system += len({g[:2] for g in got})
    lang.spans.correct += len({w[:2] for w in want} & {g[:2] for g in got})
    for kind, items in (("missed", want - got), ("extra", got - want)):
        errors += [f"  name {kind}: {s}-{e} {t}" for s, e, t in sorted(items)]
    gt = gold["time_expressions"]
    st = analysis.time_expressions
    pairs = match([(t["start"], t["end"]) for t in gt], [(t.start, t.end) for t in st])
    lang.extents.gold += len(gt)
    lang.extents.system += len(st)
    lang.extents.correct += len(pairs)
    lang.values.gold += len(gt)
    lang.values.system += len(st)
    for gi, si in pairs:
        if gt[gi]["value"] == st[si].value:
            lang.values.correct += 1
        else:
            errors.append(
                f"  timex value: {gt[gi]['start']}-{gt[gi]['end']} "
                f"gold {gt[gi]['value']} system {st[si].value} ({st[si].text})"
            )
    paired_g = {gi for gi, _ in pairs}
    paired_s = {si for _, si in pairs}
    errors += [f"  timex missed: {t['start']}-{t['end']} {t['value']}"
               for i, t in enumerate(gt) if i not in paired_g]  # fmt: skip
    errors += [f"  timex extra: {t.start}-{t.end} {t.value} ({t.text})"
               for i, t in enumerate(st) if i not in paired_s]  # fmt: skip


def analyze(article: Article, language: str, without: frozenset[str]) -> Analysis:
    if language == "zh" and without:
        return zh.analyze(article, None, rules=zh_names.RULES - without)[1]
    return multilang.analyze(article, language)[1]


def run(
    corpus: Path,
    annotations: Path,
    languages: Sequence[str],
    without: frozenset[str] = frozenset(),
    show_errors: bool = False,
) -> dict[str, Language]:
    articles = manifest(corpus)
    out: dict[str, Language] = {}
    for language in languages:
        lang = out[language] = Language()
        for path in sorted((annotations / language).glob("*.json")):
            gold = json.loads(path.read_text(encoding="utf-8"))
            meta = articles.get(gold["article"])
            if meta is None:
                lang.skipped.append(f"{path.name}: not in the corpus manifest")
                continue
            try:
                text = (corpus / meta["file"]).read_text(encoding="utf-8")
            except OSError as exc:
                lang.skipped.append(f"{path.name}: {corpus / meta['file']}: {exc.strerror}")
                continue
            if hashlib.sha256(text.encode("utf-8")).hexdigest() != gold["sha256"]:
                lang.skipped.append(f"{path.name}: the text differs from the annotated one")
                continue
            article = Article(id=gold["article"], text=text, published=gold["published"])
            analysis = analyze(article, language, without)
            lang.articles += 1
            errors: list[str] = []
            score(lang, gold, analysis, errors)
            if show_errors and errors:
                print(f"{gold['article']}:")
                for line in errors:
                    s, e = _span(line)
                    print(line + (f"  «{text[s:e]}»" if s is not None else ""))
    return out


def _span(line: str) -> tuple[Any, Any]:
    for word in line.split():
        if "-" in word and word.replace("-", "").isdigit():
            a, b = word.split("-")
            return int(a), int(b)
    return None, None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dir", type=Path, help="the real-news corpus folder")
    ap.add_argument("--annotations", type=Path, help="folder with zh/ and ru/ annotations")
    ap.add_argument("--lang", default="zh,ru", help="languages to score (default zh,ru)")
    ap.add_argument("--errors", action="store_true", help="print each article's mistakes")
    ap.add_argument("--without", action="append", default=[], choices=sorted(zh_names.RULES),
                    help="switch off a Chinese name rule (repeatable)")  # fmt: skip
    ap.add_argument("--json", type=Path, help="write the figures as JSON")
    args = ap.parse_args(argv)
    annotations = args.annotations or args.dir / "annotations"
    if not annotations.is_dir():
        annotations = _REPO / "corpus" / "realnews" / "annotations"
    if not (args.dir / "storylines").is_dir():
        print(f"{args.dir}: no storylines/ folder: pass the real-news corpus folder",
              file=sys.stderr)  # fmt: skip
        return 2
    langs = [x.strip() for x in args.lang.split(",") if x.strip()]
    results = run(args.dir, annotations, langs, frozenset(args.without), args.errors)
    fig = {k: v.figures() for k, v in results.items()}
    for language, lang in results.items():
        for why in lang.skipped:
            print(f"skipped {why}", file=sys.stderr)
        f = fig[language]
        n, s, x, v = f["names"], f["name_spans"], f["timex_extent"], f["timex_value"]
        print(
            f"{language}: {lang.articles} articles | names P {n['p']:.3f} R {n['r']:.3f} "
            f"F1 {n['f1']:.3f} ({n['gold']} gold; span F1 {s['f1']:.3f}) | time expressions "
            f"extent F1 {x['f1']:.3f}, value P {v['p']:.3f} R {v['r']:.3f} F1 {v['f1']:.3f} "
            f"({v['gold']} gold)"
        )
    if args.json:
        args.json.write_text(json.dumps(fig, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
