"""Entity timelines on the SemEval-2015 Task 4 (TimeLine) trial data, Track A (raw text).

Each document's raw text is rebuilt from its CAT XML tokens (one line per CAT sentence, a map
kept from character offsets to (sentence, token)), dated by its TimeML creation time, and the
documents go through the real pipeline: ``storyweave.api.add`` into a temporary SQLite store
(analysis, story linking), then entity resolution, clause extraction and
``reconcile.timeline.build_timeline`` on the stored articles and analyses, as
``reconcile_story`` runs them (claims, which the timeline does not use, are skipped). The task
gives the corpus as one topic, so all documents are reconciled as one story even when our story
linking splits them (the number of stories it made is printed).

For each target entity of the gold timelines our entity is the one whose name or alias forms
overlap the target's words most (folded equality first, then word overlap; ties go to the
entity with more mentions). Its timeline is every event whose actors include it; each cited
sentence names the event by its predicate token (the head word of the event's clause in that
sentence, found among the clauses the pipeline extracted), written ``docid-sentence-word`` as
the gold does, ordered by our date (one position per distinct date value).

Baseline: every CAT sentence containing the target string (case-insensitive), its first verb
as the event, dated by the first calendar date our tagger found in the sentence or else the
document's creation date, ordered by date.

Both are scored with the task's temporal-awareness metric (benchmarks/timeline_score.py),
micro-averaged over the target entities.

usage: python benchmarks/timeline_semeval.py DIR [--json FILE] [--out OUTDIR]
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import tempfile
import time
import unicodedata
import xml.etree.ElementTree as ET
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from storyweave import api  # noqa: E402
from storyweave.analyze.nlp import load_model  # noqa: E402
from storyweave.link.entities import resolve  # noqa: E402
from storyweave.model import Analysis, Article, Entity, EntityTimeline, Event  # noqa: E402
from storyweave.reconcile.clauses import extract_clauses  # noqa: E402
from storyweave.reconcile.timeline import build_timeline  # noqa: E402
from storyweave.store import open_store  # noqa: E402
from timeline_score import Timeline, micro, parse_timeline, score, write_timeline  # noqa: E402

# Micro-F1 over timelines on the task's test corpora (not this trial data). The first two are
# as given in ../shared/bench/README.md; the task paper's abstract gives 7.85 as the best run
# of the main track (Track A), so the README's 25.4 may be a Track B (given events) figure.
PUBLISHED = {
    "best official participant, Track A (bench README)": 25.4,
    "later work (bench README)": 28.6,
    "best run, main track (Minard et al. 2015 abstract)": 7.85,
}

_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "'", "n't", "'re",
                    "'ve", "'ll", "'d", "'m", "'S"}  # fmt: skip
_NO_SPACE_AFTER = {"(", "[", "{", "$", "£", "€"}
_CALENDAR = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


@dataclass
class Doc:
    """One CAT document rebuilt as text, with its tokens' offsets."""

    id: str
    title: str
    published: str | None
    text: str = ""
    starts: list[int] = field(default_factory=list)  # token start offsets, in text order
    tokens: list[tuple[int, int, int, str]] = field(default_factory=list)  # start, end, sent, word
    sentences: dict[int, tuple[int, int]] = field(default_factory=dict)  # sent -> (start, end)
    align: Alignment | None = None  # our stored text -> this text, once stored

    def cat(self, offset: int) -> int | None:
        """The offset in this text of an offset in our stored text."""
        return self.align.cat_offset(offset) if self.align else offset

    def token_of(self, offset: int) -> tuple[int, int, int, str] | None:
        """The CAT token at an offset of our stored text."""
        at = self.cat(offset)
        return None if at is None else self.token_at(at)

    def token_at(self, offset: int) -> tuple[int, int, int, str] | None:
        i = bisect_right(self.starts, offset) - 1
        if i < 0:
            return None
        tok = self.tokens[i]
        return tok if tok[0] <= offset < tok[1] else None

    def name(self, tok: tuple[int, int, int, str]) -> str:
        # The word as the text writes it; the scorer compares ids without case.
        return f"{self.id}-{tok[2]}-{tok[3]}"


