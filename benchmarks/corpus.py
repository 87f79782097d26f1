"""A generator of realistic, invented news articles for the speed benchmarks.

Every article is built from sentence templates filled with invented names, places, numbers
and dates, so the corpus is of any size, deterministic for a seed, and owes nothing to
outside text."""

from __future__ import annotations

import json
import random
import re
from datetime import date, timedelta
from pathlib import Path

from storyweave.model import (
    Analysis,
    Article,
    Mention,
    NameGroup,
    Origin,
    Sentence,
    article_id,
    normalize_text,
)

GIVEN = [
    "Anna",
    "Boris",
    "Carla",
    "Deniz",
    "Elif",
    "Farid",
    "Greta",
    "Hugo",
    "Irene",
    "Jonas",
    "Karim",
    "Lena",
    "Marek",
    "Nadia",
    "Oskar",
    "Petra",
    "Rafael",
    "Sofia",
    "Tomas",
    "Vera",
    "Yusuf",
    "Zofia",
]
FAMILY = [
    "Albrecht",
    "Barros",
    "Castell",
    "Dragan",
    "Eklund",
    "Ferreira",
    "Galik",
    "Horvath",
    "Ivers",
    "Jansen",
    "Kowal",
    "Lindqvist",
    "Moreau",
    "Novak",
    "Okafor",
    "Petrov",
    "Quist",
    "Rinaldi",
    "Sato",
    "Tanaka",
    "Udall",
    "Varga",
    "Weiss",
    "Yilmaz",
]
PLACES = [
    "Arlen",
    "Brevik",
    "Calder",
    "Dunmore",
    "Eastwick",
    "Fallow",
    "Granby",
    "Harrow",
    "Islay",
    "Jessop",
    "Kilvane",
    "Lorne",
    "Marrow",
    "Northam",
    "Oakridge",
    "Penrith",
]
ORGS = [
    "the Ministry of Transport",
    "the National Rail Authority",
    "Harbor Energy",
    "the Coastal Water Board",
    "Meridian Telecom",
    "the Regional Court",
    "the Farmers' Union",
    "Northgate Bank",
    "the City Council",
]
OUTLETS = [
    "The Daily Ledger",
    "Harbor Times",
    "Valley Courier",
    "Morning Dispatch",
    "The Northern Post",
    "Civic Wire",
]
TOPICS = [
    ("strike", "workers at {org} walked off the job in {place}", "union leaders"),
    ("flood", "heavy rain flooded parts of {place}", "emergency services"),
    ("trial", "a trial opened at {org} in {place}", "prosecutors"),
    ("merger", "{org} agreed to buy a rival based in {place}", "analysts"),
    ("election", "voters in {place} went to the polls", "observers"),
    ("fire", "a fire destroyed a warehouse in {place}", "firefighters"),
]
SENTENCES = [
    "{person}, a spokesperson for {org}, said on {weekday} that the situation was {adj}.",
    "According to {org}, {number} people were affected and {number2} were moved to shelters.",
    "The decision came {ago} after talks between {person} and {person2} broke down.",
    "{person2} told reporters in {place} that a full report would be published in {month}.",
    "Officials expect the work to take at least {number} weeks, {person} added.",
    "Critics, including {person2}, said the response had been {adj} and called for an inquiry.",
    "In {month} {year}, {org} had warned that {number} sites needed urgent repairs.",
    "{person} said {pronoun} would meet {person2} again next week to discuss the {noun}.",
    "The {noun} is expected to cost about {number} million euros, according to early estimates.",
    "Residents of {place} described long queues and {adj} conditions on {weekday}.",
    "{org} declined to comment on the figures, citing an ongoing review.",
    "Last year, a similar {noun} in {place2} lasted {number} days before it was resolved.",
]
ADJ = [
    "difficult",
    "stable",
    "serious",
    "unprecedented",
    "chaotic",
    "manageable",
    "slow",
    "encouraging",
]
NOUNS = [
    "plan",
    "agreement",
    "investigation",
    "budget",
    "proposal",
    "settlement",
    "programme",
    "dispute",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"


def article(rng: random.Random, index: int, words: int = 550) -> dict[str, str]:
    """One invented article of about ``words`` words, with front-matter metadata."""
    topic, lead, who = rng.choice(TOPICS)
    place, place2 = rng.sample(PLACES, 2)
    org = rng.choice(ORGS)
    published = date(2024, 1, 1) + timedelta(days=rng.randrange(700))
    title = f"{topic.capitalize()} in {place}: {who} react"
    paragraphs = [
        f"{lead.format(org=org, place=place).capitalize()} on {rng.choice(WEEKDAYS)}, {who} said."
    ]
    count = len(paragraphs[0].split())
    while count < words:
        sents = []
        for _ in range(rng.randint(2, 4)):
            s = rng.choice(SENTENCES).format(
                person=_person(rng), person2=_person(rng), org=org, place=place, place2=place2,
                weekday=rng.choice(WEEKDAYS), adj=rng.choice(ADJ), noun=rng.choice(NOUNS),
                number=rng.randint(2, 900), number2=rng.randint(2, 90), month=rng.choice(MONTHS),
                year=published.year - rng.randint(0, 3), ago=rng.choice(["two days", "a week", "three months"]) + " ago",
                pronoun=rng.choice(["he", "she"]),
            )  # fmt: skip
            sents.append(s[0].upper() + s[1:])
        paragraphs.append(" ".join(sents))
        count += len(paragraphs[-1].split())
    return {
        "title": f"{title} ({index})",
        "source": rng.choice(OUTLETS),
        "published": published.isoformat(),
        "text": "\n\n".join(paragraphs),
    }


def write_corpus(folder: Path, n: int, seed: int = 7, words: int = 550) -> list[dict[str, str]]:
    """Write ``n`` articles as text files with front matter; return them."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    items = [article(rng, i, words) for i in range(n)]
    for i, item in enumerate(items):
        head = "".join(f"{k}: {item[k]}\n" for k in ("title", "source", "published"))
        (folder / f"article_{i:05d}.txt").write_text(
            f"---\n{head}---\n\n{item['text']}\n", encoding="utf-8"
        )
    return items


def write_jsonl(path: Path, n: int, seed: int = 7, words: int = 550) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            out.write(json.dumps(article(rng, i, words)) + "\n")


def event_corpus(n: int, seed: int = 11, per_event: tuple[int, int] = (3, 12)) -> list[dict]:
    """``n`` short articles grouped into events (each event: its own cast, place and dates;
    3 to 12 articles from different outlets over a few days), as a real feed looks.

    Each item has title, source, published, text, and ``event`` and ``people`` (for building
    light-weight analyses in benchmarks that measure what comes after analysis)."""
    rng = random.Random(seed)
    items: list[dict] = []
    event = 0
    start = date(2023, 1, 1)
    while len(items) < n:
        topic, lead, who = rng.choice(TOPICS)
        place, place2 = rng.sample(PLACES, 2)
        org = rng.choice(ORGS)
        people = [_person(rng) for _ in range(3)]
        day = start + timedelta(days=rng.randrange(1000))
        count = min(rng.randint(*per_event), n - len(items))
        for k in range(count):
            published = day + timedelta(days=rng.randrange(5))
            body = [
                f"{lead.format(org=org, place=place).capitalize()} on {rng.choice(WEEKDAYS)}, {who} said."
            ]
            for _ in range(rng.randint(4, 7)):
                s = rng.choice(SENTENCES).format(
                    person=rng.choice(people), person2=rng.choice(people), org=org, place=place,
                    place2=place2, weekday=rng.choice(WEEKDAYS), adj=rng.choice(ADJ),
                    noun=rng.choice(NOUNS), number=rng.randint(2, 900), number2=rng.randint(2, 90),
                    month=rng.choice(MONTHS), year=published.year, ago="two days ago",
                    pronoun=rng.choice(["he", "she"]),
                )  # fmt: skip
                body.append(s[0].upper() + s[1:])
            items.append(
                {
                    "title": f"{topic.capitalize()} in {place} ({event}.{k})",
                    "source": rng.choice(OUTLETS),
                    "published": published.isoformat(),
                    "text": " ".join(body[:3]) + "\n\n" + " ".join(body[3:]),
                    "event": event,
                    "people": people + [place, place2],
                }
            )
        event += 1
    return items


# Light-weight analyses of generated articles, for benchmarks that measure what comes after
# analysis (linking, reconciling, serving): sentences by punctuation and the names the
# generator used, found by string search.
_SENT = re.compile(r"[^.!?]+[.!?]")


def event_article(item: dict, i: int) -> Article:
    """The Article of one ``event_corpus`` item."""
    text = normalize_text(item["text"])
    return Article(
        id=article_id(text), text=text, title=item["title"], source=item["source"],
        published=item["published"], language="en", origins=(Origin(file=f"generated/{i}.txt"),),
    )  # fmt: skip


def light_analysis(article: Article, names: list[str], vector: bytes = b"") -> Analysis:
    """An Analysis from what the generator knows: multi-word names are people, others places."""
    text = article.text
    sentences = []
    for m in _SENT.finditer(text):
        start = m.start() + (len(m.group()) - len(m.group().lstrip()))
        sentences.append(Sentence(len(sentences), start, m.end(), text.count("\n\n", 0, start)))
    mentions: list[Mention] = []
    groups: list[NameGroup] = []
    for name in names:
        label = "PERSON" if " " in name else "GPE"
        idx = []
        for m in re.finditer(re.escape(name), text):
            sent = next((s.index for s in sentences if s.start <= m.start() < s.end), 0)
            idx.append(len(mentions))
            mentions.append(
                Mention(m.start(), m.end(), name, label, name, len(groups), sentence=sent)
            )
        if idx:
            groups.append(NameGroup(len(groups), name, {label: len(idx)}, tuple(idx)))
    return Analysis(
        article=article.id, language="en", sentences=tuple(sentences), mentions=tuple(mentions),
        groups=tuple(groups), vector=vector,
    )  # fmt: skip
