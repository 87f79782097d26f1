"""How long entity resolution takes on a large story.

Generates one story of N articles (default 1,000) about invented people, organizations and
places: full-name introductions with titles, later surnames, pronouns, organization acronyms,
and a share of "machine-translated" articles that use a romanized or misspelt form of a name.
The articles go through the real analysis (the packaged spaCy model, both cores), then
``storyweave.link.entities.resolve`` runs over all of them; only the resolution is timed
(analysis is measured by benchmarks/throughput.py).

usage: python benchmarks/entities_scale.py [--articles 1000] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from storyweave.analyze import analyze_articles  # noqa: E402
from storyweave.link.entities import resolve  # noqa: E402
from storyweave.model import Article, article_id, normalize_text  # noqa: E402

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


def story(n_articles: int, seed: int = 7) -> list[Article]:
    rng = random.Random(seed)
    people = _people(rng, 60)
    places = [rng.choice(_ONSETS) + rng.choice(["ia", "mar", "stad", "port"]) for _ in range(12)]
    orgs = [
        ("Department of " + w, "DO" + w[0]) for w in ("Harbors", "Energy", "Transport", "Water")
    ]
    weights = [1.0 / (i + 1) for i in range(len(people))]
    out = []
    for a in range(n_articles):
        cast = []
        while len(cast) < rng.randint(3, 6):
            p = rng.choices(people, weights)[0]
            if p not in cast:
                cast.append(p)
        translated = rng.random() < 0.15
        sentences = []
        for i, p in enumerate(cast):
            place = rng.choice(places)
            full = f"{p['given']} {p['surname']}"
            if translated and i == 0:
                sentences.append(f"{p['title'].title()} {full} arrived in {place} on Monday.")
                short = p["roman"]
            else:
                sentences.append(f"{p['title'].title()} {full} was in {place} on Monday.")
                short = p["surname"]
            for _ in range(rng.randint(1, 3)):
                other = rng.choice(cast)
                org, acr = rng.choice(orgs)
                sentences.append(
                    f"{short} {rng.choice(_VERBS)} after talks with the {org} in {place}, "
                    f"and {p['he']} added that the {acr} would respond."
                )
                if other is not p:
                    sentences.append(
                        f"{short} and {other['surname']} {rng.choice(_VERBS)} on Tuesday."
                    )
        text = normalize_text("\n\n".join(sentences))
        out.append(Article(id=article_id(text + str(a)), text=text, source=f"outlet-{a % 40}"))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    articles = story(args.articles)
    t0 = time.perf_counter()
    docs = list(analyze_articles(articles))
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
    print(f"analysis {analysis_s:.1f} s (not part of the figure); resolution {resolve_s:.2f} s")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