def read_cat(path: Path, published: str | None) -> Doc:
    root = ET.parse(path).getroot()
    toks = [(int(t.get("number", "0")), int(t.get("sentence", "0")), t.text or "")
            for t in root.iter("token")]  # fmt: skip
    toks.sort()
    doc = Doc(root.get("doc_id", path.stem.split("_")[0].split("-")[0]), "", published)
    parts: list[str] = []
    pos = 0
    prev_sent, prev_word = None, ""
    for _, sent, word in toks:
        word = word.strip()
        if not word:
            continue
        if prev_sent is not None:
            sep = "\n" if sent != prev_sent else " "
            if sep == " " and (word in _NO_SPACE_BEFORE or prev_word in _NO_SPACE_AFTER):
                sep = ""
            parts.append(sep)
            pos += len(sep)
        doc.tokens.append((pos, pos + len(word), sent, word))
        doc.starts.append(pos)
        lo, hi = doc.sentences.get(sent, (pos, pos))
        doc.sentences[sent] = (lo, pos + len(word))
        parts.append(word)
        pos += len(word)
        prev_sent, prev_word = sent, word
    doc.text = "".join(parts)
    first = min(doc.sentences) if doc.sentences else 0
    doc.title = doc.text[slice(*doc.sentences[first])] if doc.sentences else ""
    return doc


def creation_dates(timeml_dir: Path) -> dict[str, str]:
    out = {}
    for path in sorted(timeml_dir.glob("*.tml")):
        root = ET.parse(path).getroot()
        docid = (root.findtext("DOCID") or path.stem.split("_")[0].split("-")[0]).strip()
        for tx in root.iter("TIMEX3"):
            if tx.get("functionInDocument") == "CREATION_TIME":
                out[docid] = tx.get("value", "")[:10]
    return out


def _has(folder: Path, pattern: str) -> bool:
    return any(folder.glob(pattern))


def layout(data: Path) -> tuple[Path, Path, Path]:
    """The CAT, TimeML and gold folders of a corpus, in the trial layout (``...task4``,
    ``..._TimeML``, ``TimeLines_...``) or the evaluation one (``corpus_trackA_CAT``,
    ``corpus_trackA_TimeML``, ``TimeLines_Gold_Standard``). Folders are told apart by what
    they hold; Track B (events given) is left out, since we start from raw text."""
    dirs = sorted(p for p in data.iterdir() if p.is_dir() and "trackb" not in p.name.lower())
    gold = [p for p in dirs if p.name.lower().startswith("timelines")]
    cat = [p for p in dirs if p not in gold and _has(p, "*.xml")]
    tml = [p for p in dirs if p not in gold and _has(p, "*.tml")]
    missing = [what for what, found in (("CAT XML", cat), ("TimeML", tml), ("gold", gold))
               if not found]  # fmt: skip
    if missing:
        raise SystemExit(f"{data}: no {' or '.join(missing)} folder found")
    return cat[0], tml[0], gold[0]


def load_corpus(data: Path) -> list[Doc]:
    cat, tml, _ = layout(data)
    dcts = creation_dates(tml)
    docs = []
    for path in sorted(cat.glob("*.xml")):
        try:
            doc = read_cat(path, None)
        except ET.ParseError as exc:
            print(f"{path}: not readable CAT XML ({exc}); left out", file=sys.stderr)
            continue
        doc.published = dcts.get(doc.id)
        docs.append(doc)
    return docs


class Alignment:
    """Offsets of our stored text mapped to offsets of the CAT text. Ingest normalizes text
    (quotes, spaces, lines), so the two may differ: their non-space characters are aligned with
    difflib and an offset of ours maps to the CAT character it was aligned with."""

    def __init__(self, ours: str, cat: str) -> None:
        self.same = ours == cat
        self.map: dict[int, int] = {}
        self.unmatched = 0
        if self.same:
            return
        a = [(i, ch) for i, ch in enumerate(ours) if not ch.isspace()]
        b = [(i, ch) for i, ch in enumerate(cat) if not ch.isspace()]
        sm = difflib.SequenceMatcher(None, [c for _, c in a], [c for _, c in b], autojunk=False)
        for block in sm.get_matching_blocks():
            for k in range(block.size):
                self.map[a[block.a + k][0]] = b[block.b + k][0]
        self.unmatched = len(a) - len(self.map)

    def cat_offset(self, offset: int) -> int | None:
        return offset if self.same else self.map.get(offset)


