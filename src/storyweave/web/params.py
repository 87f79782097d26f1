"""Query parameters of the pages and the API, checked: a value that cannot mean anything (a
date not in the calendar, a negative limit, an unknown language) is a 422 that names the
parameter, never a filter silently dropped."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from fastapi import HTTPException, Query
from pydantic import AfterValidator

from ..analyze.language import known_languages
from ..store import Store
from . import queries

__all__ = ["Q", "DateQ", "TextQ", "LanguageQ", "Limit", "Offset", "invalid", "check_language"]

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{1,8})*")  # en, en-gb, zh-hant


def _date(value: str | None) -> str | None:
    """YYYY-MM-DD of a real day, or None for an empty value (an empty date field)."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if not _DATE.fullmatch(value):
        raise ValueError(f"{value!r} is not a date written YYYY-MM-DD")
    try:
        date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a day of the calendar (YYYY-MM-DD)") from None
    return value


def _language(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    value = value.strip().lower()
    if not _LANGUAGE.fullmatch(value):
        raise ValueError(f"{value!r} is not a language code (ISO 639-1, such as en, zh, ru)")
    return value


Q = Annotated[str, Query(max_length=500, description="words to find in article text and names")]
DateQ = Annotated[str | None, Query(max_length=10, description="YYYY-MM-DD"), AfterValidator(_date)]
TextQ = Annotated[str | None, Query(max_length=300)]
LanguageQ = Annotated[
    str | None,
    Query(max_length=35, description="ISO 639-1 code (en, zh, ru, ...)"),
    AfterValidator(_language),
]
Limit = Annotated[int, Query(ge=1, le=queries.MAX_LIMIT)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]


def invalid(parameter: str, message: str) -> HTTPException:
    """A 422 in the same form as FastAPI's own: a list of "parameter: what is wrong"."""
    return HTTPException(422, [f"{parameter}: {message}"])


def check_language(st: Store, language: str | None) -> None:
    """A language filter must name a language the detector knows or one stored here (article
    metadata may declare others); anything else is a 422."""
    if language is None:
        return
    stored = set(st.facets().languages)
    if language in stored or language in known_languages():
        return
    known = ", ".join(sorted(stored)) or "none yet"
    raise invalid(
        "language",
        f"unknown language code {language!r} (ISO 639-1, such as en, zh, ru; stored here: {known})",
    )
