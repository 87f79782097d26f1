from __future__ import annotations

import pytest

from storyweave.ingest.base import Limits, clean_meta, make_article, parse_date
from storyweave.model import Article, article_id


@pytest.mark.parametrize(
    "raw",
    [
        "2021-08-11",
        "2021/08/11",
        "2021-8-11",
        "11 August 2021",
        "11 Aug 2021",
        "August 11, 2021",
        "Aug. 11, 2021",
        "Wednesday, August 11th, 2021",
        "11.08.2021",
        "11th of August 2021",
        "2021年8月11日",
        "2021-08-11T23:30:00-05:00",  # the date as written, not shifted to UTC
        "2021-08-11T10:00:00Z",
        "Wed, 11 Aug 2021 10:00:00 GMT",
        "'2021-08-11'",
    ],
)
def test_parse_date_common_forms(raw):
    assert parse_date(raw) == "2021-08-11"


def test_parse_date_slashes_only_when_unambiguous():
    assert parse_date("30/08/2021") == "2021-08-30"
    assert parse_date("08/30/2021") == "2021-08-30"
    with pytest.raises(ValueError, match="ambiguous"):
        parse_date("08/11/2021")


@pytest.mark.parametrize(
    "raw", ["sometime in spring", "2021-02-30", "2021-13", "2021-00", "Mayday 2021", "21", ""]
)
def test_parse_date_refuses_what_it_cannot_read(raw):
    with pytest.raises(ValueError, match="YYYY-MM-DD|empty"):
        parse_date(raw)


@pytest.mark.parametrize(
    ("raw", "value"),
    [("2021-09", "2021-09"), ("2021/9", "2021-09"), ("September 2021", "2021-09"),
     ("Sept. 2021", "2021-09"), ("sep 2021", "2021-09"), ("May 2021", "2021-05"),
     ("2021", "2021"), ("'1998'", "1998")],
)  # fmt: skip
def test_a_date_known_to_the_month_or_year_keeps_its_precision(raw, value):
    assert parse_date(raw) == value


def test_clean_meta_aliases_and_dates():
    meta = clean_meta(
        {"Date": "5 March 2025", "lang": "EN", "link": "https://x.example/a", "author": "Kim"},
        "front matter",
    )
    assert meta == {"published": "2025-03-05", "language": "en", "url": "https://x.example/a"}
    with pytest.raises(ValueError, match="front matter: bad published date"):
        clean_meta({"published": "next week"}, "front matter")
    assert clean_meta({"published": "2021-09"}, "sidecar") == {"published": "2021-09"}


def test_make_article_id_and_normalized_text():
    item = make_article("  Line one.  \r\n\r\n\r\n\r\nLine two has more words in it.  ", file="a.txt",
                        limits=Limits(min_text_chars=10), source="Outlet")  # fmt: skip
    assert isinstance(item, Article)
    assert item.text == "Line one.\n\nLine two has more words in it."
    assert item.id == article_id(item.text)
    assert item.origins[0].file == "a.txt" and item.origins[0].source == "Outlet"
    assert item.published_inferred is False


def test_make_article_too_short_is_an_error():
    error = make_article(
        "Too short.", file="a.txt", limits=Limits(min_text_chars=40), where="line 3"
    )
    assert not isinstance(error, Article)
    assert "line 3" in error.reason and "min_text_chars" in str(error)