def run_pipeline(docs: Sequence[Doc], workdir: Path) -> dict[str, Any]:
    """Add the documents to a fresh store and reconcile all of them as one story."""
    files = []
    for d in docs:
        f = workdir / f"{d.id}.txt"
        meta = f"published: {d.published}\n" if d.published else ""
        f.write_text(meta + "\n" + d.text + "\n", encoding="utf-8")
        files.append(f)
    db = workdir / "timeline.db"
    report = api.add(files, db, processes=1)
    with open_store(db) as st:
        stories = len(st.story_ids())
        by_file = {Path(o.file).stem: a for a in st.articles() for o in a.origins if o.file}
        pairs: list[tuple[Article, Analysis]] = []
        article_doc: dict[str, Doc] = {}
        aligned: dict[str, Alignment] = {}
        for d in docs:
            a = by_file.get(d.id)
            if a is None:
                print(f"document {d.id}: not stored (see the failures above); left out")
                continue
            if a.id in article_doc:
                print(f"document {d.id}: the same text as {article_doc[a.id].id}; scored once")
                continue
            an = st.analysis(a.id)
            if an is None or not an.supported:
                continue
            pairs.append((a, an))
            article_doc[a.id] = d
            aligned[a.id] = d.align = al = Alignment(a.text, d.text)
            if not al.same:
                print(f"document {d.id}: the stored text differs from the CAT text "
                      f"(normalized by ingest); aligned, {al.unmatched} characters unmatched")  # fmt: skip
        pairs.sort(key=lambda p: (p[0].published or "", p[0].id))
        resolution = resolve(pairs)
        clauses = extract_clauses(pairs, resolution.groups, resolution.entities, cache=st)
        timeline = build_timeline(pairs, resolution.groups, resolution.entities, clauses=clauses)
    return {
        "stories": stories,
        "failed": report.failed,
        "pairs": pairs,
        "docs": article_doc,
        "aligned": aligned,
        "entities": resolution.entities,
        "clauses": clauses,
        "events": timeline.events,
        "timelines": timeline.entity_timelines,
    }


# ---------------------------------------------------------------- entity choice


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", text.lower().replace("'s", " ")).strip()


def _numbers(words: set[str]) -> set[str]:
    return {w for w in words if any(ch.isdigit() for ch in w)}


def pick_entity(target: str, entities: Sequence[Entity]) -> Entity | None:
    """The entity whose name or alias forms best match the target's words."""
    want = _fold(target)
    want_words = set(want.split())
    best: tuple[float, int, str] | None = None
    chosen = None
    for e in entities:
        forms = {_fold(e.name)} | {_fold(a.text) for a in e.aliases}
        forms.discard("")
        top = 0.0
        for form in forms:
            if form == want:
                top = 2.0
                break
            words = set(form.split())
            top = max(top, len(words & want_words) / len(words | want_words))
        if top == 0.0 or not _numbers(want_words) <= set().union(*(f.split() for f in forms)):
            continue  # a model number tells a product from its maker ("Boeing 777", "Boeing")
        key = (top, len(e.mentions), e.id)
        if best is None or key > best:
            best, chosen = key, e
    return chosen


# ---------------------------------------------------------------- our timelines


def _name(doc: Doc, start: int, end: int) -> str | None:
    """The gold's name of the words at our offsets: the CAT tokens they cover, joined by "_"
    ("rolled_out")."""
    first = doc.token_of(start)
    if first is None:
        return None
    toks = [first]
    last = doc.token_of(end - 1)
    if last is not None and last != first and last[2] == first[2]:
        toks = doc.tokens[doc.tokens.index(first) : doc.tokens.index(last) + 1]
    return f"{doc.id}-{first[2]}-{'_'.join(t[3] for t in toks)}"


def our_timeline(target: str, entity: Entity | None, timelines: Sequence[EntityTimeline],
                 docs: dict[str, Doc]) -> tuple[Timeline, dict[str, int]]:  # fmt: skip
    """The entity's timeline of the story, in the task's format: each entry's predicate
    words named as the gold names them, dated by the entry's date (X's when it has none),
    at the entry's position (0 when nothing places it)."""
    counts = {"events": 0, "mapped": 0, "mentions": 0}
    if entity is None:
        return Timeline(target, ()), counts
    mine = next((t for t in timelines if t.entity == entity.id), None)
    lines = []
    seen: set[str] = set()
    for entry in mine.entries if mine else ():
        counts["events"] += 1
        names = []
        for aid, start, end in entry.predicates:
            doc = docs.get(aid)
            name = _name(doc, start, end) if doc else None
            if name and name not in seen:
                seen.add(name)
                names.append(name)
        if not names:
            continue
        counts["mapped"] += 1
        counts["mentions"] += len(names)
        date = entry.date.split("T")[0] if entry.date else "XXXX-XX-XX"
        lines.append((entry.position, date, tuple(names)))
    lines.sort(key=lambda x: x[0])
    return Timeline(target, tuple(lines)), counts


