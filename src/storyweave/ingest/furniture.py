"""Page furniture out of an article's text, and text damaged on its way repaired.

A page copied or extracted as text keeps lines that are not the article: breadcrumbs, share
and subscribe prompts, "Read more", photo captions and credits, bylines, cookie and comment
forms, "3 hours ago" stamps, tag lists, a headline or a caption given twice. They reach the
analyzer as names ("Home » Asia News", "PHOTO: May Tse" run into the next line's "Lok") and as
claims. Each line is classified on its own and in its place, for plain text and HTML alike:

- patterns of furniture phrases, kept as data (``data/ingest/furniture.tsv``), matched against
  short lines only (a line of several sentences is prose, whatever it starts with);
- structure: a line with no letters, one word alone, a long run of words with no punctuation
  and hardly a function word (tag lists, menus, icon names), a list of short items between
  bars or bullets;
- repetition: a line given again (a headline or caption twice) keeps its first copy;
- position: before the first line of prose (after the first line, which may be the headline)
  and after the last, short lines without a sentence (a byline, an outlet's name, alt text).

A line holding a date is kept by the structural rules (the publication-date inference reads
it); a date stamp that opens a line of furniture keeps its date and loses the rest.

``repair`` undoes two common kinds of damage first: UTF-8 read as Windows-1252 ("Beijingâ€™s")
and literal escapes from JSON or HTML sources (``\\u0026#039;``, a literal ``\\r\\n``).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import ftfy

__all__ = ["Removed", "strip_furniture", "repair", "classify", "MAX_WORDS"]

TABLE = Path(__file__).resolve().parent.parent / "data" / "ingest" / "furniture.tsv"
# Furniture phrases are short; a pattern is only tried on lines up to this many words.
MAX_WORDS = 40

_WORD = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)
_LETTER = re.compile(r"[^\W\d_]")
_SENTENCE_END = re.compile(r"[.!?…](?:[\"'”’)\]]*)(?:\s|$)")
_PUNCT = re.compile(r"[.,;:!?，。、！？；：«»“”\"()]")
_TRAILING = re.compile(r"[\s.:;,!?…>»›|•·*)(\[\]–—-]+$")
_LATIN = re.compile(r"[A-Za-z]")
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = re.compile(
    rf"\b(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}[./]\d{{1,2}}[./]\d{{4}}|"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS},?\s+\d{{4}}|{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|"
    rf"\d{{4}}\s*年\s*\d{{1,2}}\s*月)",
    re.I,
)
# A date stamp opening a line: "2023-03-30 Popular", "date 2023-03-30 World Share",
# "Dec 09, 2022 14:05 Share".
_LEADING_STAMP = re.compile(
    rf"^\s*(?:(?:date|published|updated|posted|added)\s*:?\s*)?"
    rf"(?:\w+,?\s+)?(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}\s+{_MONTHS},?\s+\d{{4}}|"
    rf"{_MONTHS}\s+\d{{1,2}},?\s+\d{{4}})"
    rf"(?:[ T,]+\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{{2,4}}\b)?)?(?:\s+|$)",
    re.I,
)
# "MOSCOW —", "LONDON/WASHINGTON, (Reuters) –": a dateline opens the story, never furniture.
_DATELINE = re.compile(r"^[A-Z][A-Z .'/-]{2,}(?<! )(?:,|\s+[—–-]|\s*[—–])")
_LIST_SEPARATORS = re.compile(r"\s*[|•·]\s*")


@dataclass(frozen=True, slots=True)
class Removed:
    """One line taken out: its index among the text's lines, its text and why."""

    line: int
    text: str
    kind: str


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    out = []
    for raw in TABLE.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        kind, _, pattern = raw.partition("\t")
        out.append((kind.strip(), re.compile(pattern.strip(), re.I)))
    return tuple(out)


def repair(text: str) -> str:
    """Mojibake (UTF-8 decoded as Windows-1252 or Latin-1) and literal escapes undone."""
    if "\\u" in text or "\\r\\n" in text or "\\n\\n" in text:
        text = _unescape_literals(text)
    if "&#" in text or re.search(r"&(?:amp|quot|apos|lt|gt|nbsp|rsquo|lsquo|ldquo|rdquo);", text):
        text = re.sub(r"&(?:#\d{2,6}|#x[0-9a-fA-F]{2,5}|[a-z]{2,6});", _entity, text)
    if ftfy.badness.is_bad(text):
        text = ftfy.fix_encoding(text)
    return text


def _entity(match: re.Match[str]) -> str:
    return html.unescape(match[0])


_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})|\\r\\n|\\n|\\r|\\t")


def _unescape_literals(text: str) -> str:
    """``\\u0026`` and ``\\r\\n`` written out as characters (a JSON string pasted as text)."""

    def one(m: re.Match[str]) -> str:
        if m[1]:
            ch = chr(int(m[1], 16))
            return ch if ch.isprintable() or ch in "\n\t" else m[0]
        return {"\\r\\n": "\n", "\\n": "\n", "\\r": "\n", "\\t": " "}[m[0]]

    return _ESCAPE.sub(one, text)


