"""The page that puts a translation beside its original, sentence by sentence."""

from __future__ import annotations

from typing import Any

from ..render.beside import beside_rows

__all__ = ["beside_view", "translations_of"]


def translations_of(story: dict[str, Any] | None, article_id: str) -> list[dict[str, Any]]:
    """The story's translations this article is the translation or the original of."""
    return [
        t
        for t in (story or {}).get("translations") or []
        if article_id in (t.get("article"), t.get("original"))
    ]


def _texts(article: dict[str, Any]) -> list[str]:
    return [s["text"] for s in sorted(article.get("sentences") or [], key=lambda s: s["index"])]


def beside_view(
    story: dict[str, Any], translation: dict[str, Any], original: dict[str, Any]
) -> dict[str, Any] | None:
    """Rows of the translation ``translation`` beside ``original`` (article dicts), or None
    when the story does not hold them as a translation and its original."""
    found = next(
        (
            t
            for t in story.get("translations") or []
            if t.get("article") == translation["id"] and t.get("original") == original["id"]
        ),
        None,
    )
    if found is None:
        return None
    rows = beside_rows(found, _texts(translation), _texts(original))
    return {
        "translation": found,
        "rows": rows,
        "aligned": sum(r["score"] is not None for r in rows),
        "differing": sum(r["differs"] for r in rows),
    }