# ---------------------------------------------------------------- baseline


def baseline_timeline(target: str, pipeline: dict[str, Any]) -> Timeline:
    nlp = load_model()
    want = target.lower()
    found: list[tuple[str, str]] = []
    for article, an in pipeline["pairs"]:
        doc: Doc = pipeline["docs"][article.id]
        for _, (lo, hi) in sorted(doc.sentences.items()):
            text = doc.text[lo:hi]
            if want not in text.lower():
                continue
            verb = next((t for t in nlp(text) if t.pos_ == "VERB"), None)
            if verb is None:
                continue
            tok = doc.token_at(lo + verb.idx)
            if tok is None:
                continue
            date = next((tx.value for tx in an.time_expressions
                         if lo <= (doc.cat(tx.start) or -1) < hi and tx.type in ("DATE", "TIME")
                         and _CALENDAR.match(tx.value[:10])), None)  # fmt: skip
            date = (date or doc.published or "XXXX-XX-XX")[:10]
            found.append((date, doc.name(tok)))
    dates = sorted({d for d, _ in found})
    pos = {d: i + 1 for i, d in enumerate(dates)}
    lines = [(pos[d], d, (n,)) for d, n in sorted(found)]
    return Timeline(target, tuple(lines))


# ---------------------------------------------------------------- diagnostics


def _mentions(tl: Timeline) -> list[tuple[str, bool]]:
    """(mention id, dated) of every mention of a timeline."""
    return [(m, pos > 0 and any(ch.isdigit() for ch in date))
            for pos, date, ev in tl.lines for m in ev]  # fmt: skip


def coverage(ours: Timeline, gold: Timeline, pipe: dict[str, Any]) -> dict[str, int]:
    """Where the score is lost: gold mentions we cite the sentence of, name exactly, gold
    mentions that are undated or point outside the corpus, and gold mentions in a sentence
    where our tagger found no date or time (our timeline only has clauses with a date)."""
    by_id = {d.id: d for d in pipe["docs"].values()}
    timexes = {pipe["docs"][a.id].id: an.time_expressions for a, an in pipe["pairs"]}
    ours_ids = {m for m, _ in _mentions(ours)}
    ours_sents = {m.rsplit("-", 1)[0] for m in ours_ids}
    out = {"gold": 0, "gold_undated": 0, "gold_missing_doc": 0, "gold_no_timex": 0,
           "sentence_hits": 0, "token_hits": 0, "ours": len(ours_ids)}  # fmt: skip
    for m, dated in _mentions(gold):
        out["gold"] += 1
        out["gold_undated"] += not dated
        docid, sent, _ = m.split("-", 2)
        if docid not in by_id:
            out["gold_missing_doc"] += 1
            continue
        lo, hi = by_id[docid].sentences.get(int(sent), (0, 0))
        out["gold_no_timex"] += not any(
            lo <= (by_id[docid].cat(tx.start) or -1) < hi and tx.type in ("DATE", "TIME")
            for tx in timexes.get(docid, ())
        )
        out["sentence_hits"] += f"{docid}-{sent}" in ours_sents
        out["token_hits"] += m in ours_ids
    return out


