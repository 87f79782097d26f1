"""What every back end does alike in Python: splitting objects into columns and a JSON rest,
joining them back, the words of a search, timestamps and the names a story is found by."""

from __future__ import annotations

import dataclasses
import json
import re
import unicodedata
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from ..model import Story

__all__ = [
    "now",
    "split_fields",
    "join_fields",
    "search_words",
    "fold",
    "story_names",
    "MENTION_COLUMNS",
    "TIMEX_COLUMNS",
]

T = TypeVar("T")
_TOKEN = re.compile(r"\w+", re.UNICODE)
_MAX_WORDS = 16  # words of a query beyond these are ignored: a bound on one query's work

# Columns of each span table that hold a field of the same name; other fields go to `data`.
MENTION_COLUMNS = ("start", "end", "text", "label", "name", "group", "sentence")
TIMEX_COLUMNS = ("start", "end", "text", "type", "value", "mod")


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def split_fields(obj: Any, columns: Sequence[str]) -> tuple[list[Any], str]:
    """Values of ``columns`` and a JSON object of the remaining fields of a dataclass."""
    values = {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
    core = [values.pop(c) for c in columns]
    return core, json.dumps(values, ensure_ascii=False, separators=(",", ":"))


def join_fields(cls: type[T], columns: Sequence[str], row: Sequence[Any], data: str) -> T:
    """The object ``split_fields`` split: column values and the JSON rest."""
    fields = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    kwargs = dict(zip(columns, row, strict=True))
    kwargs.update({k: v for k, v in json.loads(data).items() if k in fields})
    for name, value in kwargs.items():
        if isinstance(value, list):
            kwargs[name] = _tuples(value)
    return cls(**kwargs)


def _tuples(value: Any) -> Any:
    """JSON lists back to the tuples the frozen objects hold."""
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def search_words(text: str) -> list[str]:
    """The words of what a user typed (letters, digits, underscores), at most 16: nothing
    else of the query reaches a back end's query language."""
    return _TOKEN.findall(text or "")[:_MAX_WORDS]


def fold(text: str) -> str:
    """Lower case without accents ("Ålesund" -> "alesund"), as the search indexes compare."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def story_names(story: Story) -> str:
    """The entity names and aliases a story is found by."""
    out: list[str] = []
    for e in story.entities:
        out.append(e.name)
        out.extend(a.text for a in e.aliases)
    return "\n".join(dict.fromkeys(n for n in out if n))
