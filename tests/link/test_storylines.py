import json
from dataclasses import replace

import pytest

from storyweave.link.storylines import (
    ActorDoc,
    StorylineLinker,
    StorylineSettings,
    actor_doc,
)
from storyweave.model import Analysis, Mention, NameGroup


def analysis(*groups: tuple[str, str, list[int]]) -> Analysis:
    """An analysis whose name groups are (name, model label, sentences of its mentions)."""
    mentions: list[Mention] = []
    out: list[NameGroup] = []
    for gid, (name, label, sentences) in enumerate(groups):
        start = len(mentions)
        for s in sentences:
            mentions.append(Mention(0, len(name), name, label, name, group=gid, sentence=s))
        out.append(
            NameGroup(gid, name, {label: len(sentences)}, tuple(range(start, len(mentions))))
        )
    return Analysis("a", "en", mentions=tuple(mentions), groups=tuple(out))


def test_actors_leave_places_out_and_keep_a_persons_surname():
    an = analysis(
        ("Oskar Pell", "PERSON", [0, 3]),
        ("Brantford", "GPE", [0]),
        ("Halden Trust", "ORG", [4]),
        ("Canadian", "NORP", [1]),
        ("Nadia Ferro", "PERSON", [5]),
    )
    doc = actor_doc("a", an, title="Halden Trust founder held")
    assert doc.actors == {"oskar pell", "pell", "halden trust", "nadia ferro", "ferro"}
    # In the lead: named in the first two sentences, or in the title.
    assert doc.lead == {"oskar pell", "pell", "halden trust"}
    assert actor_doc("b", None) == ActorDoc("b")


def doc(key: str, lead: set[str], rest: set[str] = frozenset()) -> ActorDoc:
    return ActorDoc(key, frozenset(lead | rest), frozenset(lead))


# Two sagas of one court: a financier tried for fraud and, the same months, a crypto founder.
# Their coverage shares the court, the prosecutor and the judge; their main actors differ,
# and each side names the other now and then in its background.
PELL = {"oskar pell", "pell", "halden trust"}
VOSS = {"lena voss", "voss", "koinbay"}
COURT = {"judge amos reyes", "reyes", "prosecutor office"}


def sagas() -> list[tuple[ActorDoc, str]]:
    return [
        (doc("p1", PELL, COURT), "sp-arrest"),
        (doc("p2", PELL, COURT | {"nadia ferro"}), "sp-arrest"),
        (doc("v1", VOSS, COURT), "sv-arrest"),
        (doc("v2", VOSS, COURT | {"oskar pell"}), "sv-arrest"),  # "like Pell before her"
        (doc("p3", PELL, COURT | {"nadia ferro"}), "sp-verdict"),
        (doc("p4", PELL | {"nadia ferro"}, COURT), "sp-verdict"),
        (doc("v3", VOSS, COURT | {"pell"}), "sv-verdict"),
        (doc("v4", VOSS | {"reyes"}, set()), "sv-verdict"),
    ]


def test_events_sharing_their_main_actors_form_one_storyline_and_similar_sagas_stay_apart():
    linker = StorylineLinker(StorylineSettings())
    lines = [linker.add(d, event) for d, event in sagas()]
    pell, voss = lines[0], lines[2]
    assert pell != voss
    assert lines == [pell, pell, voss, voss, pell, pell, voss, voss]
    assert linker.storylines() == {
        pell: ["sp-arrest", "sp-verdict"],
        voss: ["sv-arrest", "sv-verdict"],
    }
    assert pell == "lp-arrest"  # named after its first event


def test_state_round_trips_and_continues_the_same():
    items = sagas()
    straight = StorylineLinker(StorylineSettings())
    expected = [straight.add(d, e) for d, e in items]
    resumed = StorylineLinker(StorylineSettings())
    first = [resumed.add(d, e) for d, e in items[:3]]
    resumed = StorylineLinker.from_state(json.loads(json.dumps(resumed.state())))
    assert first + [resumed.add(d, e) for d, e in items[3:]] == expected
    assert resumed.state() == straight.state()
    with pytest.raises(ValueError):
        StorylineLinker.from_state({"version": 99})


def test_the_storyline_level_biases_an_article_against_the_other_sagas_events():
    linker = StorylineLinker(StorylineSettings())
    for d, event in sagas()[:4]:
        linker.add(d, event)
    # A report of Voss's verdict that names Pell in passing: joining Pell's event costs.
    bias = linker.event_bias(doc("v5", VOSS, COURT | {"pell"}))
    assert bias is not None
    assert bias("sv-arrest") == 0.0
    assert bias("sp-arrest") < -0.2
    assert bias("s-unknown") == 0.0
    assert linker.event_bias(ActorDoc("x")) is None


def test_a_lone_event_joins_a_storyline_once_it_fits_and_its_id_forwards():
    linker = StorylineLinker(StorylineSettings())
    linker.add(doc("p1", PELL, COURT), "sp-arrest")
    linker.add(doc("p2", PELL, COURT), "sp-arrest")
    # A first report naming only people in the background starts a storyline of its own...
    first = linker.add(doc("x1", {"halden investors"}, {"nadia ferro"}), "sx")
    assert first == "lx" and linker.resolve("lx") == "lx"
    # ...and its event joins Pell's once its next reports put Pell in the lead.
    linker.add(doc("x2", PELL | {"halden investors"}, COURT), "sx")
    assert linker.storyline_of("sx") == "lp-arrest"
    assert linker.resolve("lx") == "lp-arrest"
    assert linker.storylines() == {"lp-arrest": ["sp-arrest", "sx"]}


def test_a_lone_event_merged_into_another_event_moves_with_it():
    linker = StorylineLinker(StorylineSettings())
    linker.add(doc("p1", PELL, COURT), "sp")
    linker.add(doc("x1", {"halden investors"}), "sx")  # a storyline of its own
    assert linker.storyline_of("sx") == "lx"
    # The event clusterer moved x1's lone event into sp when p2 arrived.
    line = linker.add(doc("p2", PELL, COURT), "sp", moved=[("x1", "sx")])
    assert line == "lp"
    assert linker.storyline_of("sx") is None
    assert linker.resolve("lx") == "lp"
    assert linker.storylines() == {"lp": ["sp"]}


def test_a_storyline_is_titled_after_the_person_it_is_about_not_an_organization_led_as_often():
    from storyweave.link.storylines import storyline_title
    from storyweave.model import Entity, Story

    linker = StorylineLinker(StorylineSettings())
    line = linker.add(doc("p1", PELL, COURT), "sp")
    linker.add(doc("p2", PELL, COURT), "sp")
    (record,) = [r for r in linker.state()["storylines"] if r["id"] == line]
    pell = Entity("e1", "Oskar Pell", "PERSON", mentions=(("p1", 0, 4),) * 6)
    trust = Entity("e2", "Halden Trust", "ORG", mentions=(("p1", 0, 4),) * 2)
    story = Story(id="sp", title="Financier held", articles=("p1", "p2"), entities=(trust, pell))
    assert storyline_title(record, [story]) == "Oskar Pell"
    # A place its stories' entities resolve to is their setting, never the title.
    place = replace(pell, type="GPE")
    assert storyline_title(record, [replace(story, entities=(trust, place))]) == "Halden Trust"
    # No actor of the record among the story's entities: its first story's title.
    assert storyline_title(record, [Story("sp", "Financier held", ("p1",))]) == "Financier held"
