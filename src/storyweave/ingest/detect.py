"""Recognise a file's format from its first bytes (and its name), and decode its text.

Content wins over the name when it is unmistakable (a ``.txt`` holding an HTML page is read as
HTML); the name decides only what content alone cannot (plain text vs. an HTML fragment).
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from ..errors import InputError

__all__ = ["sniff", "decode", "binary_reason", "declared_charset", "strip_suffixes", "GZIP_MAGIC"]

GZIP_MAGIC = b"\x1f\x8b"

# Longest first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Signatures of common binary formats people drop into a folder by mistake.
_MAGIC = (
    (b"%PDF-", "PDF document"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"PK\x03\x04", "ZIP archive (or an office document)"),
    (b"\x7fELF", "executable"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf", "7-Zip archive"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\xd0\xcf\x11\xe0", "office document"),
    (b"{\\rtf", "RTF document"),
    (b"%!PS", "PostScript document"),
)

_CONTROLS = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_FEED_TAGS = ("<rss", "<feed", "<rdf:rdf")
_HTML_TAGS = ("<html", "<head", "<body", "<!doctype html")
_FRAGMENT_TAGS = re.compile(r"<(p|div|article|section|h[1-6]|br|span|main|table|ul)\b")
_JSON_OBJECT = re.compile(r'\{\s*"')
_CHARSET = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)

_SUFFIX_FORMATS = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".warc": "warc",
    ".arc": "arc",
}
_TEXT_SUFFIXES = frozenset([".txt", ".text", ".md", ".markdown"])


def strip_suffixes(name: str) -> str:
    """The last meaningful suffix of a file name, lowercased, ignoring ``.gz``."""
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    dot = lower.rfind(".")
    return lower[dot:] if dot > 0 else ""


def bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def _utf16_guess(head: bytes) -> str | None:
    """UTF-16 without a BOM: in Latin-script text every other byte is NUL."""
    sample = head[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def binary_reason(head: bytes) -> str | None:
    """Why ``head`` looks like a binary file, or None when it may be text."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return f"binary file ({kind}), not an article"
    if bom_encoding(head) or _utf16_guess(head):
        return None
    sample = head[:8192]
    if b"\x00" in sample:
        return "binary file, not an article"
    # Control bytes other than whitespace, escape and form feed are rare in any text encoding.
    controls = len(sample) - len(sample.translate(None, _CONTROLS))
    if controls > max(8, len(sample) // 50):
        return "binary file, not an article"
    return None


def _head_text(head: bytes) -> str:
    encoding = bom_encoding(head) or _utf16_guess(head) or "latin-1"
    return head[:4096].decode(encoding, errors="ignore").lstrip("\ufeff \t\r\n").lower()


def sniff(head: bytes, name: str) -> str:
    """The format of a file from its first bytes and name: ``gzip``, ``warc``, ``arc``,
    ``feed``, ``html``, ``jsonl`` or ``text``. (Binary files are caught by ``binary_reason``.)
    """
    if head.startswith(GZIP_MAGIC):
        return "gzip"
    start = _head_text(head)
    if start.startswith("warc/"):
        return "warc"
    if start.startswith("filedesc://"):
        return "arc"
    suffix = strip_suffixes(name)
    by_name = _SUFFIX_FORMATS.get(suffix)
    if start.startswith("<"):
        feed_at = _first(start, _FEED_TAGS)
        html_at = _first(start, _HTML_TAGS)
        if feed_at < html_at:
            return "feed"
        if html_at < len(start):
            return "html"
        if by_name in ("html", "feed"):
            return by_name
        if start.startswith("<?xml"):
            return "feed"  # XML that is not a feed gets the feed reader's clear error
        if _FRAGMENT_TAGS.search(start):
            return "html"
    if (
        by_name is None
        and suffix not in _TEXT_SUFFIXES
        and any(tag in start[:512] for tag in ("<!doctype html", "<html"))
    ):
        return "html"  # a page with a stray line (a server warning, a BOM-less prolog) first
    if _JSON_OBJECT.match(start) or (start.startswith(("{", "[")) and by_name == "jsonl"):
        return "jsonl"
    if by_name in ("html", "jsonl"):
        return by_name
    return "text"


def _first(text: str, tags: tuple[str, ...]) -> int:
    """Where the first of ``tags`` occurs in ``text`` (``len(text)`` when none does)."""
    found = [at for at in (text.find(tag) for tag in tags) if at >= 0]
    return min(found, default=len(text))


def declared_charset(head: bytes) -> str | None:
    """The charset a page or XML declaration names in its first 2 KB, if Python knows it."""
    match = _CHARSET.search(head[:2048])
    if not match:
        return None
    name = match[1].decode("ascii", "ignore")
    try:
        found = codecs.lookup(name).name
        # As browsers do: a page labelled Latin-1 is read as its superset, Windows-1252.
        return "cp1252" if found == "iso8859-1" else found
    except LookupError:
        return None  # an unknown declared charset is ignored: the bytes are detected instead


def decode(data: bytes, path: str, declared: str | None = None) -> str:
    """Text from bytes: BOM, then UTF-8, then a declared charset that fits, then detection.

    Raises ``InputError`` when no encoding reads the bytes as text.
    """
    bom = bom_encoding(data)
    if bom:
        try:
            return data.decode(bom)
        except UnicodeDecodeError:
            raise InputError(
                f"broken {bom} text (the BOM says {bom}, the bytes disagree)", path
            ) from None
    # UTF-8 before the declaration: bytes that decode as UTF-8 almost surely are, and pages
    # declaring one charset while sending UTF-8 are common.
    for encoding in ("utf-8", declared, "utf-16?"):
        if encoding == "utf-16?":
            encoding = _utf16_guess(data)  # only now: most text is UTF-8 and stops above
        if encoding:
            try:
                return data.decode(encoding)
            except (UnicodeDecodeError, LookupError):
                continue
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly
    best = _detected(data)
    if best is None:
        raise InputError(
            "unknown text encoding (no encoding reads it as text)",
            path,
            "convert the file to UTF-8",
        )
    return best


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few stray bytes (files pasted together from two sources): the UTF-8,
    with U+FFFD for the strays, rather than a legacy guess that garbles every accent."""
    text = data.decode("utf-8", errors="replace")
    strays = text.count("\ufffd")
    if strays > max(1, len(text) // 2000):
        return None
    multibyte = sum(1 for ch in text if ord(ch) > 127) - strays
    return text if multibyte > strays else None


# Among legacy encodings that read a text equally well, the one most text is written in
# (short texts often fit several: French in cp1252 also reads as cp1250, with "è" as "č").
_COMMON = ("cp1252", "latin_1", "cp1251", "koi8_r", "gb18030", "gbk", "big5", "shift_jis",
           "euc_jp", "euc_kr", "cp1250", "iso8859_2", "cp1256", "cp1253", "cp1254", "cp1255")  # fmt: skip


def _detected(data: bytes) -> str | None:
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        return None
    floor = min(m.chaos for m in matches) + 0.01
    close = [m for m in matches if m.chaos <= floor]
    common = [m for m in close if m.encoding in _COMMON]
    chosen = min(common, key=lambda m: _COMMON.index(m.encoding)) if common else close[0]
    return str(chosen)
