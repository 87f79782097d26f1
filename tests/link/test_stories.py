import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

from seedutil import ROOT, SEEDS, SHARED
from storyweave.analyze.embed import Embedder
from storyweave.link.stories import (
    StoryClusterer,
    StoryDoc,
    StorySettings,
    guess_names,
    guess_years,
)

QUAKE_A = (
    "Quake kills 14 in Valdoria highlands\n"
    "A magnitude 6.1 earthquake struck the highland province of Valdoria on Monday, "
    "killing at least 14 people and flattening mud-brick homes in the town of Orsk, "
    "governor Ilse Drummond said. Rescue teams from Kelmar were digging through rubble."
)
QUAKE_A_FOLLOWUP = (
    "Orsk counts its dead after Valdoria earthquake\n"
    "The toll from Monday's earthquake in Valdoria rose to 19 as rescuers searched the ruins "
    "of Orsk. Governor Ilse Drummond asked Kelmar for more tents and field hospitals."
)
QUAKE_B = (
    "Strong earthquake shakes Marenport coast\n"
    "A 5.8 magnitude earthquake hit the coastal city of Marenport on Thursday, injuring 30 "
    "people and cracking the harbour wall, mayor Tomas Okafor said. Ferries to Lusk were "
    "halted while engineers inspected the piers."
)
QUAKE_B_FOLLOWUP = (
    "Marenport harbour reopens after quake\n"
    "Ferries to Lusk sailed again from Marenport on Saturday, two days after the earthquake "
    "damaged the harbour wall. Mayor Tomas Okafor said 30 people had been treated for injuries."
)
TRIAL = (
    "Jury hears opening arguments in Pell fraud trial\n"
    "Prosecutors told the jury in Brantford that financier Oskar Pell moved client money "
    "into shell companies over six years. Pell denies all charges."
)


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return Embedder.load()


def doc(embedder: Embedder, key: str, text: str, published: str | None = None) -> StoryDoc:
    vector = embedder.encode([text], max_tokens=128)[0]
    return StoryDoc(key, vector, guess_names(text), published, guess_years(text))


def test_two_earthquakes_in_one_week_are_two_stories(embedder):
    c = StoryClusterer()
    a = c.add(doc(embedder, "a", QUAKE_A, "2026-03-02"))
    b = c.add(doc(embedder, "b", QUAKE_B, "2026-03-05"))
    a2 = c.add(doc(embedder, "a2", QUAKE_A_FOLLOWUP, "2026-03-03"))
    b2 = c.add(doc(embedder, "b2", QUAKE_B_FOLLOWUP, "2026-03-07"))
    t = c.add(doc(embedder, "t", TRIAL, "2026-03-04"))
    assert a != b
    assert a2 == a
    assert b2 == b
    assert t not in (a, b)
    assert c.stories() == {a: ["a", "a2"], b: ["b", "b2"], t: ["t"]}


def test_story_ids_are_stable_and_state_round_trips(embedder):
    docs = [
        doc(embedder, k, text)
        for k, text in [("a", QUAKE_A), ("b", QUAKE_B), ("t", TRIAL), ("a2", QUAKE_A_FOLLOWUP)]
    ]
    straight = StoryClusterer()
    ids = straight.add_all(docs)
    assert ids[0] == "sa"  # named after the article that started it
    resumed = StoryClusterer()
    first = resumed.add_all(docs[:2])
    resumed = StoryClusterer.from_state(json.loads(json.dumps(resumed.state())))
    assert first + resumed.add_all(docs[2:]) == ids
    assert resumed.state() == straight.state()
    # Adding an article again changes nothing and gives its story back.
    assert straight.add(docs[0]) == ids[0]
    assert straight.story_of("a2") == ids[0]


def _quake_story(embedder: Embedder, settings: StorySettings) -> tuple[StoryClusterer, str]:
    """A story of two reports dated 2 and 3 March: a burst of coverage."""
    c = StoryClusterer(settings)
    first = c.add(doc(embedder, "old", QUAKE_A, "2026-03-02"))
    assert c.add(doc(embedder, "old2", QUAKE_A_FOLLOWUP, "2026-03-03")) == first
    return c, first