# ---------------------------------------------------------------- main


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data", type=Path, help="the timeline-trial folder")
    ap.add_argument("--json", type=Path, help="write the figures here (flat JSON)")
    ap.add_argument("--out", type=Path, help="write our timelines here, in the task format")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    docs = load_corpus(args.data)
    gold_dir = layout(args.data)[2]
    golds = {p.name: parse_timeline(p.read_text(encoding="utf-8"))
             for p in sorted(gold_dir.glob("*.txt"))}  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        pipe = run_pipeline(docs, Path(tmp))
    events: tuple[Event, ...] = pipe["events"]
    figures: dict[str, Any] = {"docs": len(docs), "stories_linked": pipe["stories"],
                               "events": len(events)}  # fmt: skip
    ours, base, ours_order, base_order = [], [], [], []
    totals: dict[str, int] = {}
    print(f"{len(docs)} documents, {pipe['stories']} stories by our linking (scored as one), "
          f"{len(events)} timeline events, {len(pipe['entities'])} entities")  # fmt: skip
    print(f"{'target':22} {'our entity':24} {'ev':>4} {'map':>4}  "
          f"{'P':>6} {'R':>6} {'F1':>6} | {'base P':>6} {'R':>6} {'F1':>6}")  # fmt: skip
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    for fname, gold in golds.items():
        ent = pick_entity(gold.target, pipe["entities"])
        tl, counts = our_timeline(gold.target, ent, pipe["timelines"], pipe["docs"])
        bl = baseline_timeline(gold.target, pipe)
        s, b = score(tl, gold), score(bl, gold)
        ours.append(s)
        base.append(b)
        ours_order.append(score(tl, gold, anchors=False))
        base_order.append(score(bl, gold, anchors=False))
        if args.out:
            (args.out / fname).write_text(write_timeline(tl), encoding="utf-8")
        slug = _slug(gold.target)
        figures[f"f1_{slug}"] = round(s.f1, 4)
        figures[f"baseline_f1_{slug}"] = round(b.f1, 4)
        cov = coverage(tl, gold, pipe)
        for k, v in cov.items():
            totals[k] = totals.get(k, 0) + v
        totals["no_entity"] = totals.get("no_entity", 0) + (ent is None)
        figures[f"events_{slug}"] = counts["events"]
        figures[f"gold_mentions_{slug}"] = cov["gold"]
        figures[f"token_hits_{slug}"] = cov["token_hits"]
        name = ent.name if ent else "-"
        print(f"{gold.target[:22]:22} {name[:24]:24} {counts['events']:4d} "
              f"{counts['mentions']:4d}  {100 * s.p:6.2f} {100 * s.r:6.2f} {100 * s.f1:6.2f} | "
              f"{100 * b.p:6.2f} {100 * b.r:6.2f} {100 * b.f1:6.2f}   gold {cov['gold']}: "
              f"same sentence {cov['sentence_hits']}, "
              f"same token {cov['token_hits']}")  # fmt: skip
    m, mb = micro(ours), micro(base)
    mo, mbo = micro(ours_order), micro(base_order)
    figures["timeline_f1_order_only"] = round(mo.f1, 4)
    figures["baseline_f1_order_only"] = round(mbo.f1, 4)
    figures.update({f"total_{k}": v for k, v in totals.items()})
    undated_events = sum(1 for ev in events if not any(ch.isdigit() for ch in ev.date))
    figures["events_without_actors"] = sum(1 for ev in events if not ev.actors)
    seconds = time.perf_counter() - t0
    figures.update(
        timeline_p=round(m.p, 4), timeline_r=round(m.r, 4), timeline_f1=round(m.f1, 4),
        baseline_p=round(mb.p, 4), baseline_r=round(mb.r, 4), baseline_f1=round(mb.f1, 4),
        seconds=round(seconds, 1),
    )  # fmt: skip
    print(
        f"micro-average   ours:     P {100 * m.p:6.2f}  R {100 * m.r:6.2f}  F1 {100 * m.f1:6.2f}"
        f"  ({m.sys_ok}/{m.sys_all} system, {m.ref_ok}/{m.ref_all} gold relations)"
    )
    print(f"micro-average   baseline: P {100 * mb.p:6.2f}  R {100 * mb.r:6.2f}  "
          f"F1 {100 * mb.f1:6.2f}")  # fmt: skip
    print(f"ordering only (no date anchors): ours F1 {100 * mo.f1:6.2f}, "
          f"baseline F1 {100 * mbo.f1:6.2f}")  # fmt: skip
    print(
        f"limits: {totals['no_entity']} of {len(golds)} targets have no entity of ours; "
        f"of {totals['gold']} gold mentions {totals['gold_undated']} are undated or "
        f"unordered (position 0 / X dates), {totals['gold_missing_doc']} name a document "
        f"outside the corpus, {totals['gold_no_timex']} sit in a sentence where our tagger "
        f"found no date or time; we cite the sentence of {totals['sentence_hits']} and name "
        f"{totals['token_hits']} exactly; {figures['events_without_actors']} of "
        f"{len(events)} timeline events have no actor, {undated_events} no calendar date"
    )
    for label, value in PUBLISHED.items():
        print(f"published F1, test corpora ({label}): {value}")
    print(f"{seconds:.1f} s")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
