"""Dossier renderers: JSON (the public contract), Markdown and self-contained HTML."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .json import render_json
from .markdown import render_markdown

__all__ = ["FORMATS", "render_data"]

FORMATS = ("json", "md", "html")


def render_data(fmt: str, data: Mapping[str, Any]) -> str:
    """A dossier dict (render.json's form) in the format ``fmt``."""
    if fmt == "json":
        return render_json(data)
    if fmt == "md":
        return render_markdown(data)
    if fmt == "html":
        from .html import render_html

        return render_html(data)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
