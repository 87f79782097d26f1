"""What every format module shares: limits from the config, date parsing, building Articles."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from ..config import Settings
from ..errors import InputError
from ..model import Article, Origin, normalize_text
from .furniture import repair, strip_furniture

__all__ = [
    "Limits", "limits_from", "parse_date", "make_article", "clean_meta", "META_KEYS", "WRITE_DATE",
]  # fmt: skip

# What a bad date message tells the user to write.
WRITE_DATE = "write it as YYYY-MM-DD (or YYYY-MM, YYYY when only the month or year is known)"

# The metadata fields a file may carry about itself (front matter, sidecar, JSONL object).
META_KEYS = ("title", "source", "url", "published", "language")
# Common spellings of those keys, mapped to ours.
# Common spellings of those keys, mapped to ours (the last three are news-please's, the
# usual JSON form of Common Crawl news).
_KEY_ALIASES = {
    "date": "published",
    "lang": "language",
    "link": "url",
    "outlet": "source",
    "date_publish": "published",
    "source_domain": "source",
    "headline": "title",
}


@dataclass(frozen=True, slots=True)
class Limits:
    max_file_bytes: int = 20_000_000
    min_text_chars: int = 40
    remove_furniture: bool = True


def limits_from(settings: Settings | None = None) -> Limits:
    """The ``[ingest]`` limits of ``settings`` (the shipped ones by default)."""
    settings = settings or Settings.default()
    return Limits(
        max_file_bytes=settings.getint("ingest", "max_file_bytes"),
        min_text_chars=settings.getint("ingest", "min_text_chars"),
        remove_furniture=settings.get("ingest", "remove_furniture").strip().lower()
        in ("1", "true", "yes", "on"),
    )


_ORDINAL = re.compile(r"(\d{1,2})(st|nd|rd|th)\b", re.I)
_WEEKDAY = re.compile(r"^(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+", re.I)
_ISO_DAY = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_CJK_DAY = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_NUMERIC = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$")
_WORDY = ("%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y", "%d %B, %Y", "%d %b, %Y")


def parse_date(value: str) -> str:
    """An ISO ``YYYY-MM-DD`` from the common ways a publication date is written; ``YYYY-MM``
    or ``YYYY`` for a date known only to the month or the year.

    Accepts ISO dates and datetimes (the date as written, not shifted to UTC), RFC 2822
    (feeds, e-mail), ``11 August 2021``, ``Aug 11, 2021``, ``Wednesday, August 11th 2021``,
    ``11th of August 2021``, ``2021年8月11日`` and day-first ``11.08.2021``; a month as
    ``2021-09``, ``2021/09``, ``September 2021`` or ``Sept. 2021``, a year as ``2021``. Slashed
    dates such as ``08/11/2021`` are accepted only when unambiguous. Raises ``ValueError``
    with a message saying what to write instead.
    """
    raw = value.strip().strip("\"'")
    if not raw:
        raise ValueError("empty date")
    coarse = _coarse_date(raw)
    if coarse:
        return coarse
    match = _ISO_DAY.match(raw) or _CJK_DAY.match(raw)
    if match:
        return _checked(int(match[1]), int(match[2]), int(match[3]), raw)
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    match = _NUMERIC.match(raw)
    if match:
        first, sep, second, year = int(match[1]), match[2], int(match[3]), int(match[4])
        if sep == ".":  # 11.08.2021 is day-first wherever it is written
            return _checked(year, second, first, raw)
        if first > 12 >= second:
            return _checked(year, second, first, raw)
        if second > 12 >= first or first == second:
            return _checked(year, first, second, raw)
        raise ValueError(f"ambiguous date {raw!r} (day or month first?); {WRITE_DATE}")
    if "," in raw and ":" in raw:
        try:
            return parsedate_to_datetime(raw).date().isoformat()
        except (TypeError, ValueError, IndexError):
            pass
    text = _ORDINAL.sub(r"\1", _WEEKDAY.sub("", raw)).replace(".", "")
    text = re.sub(r"\bof\b", " ", text, flags=re.I)  # "4th of March 2025"
    text = re.sub(r"\s+", " ", text.replace(",", ", ")).replace(" ,", ",").strip()
    for fmt in _WORDY:
        for candidate in (text, text.replace(",", "")):
            try:
                return datetime.strptime(candidate, fmt).date().isoformat()
            except ValueError:
                continue
    raise ValueError(f"unrecognised date {raw!r}; {WRITE_DATE}")


def _checked(year: int, month: int, day: int, raw: str) -> str:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        raise ValueError(f"impossible date {raw!r}; {WRITE_DATE}") from None


_ISO_MONTH = re.compile(r"^(\d{4})[-/.](\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")
_MONTH_NAMES = (
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
)  # fmt: skip
_WORDY_MONTH = re.compile(r"^([A-Za-z]{3,9})\.?,?\s+(\d{4})$")


def _coarse_date(raw: str) -> str | None:
    """``YYYY-MM`` or ``YYYY`` for a date written to the month or the year only; None when
    ``raw`` is not one (a full date, or not a date)."""
    if m := _YEAR.match(raw):
        return m[1]
    m = _ISO_MONTH.match(raw)
    if m is None:
        w = _WORDY_MONTH.match(raw)
        name = w[1].lower() if w else ""
        if not w or name[:3] not in _MONTH_NAMES:
            return None
        full = date(2000, _MONTH_NAMES.index(name[:3]) + 1, 1).strftime("%B").lower()
        if not (full.startswith(name) or name == "sept"):
            return None  # "Mayday 2021", "Marsh 2021"
        return f"{w[2]}-{_MONTH_NAMES.index(name[:3]) + 1:02d}"
    if not 1 <= int(m[2]) <= 12:
        raise ValueError(f"impossible month {raw!r}; {WRITE_DATE}")
    return f"{m[1]}-{int(m[2]):02d}"


def clean_meta(fields: Mapping[str, object], where: str) -> dict[str, str]:
    """Keep the known metadata keys (and their aliases) as stripped strings; dates to ISO.

    Raises ``ValueError`` naming ``where`` when a date cannot be read.
    """
    meta: dict[str, str] = {}
    # Our own key names first, so that "published" beats an alias such as "date".
    ordered = sorted(fields.items(), key=lambda kv: kv[0].strip().lower() not in META_KEYS)
    for key, value in ordered:
        name = _KEY_ALIASES.get(key.strip().lower(), key.strip().lower())
        if name not in META_KEYS or value is None or name in meta:
            continue
        text = str(value).strip().strip("\"'").strip()
        if not text:
            continue
        if name == "published":
            try:
                text = parse_date(text)
            except ValueError as exc:
                raise ValueError(f"{where}: bad published date: {exc}") from None
        elif name == "language":
            text = text.lower()
        meta[name] = text
    return meta


def make_article(
    text: str,
    *,
    file: str,
    limits: Limits,
    title: str | None = None,
    source: str | None = None,
    url: str | None = None,
    published: str | None = None,
    language: str | None = None,
    fetched: str | None = None,
    where: str | None = None,
) -> Article | InputError:
    """An Article from extracted text, or an InputError when there is too little text.

    ``where`` names the part of the file (a line, an entry, a record) in the message. The
    text is repaired (mojibake, literal escapes) and, unless the settings say otherwise, its
    page furniture removed (ingest/furniture.py): what is stored is what everything reads.
    """
    text = repair(text)
    if limits.remove_furniture:
        text, _removed = strip_furniture(text)
    body = normalize_text(text)
    if len(body) < limits.min_text_chars:
        what = f"{where}: " if where else ""
        reason = "no article text" if not body else f"only {len(body)} characters of text"
        return InputError(
            f"{what}{reason}",
            file,
            f"articles need at least {limits.min_text_chars} characters "
            "([ingest] min_text_chars in settings.cfg)",
        )
    return Article(
        # normalize_text is idempotent, so this is article_id(text) without normalizing twice
        id=hashlib.sha256(body.encode("utf-8")).hexdigest()[:16],
        text=body,
        title=title or None,
        source=source or None,
        url=url or None,
        published=published or None,
        published_inferred=False,
        language=language or None,
        origins=(Origin(file=file, url=url or None, source=source or None, fetched=fetched),),
    )
