"""The real-news development corpus: events, storylines, aliases, conflicts, flags and dates.

Usage: python benchmarks/realnews.py DIR [--json FILE] [--languages en|all|en,zh,...]
                                         [--judge-list FILE] [--skip-dates | --dates-only]

DIR is the corpus folder (corpus/realnews: ``storylines/*.json`` and the texts, format in its
README). Every article is written to a temporary folder as a plain text file with front matter
(title, source, url, published) under a neutral file name (a name must not give the date away),
and the whole folder goes through ``storyweave.dossier`` as a user would run it. Scored:

- events and storylines: BCubed P/R/F1 of the dossier's stories (events) and storylines
  against the gold, next to a TF-IDF single-pass baseline run in the same process on the same
  articles in publication order, its threshold chosen on this data (best of a grid, per level);
  with ``--languages`` other than English, the share of the articles not in English (whose
  event has English coverage) in a story whose English articles are mostly of their event, and
  the stricter share in a story holding English articles of their event and none of another;
- aliases: for each gold entity and each story holding articles that write one of its forms,
  the share of those forms found among the aliases of one dossier entity (recall), and the
  dossier entities that join forms of two gold entities or a form the gold says is another
  person (false merges); across scripts, for each article writing a gold name in Chinese or
  Cyrillic script, whether its story has one entity holding that form and a Latin-script form
  of the same gold entity (the name is linked to its English one), and the false merges among
  the entities holding a form in those scripts;
- conflicts: the share of gold conflicts for which the dossier has a ``conflicting`` claim whose
  values cover two of the conflict's articles with different values;
- precision of flags and of conflicting claims over ``judgments/*.json`` (every reported item
  judged right or wrong by reading its sentences); items not yet judged are listed (written to
  ``--judge-list``) and counted apart, so precision cannot rise by leaving wrong ones unjudged;
- publication dates with the dates hidden, once with the URL kept and once from the text alone
  (no front matter at all): the share within 2 and 7 days of the gold date (day-precision gold
  dates only).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import storyweave
from ecbplus_stories import baseline, bcubed


def load_corpus(root: Path, languages: set[str] | None) -> list[dict[str, Any]]:
    """Every article of the corpus with its storyline, event and text, publication order."""
    articles: list[dict[str, Any]] = []
    for path in sorted(root.glob("storylines/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        line = data["storyline"]["id"]
        for art in data.get("articles", []):
            if languages and art.get("language", "en") not in languages:
                continue
            file = root / art["file"]
            if not file.is_file():
                print(f"missing text: {file} (gather the corpus first)", file=sys.stderr)
                continue
            articles.append({**art, "storyline": line, "text": file.read_text(encoding="utf-8")})
    articles.sort(key=lambda a: (a.get("published") is None, a.get("published") or "", a["id"]))
    return articles


def load_gold(root: Path) -> tuple[list[dict], list[dict]]:
    """(entities, conflicts) of every storyline file, each entity tagged with its storyline."""
    entities: list[dict] = []
    conflicts: list[dict] = []
    for path in sorted(root.glob("storylines/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        line = data["storyline"]["id"]
        entities += [{**e, "storyline": line} for e in data.get("entities", [])]
        # A "refined" entry is one source being more precise than another: not a conflict.
        conflicts += [c for c in data.get("conflicts", []) if c.get("kind") != "refined"]
    return entities, conflicts


def write_inputs(folder: Path, articles: list[dict], mode: str) -> dict[str, str]:
    """Write the articles as text files; returns file name -> corpus article id.

    ``mode``: ``full`` (title, source, url, published), ``url`` (no published date) or
    ``text`` (the text alone)."""
    folder.mkdir(parents=True, exist_ok=True)
    names: dict[str, str] = {}
    for i, art in enumerate(articles):
        name = f"a{i:04d}.txt"
        names[name] = art["id"]
        meta: list[tuple[str, str | None]] = []
        if mode in ("full", "url"):
            meta = [
                ("title", art.get("title")),
                ("source", art.get("outlet")),
                ("url", art.get("url")),
            ]
        if mode == "full":
            meta.append(("published", art.get("published")))
        lines = [f"{k}: {v}" for k, v in meta if v]
        head = "---\n" + "\n".join(lines) + "\n---\n\n" if lines else ""
        (folder / name).write_text(head + art["text"], encoding="utf-8")
    return names


def run_dossier(folder: Path) -> tuple[dict[str, Any], float]:
    start = time.perf_counter()
    text, report = storyweave.dossier([folder], format="json")
    seconds = time.perf_counter() - start
    for file, reason in report.failed:
        print(f"failed: {file}: {reason}", file=sys.stderr)
    return json.loads(text), seconds


def corpus_ids(dossier: dict[str, Any], names: dict[str, str]) -> dict[str, str]:
    """Dossier article id -> corpus article id, through the input file names."""
    out: dict[str, str] = {}
    for art in dossier["articles"]:
        for file in art.get("files") or [art.get("file")]:
            name = Path(file or "").name
            if name in names:
                out[art["id"]] = names[name]
                break
    return out


def clusters(dossier: dict[str, Any], ids: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Corpus article id -> its story id, and -> its storyline id (the story's own id when the
    dossier has no storylines)."""
    story_of: dict[str, str] = {}
    line_of_story = {s["id"]: s.get("storyline") or s["id"] for s in dossier["stories"]}
    for line in dossier.get("storylines", []):
        for sid in line.get("stories", []):
            line_of_story[sid] = line["id"]
    for story in dossier["stories"]:
        for aid in story["articles"]:
            if aid in ids:
                story_of[ids[aid]] = story["id"]
    return story_of, {a: line_of_story[s] for a, s in story_of.items()}


