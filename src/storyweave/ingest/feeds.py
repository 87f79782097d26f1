"""RSS and Atom feeds (feedparser): one article per entry, from its content or summary."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import feedparser

from ..errors import InputError
from ..model import Article
from .base import Limits, make_article, parse_date
from .html import html_to_text

__all__ = ["read_feed"]


def read_feed(path: str, data: bytes, limits: Limits) -> Iterator[Article | InputError]:
    """The entries of an RSS or Atom feed. feedparser decodes the bytes itself, honouring the
    XML declaration and falling back to detection."""
    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            reason = parsed.get("bozo_exception")
            yield InputError(
                f"malformed feed, no entries could be read ({reason})",
                path,
                "check that the file is a complete RSS or Atom document",
            )
        elif parsed.get("version"):
            yield InputError("feed has no entries", path)
        else:
            yield InputError("not an RSS or Atom feed (no channel or feed element)", path)
        return
    feed_title = (parsed.get("feed") or {}).get("title") or None
    items = [_entry_article(path, number, entry, feed_title, parsed, limits)
             for number, entry in enumerate(entries, 1)]  # fmt: skip
    if parsed.get("bozo") and not any(isinstance(item, Article) for item in items):
        # A broken document whose "entries" are fragments: one error for the file.
        yield InputError(
            f"malformed feed, no entry could be read ({parsed.get('bozo_exception')})",
            path,
            "check that the file is a complete RSS or Atom document",
        )
        return
    yield from items


def _entry_article(
    path: str, number: int, entry: Any, feed_title: str | None, parsed: Any, limits: Limits
) -> Article | InputError:
    link = entry.get("link") or None
    source_info = entry.get("source") or {}
    return make_article(
        html_to_text(_entry_body(entry)),
        file=path,
        limits=limits,
        title=html_to_text(entry.get("title") or "") or None,
        source=source_info.get("title") or feed_title,
        url=link,
        published=_entry_date(entry),
        language=_language(entry, parsed),
        where=f"entry {number}" + (f" ({link})" if link else ""),
    )


def _entry_body(entry: Any) -> str:
    """The fullest text an entry has: its longest content block, else its summary."""
    contents = [c.get("value") or "" for c in entry.get("content") or []]
    best = max(contents, key=len, default="")
    summary = entry.get("summary") or ""
    return best if len(best) >= len(summary) else summary


def _entry_date(entry: Any) -> str | None:
    # The date as the feed wrote it (feedparser's *_parsed fields are shifted to UTC, which
    # can move a late-evening story to the next day).
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if raw:
            try:
                return parse_date(raw)
            except ValueError:
                pass
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return time.strftime("%Y-%m-%d", parsed)
    return None


def _language(entry: Any, parsed: Any) -> str | None:
    for holder in (entry.get("title_detail") or {}, parsed.get("feed") or {}):
        language = holder.get("language")
        if language:
            return str(language).split("-")[0].lower()
    return None