def test_far_apart_publication_dates_keep_reports_apart(embedder):
    settings = StorySettings()
    c, first = _quake_story(embedder, settings)
    near = doc(embedder, "near", QUAKE_A_FOLLOWUP, "2026-03-05")  # inside the window, no bonus
    far = doc(embedder, "far", QUAKE_A_FOLLOWUP, "2027-09-01")
    assert c.score(near, first) - c.score(far, first) == pytest.approx(settings.time_penalty)


def test_inferred_dates_count_with_the_wider_window(embedder):
    settings = StorySettings()
    c, first = _quake_story(embedder, settings)
    given = doc(embedder, "given", QUAKE_A_FOLLOWUP, "2026-09-01")
    inferred = dataclasses.replace(given, article_id="inferred", published_inferred=True)
    # Six months apart: past the given-date window, inside the inferred one.
    assert c.score(inferred, first) - c.score(given, first) == pytest.approx(settings.time_penalty)
    years_off = dataclasses.replace(inferred, published="2028-09-01")
    assert c.score(inferred, first) - c.score(years_off, first) == pytest.approx(
        settings.inferred_time_penalty
    )


def test_reports_a_day_apart_score_higher(embedder):
    settings = StorySettings()
    c, first = _quake_story(embedder, settings)
    next_day = doc(embedder, "next", QUAKE_A_FOLLOWUP, "2026-03-04")
    two_days = doc(embedder, "two", QUAKE_A_FOLLOWUP, "2026-03-05")
    assert c.score(next_day, first) - c.score(two_days, first) == pytest.approx(settings.time_bonus)


def test_a_story_of_one_report_is_held_to_the_wider_window_of_a_saga(embedder):
    # One report is not yet a burst of coverage: a retelling two months later may join it
    # (the two seed articles, June and August, are one story), a year later it may not.
    settings = StorySettings()
    c = StoryClusterer(settings)
    first = c.add(doc(embedder, "old", QUAKE_A, "2026-03-02"))
    week = doc(embedder, "week", QUAKE_A_FOLLOWUP, "2026-03-09")
    months = doc(embedder, "months", QUAKE_A_FOLLOWUP, "2026-05-05")
    year = doc(embedder, "year", QUAKE_A_FOLLOWUP, "2027-03-02")
    assert c.score(week, first) == pytest.approx(c.score(months, first))
    assert c.score(week, first) - c.score(year, first) == pytest.approx(settings.lone_time_penalty)


def test_a_date_given_to_the_month_keeps_its_story_in_time(embedder):
    # A story started by an article dated only "2026-03" once lost its time range: its
    # dates could not be read as days, and reports of any later month joined it freely.
    settings = StorySettings()
    c = StoryClusterer(settings)
    first = c.add(doc(embedder, "month", QUAKE_A, "2026-03"))
    assert c.add(doc(embedder, "day", QUAKE_A_FOLLOWUP, "2026-03-03")) == first
    story = next(s for s in c.state()["stories"] if s["id"] == first)
    assert (story["first"], story["last"]) == ("2026-03-01", "2026-03-31")
    inside = doc(embedder, "inside", QUAKE_A_FOLLOWUP, "2026-03")
    later = doc(embedder, "later", QUAKE_A_FOLLOWUP, "2026-08")
    assert c.score(inside, first) - c.score(later, first) == pytest.approx(settings.time_penalty)