def score_clusters(articles: list[dict], story_of: dict[str, str], line_of: dict[str, str]) -> dict:
    # An article in no story (not analyzed, or failed) counts as a story of its own.
    events = [story_of.get(a["id"], "none:" + a["id"]) for a in articles]
    lines = [line_of.get(a["id"], "none:" + a["id"]) for a in articles]
    order = list(range(len(articles)))
    texts = [a["text"] for a in articles]
    out: dict[str, Any] = {}
    for level, predicted, gold in (
        ("event", events, [a["event"] for a in articles]),
        ("storyline", lines, [a["storyline"] for a in articles]),
    ):
        p, r, f1 = bcubed(predicted, gold)
        base = baseline(texts, gold, order)
        out.update(
            {
                f"{level}_bcubed_p": round(p, 4),
                f"{level}_bcubed_r": round(r, 4),
                f"{level}_bcubed_f1": round(f1, 4),
                f"{level}_found": len(set(predicted)),
                f"{level}_true": len(set(gold)),
                f"{level}_baseline_f1": round(base["f1"], 4),
                f"{level}_baseline_threshold": round(base["threshold"], 3),
            }
        )
    out.update(score_crosslingual(articles, story_of))
    return out


def of_its_event(article: dict, english: list[dict]) -> bool:
    """Whether a story whose English articles are ``english`` is of the article's event: most
    of them are (a stray English article of another event, the English linking's slip, does
    not make the story another event's)."""
    return 2 * sum(b["event"] == article["event"] for b in english) > len(english)


def score_crosslingual(articles: list[dict], story_of: dict[str, str]) -> dict[str, Any]:
    """Of the articles not in English whose event has English coverage: the share in a story of
    that coverage (most of the story's English articles are of their event), and the stricter
    share in a story holding English articles of their event and none of another (which also
    counts the English linking's own slips)."""
    english_in: dict[str, list[dict]] = {}
    for a in articles:
        if a.get("language", "en") == "en" and a["id"] in story_of:
            english_in.setdefault(story_of[a["id"]], []).append(a)
    covered = {a["event"] for a in articles if a.get("language", "en") == "en"}
    others = [a for a in articles if a.get("language", "en") != "en" and a["event"] in covered]
    if not others:
        return {}
    joined = in_event = 0
    for a in others:
        story = story_of.get(a["id"], "")
        english = english_in.get(story, [])
        joined += bool(english) and all(b["event"] == a["event"] for b in english)
        in_event += bool(english) and of_its_event(a, english)
    return {
        "crosslingual_in_event": round(in_event / len(others), 4),
        "crosslingual_joined": round(joined / len(others), 4),
        "crosslingual_articles": len(others),
    }


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


