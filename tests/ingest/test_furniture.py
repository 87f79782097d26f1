"""Page furniture removed at ingest, and damaged text repaired (all pages invented here)."""

from __future__ import annotations

from storyweave.ingest.base import Limits, make_article
from storyweave.ingest.furniture import classify, repair, strip_furniture
from storyweave.ingest.html import html_to_text
from storyweave.model import Article

from .ingest_helpers import ingest

LEDE = (
    "ORLEN, May 4 (Nordwire) - The Larch Valley dam was closed to visitors on Monday after "
    "engineers found cracks in its spillway, the regional water board said."
)
SECOND = (
    "Board chairwoman Ilse Varga said repairs would take at least a month and that the "
    "reservoir would be lowered by two metres while divers inspected the wall."
)
THIRD = "Varga added that no homes downstream were at risk."

PAGE = "\n".join(
    [
        "Home » Regional News » Orlen",
        "Larch Valley dam closed after cracks found",
        "By Tomas Erdely and Mina Sorel, Nordwire",
        "3 hours ago",
        "Share  Tweet  Email",
        LEDE,
        "",
        "Engineers at the dam on Monday. (Photo: Nordwire/Petra Holm)",
        "Engineers at the dam on Monday. (Photo: Nordwire/Petra Holm)",
        SECOND,
        "",
        "READ MORE: Reservoir levels at record low",
        "Advertisement",
        THIRD,
        "",
        "Sign up for our morning newsletter",
        "We use cookies to improve your experience. By continuing you agree to our use of cookies.",
        "Tags: dams, Orlen, water board",
        "Leave a comment",
        "Your email address will not be published. Required fields are marked *",
    ]
)


def test_page_furniture_removed_from_plain_text_keeps_the_article():
    clean, removed = strip_furniture(PAGE)
    lines = [ln for ln in clean.split("\n") if ln.strip()]
    assert lines == ["Larch Valley dam closed after cracks found", LEDE, SECOND, THIRD]
    kinds = {r.text: r.kind for r in removed}
    assert kinds["Home » Regional News » Orlen"] == "nav"
    assert kinds["By Tomas Erdely and Mina Sorel, Nordwire"] == "byline"
    assert kinds["3 hours ago"] == "stamp"
    assert kinds["READ MORE: Reservoir levels at record low"] == "more"


def test_furniture_lines_leave_blank_lines_so_paragraphs_keep_their_breaks():
    clean, _ = strip_furniture(PAGE)
    assert f"{LEDE}\n" in clean and clean.count("\n") == PAGE.count("\n")


def test_a_line_given_twice_keeps_its_first_copy():
    text = "\n".join(
        ["Dam closed after cracks found", LEDE, "Dam closed after cracks found", SECOND]
    )
    clean, removed = strip_furniture(text)
    assert clean.count("Dam closed after cracks found") == 1
    assert [r.kind for r in removed] == ["repeat"]


def test_prose_that_starts_like_furniture_is_kept():
    lines = [
        LEDE,
        "By Friday, the water board said, the reservoir would be two metres lower than now.",
        "Share prices of the utility fell 3 percent after the announcement on Monday morning.",
        "She had failed to register the company with the ministry, prosecutors said on Monday.",
        SECOND,
    ]
    assert classify(lines) == [None] * len(lines)


def test_tag_soup_and_icon_lists_without_sentences_are_removed():
    soup = (
        "icon bookmark icon camera icon chevron down icon chevron up icon close icon download "
        "icon edit icon search icon share icon tags"
    )
    kinds = classify([LEDE, soup, SECOND, "Politics"])
    assert kinds == [None, "list", None, "label"]


def test_a_date_stamp_keeps_its_date_and_loses_the_furniture_after_it():
    clean, removed = strip_furniture(f"2025-05-04 Popular\n{LEDE}\n{SECOND}")
    assert clean.split("\n")[0] == "2025-05-04"
    assert removed[0].kind == "stamped"


def test_a_lone_date_line_is_kept_for_the_date_inference():
    text = f"Dam closed after cracks found\n4 May 2025 09:12\n{LEDE}\n{SECOND}"
    clean, removed = strip_furniture(text)
    assert "4 May 2025 09:12" in clean and not removed


def test_header_bylines_and_alt_text_before_the_first_paragraph_are_removed():
    text = "\n".join(["Dam closed after cracks found", "Mina Sorel", "Ilse Varga", LEDE, SECOND])
    clean, removed = strip_furniture(text)
    assert "Mina Sorel" not in clean and "Ilse Varga" not in clean.split("\n")[:3]
    assert {r.kind for r in removed} == {"header"}
    assert clean.startswith("Dam closed after cracks found")


def test_a_text_of_short_lines_only_is_left_alone():
    text = "Dam closed\nCracks found\nRepairs soon"
    assert strip_furniture(text) == (text, [])


def test_mojibake_and_literal_escapes_repaired():
    assert repair("the dam\\u0026#039;s spillway") == "the dam's spillway"
    assert repair("Orlenâ€™s dam was closed") == "Orlen’s dam was closed"
    assert repair("first line.\\r\\n\\r\\nsecond line") == "first line.\n\nsecond line"
    assert repair("Café in Zürich — “quoted”") == "Café in Zürich — “quoted”"


def test_make_article_stores_the_cleaned_text():
    article = make_article(PAGE, file="dam.txt", limits=Limits())
    assert isinstance(article, Article)
    assert "Advertisement" not in article.text and "cookies" not in article.text
    assert article.text.startswith("Larch Valley dam closed after cracks found\n\nORLEN")
    kept = make_article(PAGE, file="dam.txt", limits=Limits(remove_furniture=False))
    assert isinstance(kept, Article) and "Advertisement" in kept.text


def test_furniture_removed_from_text_files_and_html_pages_alike(tmp_path):
    (tmp_path / "dam.txt").write_text(PAGE, encoding="utf-8")
    body = "".join(
        f"<p>{line}</p>" for line in PAGE.split("\n")[1:] if line
    )  # the breadcrumb as a nav element instead
    (tmp_path / "dam.html").write_text(
        "<html><head><title>Larch Valley dam closed after cracks found</title></head><body>"
        "<nav><a href='/'>Home</a> » <a href='/r'>Regional News</a></nav>"
        f"<article>{body}</article></body></html>",
        encoding="utf-8",
    )
    articles, errors = ingest(tmp_path)
    assert not errors and len(articles) == 2
    for article in articles:
        assert LEDE in article.text and THIRD in article.text
        for furniture in ("Share", "3 hours ago", "READ MORE", "Tags:", "Leave a comment"):
            assert furniture not in article.text, (article.file, furniture)


def test_link_heavy_blocks_of_a_feed_entry_are_dropped():
    fragment = (
        f"<p>{LEDE}</p><ul><li><a href='/a'>Home</a></li><li><a href='/b'>World</a></li></ul>"
        "<p><a href='/more'>More stories from Orlen</a></p>"
        f"<p>{THIRD} <a href='/board'>The board</a> will publish a report.</p>"
    )
    text = html_to_text(fragment)
    assert "World" not in text and "More stories" not in text
    assert LEDE in text and "The board will publish a report." in text