PELL_ARREST = (
    "Financier Oskar Pell arrested in Brantford\n"
    "Police in Brantford arrested financier Oskar Pell at his home on Tuesday on charges of "
    "moving client money of Halden Trust into shell companies. Prosecutor Nadia Ferro said "
    "Pell would appear in court on Wednesday."
)
PELL_ARREST_2 = (
    "Halden Trust founder Oskar Pell held on fraud charges\n"
    "Oskar Pell, who founded Halden Trust, was arrested in Brantford and will face a judge, "
    "prosecutor Nadia Ferro said. Investors of Halden Trust lost savings, she said."
)
PELL_VERDICT = (
    "Oskar Pell convicted of fraud in Brantford\n"
    "A jury in Brantford found financier Oskar Pell guilty of fraud on Friday after a trial "
    "in which prosecutor Nadia Ferro showed how Halden Trust money reached shell companies."
)
PELL_VERDICT_2 = (
    "Jury finds Halden Trust's Oskar Pell guilty\n"
    "Oskar Pell was convicted of defrauding Halden Trust investors, prosecutor Nadia Ferro "
    "said after the verdict in Brantford. Sentencing is set for next month."
)


def test_events_of_one_saga_weeks_apart_are_two_stories(embedder):
    # The same people, the same court and the same words: an arrest and a verdict six weeks
    # later are two happenings, each with its own burst of coverage.
    c = StoryClusterer()
    arrest = c.add(doc(embedder, "a1", PELL_ARREST, "2026-02-03"))
    assert c.add(doc(embedder, "a2", PELL_ARREST_2, "2026-02-04")) == arrest
    verdict = c.add(doc(embedder, "v1", PELL_VERDICT, "2026-03-20"))
    assert c.add(doc(embedder, "v2", PELL_VERDICT_2, "2026-03-20")) == verdict
    assert verdict != arrest


def test_a_bias_from_the_storyline_level_keeps_an_article_out(embedder):
    c = StoryClusterer()
    quake = c.add(doc(embedder, "a", QUAKE_A, "2026-03-02"))
    followup = doc(embedder, "a2", QUAKE_A_FOLLOWUP, "2026-03-03")
    assert c.add(followup, bias=lambda story: -5.0 if story == quake else 0.0) != quake


def test_inferred_dates_are_kept_apart_from_given_ones_in_state(embedder):
    c = StoryClusterer()
    sid = c.add(doc(embedder, "a", QUAKE_A, "2026-03-02"))
    c.add(dataclasses.replace(doc(embedder, "b", QUAKE_A_FOLLOWUP, "2026-03-20"),
                              published_inferred=True))  # fmt: skip
    story = next(s for s in c.state()["stories"] if s["id"] == sid)
    assert (story["first"], story["last"]) == ("2026-03-02", "2026-03-02")
    assert (story["inferred_first"], story["inferred_last"]) == ("2026-03-20", "2026-03-20")
    again = StoryClusterer.from_state(c.state())
    assert again.state() == c.state()


def test_disjoint_years_lower_the_score(embedder):
    c = StoryClusterer()
    first = c.add(doc(embedder, "a", QUAKE_A + " It was the worst since 2019."))
    same = doc(embedder, "same", QUAKE_A_FOLLOWUP + " The last such quake was in 2019.")
    other = doc(embedder, "other", QUAKE_A_FOLLOWUP + " The last such quake was in 1988.")
    gap = c.score(same, first) - c.score(other, first)
    assert gap > c.settings.year_penalty - 0.05


def test_without_names_the_embedding_decides(embedder):
    c = StoryClusterer()
    a = c.add(StoryDoc("a", embedder.encode([QUAKE_A])[0]))
    assert c.add(StoryDoc("t", embedder.encode([TRIAL])[0])) != a
    assert c.add(StoryDoc("a2", embedder.encode([QUAKE_A_FOLLOWUP])[0])) == a


def test_wrong_vector_size_is_refused():
    with pytest.raises(ValueError):
        StoryClusterer().add(StoryDoc("x", np.ones(10, dtype=np.float32)))


def test_guess_names_and_years():
    names = guess_names(QUAKE_A + " Officials in New Amsterdam counted 1,200 tents in 2026.")
    assert {"valdoria", "ilse drummond", "drummond", "orsk", "new amsterdam"} <= names
    assert "#14" in names and "#6.1" in names
    assert "monday" not in names and "a" not in names
    assert guess_years("In 2019 and again on 2021-05-04, not $2000 or 12345.") == {2019, 2021}


