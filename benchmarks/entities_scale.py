"""How long entity resolution takes on a large story.

Generates one story of N articles (default 1,000) about invented people, organizations and
places: full-name introductions with titles, later surnames, pronouns, organization acronyms,
and a share of "machine-translated" articles that use a romanized or misspelt form of a name.
The generator writes each article's analysis along with its text (the name groups the name
extractor gives on such text; ``--parse`` runs the real model instead, much slower), then
``storyweave.link.entities.resolve`` runs over all of them; only the resolution is timed
(analysis is measured by benchmarks/throughput.py).

usage: python benchmarks/entities_scale.py [--articles 1000] [--json FILE] [--parse]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from storyweave.analyze import analyze_articles  # noqa: E402
from storyweave.link.entities import resolve  # noqa: E402
from storyweave.model import (  # noqa: E402
    Analysis,
    Article,
    Mention,
    NameGroup,
    Sentence,
    article_id,
)

_ONSETS = ["Ar", "Bel", "Cor", "Dar", "El", "Fen", "Gal", "Har", "Iv", "Jor", "Kal", "Lor"]
_ONSETS += ["Mar", "Nor", "Or", "Per", "Quin", "Ros", "Sel", "Tor", "Ul", "Vel", "Wen", "Zan"]
_GIVEN_ENDS = ["a", "en", "ic", "on", "ia", "el", "us", "ine"]
_SURNAME_ENDS = ["strom", "wick", "ford", "ski", "berg", "ton", "ley", "mann", "ova", "ard"]
_PINYIN = ["bao", "da", "min", "kang", "ming", "kai", "lu", "wei", "fen", "ke", "si", "te"]
_TITLES = ["Minister", "Ambassador", "spokeswoman", "Governor", "chief executive", "Senator"]
_VERBS = ["said", "told reporters", "denied the report", "met officials", "was questioned"]


def _people(rng: random.Random, n: int) -> list[dict[str, str]]:
    people, seen = [], set()
    while len(people) < n:
        given = rng.choice(_ONSETS) + rng.choice(_GIVEN_ENDS)
        surname = rng.choice(_ONSETS) + rng.choice(_SURNAME_ENDS)
        if surname in seen:
            continue
        seen.add(surname)
        roman = " ".join(
            [rng.choice(_PINYIN).title(), (rng.choice(_PINYIN) + rng.choice(_PINYIN)).title()]
        )
        people.append(
            {
                "given": given,
                "surname": surname,
                "title": rng.choice(_TITLES),
                "he": rng.choice(["he", "she"]),
                "roman": roman,
            }
        )
    return people


class _Writer:
    """Builds one article's text and, alongside, the analysis the name extractor would give."""

    def __init__(self) -> None:
        self.text = ""
        self.sentences: list[Sentence] = []
        self.mentions: list[Mention] = []
        self.groups: dict[str, list[int]] = {}
        self.labels: dict[str, str] = {}
        self.pronouns: dict[str, list[tuple[int, int, str]]] = {}

    def sentence(self, parts: list[tuple[str, str | None, str]]) -> None:
        """Parts: (text, group key or None, label); a group key on a pronoun records it."""
        if self.text:
            self.text += "\n\n"
        start = len(self.text)
        index = len(self.sentences)
        for piece, key, label in parts:
            pos = len(self.text)
            self.text += piece
            if key is None:
                continue
            if label == "PRON":
                self.pronouns.setdefault(key, []).append((pos, pos + len(piece), piece))
                continue
            self.groups.setdefault(key, []).append(len(self.mentions))
            self.labels.setdefault(key, piece)
            self.mentions.append(
                Mention(
                    pos,
                    pos + len(piece),
                    piece,
                    label,
                    piece,
                    sentence=index,
                    dep="nsubj",
                    verb="say",
                )
            )
        self.sentences.append(Sentence(index, start, len(self.text)))

    def build(self, source: str) -> tuple[Article, Analysis]:
        aid = article_id(self.text + source)
        groups, mentions = [], list(self.mentions)
        for gid, (key, idx) in enumerate(self.groups.items()):
            names = [mentions[i].name for i in idx]
            for i in idx:
                mentions[i] = replace(mentions[i], group=gid)
            labels: dict[str, int] = {}
            for i in idx:
                labels[mentions[i].label] = labels.get(mentions[i].label, 0) + 1
            groups.append(
                NameGroup(
                    gid,
                    max(names, key=lambda n: len(n.split())),
                    labels,
                    tuple(idx),
                    tuple(self.pronouns.get(key, ())),
                )
            )
        article = Article(id=aid, text=self.text, source=source)
        return article, Analysis(aid, "en", tuple(self.sentences), tuple(mentions), tuple(groups))


