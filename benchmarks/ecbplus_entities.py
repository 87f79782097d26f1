"""Cross-document entity coreference on ECB+ with storyweave's entity resolver.

For each topic folder of ECB+ XML, every gold participant mention (HUMAN_PART*, NON_HUMAN_PART*)
in the selected sentences (ECBplus_coreference_sentences.csv) is clustered across the topic's
documents. Our system: each document is parsed by the packaged spaCy model over the gold
tokens; the gold proper-name mentions (a proper-noun head) and the model's other names go
through our name layer (analyze/names.py: normalization, titles, within-document grouping),
and the topic's documents are resolved together (link/entities.py). A gold mention takes the
entity of the name mention covering its head, or of the name its pronoun was resolved to, and
otherwise falls back to its head lemma. Baseline: one cluster per head lemma in the topic.
Both are scored with MUC, B-cubed and CEAF-e (singletons included) and their mean, the CoNLL
F1, on all participant mentions and on the proper-name subset (mentions whose head is a
proper noun).

usage: python benchmarks/ecbplus_entities.py DIR [--json FILE] [--topics 23,24,25] [--cache DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from storyweave.analyze.names import extract  # noqa: E402
from storyweave.analyze.nlp import load_model  # noqa: E402
from storyweave.link.entities import resolve  # noqa: E402
from storyweave.model import Analysis, Article, Sentence  # noqa: E402

PARTICIPANT = ("HUMAN_PART", "NON_HUMAN_PART")


@dataclass
class GoldMention:
    key: str  # topic/doc/m_id
    doc: str
    tokens: list[int]  # token indices in the document
    sentence: int
    gold: str  # gold cluster id
    head: int = -1
    lemma: str = ""
    proper: bool = False


def selected_sentences(path: Path) -> dict[str, set[int]]:
    out: dict[str, set[int]] = defaultdict(set)
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            out[f"{row['Topic']}_{row['File']}"].add(int(row["Sentence Number"]))
    return out


def read_doc(path: Path, topic: str) -> tuple[list[str], list[int], list[GoldMention]]:
    """Tokens, their sentence numbers, and the participant mentions with gold clusters."""
    root = ET.parse(path).getroot()
    ids: dict[str, int] = {}
    words: list[str] = []
    sents: list[int] = []
    for tok in root.iter("token"):
        ids[tok.get("t_id", "")] = len(words)
        words.append(tok.text or "_")
        sents.append(int(tok.get("sentence", "0")))
    markables = root.find("Markables")
    anchored: dict[str, tuple[str, list[int]]] = {}
    instance: dict[str, str] = {}
    for m in markables if markables is not None else []:
        anchors = [ids[a.get("t_id", "")] for a in m.findall("token_anchor")]
        mid = m.get("m_id", "")
        if anchors:
            anchored[mid] = (m.tag, sorted(anchors))
        else:
            instance[mid] = m.get("instance_id") or f"{path.stem}:{mid}"
    cluster: dict[str, str] = {}
    relations = root.find("Relations")
    for rel in relations if relations is not None else []:
        target = rel.find("target")
        if target is None:
            continue
        tid = target.get("m_id", "")
        gold = instance.get(tid, f"{path.stem}:{tid}")
        if rel.tag == "INTRA_DOC_COREF":
            gold = f"{path.stem}:{gold}"
        for src in rel.findall("source"):
            cluster[src.get("m_id", "")] = gold
    mentions = []
    for mid, (tag, toks) in anchored.items():
        if not tag.startswith(PARTICIPANT):
            continue
        gold = cluster.get(mid, f"{path.stem}:singleton:{mid}")
        mentions.append(
            GoldMention(f"{topic}/{path.stem}/{mid}", path.stem, toks, sents[toks[0]], gold)
        )
    return words, sents, mentions


# -- metrics ---------------------------------------------------------------------------------
def _clusters(assign: dict[str, str]) -> list[set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for m, c in assign.items():
        out[c].add(m)
    return list(out.values())


def muc(key: list[set[str]], resp: list[set[str]]) -> tuple[float, float, float]:
    def side(a: list[set[str]], b: list[set[str]]) -> tuple[int, int]:
        where = {m: i for i, c in enumerate(b) for m in c}
        num = den = 0
        for c in a:
            parts = {where.get(m, ("alone", m)) for m in c}
            num += len(c) - len(parts)
            den += len(c) - 1
        return num, den

    rn, rd = side(key, resp)
    pn, pd = side(resp, key)
    return _prf(rn, rd, pn, pd)


def b_cubed(key: list[set[str]], resp: list[set[str]]) -> tuple[float, float, float]:
    kof = {m: c for c in key for m in c}
    rof = {m: c for c in resp for m in c}
    r = sum(len(kof[m] & rof.get(m, {m})) / len(kof[m]) for m in kof)
    p = sum(len(rof[m] & kof.get(m, {m})) / len(rof[m]) for m in rof)
    return _prf(r, len(kof), p, len(rof))


def ceaf_e(key: list[set[str]], resp: list[set[str]]) -> tuple[float, float, float]:
    """Entity-based CEAF (phi4), optimal one-to-one alignment of clusters."""
    if not key or not resp:
        return 0.0, 0.0, 0.0
    rof = {m: j for j, c in enumerate(resp) for m in c}
    sim = np.zeros((len(key), len(resp)))
    for i, k in enumerate(key):
        for m in k:
            j = rof.get(m)
            if j is not None:
                sim[i, j] += 1
    for i, k in enumerate(key):
        for j in np.nonzero(sim[i])[0]:
            sim[i, j] = 2 * sim[i, j] / (len(k) + len(resp[j]))
    rows, cols = linear_sum_assignment(-sim)
    total = float(sim[rows, cols].sum())
    return _prf(total, len(key), total, len(resp))


def _prf(rn: float, rd: float, pn: float, pd: float) -> tuple[float, float, float]:
    r = rn / rd if rd else 0.0
    p = pn / pd if pd else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score(
    topics: Iterable[tuple[dict[str, str], dict[str, str]]],
) -> dict[str, float]:
    """Scores summed over topics (clusters never cross topics): MUC and B-cubed from summed
    numerators, CEAF-e from per-topic alignments."""
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
    for gold, pred in topics:
        if not gold:
            continue
        key, resp = _clusters(gold), _clusters(pred)
        for name, func in (("muc", muc), ("b3", b_cubed), ("ceafe", ceaf_e)):
            p, r, _f = func(key, resp)
            # weights: MUC by links, B3 by mentions, CEAF-e by clusters
            if name == "muc":
                wr = sum(len(c) - 1 for c in key)
                wp = sum(len(c) - 1 for c in resp)
            elif name == "b3":
                wr = wp = len(gold)
            else:
                wr, wp = len(key), len(resp)
            s = sums[name]
            s[0] += r * wr
            s[1] += wr
            s[2] += p * wp
            s[3] += wp
    out: dict[str, float] = {}
    f1s = []
    for name in ("muc", "b3", "ceafe"):
        rn, rd, pn, pd = sums[name]
        p, r, f = _prf(rn, rd, pn, pd)
        out[f"{name}_p"], out[f"{name}_r"], out[f"{name}_f1"] = p, r, f
        f1s.append(f)
    out["conll_f1"] = sum(f1s) / 3
    return out


# -- systems ---------------------------------------------------------------------------------
def analyze_topic(nlp, files: list[Path], topic: str, selected, cache=None):  # type: ignore[no-untyped-def]
    """Parse each document over its gold tokens; return resolver input and gold mentions.
    With ``cache`` (a folder), parses are kept there and reused on the next run."""
    from spacy.tokens import Doc, DocBin

    docs_in, golds, parsed = [], [], []
    for path in files:
        words, sents, mentions = read_doc(path, topic)
        if not words:
            continue
        starts = [i == 0 or sents[i] != sents[i - 1] for i in range(len(words))]
        doc = Doc(nlp.vocab, words=words, sent_starts=starts)
        parsed.append((path, doc, sents, mentions))
    stored = Path(cache) / f"topic{topic}.spacy" if cache else None
    if stored is not None and stored.exists():
        docs = list(DocBin().from_disk(stored).get_docs(nlp.vocab))
    else:
        docs = list(nlp.pipe([p[1] for p in parsed], batch_size=16))
        if stored is not None:
            stored.parent.mkdir(parents=True, exist_ok=True)
            DocBin(docs=docs, store_user_data=False).to_disk(stored)
    for (path, _d, sents, mentions), doc in zip(parsed, docs, strict=True):
        sentences = []
        for s in sorted(set(sents)):
            toks = [i for i, n in enumerate(sents) if n == s]
            start, end = doc[toks[0]].idx, doc[toks[-1]].idx + len(doc[toks[-1]].text)
            sentences.append(Sentence(index=len(sentences), start=start, end=end))
        # gold sentence numbers -> our sentence indices
        numbering = {s: i for i, s in enumerate(sorted(set(sents)))}
        keep = selected.get(f"{topic}_{path.stem.split('_', 1)[1]}")
        for m in mentions:
            if keep is not None and m.sentence not in keep:
                continue
            span = doc[m.tokens[0] : m.tokens[-1] + 1]
            head = span.root
            m.head, m.lemma = head.i, head.lemma_.lower()
            m.proper = head.pos_ == "PROPN" or head.tag_ in ("NNP", "NNPS")
            m.sentence = numbering[m.sentence]
            golds.append((path.stem, doc, m))
        # our name layer over the gold name spans (the resolver is what is measured)
        spans = [(m.tokens[0], m.tokens[-1] + 1) for m in mentions if m.head >= 0 and m.proper]
        mentions_out, groups = extract(doc, sentences, spans=spans)
        article = Article(id=path.stem, text=doc.text)
        analysis = Analysis(
            article=path.stem,
            language="en",
            sentences=tuple(sentences),
            mentions=mentions_out,
            groups=groups,
        )
        docs_in.append((article, analysis))
    return docs_in, golds


def ours(docs_in, golds) -> dict[str, str]:  # type: ignore[no-untyped-def]
    res = resolve(docs_in)
    analyses = {a.id: an for a, an in docs_in}
    pred = {}
    for doc_id, doc, m in golds:
        an = analyses[doc_id]
        start = doc[m.head].idx
        end = start + len(doc[m.head].text)
        ent = None
        for nm in an.mentions:
            if nm.start <= start and end <= nm.end:
                ent = res.groups.get((doc_id, nm.group))
                break
        if ent is None:
            for g in an.groups:
                if any(p[0] <= start < p[1] for p in g.pronouns):
                    ent = res.groups.get((doc_id, g.id))
                    break
        pred[m.key] = ent or "lemma:" + m.lemma
    return pred


def baseline(golds) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {m.key: "lemma:" + m.lemma for _d, _doc, m in golds}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir", type=Path)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--topics", help="comma-separated topic numbers (default: all)")
    ap.add_argument("--cache", type=Path, help="folder to keep the parses in between runs")
    args = ap.parse_args()
    csv_path = args.dir.parent / "ECBplus_coreference_sentences.csv"
    selected = selected_sentences(csv_path) if csv_path.exists() else {}
    wanted = set(args.topics.split(",")) if args.topics else None
    nlp = load_model()
    runs: dict[str, list[tuple[dict[str, str], dict[str, str]]]] = defaultdict(list)
    t0 = time.perf_counter()
    resolve_s = 0.0
    n_docs = n_mentions = 0
    topic_dirs = sorted((p for p in args.dir.iterdir() if p.is_dir()), key=lambda p: int(p.name))
    for tdir in topic_dirs:
        if wanted and tdir.name not in wanted:
            continue
        files = sorted(tdir.glob("*.xml"))
        docs_in, golds = analyze_topic(nlp, files, tdir.name, selected, args.cache)
        n_docs += len(docs_in)
        n_mentions += len(golds)
        gold = {m.key: m.gold for _d, _doc, m in golds}
        names = {m.key for _d, _doc, m in golds if m.proper}
        t1 = time.perf_counter()
        pred = ours(docs_in, golds)
        resolve_s += time.perf_counter() - t1
        base = baseline(golds)
        for label, p in (("ours", pred), ("baseline", base)):
            runs[label].append((gold, p))
            runs[label + "_names"].append(
                ({k: v for k, v in gold.items() if k in names}, {k: p[k] for k in names})
            )
    figures: dict[str, float] = {}
    for label, prefix in (
        ("ours", ""),
        ("ours_names", "names_"),
        ("baseline", "baseline_"),
        ("baseline_names", "baseline_names_"),
    ):
        for k, v in score(runs[label]).items():
            figures[prefix + k] = round(v, 4)
    out = {
        "conll_f1": figures["conll_f1"],
        "conll_f1_names": figures["names_conll_f1"],
        "baseline_conll_f1": figures["baseline_conll_f1"],
        "baseline_conll_f1_names": figures["baseline_names_conll_f1"],
    }
    for k, v in figures.items():
        if not k.endswith("conll_f1"):
            out[k] = v
    out.update(
        documents=n_docs,
        mentions=n_mentions,
        seconds=round(time.perf_counter() - t0, 1),
        resolve_seconds=round(resolve_s, 2),
    )
    print(f"ECB+ participants: {n_docs} documents, {n_mentions} mentions ({out['seconds']} s)")
    print(f"{'':18}{'MUC':>8}{'B3':>8}{'CEAF-e':>8}{'CoNLL':>8}")
    for label, prefix in (
        ("ours, all", ""),
        ("baseline, all", "baseline_"),
        ("ours, names", "names_"),
        ("baseline, names", "baseline_names_"),
    ):
        row = [figures[prefix + k] for k in ("muc_f1", "b3_f1", "ceafe_f1", "conll_f1")]
        print(f"{label:18}" + "".join(f"{v:8.3f}" for v in row))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
