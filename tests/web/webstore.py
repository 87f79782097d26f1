"""A small store built by hand (no NLP): three articles in two stories, with entities, a
timeline, claims and a flag, for fast tests of the API and the queries."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from storyweave.model import (
    Alias,
    Analysis,
    Article,
    Citation,
    Claim,
    Entity,
    Event,
    Flag,
    LinkDecision,
    Mention,
    Origin,
    Sentence,
    Story,
    TimeExpr,
)
from storyweave.store import open_store

TEXTS = {
    "a1": (
        "Tolvik Gazette", "2024-05-02", "en", "Ferry strike halts Tolvik crossings",
        "Ferry crews in Tolvik walked out on 1 May 2024. The union leader Runa Hallberg said "
        "300 crew members joined. Talks are planned for June 2024.",
    ),
    "a2": (
        "Brask Radio", "2024-05-03", "en", "Tolvik ferry walkout enters second day",
        "The Tolvik ferry walkout went on. Union head Runa Halberg put the number at 250. "
        "Crossings resumed in part in spring 2024.",
    ),
    "a3": (
        "Oster Tidende", "2024-07-09", "no", "Orgelkonsert i Brask",
        "Orgelkonserten i Brask samlet mange tilhorere i juli.",
    ),
}  # fmt: skip


def _sentences(text: str) -> list[Sentence]:
    out = []
    for i, m in enumerate(re.finditer(r"[^.]+\.", text)):
        start = m.start() + (len(m.group()) - len(m.group().lstrip()))
        out.append(Sentence(index=i, start=start, end=m.end(), paragraph=0))
    return out


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _sentence_of(sentences: list[Sentence], start: int) -> int:
    return next(s.index for s in sentences if s.start <= start < s.end)


def build(path: str | Path) -> dict[str, Any]:
    """Write the store at ``path`` (a SQLite file or a PostgreSQL URL); returns the ids used."""
    items = []
    ids: dict[str, str] = {}
    names = {"a1": ["Tolvik", "Runa Hallberg"], "a2": ["Tolvik", "Runa Halberg"], "a3": ["Brask"]}
    dates = {"a1": [("1 May 2024", "2024-05-01"), ("June 2024", "2024-06")],
             "a2": [("spring 2024", "2024-SP")], "a3": []}  # fmt: skip
    for key, (source, published, lang, title, text) in TEXTS.items():
        aid = (key * 8)[:16]
        ids[key] = aid
        sents = _sentences(text)
        mentions = []
        for n in names[key]:
            s, e = _span(text, n)
            mentions.append(Mention(start=s, end=e, text=n, label="PERSON" if " " in n else "GPE",
                                    name=n, sentence=_sentence_of(sents, s)))  # fmt: skip
        timexes = []
        for t, v in dates[key]:
            s, e = _span(text, t)
            timexes.append(TimeExpr(start=s, end=e, text=t, type="DATE", value=v))
        article = Article(id=aid, text=text, title=title, source=source, published=published,
                          language=lang, origins=(Origin(file=f"{key}.txt"),))  # fmt: skip
        analysis = Analysis(article=aid, language=lang, sentences=tuple(sents),
                            mentions=tuple(mentions), time_expressions=tuple(timexes))  # fmt: skip
        items.append((article, analysis))
    with open_store(path) as st:
        st.put(items, "hand")
        for key, story in (("a1", "s-ferry"), ("a2", "s-ferry"), ("a3", "s-organ")):
            st.apply_link(LinkDecision(article=ids[key], story=story))
        arts = {a.id: (a, an) for a, an in items}

        def cite(key: str, sentence: int) -> Citation:
            a, an = arts[ids[key]]
            s = an.sentences[sentence]
            return Citation(article=a.id, sentence=sentence, start=s.start, end=s.end,
                            text=a.text[s.start : s.end])  # fmt: skip

        def mentions_of(name_part: str) -> tuple[tuple[str, int, int], ...]:
            return tuple((a.id, m.start, m.end) for a, an in items for m in an.mentions
                         if name_part in m.text)  # fmt: skip

        ferry = Story(
            id="s-ferry", title="Ferry strike halts Tolvik crossings",
            articles=(ids["a1"], ids["a2"]),
            entities=(
                Entity(id="ent-runa", name="Runa Hallberg", type="PERSON",
                       mentions=mentions_of("Runa"),
                       aliases=(Alias("Runa Hallberg", 1, "exact", 1.0, (cite("a1", 1),)),
                                Alias("Runa Halberg", 1, "spelling", 0.93, (cite("a2", 1),)))),
                Entity(id="ent-tolvik", name="Tolvik", type="GPE", mentions=mentions_of("Tolvik"),
                       aliases=(Alias("Tolvik", 2, "exact", 1.0),)),
            ),
            timeline=(
                Event("2024-05-01", None, "Ferry crews walked out", ("ent-runa",),
                      (cite("a1", 0),), {ids["a1"]: "2024-05-01"}),
                Event("2024-SP", None, "Crossings resumed in part", (), (cite("a2", 2),),
                      {ids["a2"]: "2024-SP"}),
                Event("2024-06", None, "Talks planned", (), (cite("a1", 2),),
                      {ids["a1"]: "2024-06"}),
                Event("P2D", None, "Walkout lasted two days", (), (cite("a2", 0),)),
            ),
            claims=(
                Claim(id="c-crew", status="conflicting", text="crew members joined the strike",
                      slot="number", values={ids["a1"]: "300", ids["a2"]: "250"},
                      citations=(cite("a1", 1), cite("a2", 1))),
                Claim(id="c-walkout", status="corroborated", text="ferry crews walked out",
                      values={ids["a1"]: "walked out", ids["a2"]: "walkout"},
                      citations=(cite("a1", 0), cite("a2", 0))),
            ),
            flags=(
                Flag(kind="name-variant", article=ids["a2"], text="Runa Halberg",
                     entity="ent-runa", message="spelled 'Runa Halberg' in one source",
                     evidence=(cite("a2", 1),)),
            ),
        )  # fmt: skip
        organ = Story(
            id="s-organ", title="Orgelkonsert i Brask", articles=(ids["a3"],),
            entities=(Entity(id="ent-brask", name="Brask", type="GPE",
                             mentions=mentions_of("Brask"),
                             aliases=(Alias("Brask", 1, "exact", 1.0),)),),
        )  # fmt: skip
        for story in (ferry, organ):
            st.put_story(story, [arts[i][0] for i in story.articles])
    return ids
