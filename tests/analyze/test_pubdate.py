"""Publication-date inference on invented articles and on the undated seed articles."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from storyweave.analyze.pubdate import (
    DateSettings,
    datelines,
    infer_published,
    infer_story,
    refine_published,
)

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def days_between(a: str, b: str) -> int:
    return (date.fromisoformat(a) - date.fromisoformat(b)).days


def test_cited_report_dates_the_article() -> None:
    text = (
        "Port workers walked out in early May, according to a June 3 report in a local paper. "
        "The union had warned in late 2022 that talks were failing."
    )
    inferred, reason = infer_published(text)
    assert inferred is not None
    assert 0 <= days_between(inferred, "2023-06-03") <= 3
    assert "June 3" in reason


def test_latest_full_date_and_weekday() -> None:
    text = (
        "The referendum of March 12, 2019 was annulled on Thursday, March 14, 2019. "
        "Protesters gathered on Friday outside the court, officials said."
    )
    inferred, _ = infer_published(text)
    assert inferred is not None
    assert 0 <= days_between(inferred, "2019-03-14") <= 3


def test_duration_counted_from_a_starting_event() -> None:
    text = (
        "The journalist was arrested in Minsk on May 2, 2019. "
        "His family said he has now been detained for 400 days. "
        "On Tuesday, his lawyer filed another appeal."
    )
    inferred, reason = infer_published(text)
    assert inferred is not None
    # 400 days after 2019-05-02 is 2020-06-05
    assert abs(days_between(inferred, "2020-06-05")) <= 14
    assert "400 days" in reason


def test_future_dates_do_not_drag_the_date_forward() -> None:
    text = "The company said on Monday, Oct. 7, 2019 that it will repay the bonds by March 1, 2031."
    inferred, _ = infer_published(text)
    assert inferred is not None
    assert inferred.startswith("2019-10")


def test_a_year_after_today_never_dates_an_article() -> None:
    # The only year named lies decades ahead: it dates a plan, not the article.
    text = "The council said on Friday that the tunnel under the bay will open in 2095."
    value, reason = infer_published(text)
    assert value is None
    assert "in the future" in reason
    # With a dated article of the same story, that one decides instead.
    value, _ = infer_published(text, neighbours=["2011-03-04"])
    assert value is not None and abs(days_between(value, "2011-03-04")) <= 7
    assert value <= date.today().isoformat()


def test_no_year_and_no_neighbours_gives_none() -> None:
    inferred, reason = infer_published("The mayor spoke on Friday about the budget.")
    assert inferred is None
    assert "no year" in reason


def test_neighbours_give_the_year() -> None:
    inferred, _ = infer_published(
        "The mayor said on Friday, Aug. 7, that the budget passed.", neighbours=["2020-08-09"]
    )
    assert inferred is not None
    assert 0 <= days_between(inferred, "2020-08-07") <= 3


def test_story_pools_the_evidence_of_its_articles() -> None:
    texts = [
        "Flood waters rose on June 14, 2024 along the river, officials said.",
        "Residents returned home on Sunday as the river fell.",
    ]
    out = infer_story(texts, [None, None])
    assert out[0][0] is not None and out[1][0] is not None
    assert abs(days_between(out[1][0], "2024-06-16")) <= 7
    given = infer_story(texts, ["2024-06-15", None])
    assert given[0] == ("2024-06-15", "given")


@pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds is not beside the checkout")
def test_undated_seeds_fall_in_their_windows() -> None:
    golden = json.loads((SEEDS / "golden.json").read_text())
    for key, meta in golden["articles"].items():
        text = (SEEDS / meta["file"]).read_text()
        inferred, reason = infer_published(text)
        lo, hi = meta["inferred_published"]
        assert inferred is not None, (key, reason)
        assert lo <= inferred <= hi, (key, inferred, reason)


def test_wire_header_stamp_outweighs_historical_dates() -> None:
    text = (
        "XYZ20110314.0042  NEWS STORY  03/14/2011 09:12:00\n"
        "Harbour museum reopens\n\n"
        "PORTHAVEN (XW) -- The harbour museum, built in 1887 and closed since the flood of "
        "2004, reopened on Monday with a new wing on the shipyards of the 1950s and 1960s."
    )
    inferred, reason = infer_published(text)
    assert inferred == "2011-03-14"
    assert 'header "' in reason


def test_identifier_date_in_the_header() -> None:
    text = (
        "QRS20050922.1830.0044 NEWS STORY\n\n"
        "Good evening. The city council voted tonight to close two bridges for repairs, a "
        "plan first discussed in 1998 and delayed ever since."
    )
    inferred, _ = infer_published(text)
    assert inferred == "2005-09-22"


def test_dateline_gives_month_and_day_and_weekday_the_year() -> None:
    # The text names 2009; March 4 fell on a Thursday in 2010, not in 2009 or 2011.
    text = (
        "LAKETOWN, March 4 (Northwire) -- The regional assembly approved on Thursday, "
        "March 4, a budget that cuts spending to the level of 2009, officials said."
    )
    inferred, reason = infer_published(text)
    assert inferred == "2010-03-04"
    assert "dateline" in reason


def test_header_lines_stop_at_the_first_prose_line() -> None:
    from storyweave.analyze.pubdate import head_lines

    text = (
        "Budget vote\n"
        "By A. Writer\n"
        "The council met on a rainy evening and argued for hours about the budget, the "
        "bridges and the school roofs, and in the end it voted 7 to 2.\n"
        "12/01/2015"
    )
    heads = [text[s:e] for s, e in head_lines(text)]
    assert heads == ["Budget vote", "By A. Writer"]


STALL_TEXT = (
    "The night market on the river quay opened its new stalls on Saturday, and vendors "
    "said trade was brisk despite the rain that fell in 2020 and the closures of that year."
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("https://news.example.org/2021/06/07/night-market-reopens", "2021-06-07"),
        ("https://www.example.com/world/2021/jun/07/night-market", "2021-06-07"),
        ("/home/me/clips/night-market-2021-06-07.txt", "2021-06-07"),
        ("/home/me/clips/20210607_market.html", "2021-06-07"),
    ],
)
def test_date_in_the_url_or_file_name(name: str, expected: str) -> None:
    inferred, reason = infer_published(STALL_TEXT, sources=[name])
    assert inferred == expected
    assert "date in the URL" in reason or "date in the file name" in reason


def test_source_date_gives_a_year_the_text_lacks() -> None:
    text = "The ferry resumed its crossings on Monday after a week of storms, the operator said."
    assert infer_published(text)[0] is None
    inferred, reason = infer_published(text, sources=["https://example.net/2019/11/18/ferry"])
    assert inferred == "2019-11-18"
    assert "date in the URL" in reason


def test_source_date_before_a_reported_date_is_not_used() -> None:
    # The name carries a date older than what the text reports as past: an archive folder
    # or a reused slug, not the publication date.
    text = (
        "The bridge was closed on March 3, 2022, after inspectors found cracks, and it "
        "reopened on April 20, 2022, the city said."
    )
    inferred, reason = infer_published(text, sources=["https://example.net/2021/01/05/bridge"])
    assert inferred is not None and inferred.startswith("2022")
    assert "not used" in reason


def test_source_date_in_the_future_is_not_used() -> None:
    inferred, reason = infer_published(STALL_TEXT, sources=["clips/market-2099-01-01.txt"])
    assert inferred != "2099-01-01"
    assert "future" in reason


def test_no_date_in_names_and_higher_folders_ignored() -> None:
    from storyweave.analyze.pubdate import source_date

    assert source_date(["https://example.org/news/market-opens-12345678"]) is None
    assert source_date(["/backups/2024-01-01/a/b/c/market.txt"]) is None
    found = source_date([None, "https://example.org/2018/02/30/x", "a/2018-03-01-x.txt"])
    assert found is not None and found[0].isoformat() == "2018-03-01"


def test_a_list_of_dates_at_the_top_is_not_a_header() -> None:
    text = (
        "Key dates\n"
        "2016-04-02: the dam project is approved\n"
        "2018-09-17: construction starts\n"
        "2023-01-30: the reservoir is filled\n\n"
        "The dam on the upper valley began producing power on Monday, Feb. 6, 2023, the "
        "operator said, after years of delays and a long dispute over the water rights."
    )
    inferred, reason = infer_published(text)
    assert inferred is not None and "2023-02-06" <= inferred <= "2023-02-10"
    assert 'header "' not in reason


def test_weekday_of_the_lead_dates_a_yearless_dateline() -> None:
    # March 4 was a Thursday in 2010; the lead's "Thursday" is the dateline's day.
    text = (
        "LAKETOWN, March 4 (Northwire) --\n\n"
        "The regional assembly approved a budget on Thursday that cuts spending to the level "
        "of 2009, after a debate that lasted through the night, officials said."
    )
    inferred, reason = infer_published(text)
    assert inferred == "2010-03-04"
    assert "dateline" in reason


def test_datelines_are_found_with_their_credit() -> None:
    text = "Ferry sinks\nORMEBY, May 6 (Velmar Wire via the Norvik Post) - The ferry sank."
    [(a, b)] = datelines(text)
    assert text[a:b] == "ORMEBY, May 6 (Velmar Wire via the Norvik Post) -"
    assert datelines("The ferry sank on May 6 (a Sunday) - all were saved.") == []


# Tokenized text sets punctuation apart: ", 2014", "Feb . 4", "3 : 15 p . m .", "03 / 14 / 2011".
_PLAIN = (
    "Ferry crossings resume on the north route Posted Tuesday, Feb. 4, 2014, 3:15 p.m. EST "
    "The ferry company, which halted its crossings in the storms of 2013, said it had "
    "restarted the service on Monday after repairs to the pier."
)
_TOKENIZED = (
    "Ferry crossings resume on the north route Posted Tuesday , Feb . 4 , 2014 , 3 : 15 p . m "
    ". EST The ferry company , which halted its crossings in the storms of 2013 , said it had "
    "restarted the service on Monday after repairs to the pier ."
)


def test_tokenized_text_is_dated_as_the_plain_text() -> None:
    plain, _ = infer_published(_PLAIN)
    tokenized, reason = infer_published(_TOKENIZED)
    assert plain == tokenized == "2014-02-04"
    assert "Feb . 4 , 2014" in reason


def test_tokenized_header_stamp() -> None:
    text = (
        "Harbour museum reopens\nPosted 03 / 14 / 2011 09 : 12 AM\n\n"
        "PORTHAVEN ( XW ) -- The harbour museum , built in 1887 and closed since the flood of "
        "2004 , reopened on Monday with a new wing on the shipyards of the 1950s and 1960s ."
    )
    inferred, reason = infer_published(text)
    assert inferred == "2011-03-14"
    assert 'header "03 / 14 / 2011"' in reason


def test_tokenized_dateline() -> None:
    text = "LAKETOWN , Mar . 4 , 2010 ( Northwire ) -- The assembly approved the budget ."
    [(a, b)] = datelines(text)
    assert text[a:b] == "LAKETOWN , Mar . 4 , 2010 ( Northwire ) --"
    assert infer_published(text)[0] == "2010-03-04"


def test_a_tokenized_prose_line_is_no_header() -> None:
    from storyweave.analyze.pubdate import head_lines

    # Its commas, brackets and quotes are no words: most of its words are in lower case.
    line = (
        'Mayor Ann Vell ( D - Porthaven ) said on Monday , in a statement to the " Harbour Post '
        '" , that the two bridges would close .'
    )
    assert head_lines(line) == []


# ---------------------------------------------------------------- dates given to the month


LEDGER = (
    "LANMOOR, Sept. 14 (Lanmoor Ledger) -- The council closed the old bridge on Monday after "
    "engineers found cracks in a pier, the mayor said."
)


def test_a_dateline_narrows_a_given_month_to_its_day() -> None:
    day, reason = refine_published(LEDGER, "2021-09")
    assert day == "2021-09-14"
    assert reason.startswith("given as 2021-09; narrowed to 2021-09-14 within it")
    assert "dateline" in reason


def test_a_given_year_is_narrowed_by_a_dated_url() -> None:
    text = "The council closed the old bridge after engineers found cracks in a pier."
    day, reason = refine_published(text, "2021", sources=["https://ledger.example/2021/03/02/x"])
    assert day == "2021-03-02" and "URL" in reason


def test_a_past_event_alone_does_not_pin_the_day() -> None:
    text = "The council closed the old bridge on September 3 after engineers found cracks."
    day, reason = refine_published(text, "2021-09")
    assert day is None and "does not pin a day" in reason


def test_evidence_outside_the_given_month_keeps_it_as_given() -> None:
    day, reason = refine_published(LEDGER, "2021-10")
    assert day is None and "outside it" in reason


def test_no_evidence_keeps_the_given_month() -> None:
    day, reason = refine_published("The bridge was closed for repairs.", "2021-09")
    assert day is None and "no date evidence" in reason


def test_a_neighbour_dated_to_the_month_counts_as_its_whole_month() -> None:
    text = "The water fell on Saturday and residents returned to their homes."
    (value, reason), (given, how) = infer_story([text, "A dated report."], [None, "2023-03"])
    assert (given, how) == ("2023-03", "given")
    assert value is not None and "2023-03-01" <= value <= "2023-03-31"
    assert "2023-03-01..2023-03-31" in reason


def test_the_narrowing_spread_comes_from_the_settings() -> None:
    text = "Port workers walked out, according to a Sept. 14 report in the Lanmoor Ledger."
    assert refine_published(text, "2021-09")[0] == "2021-09-14"  # a cited report spans a day
    strict = DateSettings(refine_spread=0)
    assert refine_published(text, "2021-09", settings=strict)[0] is None
    assert DateSettings.from_settings() == DateSettings()  # the shipped settings.cfg


# ---------------------------------------------------------------- page stamps, URL months


@pytest.mark.parametrize(
    "head",
    [
        " date 2023-05-11 The council of Harwick voted in 2019 to close the old pier",
        "Published: May 11, 2023\n\nThe council of Harwick voted in 2019 to close the old pier",
        "Harwick news\nPosted on 2023-05-11\nThe council of Harwick voted in 2019 to close the",
    ],
)
def test_a_page_date_stamp_beats_the_background(head: str) -> None:
    text = head + ", and in 2021 it sold the land; the builders moved in on Monday."
    inferred, reason = infer_published(text)
    assert inferred == "2023-05-11"
    assert "page date stamp" in reason or 'header "' in reason


def test_relative_update_stamp_is_no_date() -> None:
    text = "Updated 3 hours ago\nThe council of Harwick voted in 2019 to close the old pier."
    inferred, reason = infer_published(text)
    assert "page date stamp" not in reason


def test_a_month_in_the_url_pins_a_weekday() -> None:
    # The text names no year; the site's archive folder gives the month, and "on Tuesday"
    # then falls on one of its Tuesdays or the day after.
    text = "The ferry resumed its crossings on Tuesday after a week of storms, the operator said."
    inferred, reason = infer_published(text, sources=["https://example.net/2022/03/ferry-back"])
    assert inferred is not None and inferred.startswith("2022-03")
    assert 'month in the URL "https://example.net/2022/03/ferry-back"' in reason


@pytest.mark.parametrize(
    "url",
    ["https://example.net/a/202203/15/AP123.html", "https://example.net/n3/2022/0315/c9-1.html"],
)
def test_compact_dates_in_urls(url: str) -> None:
    text = "The ferry resumed its crossings on Tuesday after a week of storms, the operator said."
    inferred, reason = infer_published(text, sources=[url])
    assert inferred == "2022-03-15" and "date in the URL" in reason


# ---------------------------------------------------------------- pooling within one event

ARREST = [
    ("2023-03-02", "Police in Varna arrested the ferry captain Ivo Marek at the harbour on "
                   "Thursday on charges of smuggling diesel, the harbour police said."),
    ("2023-03-02", "The harbour police of Varna arrested Ivo Marek, captain of the ferry, on "
                   "Thursday; officers found smuggled diesel in the hold, police said."),
]  # fmt: skip
VERDICT = [
    ("2023-04-14", "A court in Varna sentenced Ivo Marek to six years in prison on Friday for "
                   "smuggling; the judge said the verdict sends a message, and his lawyer will "
                   "appeal the sentence."),
    ("2023-04-14", "The judge in Varna handed Ivo Marek a six-year prison sentence on Friday; "
                   "the verdict will be appealed, his lawyer said of the sentence."),
]  # fmt: skip
UNDATED_VERDICT = (
    "Ivo Marek was sentenced on Friday to six years in prison; the judge read the verdict in "
    "Varna and his lawyer said the sentence will be appealed."
)


def test_pooling_takes_the_dates_of_the_same_happening() -> None:
    # One story wrongly holds an arrest and a verdict six weeks apart: the undated report of
    # the verdict takes the verdict's dates, not the arrest's.
    texts = [t for _, t in ARREST + VERDICT] + [UNDATED_VERDICT]
    given = [d for d, _ in ARREST + VERDICT] + [None]
    value, reason = infer_story(texts, given)[-1]
    assert value is not None and abs(days_between(value, "2023-04-14")) <= 2, reason
    assert "read most like it (2023-04-14 (2)" in reason


def test_an_article_its_own_text_dates_is_not_pulled_by_its_story() -> None:
    # A page stamp dates the report of the arrest; a story full of verdict reports six weeks
    # later does not move it.
    stamped = " date 2023-03-02 " + ARREST[0][1]
    texts = [t for _, t in VERDICT] + [UNDATED_VERDICT, stamped]
    given = [d for d, _ in VERDICT] + [None, None]
    value, reason = infer_story(texts, given)[-1]
    assert value == "2023-03-02", reason
