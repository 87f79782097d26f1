"""Given-name matching: clipping rule, written table, initials."""

from __future__ import annotations

from storyweave.link.nicknames import regular_short_form, same_given_name


def test_clipped_forms() -> None:
    assert regular_short_form("ron", "ronald")
    assert regular_short_form("ronnie", "ronald")
    assert regular_short_form("kathy", "katherine")
    assert regular_short_form("gail", "abigail")
    assert not regular_short_form("anna", "michael")
    assert not regular_short_form("ronald", "ron")


def test_same_given_name() -> None:
    assert same_given_name("Bob", "Robert")  # irregular, from the written table
    assert same_given_name("Robert", "Bob")
    assert same_given_name("R.", "Robert")  # an initial
    assert same_given_name("Alex", "Alexander")
    assert not same_given_name("Anna", "Michael")
    assert not same_given_name("Tomas", "Lucia")
