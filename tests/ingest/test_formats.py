"""Each input format, through the public ``iter_articles``."""

from __future__ import annotations

import gzip
import io
import json

import pytest

from storyweave.errors import InputError
from storyweave.ingest import count_inputs, iter_articles, iter_files
from storyweave.model import article_id

from .ingest_helpers import PARAGRAPH, arc_bytes, ingest, page, warc_bytes

BODY = (
    "The Larch Valley dam was closed to visitors on Monday after engineers found cracks.\n\n"
    "The regional water board said repairs would take at least a month."
)


# --- plain text -----------------------------------------------------------------------------


def test_text_fenced_front_matter(tmp_path):
    f = tmp_path / "dam.txt"
    f.write_text(
        "---\ntitle: Dam closed\nsource: Valley Herald\nurl: https://vh.example/dam\n"
        "published: 5 March 2025\nlanguage: EN\nauthor: R. Ames\n---\n\n" + BODY,
        encoding="utf-8",
    )
    (article,), errors = ingest(f)
    assert not errors
    assert article.text == BODY
    assert (article.title, article.source, article.url) == (
        "Dam closed",
        "Valley Herald",
        "https://vh.example/dam",
    )
    assert article.published == "2025-03-05" and article.published_inferred is False
    assert article.language == "en"
    assert article.id == article_id(BODY)
    assert article.origins[0].file == str(f)


def test_text_leading_key_lines(tmp_path):
    f = tmp_path / "dam.txt"
    f.write_text("Title: Dam closed\nDate: 2025-03-05\n\n" + BODY, encoding="utf-8")
    (article,), _ = ingest(f)
    assert article.title == "Dam closed" and article.published == "2025-03-05"
    assert article.text == BODY


def test_text_without_front_matter_keeps_colon_lines(tmp_path):
    text = "Warning: the dam is unsafe, officials said on Monday.\n\n" + BODY
    f = tmp_path / "dam.txt"
    f.write_text(text, encoding="utf-8")
    (article,), _ = ingest(f)
    assert article.text == text and article.title is None


def test_text_sidecar_like_the_seeds(tmp_path):
    f = tmp_path / "000_abc.txt"
    f.write_text(BODY, encoding="utf-8")
    (tmp_path / "000_abc.meta.json").write_text('{"published": "2021-08-11"}', encoding="utf-8")
    (article,), errors = ingest(tmp_path)
    assert not errors
    assert article.published == "2021-08-11" and article.published_inferred is False


def test_sidecar_overrides_file_and_run_defaults_only_fill(tmp_path):
    f = tmp_path / "dam.txt"
    f.write_text("---\nsource: Valley Herald\npublished: 2025-03-05\n---\n" + BODY, "utf-8")
    (tmp_path / "dam.meta.json").write_text('{"published": "2025-03-06"}', encoding="utf-8")
    (article,), _ = ingest(f, published="2030-01-01", source="Run Source")
    assert article.published == "2025-03-06"  # sidecar beats front matter
    assert article.source == "Valley Herald"  # run default does not overwrite
    g = tmp_path / "bare.txt"
    g.write_text(BODY + "\n\nA second paragraph.", encoding="utf-8")
    (bare,), _ = ingest(g, published="2030-01-01", source="Run Source")
    assert (bare.published, bare.source, bare.origins[0].source) == (
        "2030-01-01",
        "Run Source",
        "Run Source",
    )


def test_run_published_is_checked_before_reading():
    with pytest.raises(InputError, match="published"):
        iter_articles(["/no/such/file"], published="someday")


def test_markdown_heading_is_the_title(tmp_path):
    f = tmp_path / "dam.md"
    f.write_text("# Dam closed after cracks found\n\n" + BODY, encoding="utf-8")
    (article,), _ = ingest(f)
    assert article.title == "Dam closed after cracks found"
    assert article.text == BODY


@pytest.mark.parametrize(
    "encoding", ["utf-8-sig", "utf-16", "utf-16-le", "cp1252", "latin-1", "koi8_r", "gb18030"]
)
def test_text_encodings_are_detected(tmp_path, encoding):
    if encoding in ("koi8_r",):
        text = "Плотина в долине была закрыта в понедельник после того, как инженеры нашли трещины."
    elif encoding == "gb18030":
        text = "周一，工程师在大坝的溢洪道上发现了新的裂缝，地区水务局表示维修至少需要一个月。"
    else:
        text = "Le barrage de la vallée a été fermé lundi après que des ingénieurs ont trouvé des fissures."
    f = tmp_path / "x.txt"
    f.write_bytes((text * 3).encode(encoding))
    (article,), errors = ingest(f)
    assert not errors
    assert article.text == text * 3