def test_seed_articles_are_one_story(embedder):
    if not SEEDS.exists():
        pytest.skip("../shared/seeds is not beside the checkout")
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    whole = embedder.encode(texts, max_tokens=512)
    assert float(whole[0] @ whole[1]) == pytest.approx(0.79, abs=0.05)
    c = StoryClusterer()
    ids = c.add_all(doc(embedder, f"seed{i}", text) for i, text in enumerate(texts))
    assert ids[0] == ids[1]


@pytest.mark.slow
def test_ecbplus_story_quality_floor(tmp_path):
    topics = SHARED / "bench" / "ecbplus" / "topics"
    if not topics.exists():
        pytest.skip("the ECB+ benchmark data is not beside the checkout")
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import ecbplus_stories

    out = tmp_path / "stories.json"
    # The event clusterer alone: the storyline level's bias needs every document analyzed
    # (minutes more); on ECB+ it adds 0.004 at this arrival order (see the README).
    assert ecbplus_stories.main([str(topics), "--json", str(out), "--events-only"]) == 0
    figures = json.loads(out.read_text())
    floors = json.loads(Path(ROOT / "benchmarks" / "floors.json").read_text())["stories"]
    assert figures["bcubed_f1"] >= floors["bcubed_f1"]
    assert figures["bcubed_f1"] > figures["baseline_bcubed_f1"] - floors["baseline_margin"]
    assert figures["stories_true"] == 66


def test_sentence_openers_are_not_names():
    names = guess_names("Meanwhile Vessa Petrov left Odesa. Both ships sailed. Petrov waved.")
    assert {"vessa petrov", "petrov", "odesa"} <= names
    assert not {"meanwhile", "both", "meanwhile vessa petrov"} & names


def _event_docs(early_weight: float) -> list[StoryDoc]:
    """An early brief holding early_weight of an event's direction, then two fuller reports;
    the second names what the brief named beside what the first named."""
    rng = np.random.default_rng(0)
    event = rng.normal(size=384)
    event /= np.linalg.norm(event)
    noise = [v / np.linalg.norm(v) for v in rng.normal(size=(3, 384))]
    weights = (early_weight, 0.8, 0.8)
    vectors = [event * w + n * (1 - w) for w, n in zip(weights, noise, strict=True)]
    names = (
        {"dunmore", "north quay"},
        {"dunmore", "kessler chemicals", "mara vance", "velt river", "harbour board"},
        {"dunmore", "north quay", "kessler chemicals", "mara vance", "velt river"},
    )
    keys = ("early", "full1", "full2")
    return [
        StoryDoc(k, v / np.linalg.norm(v), frozenset(n))
        for k, v, n in zip(keys, vectors, names, strict=True)
    ]


def test_a_lone_report_joins_a_story_that_grows_to_fit_it():
    early, full1, full2 = _event_docs(0.3)
    c = StoryClusterer()
    assert [c.add(early), c.add(full1)] == ["searly", "sfull1"]  # too loose a fit at first
    assert c.last_moves == []
    assert c.add(full2) == "sfull1"
    assert c.last_moves == [("early", "searly")]
    assert c.stories() == {"sfull1": ["full1", "full2", "early"]}
    assert c.story_of("early") == "sfull1" and c.resolve("searly") == "sfull1"
    again = StoryClusterer.from_state(json.loads(json.dumps(c.state())))
    assert again.resolve("searly") == "sfull1" and again.stories() == c.stories()


def test_a_lone_report_that_still_fits_loosely_stays_alone():
    docs = _event_docs(0.2)
    c = StoryClusterer()
    assert c.add_all(docs) == ["searly", "sfull1", "sfull1"]
    assert c.last_moves == [] and c.resolve("searly") == "searly"


def test_no_second_offer_with_zero_candidates():
    settings = dataclasses.replace(StorySettings.from_settings(), reoffer_candidates=0)
    c = StoryClusterer(settings)
    c.add_all(_event_docs(0.3))
    assert c.story_of("early") == "searly" and c.last_moves == []
