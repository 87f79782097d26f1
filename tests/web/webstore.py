"""A small store built by hand (no NLP): three articles in two stories, with entities, a
timeline, claims and a flag, for fast tests of the API and the queries."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from storyweave.model import Analysis, Article, Mention, Origin, Sentence, TimeExpr
from storyweave.store import Store

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


def build(path: Path) -> dict[str, Any]:
    """Write the store at ``path``; returns the ids used."""
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
    with Store(path) as st:
        st.put(items, "hand")
        st.link([(ids["a1"], "s-ferry", None), (ids["a2"], "s-ferry", None),
                 (ids["a3"], "s-organ", None)])  # fmt: skip
        arts = {a.id: (a, an) for a, an in items}

        def cite(key: str, sentence: int) -> dict[str, Any]:
            a, an = arts[ids[key]]
            s = an.sentences[sentence]
            return {"article": a.id, "sentence": sentence, "start": s.start, "end": s.end,
                    "text": a.text[s.start : s.end]}  # fmt: skip

        def mentions_of(name_part: str) -> list[list[Any]]:
            return [[a.id, m.start, m.end] for a, an in items for m in an.mentions
                    if name_part in m.text]  # fmt: skip

        ferry = {
            "id": "s-ferry", "title": "Ferry strike halts Tolvik crossings",
            "articles": [ids["a1"], ids["a2"]],
            "entities": [
                {"id": "ent-runa", "name": "Runa Hallberg", "type": "PERSON", "kb_id": None,
                 "note": None, "mentions": mentions_of("Runa"),
                 "aliases": [
                     {"text": "Runa Hallberg", "count": 1, "match": "exact", "confidence": 1.0,
                      "evidence": [cite("a1", 1)]},
                     {"text": "Runa Halberg", "count": 1, "match": "spelling",
                      "confidence": 0.93, "evidence": [cite("a2", 1)]}]},
                {"id": "ent-tolvik", "name": "Tolvik", "type": "GPE", "kb_id": None,
                 "note": None, "mentions": mentions_of("Tolvik"),
                 "aliases": [{"text": "Tolvik", "count": 2, "match": "exact",
                              "confidence": 1.0, "evidence": []}]},
            ],
            "timeline": [
                {"date": "2024-05-01", "mod": None, "event": "Ferry crews walked out",
                 "actors": ["ent-runa"], "dates": {ids["a1"]: "2024-05-01"},
                 "citations": [cite("a1", 0)]},
                {"date": "2024-SP", "mod": None, "event": "Crossings resumed in part",
                 "actors": [], "dates": {ids["a2"]: "2024-SP"}, "citations": [cite("a2", 2)]},
                {"date": "2024-06", "mod": None, "event": "Talks planned", "actors": [],
                 "dates": {ids["a1"]: "2024-06"}, "citations": [cite("a1", 2)]},
                {"date": "P2D", "mod": None, "event": "Walkout lasted two days", "actors": [],
                 "dates": {}, "citations": [cite("a2", 0)]},
            ],
            "claims": [
                {"id": "c-crew", "status": "conflicting", "text": "crew members joined the strike",
                 "slot": "number", "values": {ids["a1"]: "300", ids["a2"]: "250"},
                 "citations": [cite("a1", 1), cite("a2", 1)]},
                {"id": "c-walkout", "status": "corroborated", "text": "ferry crews walked out",
                 "slot": None, "values": {ids["a1"]: "walked out", ids["a2"]: "walkout"},
                 "citations": [cite("a1", 0), cite("a2", 0)]},
            ],
            "flags": [
                {"kind": "name-variant", "article": ids["a2"], "text": "Runa Halberg",
                 "entity": "ent-runa", "message": "spelled 'Runa Halberg' in one source",
                 "evidence": [cite("a2", 1)]}],
            "notes": [],
        }  # fmt: skip
        organ = {
            "id": "s-organ", "title": "Orgelkonsert i Brask", "articles": [ids["a3"]],
            "entities": [
                {"id": "ent-brask", "name": "Brask", "type": "GPE", "kb_id": None, "note": None,
                 "mentions": mentions_of("Brask"),
                 "aliases": [{"text": "Brask", "count": 1, "match": "exact", "confidence": 1.0,
                              "evidence": []}]}],
            "timeline": [], "claims": [], "flags": [], "notes": [],
        }  # fmt: skip
        for story in (ferry, organ):
            members = [arts[i][0] for i in story["articles"]]
            st.put_story(story["id"], story["title"], members, json.dumps(story))
    return ids
