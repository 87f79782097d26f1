"""The dossier as one self-contained HTML file: no network, opens from disk."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from .. import datevalue
from ..model import Dossier
from ..version import DOSSIER_SCHEMA_VERSION, __version__
from .beside import beside_rows
from .json import translation_dict
from .markdown import STATUS_ORDER, confidence, label

__all__ = ["render_html"]

_env = Environment(
    loader=PackageLoader("storyweave.render", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters["date_words"] = datevalue.words
_env.filters["label_words"] = datevalue.label_words
_env.filters["confidence"] = confidence


def _safe_json(data: Any) -> str:
    """JSON that cannot close the <script> element it is embedded in."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _language_counts(languages: Iterable[str | None]) -> list[tuple[str, int]]:
    return sorted(Counter(x or "?" for x in languages).items(), key=lambda x: (-x[1], x[0]))


def _beside(t: dict[str, Any], context: dict[str, Any]) -> dict[str, Any]:
    def texts(article: str) -> list[str]:
        return [text for _para, text in context[article]["sentences"]]

    rows = beside_rows(t, texts(t["article"]), texts(t["original"]))
    return {**t, "rows": rows, "differing": sum(r["differs"] for r in rows)}


def render_html(dossier: Dossier) -> str:
    articles = {a.id: a for a, _ in dossier.articles}
    labels = {aid: label(a) for aid, a in articles.items()}
    languages = {a.id: an.language if an else a.language for a, an in dossier.articles}
    # Sentences and paragraphs per article, for showing a cited sentence in its context.
    context = {
        a.id: {
            "label": labels[a.id],
            "sentences": [[s.paragraph, a.text[s.start : s.end]] for s in an.sentences]
            if an
            else [],
        }
        for a, an in dossier.articles
    }
    stories = []
    first_date: dict[str, str | None] = {}
    for story in dossier.stories:
        members = [articles[i] for i in story.articles if i in articles]
        dates = sorted(a.published for a in members if a.published)
        first_date[story.id] = dates[0] if dates else None
        stories.append(
            {
                "story": story,
                "storyline": dossier.storyline_of(story.id),
                "members": members,
                "sources": sorted({labels[a.id] for a in members}),
                "date_range": (dates[0], dates[-1]) if dates else None,
                "claims_by_status": [
                    (st, [c for c in story.claims if c.status == st]) for st in STATUS_ORDER
                ],
                "entity_names": {e.id: e.name for e in story.entities},
                "entity_timelines": {t.entity: t.entries for t in story.entity_timelines},
                "languages": _language_counts(languages[a.id] for a in members),
                "translations": [
                    _beside(translation_dict(t), context)
                    for t in story.translations
                    if t.article in context and t.original in context
                ],
            }
        )
    template = _env.get_template("dossier.html.j2")
    return template.render(
        version=__version__,
        schema=DOSSIER_SCHEMA_VERSION,
        articles=[a for a, _ in dossier.articles],
        languages=languages,
        stories=stories,
        storylines=dossier.storylines,
        story_titles={s.id: s.title for s in dossier.stories},
        first_date=first_date,
        labels=labels,
        context_json=_safe_json(context),
    )
