"""Reading an add request: files and pasted text, checked against the size limits, as
``Upload``s. No request names a path: uploaded names are only labels (``safe_name``)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import HTTPException, Request
from starlette.datastructures import UploadFile

from ..config import Settings
from .limits import size_words

__all__ = [
    "Upload",
    "UploadLimits",
    "safe_name",
    "check_published",
    "pasted",
    "read_uploads",
    "BodyOverAllowance",
]

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_FIELDS = ("text", "title", "source", "published")
Spend = Callable[[int], None]


@dataclass(frozen=True)
class UploadLimits:
    """Bytes in one request (files plus fields) and files in one request ([web] settings)."""

    bytes: int
    files: int

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> UploadLimits:
        settings = settings or Settings.default()
        return cls(
            bytes=settings.getint("web", "upload_limit_bytes"),
            files=settings.getint("web", "upload_max_files"),
        )


@dataclass
class Upload:
    """One file of a request (its name as the user gave it) or a pasted text."""

    name: str
    data: bytes


class BodyOverAllowance(Exception):
    """The request body passed what its client may still send today; ``read``: bytes read."""

    def __init__(self, read: int):
        super().__init__(read)
        self.read = read


def safe_name(name: str, taken: set[str]) -> str:
    """A plain file name for an uploaded name: no folders, no hidden files, no odd bytes;
    the suffix is kept, since the input format is read from it."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = _UNSAFE.sub("_", base).lstrip(".")[-120:] or "upload"
    out = base
    n = 1
    while out.lower() in taken:
        stem, dot, suffix = base.partition(".")
        out = f"{stem}-{n}{dot}{suffix}"
        n += 1
    taken.add(out.lower())
    return out


def check_published(value: str | None) -> str | None:
    """A publication date given with pasted text: YYYY-MM-DD or nothing."""
    value = (value or "").strip()
    if not value:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("published must be a date written YYYY-MM-DD")
    date.fromisoformat(value)
    return value


def pasted(text: str, title: str | None, source: str | None, published: str | None) -> list[Upload]:
    """Pasted text as a text file with a sidecar of its metadata (JSON, so no field can
    inject another one)."""
    meta = {
        k: " ".join(v.split())
        for k, v in (("title", title), ("source", source), ("published", published))
        if v and v.strip()
    }
    out = [Upload("pasted.txt", text.encode("utf-8"))]
    if meta:
        out.append(Upload("pasted.meta.json", json.dumps(meta).encode("utf-8")))
    return out


async def _read_body(
    request: Request, limits: UploadLimits, allowance: int | None, spend: Spend | None
) -> bytes:
    """The body, refused (413) past the request limit and (``BodyOverAllowance``) past what
    the client may still send today, as soon as either is passed. ``spend`` is told how many
    bytes were read, whatever the outcome."""
    declared = request.headers.get("content-length")
    too_large = f"request larger than {size_words(limits.bytes)} (the limit of one upload)"
    if declared and declared.isdigit():
        if int(declared) > limits.bytes:
            raise HTTPException(413, too_large)
        if allowance is not None and int(declared) > allowance:
            raise BodyOverAllowance(0)
    chunks = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limits.bytes:
                raise HTTPException(413, too_large)
            if allowance is not None and size > allowance:
                raise BodyOverAllowance(size)
            chunks.append(chunk)
    finally:
        if spend is not None:
            spend(size)
    return b"".join(chunks)


async def read_uploads(
    request: Request,
    limits: UploadLimits,
    allowance: int | None = None,
    spend: Spend | None = None,
) -> list[Upload]:
    """The files and pasted text of an add request, checked; 4xx with a reason otherwise.
    ``allowance``: bytes the client may still send today; ``spend``: told the bytes read."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await _read_body(request, limits, allowance, spend)
    fields: dict[str, Any]
    files: list[Upload] = []
    if kind == "application/json":
        try:
            fields = json.loads(body or b"null")
        except (ValueError, UnicodeDecodeError) as exc:
            raise HTTPException(400, f"the body is not JSON: {exc}") from None
        if not isinstance(fields, dict):
            raise HTTPException(422, "the body must be a JSON object with a 'text' field")
    elif kind in ("multipart/form-data", "application/x-www-form-urlencoded"):
        form = await _form(request, body, limits)
        fields = {}
        for key, value in form.multi_items():
            if isinstance(value, UploadFile):
                if key == "files" and (value.filename or value.size):
                    files.append(Upload(value.filename or "upload", await value.read()))
            elif key in _FIELDS:
                fields[key] = value
    else:
        raise HTTPException(415, "send multipart/form-data (files) or application/json (text)")
    for key in _FIELDS:
        if key in fields and fields[key] is not None and not isinstance(fields[key], str):
            raise HTTPException(422, f"{key} must be a string")
    try:
        published = check_published(fields.get("published"))
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None
    text = fields.get("text") or ""
    if text.strip():
        files += pasted(text, fields.get("title"), fields.get("source"), published)
    if not files:
        raise HTTPException(422, "nothing to add: send files or a non-empty text")
    if len(files) > limits.files:
        raise HTTPException(413, f"at most {limits.files} files at once")
    return files


async def _form(request: Request, body: bytes, limits: UploadLimits) -> Any:
    async def replay() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    again = Request(request.scope, receive=replay)
    try:
        return await again.form(
            max_files=limits.files, max_fields=20, max_part_size=limits.bytes
        )  # fmt: skip
    except HTTPException:
        raise
    except Exception as exc:  # malformed multipart: the parser's own message
        raise HTTPException(400, f"unreadable form: {exc}") from None
