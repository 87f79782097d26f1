"""Dossier renderers, from the model's objects: JSON (the public contract), Markdown and
self-contained HTML."""

from __future__ import annotations

from ..model import Dossier
from .json import render_json
from .markdown import render_markdown

__all__ = ["FORMATS", "render"]

FORMATS = ("json", "md", "html")


def render(fmt: str, dossier: Dossier) -> str:
    """A dossier in the format ``fmt``."""
    if fmt == "json":
        return render_json(dossier)
    if fmt == "md":
        return render_markdown(dossier)
    if fmt == "html":
        from .html import render_html

        return render_html(dossier)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