# Alias kinds that are names of the entity; descriptors ("media tycoon"), titled forms and
# nicknames are recorded in the gold but not asked of the entity list.
NAME_KINDS = {"full-name", "surname", "spelling", "transliteration", "original-script"}


def _name_forms(entity: dict) -> list[str]:
    return [
        x["text"] for x in entity.get("aliases", []) if x.get("kind", "full-name") in NAME_KINDS
    ]


def score_aliases(
    dossier: dict[str, Any], ids: dict[str, str], articles: list[dict], entities: list[dict]
) -> tuple[dict, list[str]]:
    """Alias recall and false merges against the gold entities."""
    text_of = {a["id"]: a["text"] for a in articles}
    owner: dict[tuple[str, str], str] = {}  # (storyline, folded form) -> gold entity name
    for ent in entities:
        for form in [ent["name"], *(x["text"] for x in ent.get("aliases", []))]:
            owner.setdefault((ent["storyline"], _fold(form)), ent["name"])
    line_of_article = {a["id"]: a["storyline"] for a in articles}
    found = total = 0
    misses: list[str] = []
    false_merges: list[str] = []
    for story in dossier["stories"]:
        members = [ids[a] for a in story["articles"] if a in ids]
        if not members:
            continue
        lines = Counter(line_of_article[m] for m in members)
        story_texts = [text_of[m] for m in members]
        forms_of_entity = [
            {_fold(a["text"]) for a in e.get("aliases", [])} | {_fold(e["name"])}
            for e in story.get("entities", [])
        ]
        for ent in entities:
            if ent["storyline"] not in lines:
                continue
            forms = {_fold(f) for f in [ent["name"], *_name_forms(ent)]}
            present = {f for f in forms if any(f in _fold(t) for t in story_texts)}
            if not present:
                continue
            best = max((len(present & fs) for fs in forms_of_entity), default=0)
            found += best
            total += len(present)
            if best < len(present):
                holder = max(forms_of_entity, key=lambda fs: len(present & fs), default=set())
                misses.append(
                    f"{story['id']}: {ent['name']}: not joined {sorted(present - holder)}"
                )
        for e, fs in zip(story.get("entities", []), forms_of_entity, strict=True):
            owners = {owner[(line, f)] for f in fs for line in lines if (line, f) in owner}
            nots = {
                _fold(n) for ent in entities if ent["name"] in owners for n in ent.get("not", [])
            }
            if len(owners) > 1 or fs & nots:
                false_merges.append(f"{story['id']}: {e['name']}: {sorted(fs)}")
    figures = {
        "alias_recall": round(found / total, 4) if total else None,
        "alias_forms": total,
        "alias_false_merges": len(false_merges),
    }
    return figures, misses + ["false merge: " + f for f in false_merges]


_FOREIGN = re.compile(r"[\u0400-\u04ff\u3400-\u9fff]")