# --- HTML -----------------------------------------------------------------------------------


def test_html_main_text_and_metadata(tmp_path):
    head = (
        '<meta property="og:site_name" content="Valley Herald">'
        '<meta property="article:published_time" content="2025-03-05T09:00:00+01:00">'
    )
    f = tmp_path / "dam.html"
    f.write_text(page("Dam closed after cracks found", extra_head=head), encoding="utf-8")
    (article,), errors = ingest(f)
    assert not errors
    assert article.title == "Dam closed after cracks found"
    assert article.source == "Valley Herald"
    assert article.published == "2025-03-05"
    assert article.text.startswith("Engineers inspected")  # title line and nav dropped
    assert "Home" not in article.text and "rights reserved" not in article.text
    assert "\n\n" in article.text  # paragraphs kept apart


def test_html_declared_charset(tmp_path):
    body = "Les ingénieurs ont trouvé des fissures dans le déversoir du barrage lundi. " * 3
    html = page("Barrage fermé", body, '<meta charset="windows-1252">')
    f = tmp_path / "fr.html"
    f.write_bytes(html.encode("cp1252"))
    (article,), _ = ingest(f)
    assert "ingénieurs ont trouvé" in article.text


def test_content_wins_over_extension(tmp_path):
    f = tmp_path / "saved_page.txt"
    f.write_text(page("Dam closed after cracks found"), encoding="utf-8")
    (article,), _ = ingest(f)
    assert article.title == "Dam closed after cracks found"
    assert "<p>" not in article.text


# --- feeds ----------------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Valley Herald</title><link>https://vh.example/</link>
<item><title>Dam closed</title><link>https://vh.example/1</link>
<pubDate>Wed, 05 Mar 2025 23:30:00 -0500</pubDate><description>Short teaser.</description>
<content:encoded><![CDATA[<p>{p}</p><p>Repairs will take a month.</p>]]></content:encoded></item>
<item><title>Dam &amp; spillway</title><link>https://vh.example/2</link>
<pubDate>Thu, 06 Mar 2025 08:00:00 +0100</pubDate>
<description>&lt;p&gt;{p}&lt;/p&gt;&lt;p&gt;Second entry text.&lt;/p&gt;</description></item>
</channel></rss>""".replace("{p}", PARAGRAPH)

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Ridge Weekly</title>
<entry><title>Dam report</title><link href="https://rw.example/dam"/>
<updated>2025-03-07T10:00:00Z</updated><published>2025-03-06T22:00:00+02:00</published>
<content type="html">&lt;p&gt;{p}&lt;/p&gt;</content></entry></feed>""".replace("{p}", PARAGRAPH)


def test_rss_entries(tmp_path):
    f = tmp_path / "vh.xml"
    f.write_text(RSS, encoding="utf-8")
    articles, errors = ingest(f)
    assert not errors and len(articles) == 2
    first, second = articles
    assert first.source == "Valley Herald" and first.url == "https://vh.example/1"
    assert first.published == "2025-03-05"  # the date as written, not moved to UTC
    assert first.text.endswith("Repairs will take a month.")  # content, not the teaser
    assert "\n\n" in first.text and "<p>" not in first.text
    assert second.title == "Dam & spillway" and second.published == "2025-03-06"
    assert second.text.endswith("Second entry text.")


def test_atom_entry(tmp_path):
    f = tmp_path / "rw.atom"
    f.write_text(ATOM, encoding="utf-8")
    (article,), errors = ingest(f)
    assert not errors
    assert (article.source, article.url, article.published) == (
        "Ridge Weekly",
        "https://rw.example/dam",
        "2025-03-06",
    )


def test_feed_entry_without_text_is_reported_others_go_on(tmp_path):
    rss = RSS.replace("<content:encoded><![CDATA[", "<x><![CDATA[").replace(
        "]]></content:encoded>", "]]></x>"
    )
    f = tmp_path / "vh.rss"
    f.write_text(rss, encoding="utf-8")
    articles, errors = ingest(f)
    assert len(articles) == 1 and len(errors) == 1
    assert "entry 1 (https://vh.example/1)" in errors[0].reason


