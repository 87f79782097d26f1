"""Time expressions against a publication date known only to the month or the year."""

from __future__ import annotations

from storyweave.analyze.timex import tag

TEXT = (
    "Officials said last month that the ferry was seized on Wednesday. "
    "Yesterday the harbour master resigned. The inquiry opened on June 7, 2021. "
    "Talks will resume next year. The strike lasted 910 days."
)


def _by_text(anchor: str | None) -> dict[str, tuple[str, str | None, str | None]]:
    return {t.text: (t.value, t.anchor, t.anchor_limited) for t in tag(TEXT, anchor)}


def test_against_a_month_what_the_day_does_not_change_is_placed_exactly():
    found = _by_text("2021-09")
    assert found["last month"] == ("2021-08", "2021-09", None)
    assert found["next year"] == ("2022", "2021-09", None)
    assert found["June 7, 2021"] == ("2021-06-07", None, None)  # written in full
    assert found["910 days"] == ("P910D", None, None)


def test_against_a_month_a_weekday_is_widened_and_yesterday_left_unanchored():
    found = _by_text("2021-09")
    # in a past sentence, "Wednesday" of an article of September 2021 is in September 2021
    assert found["Wednesday"] == ("2021-09", "2021-09", "widened")
    # "yesterday" is a day from 31 August to 29 September: no month holds them all
    assert found["Yesterday"] == ("XXXX-XX-XX", None, "unanchored")


def test_against_a_year_a_month_is_widened_to_the_year_only_when_it_holds_every_reading():
    found = _by_text("2021")
    assert found["last month"] == ("XXXX-XX", None, "unanchored")  # December 2020 or later
    assert found["next year"] == ("2022", "2021", None)
    this_month = {t.text: t for t in tag("Prices rose this month.", "2021")}["this month"]
    assert (this_month.value, this_month.anchor_limited) == ("2021", "widened")


def test_a_day_anchor_is_read_as_before():
    found = _by_text("2021-09-16")  # a Thursday
    assert found["Wednesday"] == ("2021-09-15", "2021-09-16", None)
    assert found["Yesterday"] == ("2021-09-15", "2021-09-16", None)
    inferred = tag(TEXT, "2021-09", anchor_inferred=True)
    assert {t.anchor_inferred for t in inferred if t.anchor} == {True}
