"""The settings (storyweave/config.py): read once into an object, the user's file over the
shipped one key by key, and handed to the stages by the pipeline."""

from __future__ import annotations

import pytest

from storyweave import api
from storyweave.config import Settings
from storyweave.errors import ConfigError
from storyweave.link.stories import StorySettings
from storyweave.reconcile.claims import ClaimSettings

ARTICLE = (
    "Title: Ferry service to Kelso resumes\nPublished: 2024-05-06\n\n"
    "The ferry between Ormeby and Kelso resumed on Monday after a two-week strike, the "
    "operator Brask Lines said. About 300 passengers crossed on the first day."
)


def test_a_user_file_overrides_key_by_key(tmp_path):
    cfg = tmp_path / "my.cfg"
    cfg.write_text("[stories]\njoin_threshold = 1.3\n\n[claims]\nmax_embed = 12\n")
    mine, shipped = Settings.load(cfg), Settings.default()
    assert mine.getfloat("stories", "join_threshold") == 1.3
    assert mine.get("stories", "names_weight") == shipped.get("stories", "names_weight")
    assert StorySettings.from_settings(mine).join_threshold == 1.3
    assert ClaimSettings.from_settings(mine).max_embed == 12
    assert ClaimSettings.from_settings().max_embed == shipped.getint("claims", "max_embed")
    assert mine.digest() != shipped.digest() and mine.source == str(cfg)


def test_an_unknown_or_missing_file_is_refused_with_its_name(tmp_path):
    cfg = tmp_path / "typo.cfg"
    cfg.write_text("[stories]\njoin_treshold = 1.3\n")
    with pytest.raises(ConfigError, match=r"typo\.cfg: unknown setting \[stories\] join_treshold"):
        Settings.load(cfg)
    with pytest.raises(ConfigError, match="file not found"):
        Settings.load(tmp_path / "absent.cfg")


def test_the_settings_given_reach_the_stages(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ferry.txt").write_text(ARTICLE, encoding="utf-8")
    cfg = tmp_path / "strict.cfg"
    cfg.write_text("[ingest]\nmin_text_chars = 5000\n")
    # No global configuration: the same call with other settings reads the file otherwise.
    strict = api.add([tmp_path / "in"], tmp_path / "a.db", settings=Settings.load(cfg), link=False)
    assert not strict.added and len(strict.failed) == 1
    shipped = api.add([tmp_path / "in"], tmp_path / "b.db", link=False, processes=1)
    assert len(shipped.added) == 1 and not shipped.failed


def test_a_stage_reads_its_section_as_numbers_of_its_fields(tmp_path):
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Knobs:
        weight: float = 1.0
        count: int = 3

    cfg = tmp_path / "my.cfg"
    cfg.write_text("[stories]\ncandidates = 7\njoin_threshold = 1.25\n")
    mine = Settings.load(cfg)
    got = mine.numbers(StorySettings, "stories")
    assert got.candidates == 7 and isinstance(got.candidates, int)
    assert got.join_threshold == 1.25 and isinstance(got.join_threshold, float)
    assert mine.numbers(Knobs, "no_such_section", optional=True) == Knobs()
    with pytest.raises(KeyError):
        mine.numbers(Knobs, "stories")  # required: a field without its key is an error
