"""The public surface stays documented: each command has the Python call of the same name,
each is shown in the README, and every shipped setting carries a comment saying why."""

from __future__ import annotations

import configparser

import storyweave
from seedutil import ROOT
from storyweave import api
from storyweave.cli import cli
from storyweave.config import DEFAULT_CONFIG

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_a_public_call_and_in_the_readme():
    commands = set(cli.commands) - {"kb"} | {"kb_build"}
    for name in commands:
        assert getattr(storyweave, name) is getattr(api, name), name
        assert f"storyweave {name.replace('_', ' ')}" in README, name


def test_every_setting_has_a_comment():
    lines = DEFAULT_CONFIG.read_text(encoding="utf-8").splitlines()
    parser = configparser.ConfigParser()
    parser.read(DEFAULT_CONFIG, encoding="utf-8")

    def is_key(text: str) -> bool:
        return "=" in text and not text.lstrip().startswith("#")

    for i, line in enumerate(lines):
        if is_key(line):
            j = i - 1
            while j >= 0 and (is_key(lines[j]) or not lines[j].strip()):
                j -= 1
            # a key belongs to a block of keys that a comment introduces
            assert j >= 0 and lines[j].lstrip().startswith("#"), line
    assert parser.sections()
