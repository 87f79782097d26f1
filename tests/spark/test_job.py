"""`storyweave batch` on Spark (local[1]) against `storyweave add` on the same folder: the
same events, the same failures, a store that serves the same stories, and a killed batch
resumed without duplicates. One Spark session and one `add` run serve the whole module."""

from __future__ import annotations

import shutil
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from seedutil import EXAMPLES, ROOT, SEEDS, SHARED
from storyweave import api
from storyweave.config import Settings
from storyweave.spark import job as batch_job
from storyweave.spark.files import OutDir
from storyweave.spark.linking import read_stories
from storyweave.store import open_store

pytest.importorskip("pyspark")

pytestmark = pytest.mark.slow

ECB = SHARED / "bench" / "ecbplus" / "topics"
# Small rounds and windows so that a few dozen articles make several of each; the warm-up
# covers the whole corpus, so every window sees what `add` saw before it.
SETTINGS = """\
[batch]
round_articles = 5
partition_articles = 4
window_articles = 6
warmup_articles = 1000
"""


def _partition(stories: dict[str, list[str]]) -> set[frozenset[str]]:
    return {frozenset(ids) for ids in stories.values()}


def _store_stories(db: Path) -> dict[str, list[str]]:
    with open_store(str(db)) as store:
        return {s: sorted(store.story_members(s)) for s in store.story_ids()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """examples/, the seeds and a few ECB+ documents of two topics (four true stories),
    and one file that cannot be read."""
    if not (SEEDS.exists() and ECB.exists()):
        pytest.skip("../shared/seeds or the ECB+ data is not beside the checkout")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from ecbplus_stories import load_documents

    folder = tmp_path_factory.mktemp("corpus")
    shutil.copytree(EXAMPLES, folder / "examples", ignore=shutil.ignore_patterns("*.py", "*.md"))
    (folder / "examples" / "golden.json").unlink(missing_ok=True)
    (folder / "seeds").mkdir()
    for f in [*SEEDS.glob("*.txt"), *SEEDS.glob("*.meta.json")]:
        shutil.copy(f, folder / "seeds" / f.name)
    taken: dict[str, int] = defaultdict(int)
    (folder / "ecb").mkdir()
    for name, story, text in load_documents(ECB):
        if story.split("/")[0] in ("1", "3") and taken[story] < 2:
            taken[story] += 1
            (folder / "ecb" / (Path(name).stem + ".txt")).write_text(text)
    (folder / "broken.txt").write_text("   \n")
    return folder


@pytest.fixture(scope="module")
def settings(tmp_path_factory) -> Settings:
    path = tmp_path_factory.mktemp("cfg") / "batch.cfg"
    path.write_text(SETTINGS)
    return Settings.load(path)


@pytest.fixture(scope="module")
def added(corpus, settings, tmp_path_factory) -> tuple[Path, api.AddReport]:
    db = tmp_path_factory.mktemp("add") / "add.db"
    report = api.add([corpus], db, processes=1, settings=settings)
    return db, report


@pytest.fixture(scope="module")
def spark():
    from storyweave.spark.session import spark_session

    session = spark_session("local[1]")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def batched(corpus, settings, spark, tmp_path_factory):
    where = tmp_path_factory.mktemp("batch")
    out, db = where / "out", where / "batch.db"
    report = batch_job.run(
        [str(corpus)], str(out), db=str(db), settings=settings, spark=spark, log=print
    )
    return out, db, report


def _foreign(db: Path) -> set[str]:
    """Articles not in English (add joins them to their coverage's story across languages)."""
    with open_store(str(db)) as store:
        return {a.id for a in store.articles() if (a.language or "en")[:2] != "en"}


def test_batch_finds_the_events_add_finds(added, batched, spark):
    db, _ = added
    out, _, report = batched
    expected = _partition(_store_stories(db))
    assert len(expected) >= 4  # examples, seeds, and at least two ECB+ stories
    assert _partition(read_stories(spark, str(out))) == expected
    assert report.rounds >= 3 and report.windows >= 2  # the edges were crossed


def test_batch_joins_an_article_in_another_language_to_its_english_coverage(added, batched, spark):
    db, _ = added
    out, _, _ = batched
    foreign = _foreign(db)
    assert foreign  # examples/ holds a Chinese report
    # add joins it to the story of its English coverage; so does the batch.
    joined = [p for p in _partition(_store_stories(db)) if p & foreign and p - foreign]
    assert joined
    assert set(joined) <= _partition(read_stories(spark, str(out)))


def _storylines(db: Path, leave_out: set[str]) -> set[frozenset[frozenset[str]]]:
    """Each storyline as the set of its stories' articles."""
    with open_store(str(db)) as store:
        stories = store.story_ids()
        line_of = store.storylines_of(stories)
        lines: dict[str, set[frozenset[str]]] = defaultdict(set)
        for story in stories:
            members = frozenset(store.story_members(story)) - leave_out
            if members:
                lines[store.resolve_storyline(line_of[story])].add(members)
    return {frozenset(v) for v in lines.values()}


def test_batch_groups_the_events_into_the_storylines_add_finds(added, batched):
    db, _ = added
    _, batch_db, report = batched
    expected = _storylines(db, set())
    assert _storylines(batch_db, set()) == expected
    assert report.storylines >= len(expected)


def test_batch_reports_the_failures_add_reports(added, batched):
    _, add_report = added
    _, _, report = batched
    assert add_report.failed and sorted(report.failed) == sorted(add_report.failed)
    assert not report.ok


def test_loaded_store_holds_the_stories_add_leaves(added, batched):
    db, _ = added
    _, batch_db, _ = batched
    expected = _partition(_store_stories(db))
    assert _partition(_store_stories(batch_db)) == expected
    with open_store(str(batch_db)) as store:
        for story_id in store.story_ids():
            story = store.story(story_id)  # what `storyweave serve` shows
            assert story is not None and story.articles


def test_batch_loads_postgresql_with_the_stories_add_stores_there(
    corpus, settings, spark, batched, pg
):
    out, _, _ = batched
    add_url = pg.create("batch_add")
    api.add([corpus], add_url, processes=1, settings=settings)
    # The finished batch again, with --db a PostgreSQL URL: every stage resumes as done,
    # then the store is loaded.
    batch_url = pg.create("batch_load")
    batch_job.run([str(corpus)], str(out), db=batch_url, settings=settings, spark=spark, log=print)
    expected = _partition(_store_stories_at(add_url))
    assert len(expected) >= 4
    assert _partition(_store_stories_at(batch_url)) == expected
    with open_store(batch_url) as store:
        # What `storyweave serve --db postgresql://...` shows: each story, with its members.
        shown = {frozenset(s.articles) for s in map(store.story, store.story_ids()) if s}
    assert shown == expected


def _store_stories_at(url: str) -> dict[str, list[str]]:
    with open_store(url) as store:
        return {s: sorted(store.story_members(s)) for s in store.story_ids()}


def test_dossiers_are_written_one_per_story(batched, spark):
    import json

    out, _, report = batched
    lines = [json.loads(r["value"]) for r in spark.read.text(str(out / "dossiers")).collect()]
    assert len(lines) == report.stories
    for dossier in lines:
        assert len(dossier["stories"]) == 1 and dossier["articles"]
        (line,) = dossier["storylines"]
        assert line["stories"] == [dossier["stories"][0]["id"]]
        assert dossier["stories"][0]["storyline"] == line["id"] and line["title"]


def test_killed_batch_resumes_without_duplicates(corpus, settings, spark, batched, tmp_path):
    out = tmp_path / "out"
    real_mark = OutDir.mark
    calls = []

    def kill_at_second_round(self, stage, name):
        if stage == "analyze":
            calls.append(name)
            if len(calls) == 2:  # the round's Parquet is written, its marker is not
                raise KeyboardInterrupt("killed")
        real_mark(self, stage, name)

    OutDir.mark = kill_at_second_round  # type: ignore[method-assign]
    try:
        with pytest.raises(KeyboardInterrupt):
            batch_job.run([str(corpus)], str(out), settings=settings, spark=spark, log=print)
    finally:
        OutDir.mark = real_mark  # type: ignore[method-assign]
    report = batch_job.run([str(corpus)], str(out), settings=settings, spark=spark, log=print)
    assert report.rounds_skipped == 1
    assert report.analyzed == report.articles - _round_size(spark, out, calls[0])
    for table in ("articles", "analyses", "links"):
        ids = [r["id"] for r in spark.read.parquet(str(out / table)).select("id").collect()]
        assert len(ids) == len(set(ids)), table
    full = batched[0]
    assert _partition(read_stories(spark, str(out))) == _partition(read_stories(spark, str(full)))


def _round_size(spark, out: Path, name: str) -> int:
    frame = spark.read.parquet(str(out / "articles"))
    return frame.where(frame["round"] == name).count()
