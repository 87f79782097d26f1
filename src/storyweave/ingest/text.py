"""Plain text and Markdown articles, with optional front matter.

Front matter is either a ``---`` block of ``key: value`` lines, or ``key: value`` lines at the
very top (every line before the first blank one must be a known key: ``title``, ``source``,
``url``, ``published``/``date``, ``language``). A Markdown file's leading ``# heading`` is its
title when the front matter gives none, and its markup (emphasis, links, heading marks) is
removed so that only the words reach the analyzer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..errors import InputError
from ..model import Article
from .base import WRITE_DATE, Limits, clean_meta, make_article
from .detect import decode

__all__ = ["read_text", "split_front_matter", "strip_markdown"]

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


# Markdown markup that would otherwise reach the analyzer as words or punctuation.
_MARKDOWN = (
    (re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$", re.M), r"\1"),  # headings
    (re.compile(r"^ {0,3}>[ \t]?", re.M), ""),  # block quotes
    (re.compile(r"^ {0,3}(?:[-*_][ \t]*){3,}$", re.M), ""),  # rules
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links keep their text
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"), r"\1"),  # italics
    (re.compile(r"`([^`\n]+)`"), r"\1"),  # inline code
)


def strip_markdown(text: str) -> str:
    """Markdown's markup removed, its words kept (list items stay one per line)."""
    for pattern, replacement in _MARKDOWN:
        text = pattern.sub(replacement, text)
    return text


def read_text(path: str, data: bytes, limits: Limits) -> Iterator[Article | InputError]:
    """One article from a ``.txt``/``.md`` file's bytes."""
    text = decode(data, path).replace("\r\n", "\n")
    fields, body = split_front_matter(text)
    try:
        meta = clean_meta(fields, "front matter")
    except ValueError as exc:
        yield InputError(str(exc), path, WRITE_DATE)
        return
    if path.lower().endswith((".md", ".markdown")):
        first, _, rest = body.lstrip().partition("\n")
        if first.startswith("# "):
            meta.setdefault("title", first[2:].strip())
            body = rest
        body = strip_markdown(body)
    yield make_article(body, file=path, limits=limits, **meta)
