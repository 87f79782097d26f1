"""Plain text and Markdown articles, with optional front matter.

Front matter is either a ``---`` block of ``key: value`` lines, or ``key: value`` lines at the
very top (every line before the first blank one must be a known key: ``title``, ``source``,
``url``, ``published``/``date``, ``language``). A Markdown file's leading ``# heading`` is its
title when the front matter gives none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..errors import InputError
from ..model import Article
from .base import Limits, clean_meta, make_article
from .detect import decode

__all__ = ["read_text", "split_front_matter"]

_KNOWN_LINE = re.compile(
    r"(title|source|url|link|published|date|language|lang|outlet)\s*:\s*(.*)$", re.I
)
_ANY_LINE = re.compile(r"([A-Za-z][\w-]*)\s*:\s*(.*)$")
_FENCE = re.compile(r"^---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)", re.S)


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """``(raw fields, body)``; fields are as written (keys lowercased, not yet checked)."""
    fenced = _FENCE.match(text)
    if fenced:
        fields = {}
        for line in fenced[1].split("\n"):
            match = _ANY_LINE.match(line.strip())
            if match:
                fields[match[1].lower()] = match[2]
        return fields, text[fenced.end() :]
    head, sep, rest = text.partition("\n\n")
    lines = [line.strip() for line in head.strip().split("\n")]
    if not sep or not lines or len(lines) > 8:
        return {}, text
    matches = [_KNOWN_LINE.match(line) for line in lines]
    if not all(matches):
        return {}, text
    return {m[1].lower(): m[2] for m in matches if m}, rest


def read_text(path: str, data: bytes, limits: Limits) -> Iterator[Article | InputError]:
    """One article from a ``.txt``/``.md`` file's bytes."""
    text = decode(data, path).replace("\r\n", "\n")
    fields, body = split_front_matter(text)
    try:
        meta = clean_meta(fields, "front matter")
    except ValueError as exc:
        yield InputError(str(exc), path, "write dates as YYYY-MM-DD")
        return
    if "title" not in meta and path.lower().endswith((".md", ".markdown")):
        first, _, rest = body.lstrip().partition("\n")
        if first.startswith("# "):
            meta["title"] = first[2:].strip()
            body = rest
    yield make_article(body, file=path, limits=limits, **meta)