def story(n_articles: int, seed: int = 7) -> list[tuple[Article, Analysis]]:
    rng = random.Random(seed)
    people = _people(rng, 60)
    places = [rng.choice(_ONSETS) + rng.choice(["ia", "mar", "stad", "port"]) for _ in range(12)]
    orgs = [
        ("Department of " + w, "DO" + w[0]) for w in ("Harbors", "Energy", "Transport", "Water")
    ]
    weights = [1.0 / (i + 1) for i in range(len(people))]
    out = []
    for a in range(n_articles):
        cast: list[dict[str, str]] = []
        size = rng.randint(3, 6)
        while len(cast) < size:
            p = rng.choices(people, weights)[0]
            if p not in cast:
                cast.append(p)
        translated = rng.random() < 0.15
        w = _Writer()
        for i, p in enumerate(cast):
            place = rng.choice(places)
            full = f"{p['given']} {p['surname']}"
            key = p["surname"]
            label = rng.choice(["PERSON", "PERSON", "GPE", "ORG"])
            w.sentence(
                [
                    (p["title"].title() + " ", None, ""),
                    (full, key, "PERSON"),
                    (" arrived in ", None, ""),
                    (place, "@" + place, "GPE"),
                    (".", None, ""),
                ]
            )
            short, skey = p["surname"], key
            if translated and i == 0:
                short, skey = p["roman"], "~" + key  # a romanized name, never introduced
            for _ in range(rng.randint(1, 3)):
                org, acr = rng.choice(orgs)
                other = rng.choice(cast)
                parts = [
                    (short, skey, label),
                    (f" {rng.choice(_VERBS)} after talks with the ", None, ""),
                    (org, "#" + org, "ORG"),
                    (", and ", None, ""),
                    (p["he"], skey, "PRON"),
                    (" added that the ", None, ""),
                    (acr, "#" + acr, "ORG"),
                    (" would respond.", None, ""),
                ]
                w.sentence(parts)
                if other is not p:
                    w.sentence(
                        [
                            (short, skey, label),
                            (" and ", None, ""),
                            (other["surname"], other["surname"], "PERSON"),
                            (f" {rng.choice(_VERBS)} on Tuesday.", None, ""),
                        ]
                    )
        out.append(w.build(f"outlet-{a}"))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--parse", action="store_true", help="analyze the texts with the model")
    args = ap.parse_args()
    t0 = time.perf_counter()
    docs = story(args.articles)
    if args.parse:  # the real analysis instead of the generator's own
        docs = list(analyze_articles([a for a, _an in docs]))
    analysis_s = time.perf_counter() - t0
    mentions = sum(len(an.mentions) for _a, an in docs)
    t1 = time.perf_counter()
    res = resolve(docs)
    resolve_s = time.perf_counter() - t1
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures = {
        "articles": len(docs),
        "mentions": mentions,
        "groups": len(res.groups),
        "entities": len(res.entities),
        "flags": len(res.flags),
        "analysis_s": round(analysis_s, 1),
        "resolve_s": round(resolve_s, 2),
        "peak_rss_mb": round(peak, 1),
    }
    print(
        f"{figures['articles']} articles, {mentions} name mentions, {figures['groups']} name "
        f"groups -> {figures['entities']} entities, {figures['flags']} flags"
    )
    print(f"generation/analysis {analysis_s:.1f} s (not timed); resolution {resolve_s:.2f} s")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