# --- web archives ---------------------------------------------------------------------------


def _pages():
    return [
        ("https://vh.example/dam", "200 OK", "text/html; charset=utf-8",
         page("Dam closed").encode()),
        ("https://vh.example/gone", "404 Not Found", "text/html", page("Gone").encode()),
        ("https://vh.example/robots.txt", "200 OK", "text/plain", b"User-agent: *\n"),
        ("https://vh.example/spill", "200 OK", "text/html", page("Spillway cracks").encode()),
    ]  # fmt: skip


@pytest.mark.parametrize("gz", [True, False])
def test_warc_html_responses(tmp_path, gz):
    f = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    f.write_bytes(warc_bytes(_pages(), gzip=gz))
    articles, errors = ingest(f)
    assert not errors
    assert [a.url for a in articles] == ["https://vh.example/dam", "https://vh.example/spill"]
    assert [a.title for a in articles] == ["Dam closed", "Spillway cracks"]
    assert all(a.origins[0].fetched == "2025-03-07" for a in articles)
    assert articles[0].source == "vh.example"  # no site name: the host


@pytest.mark.parametrize("gz", [True, False])
def test_arc(tmp_path, gz):
    data = arc_bytes([
        ("http://old.example/dam", "20090307081231", "text/html", page("Dam closed").encode()),
        ("http://old.example/a.txt", "20090307081232", "text/plain", b"plain"),
    ])  # fmt: skip
    f = tmp_path / ("old.arc.gz" if gz else "old.arc")
    f.write_bytes(gzip.compress(data) if gz else data)
    (article,), errors = ingest(f)
    assert not errors
    assert article.url == "http://old.example/dam" and article.origins[0].fetched == "2009-03-07"


def test_warc_recognised_without_its_extension(tmp_path):
    f = tmp_path / "download.bin"
    f.write_bytes(warc_bytes(_pages()))
    articles, _ = ingest(f)
    assert len(articles) == 2


# --- JSONL ----------------------------------------------------------------------------------


def test_jsonl_fields_and_bad_lines(tmp_path):
    lines = [
        json.dumps({"text": BODY, "title": "Dam", "source": "VH", "url": "https://vh.example/1",
                    "published": "March 5, 2025", "language": "en"}),
        "{not json",
        "",
        json.dumps({"title": "no text here"}),
        json.dumps(["a list"]),
        json.dumps({"text": BODY + "\n\nMore.", "date": "2025-03-06", "published": "bad date"}),
        json.dumps({"text": BODY + "\n\nLast one."}),
    ]  # fmt: skip
    f = tmp_path / "batch.jsonl"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles, errors = ingest(f)
    assert [a.title for a in articles] == ["Dam", None]
    first = articles[0]
    assert (first.source, first.url, first.published, first.language) == (
        "VH",
        "https://vh.example/1",
        "2025-03-05",
        "en",
    )
    reasons = [e.reason for e in errors]
    assert [r.split(":")[0] for r in reasons] == ["line 2", "line 4", "line 5", "line 6"]
    assert "not valid JSON" in reasons[0] and '"text"' in reasons[1]
    assert all(e.path == str(f) for e in errors)


def test_json_array(tmp_path):
    f = tmp_path / "batch.json"
    f.write_text(json.dumps([{"text": BODY}, {"text": BODY + " Again."}]), encoding="utf-8")
    articles, errors = ingest(f)
    assert len(articles) == 2 and not errors


def test_gzipped_jsonl(tmp_path):
    f = tmp_path / "batch.jsonl.gz"
    f.write_bytes(gzip.compress((json.dumps({"text": BODY}) + "\n").encode()))
    (article,), errors = ingest(f)
    assert not errors and article.text == BODY


# --- folders --------------------------------------------------------------------------------


