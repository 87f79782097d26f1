"""HTML pages: main text, title, date and site name, by trafilatura.

Paragraphs come out separated by blank lines, as in the plain-text articles, so the analyzer
splits every format the same way. A leading line that repeats the title is dropped, so that a
page and a text copy of the same article hash alike.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from html import unescape
from urllib.parse import urlsplit

import lxml.html
import trafilatura
from lxml import etree

from ..errors import InputError
from ..model import Article
from .base import Limits, make_article, parse_date
from .detect import declared_charset, decode

__all__ = ["read_html", "extract", "html_to_text"]

# trafilatura logs every page it finds empty; the InputError already says so.
logging.getLogger("trafilatura").setLevel(logging.ERROR)

_BLOCKS = frozenset(
    [
        "p",
        "div",
        "article",
        "section",
        "main",
        "header",
        "footer",
        "aside",
        "blockquote",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "table",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "pre",
        "figure",
        "figcaption",
        "address",
    ]
)
_SPACES = re.compile(r"[ \t\u00a0]+")
_LANG = re.compile(r"""<html\b[^>]*?\blang\s*=\s*["']?([a-zA-Z]{2,3})\b""", re.I)


def read_html(path: str, data: bytes, limits: Limits) -> Iterator[Article | InputError]:
    """One article from an HTML file's bytes."""
    yield extract(decode(data, path, declared_charset(data)), file=path, limits=limits)


def extract(
    page: str,
    *,
    file: str,
    limits: Limits,
    url: str | None = None,
    fetched: str | None = None,
    where: str | None = None,
) -> Article | InputError:
    """An Article from one HTML page (``url`` and ``fetched`` come from a web archive)."""
    what = f"{where}: " if where else ""
    try:
        doc = trafilatura.bare_extraction(page, url=url, with_metadata=True, include_comments=False)
    except (ValueError, TypeError, etree.LxmlError) as exc:
        return InputError(f"{what}malformed HTML page ({exc})", file)
    if doc is not None and not isinstance(doc, dict):
        doc = doc.as_dict()
    if not doc or not (doc.get("text") or "").strip():
        return InputError(
            f"{what}no article text found in the HTML page",
            file,
            "check that the page holds an article (not a script-only or broken page)",
        )
    title = (doc.get("title") or "").strip() or None
    lines = [line.strip() for line in str(doc["text"]).split("\n") if line.strip()]
    if title and lines and lines[0].casefold() == title.casefold():
        lines = lines[1:]
    published = None
    if doc.get("date"):
        try:
            published = parse_date(str(doc["date"]))
        except ValueError:
            published = None  # a page's own date we cannot read is treated as absent
    sitename = doc.get("sitename") or ""
    if not any(ch.isalpha() for ch in sitename):
        sitename = ""  # trafilatura sometimes takes a copyright year for the site's name
    source = sitename or doc.get("hostname") or (urlsplit(url).hostname if url else None)
    return make_article(
        "\n\n".join(lines),
        file=file,
        limits=limits,
        title=title,
        source=source,
        url=url or doc.get("url") or None,
        published=published,
        language=doc.get("language") or _page_language(page),
        fetched=fetched,
        where=where,
    )


def _page_language(page: str) -> str | None:
    """The language the page declares on its ``<html lang=...>`` element, if any."""
    match = _LANG.search(page, 0, 4096)
    return match[1].lower() if match else None


# A short block whose words are mostly link text is navigation ("Home | World | Asia", a list
# of related stories, "Read more"), not the article: trafilatura judges whole pages this way,
# and a feed entry's HTML gets the same test here.
_LINK_SHARE = 0.6
_LINK_BLOCK_WORDS = 25


def _drop_link_blocks(root: lxml.html.HtmlElement) -> None:
    for block in list(root.iter("p", "li", "div", "ul", "ol", "section", "aside", "footer")):
        nested = any(child.tag in _BLOCKS for child in block.iterdescendants())
        if nested and block.tag not in ("ul", "ol"):
            continue  # judge the innermost blocks, and lists as a whole
        text = block.text_content()
        words = len(text.split())
        if not words or words > _LINK_BLOCK_WORDS:
            continue
        linked = sum(len(a.text_content().split()) for a in block.iter("a"))
        if linked / words >= _LINK_SHARE and block.getparent() is not None:
            block.drop_tree()


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry), one paragraph per block element."""
    if "<" not in fragment:
        return unescape(fragment)
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):  # lxml gives up on some broken fragments
        return unescape(re.sub(r"<[^>]*>", " ", fragment)).strip()
    for bad in root.xpath("//script|//style|//noscript|//nav"):
        bad.drop_tree()
    _drop_link_blocks(root)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in _BLOCKS:
            element.tail = "\n\n" + (element.tail or "")
        elif element.tag == "br":
            element.tail = "\n" + (element.tail or "")
    text = root.text_content()
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