def score_cross_aliases(
    dossier: dict[str, Any], ids: dict[str, str], articles: list[dict], entities: list[dict]
) -> dict[str, Any]:
    """Names across scripts: for each (article, gold name form in Chinese or Cyrillic script it
    writes), whether one entity of the article's story holds that form and a Latin-script form
    of the same gold entity; and the false merges (forms of two gold entities, or a form the
    gold says is another person) among the entities holding such a form."""
    story_of: dict[str, dict] = {}
    for story in dossier["stories"]:
        for aid in story["articles"]:
            if aid in ids:
                story_of[ids[aid]] = story
    owner: dict[tuple[str, str], str] = {}
    for ent in entities:
        for form in [ent["name"], *(x["text"] for x in ent.get("aliases", []))]:
            owner.setdefault((ent["storyline"], _fold(form)), ent["name"])
    found = total = 0
    for art in articles:
        text = _fold(art["text"])
        story = story_of.get(art["id"])
        held = [
            {_fold(a["text"]) for a in e.get("aliases", [])} | {_fold(e["name"])}
            for e in (story or {}).get("entities", [])
        ]
        for ent in entities:
            if ent["storyline"] != art["storyline"]:
                continue
            forms = {_fold(f) for f in [ent["name"], *_name_forms(ent)]}
            latin = {f for f in forms if not _FOREIGN.search(f)}
            for form in {f for f in forms if _FOREIGN.search(f) and f in text}:
                total += 1
                found += any(form in fs and fs & latin for fs in held)
    merges = 0
    for story in dossier["stories"]:
        lines = {
            a["storyline"] for a in articles if a["id"] in {ids.get(x) for x in story["articles"]}
        }
        for e in story.get("entities", []):
            fs = {_fold(a["text"]) for a in e.get("aliases", [])} | {_fold(e["name"])}
            if not any(_FOREIGN.search(f) for f in fs):
                continue
            owners = {owner[(line, f)] for f in fs for line in lines if (line, f) in owner}
            nots = {
                _fold(n) for ent in entities if ent["name"] in owners for n in ent.get("not", [])
            }
            merges += len(owners) > 1 or bool(fs & nots)
    return {
        "cross_alias_recall": round(found / total, 4) if total else None,
        "cross_alias_forms": total,
        "cross_alias_false_merges": merges,
    }


def score_conflicts(
    dossier: dict[str, Any], ids: dict[str, str], conflicts: list[dict]
) -> tuple[dict, list[str]]:
    """Recall of the gold conflicts among the dossier's conflicting claims."""
    reported: list[dict[str, str]] = []
    for story in dossier["stories"]:
        for claim in story.get("claims", []):
            if claim.get("status") == "conflicting":
                reported.append({ids[a]: v for a, v in claim.get("values", {}).items() if a in ids})
    found, missed = 0, []
    for c in conflicts:
        gold = set(c.get("values", {}))
        hit = any(
            len(gold & set(r)) >= 2 and len({r[a] for a in gold & set(r)}) >= 2 for r in reported
        )
        found += hit
        if not hit:
            missed.append(f"conflict not found: {c.get('id')}: {c.get('what')}")
    total = len(conflicts)
    return {
        "conflict_recall": round(found / total, 4) if total else None,
        "conflicts_gold": total,
        "conflicts_found": found,
    }, missed


def reported_items(dossier: dict[str, Any], ids: dict[str, str]) -> list[tuple[str, str, dict]]:
    """(kind, key, item) of every flag and conflicting claim, keyed by what it says."""
    out = []
    for story in dossier["stories"]:
        names = {e["id"]: e["name"] for e in story.get("entities", [])}
        for flag in story.get("flags", []):
            art = ids.get(flag.get("article") or "", flag.get("article") or "")
            entity = names.get(flag.get("entity") or "", flag.get("entity") or "")
            key = f"flag|{flag['kind']}|{art}|{flag.get('text', '')}|{entity}"
            out.append(("flag", key, {**flag, "article": art, "entity": entity}))
        for claim in story.get("claims", []):
            if claim.get("status") != "conflicting":
                continue
            values = sorted((ids.get(a, a), v) for a, v in claim.get("values", {}).items())
            key = f"conflict|{claim.get('slot')}|" + ";".join(f"{a}={v}" for a, v in values)
            cites = [
                {**c, "article": ids.get(c["article"], c["article"])}
                for c in claim.get("citations", [])
            ]
            out.append(("conflict", key, {**claim, "values": dict(values), "citations": cites}))
    return out