def test_folder_walk_sorted_and_skips(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ("b/2.txt", "a.txt", "b/1.md", ".hidden/x.txt", ".dot.txt", "README.md",
                 "tool.py", "answers.json", "c.txt.meta.json", "plain"):  # fmt: skip
        (tmp_path / name).write_text(f"{name}: " + BODY, encoding="utf-8")
    files = [p.relative_to(tmp_path).as_posix() for p in iter_files([tmp_path])]
    assert files == ["a.txt", "plain", "b/1.md", "b/2.txt"]
    assert count_inputs([tmp_path, tmp_path / "missing.txt"]) == 5
    articles, errors = ingest(tmp_path)
    assert len(articles) == 4 and not errors
    # named explicitly, a file is read whatever its name; a sidecar never is
    assert count_inputs([tmp_path / "tool.py", tmp_path / "c.txt.meta.json"]) == 1


def test_empty_folder_is_reported(tmp_path):
    (tmp_path / "notes.py").write_text("print('not an article')", encoding="utf-8")
    articles, errors = ingest(tmp_path)
    assert not articles and len(errors) == 1
    assert errors[0].reason == "folder holds no article files" and ".txt" in str(errors[0])
    assert count_inputs([tmp_path]) == 1


def test_html_language_from_the_page(tmp_path):
    f = tmp_path / "p.html"
    f.write_text(page("Dam closed").replace("<html>", '<html lang="en-GB">'), encoding="utf-8")
    (article,), _ = ingest(f)
    assert article.language == "en"


def test_html_site_name_that_is_no_name_falls_back_to_the_host(tmp_path):
    f = tmp_path / "p.html"
    f.write_text(page("Dam closed", extra_head='<meta name="copyright" content="2019">'), "utf-8")
    data = warc_bytes([("https://vh.example/dam", "200 OK", "text/html", f.read_bytes())])
    archive = tmp_path / "p.warc.gz"
    archive.write_bytes(data)
    (article,), _ = ingest(archive)
    assert article.source == "vh.example"


def test_warc_resource_records(tmp_path):
    from warcio.warcwriter import WARCWriter

    archive = tmp_path / "saved.warc"
    with archive.open("wb") as out:
        writer = WARCWriter(out, gzip=False)
        for url, kind in (
            ("https://vh.example/dam", "text/html"),
            ("https://vh.example/c.css", "text/css"),
        ):
            record = writer.create_warc_record(
                url, "resource", payload=io.BytesIO(page("Dam closed").encode()),
                warc_content_type=kind,
            )  # fmt: skip
            writer.write_record(record)
    (article,), errors = ingest(archive)
    assert not errors and article.url == "https://vh.example/dam"


def test_markdown_markup_is_stripped(tmp_path):
    f = tmp_path / "dam.md"
    f.write_text(
        "---\ntitle: Dam closed\n---\n\n## What happened\n\n"
        "> The dam is **closed**, said [the board](https://wb.example).\n\n"
        "* Repairs take *a month*, engineers said on Monday.\n",
        encoding="utf-8",
    )
    (article,), _ = ingest(f)
    assert article.text == (
        "What happened\n\nThe dam is closed, said the board.\n\n"
        "* Repairs take a month, engineers said on Monday."
    )


def test_jsonl_news_please_fields(tmp_path):
    f = tmp_path / "ccnews.jsonl"
    record = {"maintext": BODY, "headline": "Dam", "date_publish": "2025-03-05 10:12:00",
              "source_domain": "vh.example", "url": "https://vh.example/1", "language": "en"}  # fmt: skip
    f.write_text(json.dumps(record) + "\n", encoding="utf-8")
    (article,), errors = ingest(f)
    assert not errors
    assert (article.text, article.title, article.published, article.source) == (
        BODY,
        "Dam",
        "2025-03-05",
        "vh.example",
    )


def test_html_to_text_keeps_paragraphs_and_drops_scripts():
    from storyweave.ingest.html import html_to_text

    fragment = "<p>One &amp; two</p><div>Three<br>four</div><script>track()</script>tail"
    assert html_to_text(fragment) == "One & two\n\nThree\nfour\n\ntail"
    assert html_to_text("Plain &quot;quoted&quot; words") == 'Plain "quoted" words'


def test_a_single_path_is_not_taken_for_a_list_of_characters(tmp_path):
    f = tmp_path / "dam.txt"
    f.write_text(BODY, encoding="utf-8")
    assert count_inputs(str(f)) == 1  # type: ignore[arg-type]
    assert [a.text for a in iter_articles(f)] == [BODY]  # type: ignore[arg-type]
