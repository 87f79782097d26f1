from __future__ import annotations

import codecs
import gzip

import pytest

from storyweave.errors import InputError
from storyweave.ingest.detect import binary_reason, declared_charset, decode, sniff


@pytest.mark.parametrize(
    "head, name, kind",
    [
        (gzip.compress(b"WARC/1.0\r\n"), "a.warc.gz", "gzip"),
        (b"WARC/1.1\r\nWARC-Type: warcinfo\r\n", "crawl", "warc"),
        (b"filedesc://x.arc 0.0.0.0 20090101000000 text/plain 70\n", "x.dat", "arc"),
        (b'<?xml version="1.0"?>\n<rss version="2.0"><channel>', "news.txt", "feed"),
        (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">', "f", "feed"),
        (b"<rdf:RDF xmlns:rdf='...'><channel>", "f.rdf", "feed"),
        (b"<!DOCTYPE html><html><head>", "page.txt", "html"),
        (b'<?xml version="1.0"?><!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml">',
         "p.xhtml", "html"),
        (b"  \n<HTML><BODY><P>Shouting page", "p", "html"),
        (b"<p>A fragment with a paragraph.</p>", "frag", "html"),
        (b"<p>A fragment named as text.</p>", "frag.html", "html"),
        (b'{"text": "one article"}\n{"text": "two"}', "batch.txt", "jsonl"),
        (b'[{"text": "one"}]', "batch.json", "jsonl"),
        (b"{Editor's note} The dam story.", "note.txt", "text"),
        (b"Plain words about a dam.", "dam.html", "html"),  # the name decides for plain words
        (b"Plain words about a dam.", "dam.txt", "text"),
        (codecs.BOM_UTF16_LE + "<html><body>".encode("utf-16-le"), "p", "html"),
        ("<rss version='2.0'>".encode("utf-16-le"), "p", "feed"),
    ],
)  # fmt: skip
def test_sniff(head, name, kind):
    assert sniff(head, name) == kind


def test_binary_reason():
    assert binary_reason(b"\x7fELF\x02\x01") == "binary file (executable), not an article"
    assert binary_reason(bytes(range(256))) == "binary file, not an article"
    assert binary_reason(b"Plain text\r\n\twith tabs\x0c and a form feed.") is None
    assert binary_reason("UTF-16 text without a BOM".encode("utf-16-le")) is None
    assert binary_reason(codecs.BOM_UTF16_BE + "Text".encode("utf-16-be")) is None


def test_declared_charset():
    assert declared_charset(b'<meta charset="Windows-1251">') == "cp1251"
    assert declared_charset(b'<?xml version="1.0" encoding="ISO-8859-1"?>') == "cp1252"
    assert declared_charset(b'<meta charset="x-klingon">') is None
    assert declared_charset(b"no declaration") is None


def test_decode_prefers_bom_then_declaration_then_utf8():
    text = "Café au barrage, lundi."
    assert decode(codecs.BOM_UTF8 + text.encode(), "f") == text
    assert decode(codecs.BOM_UTF32_LE + text.encode("utf-32-le"), "f") == text
    assert decode(text.encode("cp1252"), "f", declared="cp1252") == text
    # UTF-8 bytes win over a declaration they contradict
    assert decode(text.encode("utf-8"), "f", declared="cp1252") == text


def test_decode_unknown_encoding_names_the_file():
    with pytest.raises(InputError, match=r"odd\.txt: unknown text encoding"):
        decode(bytes(range(0x80, 0x100)) * 8, "odd.txt")


def test_decode_mostly_utf8_keeps_the_utf8():
    text = "Les ingénieurs ont trouvé des fissures à Genève. " * 40
    data = text.encode("utf-8") + b" caf\xe9 " + text.encode("utf-8")
    decoded = decode(data, "f")
    assert decoded.count("ingénieurs") == 80 and decoded.count("\ufffd") == 1


def test_sniff_page_after_a_stray_line():
    assert sniff(b"Warning: something\n<!DOCTYPE html><html><body>", "page") == "html"
    assert sniff(b"Warning: something\n<!DOCTYPE html><html><body>", "page.txt") == "text"
