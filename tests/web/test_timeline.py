"""TIMEX3 date values as calendar intervals for the timeline."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from storyweave import datevalue
from storyweave.web.timeline import interval, timeline_items


def test_intervals_by_precision():
    assert interval("2021-08-11") == (date(2021, 8, 11), date(2021, 8, 11), "day")
    assert interval("2021-08-11T09:30") == (date(2021, 8, 11), date(2021, 8, 11), "day")
    assert interval("2024-02") == (date(2024, 2, 1), date(2024, 2, 29), "month")
    assert interval("2021-SP") == (date(2021, 3, 1), date(2021, 5, 31), "season")
    assert interval("2020-WI") == (date(2020, 12, 1), date(2021, 2, 28), "season")
    assert interval("2020-Q4") == (date(2020, 10, 1), date(2020, 12, 31), "quarter")
    assert interval("2019-H2") == (date(2019, 7, 1), date(2019, 12, 31), "half")
    assert interval("2021-W01") == (date(2021, 1, 4), date(2021, 1, 10), "week")
    assert interval("2020") == (date(2020, 1, 1), date(2020, 12, 31), "year")
    assert interval("199") == (date(1990, 1, 1), date(1999, 12, 31), "decade")


def test_modifiers_narrow_a_span_as_the_date_checks_read_it():
    # One reading: the drawn span is the range the claims and date conflicts compare.
    for value, mod in [
        ("2020", "END"),
        ("2021-04", "START"),
        ("199", "MID"),
        ("2021-04-02", "APPROX"),
    ]:
        start, end, _ = interval(value, mod)  # type: ignore[misc]
        assert (start, end) == datevalue.date_range(value, mod)
    start, end, _ = interval("2020", "END")  # type: ignore[misc]
    assert start == date(2020, 8, 8) and end == date(2020, 12, 31)  # the last 40%
    assert interval("2021-04", "START")[:2] == (date(2021, 4, 1), date(2021, 4, 12))  # type: ignore[index]
    assert interval("18") == (date(1800, 1, 1), date(1899, 12, 31), "century")


def test_values_off_the_calendar():
    for value in ("P910D", "PRESENT_REF", "XXXX-08", "", "2021-02-30", "2021-13"):
        assert interval(value) is None, value


def test_timeline_items_keep_index_and_citations():
    items = timeline_items(
        [{"date": "2021-SP", "mod": None, "event": "talks",
          "citations": [{"article": "a", "sentence": 3, "text": "They met."}]},
         {"date": "P2D", "mod": None, "event": "two days", "citations": []}]
    )  # fmt: skip
    assert items[0]["start"] == "2021-03-01" and items[0]["precision"] == "season"
    assert items[0]["words"] == "spring 2021" and items[1]["words"] == "2 days"
    assert items[0]["citations"] == [{"article": "a", "sentence": 3, "text": "They met."}]
    assert items[1]["index"] == 1 and items[1]["start"] is None


def test_story_page_shows_dates_in_words(client: Any):
    page = client.get("/stories/s-ferry").text
    assert '<td class="date" title="2024-05-01">1 May 2024</td>' in page
    assert '<td class="date" title="2024-SP">spring 2024</td>' in page
    assert ">June 2024</td>" in page and ">2 days</td>" in page
    data = page.split('id="timeline-data">')[1].split("</script>")[0]
    assert {i["date"]: i["words"] for i in json.loads(data)}["2024-SP"] == "spring 2024"
