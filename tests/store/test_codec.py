"""The stored form of a story (store/codec.py): the Story object back exactly, its format
version checked."""

from __future__ import annotations

import json

import pytest

from storyweave.errors import StoreError
from storyweave.model import (
    Alias,
    Citation,
    Claim,
    Entity,
    EntityTimeline,
    Event,
    Flag,
    Story,
    TimelineEntry,
)
from storyweave.render.json import story_dict
from storyweave.store.codec import decode_story, encode_story, story_from_dossier_form

CITE = Citation("a1", 2, 40, 80, "The quay reopened on 4 June.")
STORY = Story(
    id="s-quay", title="Quay reopens", articles=("a1", "a2"),
    entities=(Entity("e1", "Odile Fancourt", "PERSON",
                     (Alias("Fancourt", 3, "surname", 0.91234, (CITE,)),), kb_id="Q1",
                     mentions=(("a1", 0, 14), ("a2", 5, 13)), note="possibly the same as e2"),),
    timeline=(Event("2024-06-04", "START", "The quay reopened", ("e1",), (CITE,),
                    {"a1": "2024-06-04", "a2": "2024-06"}),),
    claims=(Claim("c1", "refined", "the quay reopened", {"a1": "4 June", "a2": "June"}, (CITE,),
                  "date"),),
    flags=(Flag("date-conflict", "a2", "June", "less precise", "e1", (CITE,)),),
    notes=("article a2 is a near-duplicate of a1: counted once as a source",),
    entity_timelines=(EntityTimeline("e1", (
        TimelineEntry(1, "2024-06-04", None, "date", "dated", "The quay reopened", 0, ("e1",),
                      (CITE,), (("a1", 4, 12),)),
        TimelineEntry(0, None, None, "none", "not placed", "Fancourt spoke", None, ("e1",)),
    )),),
)  # fmt: skip


def test_entity_timelines_are_stored_with_the_story():
    # they were once dropped on the way back, leaving the web filter and the dossier empty
    back = decode_story(encode_story(STORY))
    assert back.entity_timelines == STORY.entity_timelines
    assert back.entity_timelines[0].entries[0].predicates == (("a1", 4, 12),)


def test_a_story_comes_back_exactly():
    assert decode_story(encode_story(STORY)) == STORY


def test_an_unknown_format_is_refused():
    data = json.loads(encode_story(STORY))
    data["format"] = 99
    with pytest.raises(StoreError, match="format 99"):
        decode_story(json.dumps(data))


def test_the_earlier_stored_form_converts_to_the_same_story():
    old = json.loads(json.dumps(story_dict(STORY)))  # what versions before 2 stored
    converted = story_from_dossier_form(old)
    # The dossier rounds alias confidences to three places; nothing else is lost.
    assert converted.entities[0].aliases[0].confidence == 0.912
    assert story_dict(converted) == story_dict(STORY)