@cache
def _function_words() -> frozenset[str]:
    """Function words of English prose: a long line with hardly any is a list, no sentence."""
    path = TABLE.with_name("function_words.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w for ln in lines if not ln.startswith("#") for w in ln.split())


def _words(line: str) -> list[str]:
    return _WORD.findall(line)


def _sentences(line: str) -> int:
    return len(_SENTENCE_END.findall(line.strip() + " "))


def prose(line: str) -> bool:
    """A line of running text: a sentence of eight words or more, or a long line."""
    n = len(_words(line))
    return n >= 15 or (n >= 8 and _sentences(line) >= 1)


def _pattern_kind(line: str) -> str | None:
    words = _words(line)
    sentences = _sentences(line)
    if len(words) > MAX_WORDS or sentences >= 3 or (sentences == 2 and len(words) >= 25):
        return None  # running text, whatever words it holds
    core = _TRAILING.sub("", line.strip()) or line.strip()
    for kind, pattern in _patterns():
        if pattern.fullmatch(core) or pattern.fullmatch(line.strip()):
            if kind == "stamp" and _DATE.search(line):
                return None  # "Updated 1 year ago · Published on 24 Mar 2023": the date stays
            return kind
    return None


def _structure_kind(line: str) -> str | None:
    """Furniture by shape alone; None for a line with a date or a dateline."""
    stripped = line.strip()
    if _DATE.search(stripped) or _DATELINE.match(stripped):
        return None
    if not _LETTER.search(stripped):
        return "symbols"
    words = _words(stripped)
    if len(words) == 1 and len(stripped.split()) == 1:
        return "label"
    items = [i for i in _LIST_SEPARATORS.split(stripped) if i]
    if len(items) >= 4 and all(len(i.split()) <= 4 and not re.search(r"\d", i) for i in items):
        return "nav"
    if not _PUNCT.search(stripped):
        if _LATIN.search(stripped) and len(words) >= 16:
            function = sum(1 for w in words if w.lower() in _function_words())
            if function / len(words) < 0.12:
                return "list"
        elif not _LATIN.search(stripped) and len(words) >= 10:
            return "list"
    return None


def _fold(line: str) -> str:
    return re.sub(r"\W+", " ", line.casefold()).strip()


def classify(lines: list[str]) -> list[str | None]:
    """The furniture kind of each line (None: the article's own)."""
    kinds: list[str | None] = [None] * len(lines)
    seen: set[str] = set()
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        kind = _pattern_kind(line) or _structure_kind(line)
        folded = _fold(line)
        if kind is None and folded and folded in seen:
            kind = "repeat"
        if folded:
            seen.add(folded)
        kinds[i] = kind
    body = [i for i, line in enumerate(lines) if kinds[i] is None and prose(line)]
    if not body:
        return kinds
    first_line = next((i for i, line in enumerate(lines) if line.strip()), 0)
    for i, line in enumerate(lines):
        if kinds[i] is not None or not line.strip() or body[0] <= i <= body[-1]:
            continue
        if i == first_line and i < body[0]:
            continue  # the headline
        if _short(line):
            kinds[i] = "header" if i < body[0] else "footer"
    return kinds


def _short(line: str) -> bool:
    """A few words that make no sentence (a byline, an outlet's name, alt text)."""
    stripped = line.strip()
    if _DATE.search(stripped) or _DATELINE.match(stripped):
        return False
    return len(_words(stripped)) <= 3 and not _SENTENCE_END.search(stripped + " ")


def strip_furniture(text: str) -> tuple[str, list[Removed]]:
    """``text`` without its furniture lines, and what was removed. Blank lines stay where
    they were (paragraphs keep their breaks); a leading date stamp stays on its line."""
    lines = text.split("\n")
    stamps: dict[int, str] = {}
    for i, line in enumerate(lines):
        m = _LEADING_STAMP.match(line)
        if m and line[m.end() :].strip():
            rest = line[m.end() :]
            if _pattern_kind(rest) or _structure_kind(rest):
                stamps[i] = line[: m.end()].rstrip()
    work = [("" if i in stamps else line) for i, line in enumerate(lines)]
    kinds = classify(work)
    kept: list[str] = []
    removed: list[Removed] = []
    for i, line in enumerate(lines):
        if i in stamps:
            removed.append(Removed(i, line[len(stamps[i]) :].strip(), "stamped"))
            kept.append(stamps[i])
        elif kinds[i] is not None:
            removed.append(Removed(i, line.strip(), kinds[i] or ""))
            kept.append("")
        else:
            kept.append(line)
    if not any(k.strip() for k in kept):
        return text, []  # never remove everything: the page was all short lines
    return "\n".join(kept), removed
