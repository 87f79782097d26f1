"""Builders for ingest test inputs (all wording invented for these tests). Not a conftest.py:
tests/conftest.py is imported by name elsewhere and a second one would shadow it."""

from __future__ import annotations

import io
from pathlib import Path

from storyweave.errors import InputError
from storyweave.ingest import iter_articles
from storyweave.model import Article

PARAGRAPH = (
    "Engineers inspected the Larch Valley dam on Monday and found new cracks in the spillway, "
    "the regional water board said. "
)


def page(title: str, body: str = PARAGRAPH * 3, extra_head: str = "") -> str:
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title>{extra_head}</head><body>"
        f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{title}</h1><p>{body}</p><p>{PARAGRAPH}</p></article>"
        "<footer>All rights reserved.</footer></body></html>"
    )


def warc_bytes(pages: list[tuple[str, str, str, bytes]], gzip: bool = True) -> bytes:
    """A WARC of (url, status line, content type, body) responses, each after its request."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    for url, status, content_type, body in pages:
        request = StatusAndHeaders(
            "GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True
        )
        writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
        http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            http_headers=http,
            warc_headers_dict={"WARC-Date": "2025-03-07T08:12:31Z"},
        )
        writer.write_record(record)
    return buffer.getvalue()


def arc_bytes(pages: list[tuple[str, str, str, bytes]]) -> bytes:
    """An ARC (version 1) file of (url, 14-digit date, content type, body) 200 responses."""
    desc = b"1 0 Example\nURL IP-address Archive-date Content-type Archive-length\n"
    out = b"filedesc://test.arc 0.0.0.0 20250307081231 text/plain %d\n" % len(desc) + desc + b"\n"
    for url, date, content_type, body in pages:
        payload = b"HTTP/1.1 200 OK\r\nContent-Type: " + content_type.encode() + b"\r\n\r\n"
        payload += body
        out += f"{url} 93.184.216.34 {date} {content_type} {len(payload)}\n".encode()
        out += payload + b"\n"
    return out


def split(items) -> tuple[list[Article], list[InputError]]:
    items = list(items)
    articles = [i for i in items if isinstance(i, Article)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert len(articles) + len(errors) == len(items)
    return articles, errors


def ingest(*paths: str | Path, **options) -> tuple[list[Article], list[InputError]]:
    """``iter_articles`` on ``paths`` -> (articles, errors)."""
    return split(iter_articles(paths, **options))
