"""What the pages show, computed from the API's dicts: plain data for the templates."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from .timeline import timeline_items

__all__ = ["safe_json", "safe_url", "source_label", "claim_matrix", "article_view", "story_view"]

_SAFE_SCHEMES = re.compile(r"^https?://", re.IGNORECASE)


def safe_json(data: Any) -> str:
    """JSON that cannot end the <script type="application/json"> element holding it."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def safe_url(url: str | None) -> str | None:
    """Only http(s) addresses become links: a ``javascript:`` or ``data:`` URL stays text."""
    return url if url and _SAFE_SCHEMES.match(url.strip()) else None


def source_label(article: dict[str, Any]) -> str:
    return article.get("source") or article.get("title") or article["id"][:8]


def claim_matrix(story: dict[str, Any]) -> dict[str, Any]:
    """Rows are claims, columns sources; a cell holds what that source's articles say."""
    columns: dict[str, list[str]] = {}
    for a in story.get("members") or []:
        columns.setdefault(source_label(a), []).append(a["id"])
    rows = []
    for claim in story.get("claims") or []:
        values = claim.get("values") or {}
        cells = []
        for label, ids in columns.items():
            said = list(dict.fromkeys(str(values[i]) for i in ids if i in values))
            cites = [c for c in claim.get("citations") or [] if c.get("article") in ids]
            cells.append({"source": label, "values": said, "citations": cites})
        rows.append({"claim": claim, "cells": cells})
    return {"sources": list(columns), "rows": rows}


def _events_by_sentence(story: dict[str, Any]) -> dict[tuple[str, int], int]:
    out: dict[tuple[str, int], int] = {}
    for i, ev in enumerate(story.get("timeline") or []):
        for c in ev.get("citations") or []:
            out.setdefault((c.get("article"), c.get("sentence")), i)
    return out


def _entity_spans(story: dict[str, Any], article_id: str) -> dict[tuple[int, int], dict]:
    out = {}
    for e in story.get("entities") or []:
        for m in e.get("mentions") or []:
            if len(m) == 3 and m[0] == article_id:
                out[(m[1], m[2])] = e
    return out


def _marks(
    article: dict[str, Any], story: dict[str, Any] | None
) -> list[tuple[int, int, dict[str, Any]]]:
    """Highlighted spans (start, end, attributes), without overlaps (the first one wins)."""
    sid = article.get("story")
    entities = _entity_spans(story, article["id"]) if story else {}
    events = _events_by_sentence(story) if story else {}
    sentence_of = {}
    for s in article.get("sentences") or []:
        sentence_of[(s["start"], s["end"])] = s["index"]
    found: list[tuple[int, int, dict[str, Any]]] = []
    for m in article.get("mentions") or []:
        e = entities.get((m["start"], m["end"]))
        attrs: dict[str, Any] = {"kind": "mention", "title": m.get("label")}
        if e is not None and sid:
            attrs.update(
                href=f"/stories/{sid}#entity-{e['id']}", title=f"{e['name']} ({e['type']})"
            )
        found.append((m["start"], m["end"], attrs))
    for t in article.get("time_expressions") or []:
        attrs = {"kind": "timex", "title": f"{t.get('type')} {t.get('value')}"}
        sent = _sentence_at(article, t["start"])
        if sent is not None and sid and (article["id"], sent) in events:
            attrs["href"] = f"/stories/{sid}#event-{events[(article['id'], sent)]}"
        found.append((t["start"], t["end"], attrs))
    found.sort(key=lambda x: (x[0], -x[1]))
    kept: list[tuple[int, int, dict[str, Any]]] = []
    for start, end, attrs in found:
        if end <= start or (kept and start < kept[-1][1]):
            continue
        kept.append((start, end, attrs))
    return kept


def _sentence_at(article: dict[str, Any], offset: int) -> int | None:
    for s in article.get("sentences") or []:
        if s["start"] <= offset < s["end"]:
            return int(s["index"])
    return None


def _parts(text: str, start: int, end: int, marks: Iterable[tuple[int, int, dict]]) -> list[dict]:
    parts = []
    pos = start
    for m_start, m_end, attrs in marks:
        if m_start < start or m_end > end:
            continue
        if m_start > pos:
            parts.append({"text": text[pos:m_start]})
        parts.append({"text": text[m_start:m_end], **attrs})
        pos = m_end
    if pos < end:
        parts.append({"text": text[pos:end]})
    return parts


def article_view(article: dict[str, Any], story: dict[str, Any] | None) -> list[list[dict]]:
    """Paragraphs of sentences (``index`` and ``parts``: text runs, some highlighted); text
    between sentences is kept as a run with no index."""
    text: str = article["text"]
    sentences = sorted(article.get("sentences") or [], key=lambda s: s["start"])
    if not sentences:
        return [[{"index": None, "parts": [{"text": p}]}] for p in re.split(r"\n\s*\n", text) if p]
    marks = _marks(article, story)
    paragraphs: list[list[dict]] = []
    current: list[dict] = []
    para = None
    pos = 0
    for s in sentences:
        if para is not None and s["paragraph"] != para:
            paragraphs.append(current)
            current = []
        para = s["paragraph"]
        gap = text[pos : s["start"]]
        if gap.strip():
            current.append({"index": None, "parts": [{"text": gap.strip()}]})
        current.append({"index": s["index"], "parts": _parts(text, s["start"], s["end"], marks)})
        pos = max(pos, s["end"])
    if current:
        paragraphs.append(current)
    if text[pos:].strip():
        paragraphs.append([{"index": None, "parts": [{"text": text[pos:].strip()}]}])
    return paragraphs


def story_view(story: dict[str, Any]) -> dict[str, Any]:
    """Everything the story page draws besides the story dict itself."""
    members = story.get("members") or []
    labels = {a["id"]: source_label(a) for a in members}
    dates = sorted(a["published"] for a in members if a.get("published"))
    names = {e["id"]: e["name"] for e in story.get("entities") or []}
    statuses: dict[str, int] = {}
    for c in story.get("claims") or []:
        statuses[c.get("status", "?")] = statuses.get(c.get("status", "?"), 0) + 1
    return {
        "labels": labels,
        "sources": sorted(set(labels.values())),
        "date_range": (dates[0], dates[-1]) if dates else None,
        "entity_names": names,
        "matrix": claim_matrix(story),
        "statuses": statuses,
        "timeline_json": safe_json(timeline_items(story.get("timeline") or [])),
        "timeline_entities": [e for e in story.get("entities") or [] if e.get("timeline")],
    }
