"""The dossier as Markdown, for reading and for pasting into notes."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

from .. import datevalue

__all__ = ["render_markdown"]

STATUS_ORDER = ("conflicting", "refined", "corroborated", "single-source")


def _label(article: Mapping[str, Any]) -> str:
    """A short name for an article: its outlet, else its file name, else its id."""
    if article.get("source"):
        return str(article["source"])
    if article.get("file"):
        return PurePath(str(article["file"])).name
    return str(article["id"])


def _cite(c: Mapping[str, Any], labels: Mapping[str, str]) -> str:
    return f'[{labels.get(c["article"], c["article"])} §{c["sentence"]}] "{c["text"]}"'


def _entity_timelines(story: Mapping[str, Any], labels: Mapping[str, str]) -> list[str]:
    """Each entity's happenings in order; an undated one says what places it."""
    out = ["### When, by entity", ""]
    for e in story["entities"]:
        entries = e.get("timeline") or []
        if not entries:
            continue
        out.append(f"- **{e['name']}**")
        for x in entries:
            when = _date(x) if x.get("date") else "undated"
            order = f"{x['position']}." if x["position"] else "unordered:"
            cites = ", ".join(f"{labels.get(c['article'], c['article'])} §{c['sentence']}"
                              for c in x["citations"][:3])  # fmt: skip
            more = f" +{len(x['citations']) - 3}" if len(x["citations"]) > 3 else ""
            out.append(f"  - {order} **{when}** {x['event']} ({x['basis']}: {x['reason']}; "
                       f"{cites}{more})")  # fmt: skip
    out.append("")
    return out if len(out) > 3 else []


def _date(d: Mapping[str, Any]) -> str:
    """A timeline date in words ("the mid-1990s", "late 2020"); the JSON keeps the value."""
    return datevalue.words(str(d.get("date") or ""), d.get("mod"))


def _value(claim: Mapping[str, Any], value: str) -> str:
    """A source's value of a claim; a date ("2021-04 START") in words."""
    return datevalue.label_words(value) if claim.get("slot") == "date" else value


def render_markdown(data: Mapping[str, Any]) -> str:
    articles = {a["id"]: a for a in data["articles"]}
    labels = {aid: _label(a) for aid, a in articles.items()}
    out = [
        "# storyweave dossier",
        "",
        f"storyweave {data['storyweave']}, schema {data['schema']}.",
        "",
    ]
    for story in data["stories"]:
        members = [articles[i] for i in story["articles"] if i in articles]
        dates = sorted(a["published"] for a in members if a.get("published"))
        sources = sorted({labels[a["id"]] for a in members})
        out += [f"## {story['title']}", ""]
        out.append(f"- articles: {len(members)}")
        out.append(f"- sources: {', '.join(sources)}")
        if dates:
            out.append(f"- published: {dates[0]} to {dates[-1]}")
        out.append("")
        out += ["### Who", ""]
        for e in story["entities"]:
            aliases = ", ".join(
                f"{al['text']} ({al['match']}, {al['confidence']:.2f}, ×{al['count']})"
                for al in e["aliases"]
            )
            out.append(f"- **{e['name']}** ({e['type']}){': ' + aliases if aliases else ''}")
            if e.get("note"):
                out.append(f"  - note: {e['note']}")
        out.append("")
        out += ["### When", ""]
        for ev in story["timeline"]:
            out.append(f"- **{_date(ev)}** {ev['event']}")
            for c in ev["citations"]:
                out.append(f"  - {_cite(c, labels)}")
        if not story["timeline"]:
            out.append("- (no dated events)")
        out.append("")
        out += _entity_timelines(story, labels)
        out += ["### What the sources say", ""]
        for status in STATUS_ORDER:
            claims = [c for c in story["claims"] if c["status"] == status]
            if not claims:
                continue
            out += [f"#### {status} ({len(claims)})", ""]
            for c in claims:
                out.append(f"- {c['text']}")
                for aid, value in c["values"].items():
                    out.append(f"  - {labels.get(aid, aid)}: {_value(c, value)}")
                for cit in c["citations"]:
                    out.append(f"  - {_cite(cit, labels)}")
            out.append("")
        if not story["claims"]:
            out += ["- (no claims)", ""]
        out += ["### What looks wrong", ""]
        for f in story["flags"]:
            where = labels.get(f["article"], f["article"]) if f.get("article") else ""
            out.append(f'- **{f["kind"]}** {where}: "{f["text"]}": {f["message"]}')
            for c in f.get("evidence", []):
                out.append(f"  - {_cite(c, labels)}")
        if not story["flags"]:
            out.append("- (no flags)")
        out.append("")
        for note in story.get("notes", []):
            out.append(f"> {note}")
    out += ["## Articles", ""]
    for a in data["articles"]:
        pub = a.get("published") or "unknown date"
        if a.get("published_inferred"):
            pub += f" (inferred: {a.get('published_reason')})"
        elif a.get("published_reason"):
            pub += f" ({a['published_reason']})"  # a month or year given, maybe narrowed
        out.append(
            f"- `{a['id']}` {a.get('title') or '(untitled)'}: {labels[a['id']]}, {pub}, "
            f"{a.get('language') or '?'}, file {a.get('file')}"
        )
    return "\n".join(out) + "\n"
