"""Publication dates in the pipeline: a date in the file name, and an undated article dated
from the other articles of its story (api.update_stories), with its relative dates anchored
again and nothing rewritten on a rerun."""

from __future__ import annotations

import json

import pytest

from storyweave import api
from storyweave.store import open_store

DATED = """title: Castelmoor counts the cost of the Verlaine flood
published: 2023-03-10

The Verlaine River burst its banks at Castelmoor on Wednesday, March 8, flooding the old
town and the harbour district. Mayor Odile Fancourt said on Thursday that three hundred
homes were damaged and that the Castelmoor ferry would stay closed. Engineers from the
Verlaine Basin Authority inspected the levees on Thursday and Friday.
"""

UNDATED = """title: Castelmoor begins to clear the mud after the Verlaine flood

The water of the Verlaine River fell on Saturday at Castelmoor, and residents of the old
town returned to homes damaged by the flood. Mayor Odile Fancourt said the Castelmoor ferry
would reopen once the Verlaine Basin Authority had checked the levees, and volunteers cleared
mud from the harbour district on Sunday.
"""


def _article(data: dict, fragment: str) -> dict:
    return next(a for a in data["articles"] if fragment in a["file"])


@pytest.mark.slow
def test_date_in_the_file_name_dates_the_article(tmp_path) -> None:
    (tmp_path / "harbour-2022-05-16.txt").write_text(UNDATED.split("\n", 2)[2])
    text, _ = api.dossier([tmp_path], format="json", processes=1)
    article = _article(json.loads(text), "harbour-2022-05-16")
    assert article["published"] == "2022-05-16"
    assert article["published_inferred"] is True


@pytest.mark.slow
def test_undated_article_is_dated_from_its_story(places, tmp_path, monkeypatch) -> None:
    """On SQLite and on PostgreSQL."""
    (tmp_path / "flood-report.txt").write_text(DATED)
    (tmp_path / "flood-clearing.txt").write_text(UNDATED)
    db = places.fresh("dated")
    report = api.add([tmp_path], db, processes=1)
    assert report.ok and len(report.added) == 2
    with open_store(db) as st:
        stories = st.story_of(report.added)
        assert len(set(stories.values())) == 1, "the two reports should form one story"
        undated = next(a for a in st.articles(report.added) if a.published_inferred)
        # The text names no year: only the dated report of the story can give one.
        assert undated.published is not None
        assert "2023-03-10" <= undated.published <= "2023-03-17"
        assert "article of the same story" in (undated.published_reason or "")
        analysis = st.analysis(undated.id)
        assert analysis is not None
        saturday = next(t for t in analysis.time_expressions if t.text == "Saturday")
        assert saturday.anchor == undated.published and saturday.anchor_inferred
        assert saturday.value.startswith("2023-03-1")

        # Reconciling the story again infers the same date and writes no article.
        calls: list[int] = []
        store_class = type(st)
        original = store_class.put

        def counting_put(self, items, analyzer):  # type: ignore[no-untyped-def]
            calls.append(len(items))
            return original(self, items, analyzer)

        monkeypatch.setattr(store_class, "put", counting_put)
        story = next(iter(stories.values()))
        st.mark_stale([story])
        assert api.update_stories(st) == [story]
        assert calls == []
        again = st.article(undated.id)
        assert again is not None and again.published == undated.published


MONTH_GIVEN = """title: Lanmoor ferry strike ends
published: 2021-09

The Lanmoor ferry crews ended their strike on Wednesday, the union said. Talks with the
operator, Brenholt Lines, had collapsed last month over pay and rosters.
"""

YEAR_SIDECAR = """The Lanmoor orchestra opened its new hall this month with a concert of works by Ilse
Varnhagen, who had written most of them last year for the opening of the season.
"""

DATELINED = """LANMOOR, Sept. 14 (Lanmoor Ledger) -- Engineers found cracks in a pier of the old
Lanmoor bridge, the mayor said.

The council closed the bridge to all traffic yesterday, and ferries will carry commuters.
"""


@pytest.mark.slow
def test_dates_given_to_the_month_or_year_keep_their_precision(tmp_path) -> None:
    (tmp_path / "ferry.txt").write_text(MONTH_GIVEN)
    (tmp_path / "hall.txt").write_text(YEAR_SIDECAR)
    (tmp_path / "hall.meta.json").write_text('{"published": "2021"}')
    (tmp_path / "bridge.txt").write_text(DATELINED)
    text, report = api.dossier([tmp_path], format="json", processes=1, published="2021-09")
    assert report.ok
    data = json.loads(text)
    ferry, hall, bridge = (_article(data, n) for n in ("ferry", "hall", "bridge"))
    assert (ferry["published"], ferry["published_inferred"]) == ("2021-09", False)
    assert (hall["published"], hall["published_inferred"]) == ("2021", False)
    assert (bridge["published"], bridge["published_inferred"]) == ("2021-09", False)  # --published

    def timexes(article: dict) -> dict[str, tuple]:
        return {t["text"]: (t["value"], t["anchor"], t["anchor_inferred"], t["anchor_limited"])
                for t in article["time_expressions"]}  # fmt: skip

    assert timexes(ferry)["last month"] == ("2021-08", "2021-09", False, None)
    assert timexes(ferry)["Wednesday"] == ("2021-09", "2021-09", False, "widened")
    assert timexes(hall)["last year"] == ("2020", "2021", False, None)
    assert timexes(hall)["this month"] == ("2021", "2021", False, "widened")
    # The dateline pins the day within the given month: an inference, labelled as one.
    assert "narrowed to 2021-09-14" in bridge["published_reason"]
    assert timexes(bridge)["yesterday"] == ("2021-09-13", "2021-09-14", True, None)
    notes = [n for s in data["stories"] if bridge["id"] in s["articles"] for n in s["notes"]]
    assert any("2021-09-13" in n or "within its given publication date 2021-09" in n for n in notes)