def load_judgments(root: Path) -> dict[str, dict[str, dict]]:
    """Every judgment in ``judgments/*.json`` (``{"flags": {key: {"right": bool, "why": ...}},
    "conflicts": {...}}``); one file per judging pass keeps concurrent work apart. Two files
    judging one key differently stop the run: the corpus must say one thing."""
    merged: dict[str, dict[str, dict]] = {"flags": {}, "conflicts": {}}
    for path in sorted(root.glob("judgments/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for kind in merged:
            for key, verdict in data.get(kind, {}).items():
                old = merged[kind].get(key)
                if old is not None and old["right"] != verdict["right"]:
                    raise SystemExit(f"{path}: {key} judged both right and wrong")
                merged[kind][key] = verdict
    return merged


def score_judgments(
    items: list[tuple[str, str, dict]], judgments: dict[str, Any]
) -> tuple[dict, list[dict]]:
    figures: dict[str, Any] = {}
    unjudged: list[dict] = []
    for kind in ("flag", "conflict"):
        book = judgments.get(kind + "s", {})
        mine = [(k, item) for kd, k, item in items if kd == kind]
        right = sum(1 for k, _ in mine if k in book and book[k]["right"])
        judged = sum(1 for k, _ in mine if k in book)
        unjudged += [{"key": k, "item": item} for k, item in mine if k not in book]
        figures[f"{kind}s_reported"] = len(mine)
        figures[f"{kind}s_judged"] = judged
        figures[f"{kind}s_unjudged"] = len(mine) - judged
        figures[f"{kind}s_right"] = right
        figures[f"{kind}_precision"] = round(right / judged, 4) if judged else None
    return figures, unjudged


def score_dates(
    dossier: dict[str, Any], ids: dict[str, str], articles: list[dict], prefix: str
) -> dict:
    gold = {
        a["id"]: a["published"]
        for a in articles
        if a.get("published")
        and len(a["published"]) == 10
        and a.get("published_precision", "day") == "day"
    }
    found: dict[str, str | None] = {}
    for art in dossier["articles"]:
        if art["id"] in ids:
            found[ids[art["id"]]] = art.get("published")
    within2 = within7 = dated = 0
    for aid, truth in gold.items():
        value = found.get(aid)
        if not value or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            continue
        dated += 1
        gap = abs((date.fromisoformat(value) - date.fromisoformat(truth)).days)
        within2 += gap <= 2
        within7 += gap <= 7
    n = len(gold)
    return {
        f"{prefix}_articles": n,
        f"{prefix}_dated": dated,
        f"{prefix}_within_2d": round(within2 / n, 4) if n else None,
        f"{prefix}_within_7d": round(within7 / n, 4) if n else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--languages", default="en", help="'all' or a comma-separated list (en)")
    parser.add_argument("--judge-list", type=Path, help="write the unjudged items here (JSON)")
    parts = parser.add_mutually_exclusive_group()
    parts.add_argument("--skip-dates", action="store_true", help="skip the two hidden-date runs")
    parts.add_argument("--dates-only", action="store_true", help="only the two hidden-date runs")
    args = parser.parse_args(argv)

    languages = None if args.languages == "all" else set(args.languages.split(","))
    articles = load_corpus(args.dir, languages)
    if not articles:
        print(
            f"no articles under {args.dir}/storylines (see corpus/realnews/README.md)",
            file=sys.stderr,
        )
        return 2
    entities, conflicts = load_gold(args.dir)
    present = {a["id"] for a in articles}
    conflicts = [c for c in conflicts if len(set(c.get("values", {})) & present) >= 2]
    judgments = load_judgments(args.dir)

    figures: dict[str, Any] = {
        "articles": len(articles),
        "events": len({a["event"] for a in articles}),
        "storylines": len({a["storyline"] for a in articles}),
        "outlets": len({a.get("domain") or a.get("outlet") for a in articles}),
    }
    notes: list[str] = []
    unjudged: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        if not args.dates_only:
            names = write_inputs(Path(tmp) / "full", articles, "full")
            dossier, seconds = run_dossier(Path(tmp) / "full")
            figures["seconds_full_run"] = round(seconds, 1)
            ids = corpus_ids(dossier, names)
            story_of, line_of = clusters(dossier, ids)
            figures.update(score_clusters(articles, story_of, line_of))
            alias_figures, alias_notes = score_aliases(dossier, ids, articles, entities)
            figures.update(alias_figures)
            figures.update(score_cross_aliases(dossier, ids, articles, entities))
            conflict_figures, conflict_notes = score_conflicts(dossier, ids, conflicts)
            figures.update(conflict_figures)
            judged_figures, unjudged = score_judgments(reported_items(dossier, ids), judgments)
            figures.update(judged_figures)
            notes = alias_notes + conflict_notes
        if not args.skip_dates:
            for mode, prefix in (("url", "dates_url"), ("text", "dates_text")):
                names = write_inputs(Path(tmp) / mode, articles, mode)
                hidden, _ = run_dossier(Path(tmp) / mode)
                figures.update(score_dates(hidden, corpus_ids(hidden, names), articles, prefix))
    report(figures, notes, unjudged, args.judge_list)
    if args.judge_list:
        args.judge_list.write_text(
            json.dumps(unjudged, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


def report(
    figures: dict[str, Any], notes: list[str], unjudged: list[dict], judge_list: Path | None
) -> None:
    print(
        f"real news: {figures['articles']} articles, {figures['events']} events, "
        f"{figures['storylines']} storylines, {figures['outlets']} outlets"
    )
    if "event_bcubed_f1" in figures:
        print(f"  full run: {figures['seconds_full_run']} s")
        for level in ("event", "storyline"):
            print(
                f"  {level:9s}  P {figures[f'{level}_bcubed_p']:.4f}  R {figures[f'{level}_bcubed_r']:.4f}  "
                f"F1 {figures[f'{level}_bcubed_f1']:.4f}  found {figures[f'{level}_found']}/{figures[f'{level}_true']}"
                f"   baseline F1 {figures[f'{level}_baseline_f1']:.4f} "
                f"(TF-IDF single pass, threshold {figures[f'{level}_baseline_threshold']} chosen on this data)"
            )
        if "crosslingual_joined" in figures:
            print(
                f"  across languages  {figures['crosslingual_in_event']:.4f} of "
                f"{figures['crosslingual_articles']} articles not in English are in a story of "
                f"their event's English coverage; {figures['crosslingual_joined']:.4f} in a story "
                "with English articles of their event and none of another"
            )
        print(
            f"  aliases    recall {figures['alias_recall']} of {figures['alias_forms']} forms, "
            f"false merges {figures['alias_false_merges']}"
        )
        if figures.get("cross_alias_forms"):
            print(
                f"  aliases across scripts  {figures['cross_alias_recall']} of "
                f"{figures['cross_alias_forms']} original-script forms in an article are held "
                "by the entity of their English name in its story, false merges "
                f"{figures['cross_alias_false_merges']}"
            )
        print(
            f"  conflicts  recall {figures['conflict_recall']} "
            f"({figures['conflicts_found']}/{figures['conflicts_gold']})"
        )
        for kind in ("flag", "conflict"):
            print(
                f"  {kind}s     precision {figures[f'{kind}_precision']} "
                f"({figures[f'{kind}s_right']} right of {figures[f'{kind}s_judged']} judged; "
                f"{figures[f'{kind}s_reported']} reported, {figures[f'{kind}s_unjudged']} not yet judged)"
            )
    for prefix, label in (("dates_url", "URL kept"), ("dates_text", "text alone")):
        if f"{prefix}_articles" in figures:
            print(
                f"  dates ({label}): within 2 days {figures[f'{prefix}_within_2d']}, within 7 days "
                f"{figures[f'{prefix}_within_7d']} of {figures[f'{prefix}_articles']} "
                f"({figures[f'{prefix}_dated']} given a day)"
            )
    for note in notes:
        print("  -", note)
    if unjudged:
        where = f": see {judge_list}" if judge_list else ""
        print(f"  {len(unjudged)} reported items are not judged yet{where}")


if __name__ == "__main__":
    sys.exit(main())
