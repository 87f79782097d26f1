"""The dossier as one self-contained HTML file: no network, opens from disk."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from .. import datevalue
from .markdown import STATUS_ORDER, _label

__all__ = ["render_html"]

_env = Environment(
    loader=PackageLoader("storyweave.render", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters["date_words"] = datevalue.words
_env.filters["label_words"] = datevalue.label_words


def _safe_json(data: Any) -> str:
    """JSON that cannot close the <script> element it is embedded in."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_html(data: Mapping[str, Any]) -> str:
    articles = {a["id"]: a for a in data["articles"]}
    labels = {aid: _label(a) for aid, a in articles.items()}
    # Sentences and paragraphs per article, for showing a cited sentence in its context.
    context = {
        aid: {
            "label": labels[aid],
            "sentences": [[s["paragraph"], s["text"]] for s in a["sentences"]],
        }
        for aid, a in articles.items()
    }
    stories = []
    for story in data["stories"]:
        members = [articles[i] for i in story["articles"] if i in articles]
        dates = sorted(a["published"] for a in members if a.get("published"))
        entity_names = {e["id"]: e["name"] for e in story["entities"]}
        stories.append(
            {
                **story,
                "members": members,
                "sources": sorted({labels[a["id"]] for a in members}),
                "date_range": (dates[0], dates[-1]) if dates else None,
                "claims_by_status": [
                    (st, [c for c in story["claims"] if c["status"] == st]) for st in STATUS_ORDER
                ],
                "entity_names": entity_names,
            }
        )
    template = _env.get_template("dossier.html.j2")
    return template.render(
        data=data, stories=stories, labels=labels, context_json=_safe_json(context)
    )
