"""What the web app and the HTTP API read, as JSON-ready dicts in the dossier's forms.

Stories come from the store as ``Story`` objects and are rendered here with the dossier JSON's
renderer (render/json.py); lists, search and facets come from the store's read methods."""

from __future__ import annotations

import re
from dataclasses import asdict, replace
from typing import Any

from ..model import Story
from ..pipeline import storylines_for
from ..render.json import article_dict, story_dict
from ..store import Store, StoryFilter

__all__ = [
    "StoryFilter",
    "MAX_LIMIT",
    "has_words",
    "stories",
    "story",
    "storyline",
    "article",
    "entities",
    "search",
    "facets",
]

_TOKEN = re.compile(r"\w+", re.UNICODE)
MAX_LIMIT = 200


def has_words(text: str) -> bool:
    """Whether a query holds at least one word to search for."""
    return bool(_TOKEN.search(text or ""))


def _limit(limit: int) -> int:
    return max(1, min(limit, MAX_LIMIT))


def stories(st: Store, flt: StoryFilter) -> dict[str, Any]:
    """One page of stories matching ``flt``, latest activity first, with the total count."""
    page = st.list_stories(replace(flt, limit=_limit(flt.limit), offset=max(0, flt.offset)))
    line_of = {
        sid: st.resolve_storyline(line)
        for sid, line in st.storylines_of(s.id for s in page.stories).items()
    }
    sizes = {r["id"]: len(r["events"]) for r in st.storyline_records(list(line_of.values()))}
    items = [
        dict(
            asdict(s),
            sources=list(s.sources),
            languages=list(s.languages),
            storyline={"id": line_of[s.id], "stories": sizes.get(line_of[s.id], 1)}
            if s.id in line_of
            else None,
        )
        for s in page.stories
    ]
    return {"total": page.total, "stories": items, "limit": page.limit, "offset": page.offset}


def story(st: Store, story_id: str) -> dict[str, Any] | None:
    """A stored story (the dossier's story form) with ``members``: its articles' metadata."""
    found = st.story(story_id)  # a retired id gives the story it joined
    if found is None:
        return None
    out = story_dict(found)
    ids = list(found.articles) or st.story_members(found.id)
    out["members"] = [asdict(a) for a in st.article_summaries(ids)]
    line = st.storylines_of([found.id]).get(found.id)
    out["storyline"] = storyline(st, line) if line else None
    return out


def storyline(st: Store, line_id: str) -> dict[str, Any] | None:
    """A storyline (the dossier's storyline form, a retired id giving the one it joined) with
    its stories in time order, each with its title, article count and publication dates."""
    record = next(iter(st.storyline_records([st.resolve_storyline(line_id)])), None)
    if record is None:
        return None
    found: dict[str, Story] = {}
    for sid in record["events"]:
        s = st.story(sid)  # None while a new story waits for reconciling
        if s is not None:
            found.setdefault(s.id, s)
    if not found:
        return None
    members = st.article_summaries([a for s in found.values() for a in s.articles])
    dates = {a.id: a.published for a in members}
    lines = storylines_for(st, list(found.values()), dates)
    line = next((x for x in lines if x.id == record["id"]), lines[0])
    found = {sid: found[sid] for sid in line.stories}
    events = []
    for sid in line.stories:
        days = sorted(d for a in found[sid].articles if (d := dates.get(a)))
        events.append(
            {"id": sid, "title": found[sid].title, "articles": len(found[sid].articles),
             "first_date": days[0] if days else None, "last_date": days[-1] if days else None}
        )  # fmt: skip
    return {
        "id": line.id,
        "title": line.title,
        "span": {"first": line.first, "last": line.last},
        "stories": events,
    }


def article(st: Store, article_id: str) -> dict[str, Any] | None:
    """An article in the dossier's article form, with its text and story id."""
    a = st.article(article_id)
    if a is None:
        return None
    out = article_dict(a, st.analysis(article_id))
    out["text"] = a.text
    out["story"] = st.story_of([article_id]).get(article_id)
    return out


def entities(st: Store, story_id: str | None = None, q: str = "", limit: int = 50) -> list[dict]:
    """The entities of one story, or of stories whose entity names match ``q``."""
    if story_id:
        found = st.story(story_id)  # a retired id gives the story it joined
        if found is None:
            return []
        ents = story_dict(found)["entities"]
        return [dict(e, story=found.id) for e in ents if _entity_matches(e, q)]
    if not has_words(q):
        return []
    out: list[dict] = []
    for sid in st.stories_named(q, _limit(limit)):
        named = st.story(sid)
        if named is None:
            continue
        out.extend(
            dict(e, story=sid) for e in story_dict(named)["entities"] if _entity_matches(e, q)
        )
    return out[: _limit(limit)]


def _entity_matches(e: dict, q: str) -> bool:
    words = [w.lower() for w in _TOKEN.findall(q or "")]
    if not words:
        return True
    names = " ".join([str(e.get("name") or "")] + [str(a.get("text")) for a in e["aliases"]])
    have = [w.lower() for w in _TOKEN.findall(names)]
    return all(any(h.startswith(w) for h in have) for w in words)


def search(st: Store, q: str, limit: int = 20) -> dict[str, Any]:
    """Articles matching ``q`` (with a snippet) and the stories and entities it finds."""
    limit = _limit(limit)
    if not has_words(q):
        return {"q": q, "articles": [], "stories": [], "entities": []}
    return {
        "q": q,
        "articles": [asdict(h) for h in st.search_articles(q, limit)],
        "stories": stories(st, StoryFilter(q=q, limit=limit))["stories"],
        "entities": entities(st, q=q, limit=limit),
    }


def facets(st: Store) -> dict[str, list[str]]:
    """The sources and languages present, for the filter menus."""
    found = st.facets()
    return {"sources": list(found.sources), "languages": list(found.languages)}
