"""Type votes and nodes read back from an Analysis, without a parse."""

from __future__ import annotations

from storyweave.link.evidence import build_nodes, type_votes
from storyweave.model import Analysis, Article, Mention, NameGroup, Sentence


def m(name: str, label: str, **kw) -> Mention:  # type: ignore[no-untyped-def]
    return Mention(start=0, end=len(name), text=name, label=label, name=name, **kw)


def top(votes: dict[str, float]) -> str:
    return max(votes, key=lambda k: votes[k])


def test_person_from_verbs_despite_place_labels() -> None:
    mentions = [
        m("Okonjo", "GPE", dep="nsubjpass", verb="arrest"),
        m("Okonjo", "LOC", dep="nsubj", verb="say"),
        m("Okonjo", "LOC"),
    ]
    assert top(type_votes(mentions, ())) == "PERSON"
    assert top(type_votes([m("Okonjo", "GPE"), m("Okonjo", "LOC")], ())) in ("GPE", "LOC")


def test_titles_pronouns_and_org_words() -> None:
    assert top(type_votes([m("Varga", "GPE", title="Ambassador")], ())) == "PERSON"
    assert top(type_votes([m("Varga", "ORG")], [(10, 12, "she")])) == "PERSON"
    assert top(type_votes([m("Harbor Authority", "PERSON")], ())) == "ORG"
    assert top(type_votes([m("Kesa Lind", "ORG", descriptor="a local businessman")], ())) == (
        "PERSON"
    )


def test_build_nodes_reads_groups() -> None:
    text = "Ilse Varga spoke. Varga left."
    mentions = (
        Mention(0, 10, "Ilse Varga", "PERSON", "Ilse Varga", group=0, sentence=0),
        Mention(18, 23, "Varga", "GPE", "Varga", group=0, sentence=1),
    )
    groups = (NameGroup(0, "Ilse Varga", {"PERSON": 1, "GPE": 1}, (0, 1)),)
    analysis = Analysis("a1", "en", (Sentence(0, 0, 17), Sentence(1, 18, 29)), mentions, groups)
    (node,) = build_nodes([(Article("a1", text), analysis)])
    assert node.key == ("a1", 0)
    assert node.western_full == ["Ilse Varga"]
    assert node.sentences == {0, 1}
    assert node.aliases["Varga"] == 1


def test_a_capital_from_the_sentence_start_is_no_name() -> None:
    text = "Ships began unloading at dawn. Two ships waited. Berlin sent tugs. Union men cheered."
    spans = [(0, 5, "Ships", "ORG", 0), (49, 55, "Berlin", "GPE", 2), (67, 72, "Union", "ORG", 3)]
    mentions = tuple(
        Mention(a, b, t, label, t, group=k, sentence=s)
        for k, (a, b, t, label, s) in enumerate(spans)
    )
    groups = tuple(NameGroup(k, m.name, {m.label: 1}, (k,)) for k, m in enumerate(mentions))
    sentences = (Sentence(0, 0, 30), Sentence(1, 31, 48), Sentence(2, 49, 66), Sentence(3, 67, 86))
    analysis = Analysis("a1", "en", sentences, mentions, groups)
    nodes = build_nodes([(Article("a1", text), analysis)])
    # "ships" is written in lower case too; "Berlin" never is; "union" is not written in lower
    # case here, so the word stays (no evidence that it is a common noun).
    assert [n.name for n in nodes] == ["Berlin", "Union"]
    assert [n.index for n in nodes] == [0, 1]
    later = "Ships began unloading. Two ships waited. Later, Ships Direct, the agent, said so."
    mentions = (
        Mention(0, 5, "Ships", "ORG", "Ships", group=0, sentence=0),
        Mention(48, 60, "Ships Direct", "ORG", "Ships Direct", group=1, sentence=2),
    )
    groups = (
        NameGroup(0, "Ships", {"ORG": 1}, (0,)),
        NameGroup(1, "Ships Direct", {"ORG": 1}, (1,)),
    )
    sentences = (Sentence(0, 0, 22), Sentence(1, 23, 40), Sentence(2, 41, 82))
    nodes = build_nodes([(Article("a2", later), Analysis("a2", "en", sentences, mentions, groups))])
    # capitalized inside a sentence elsewhere: kept
    assert [n.name for n in nodes] == ["Ships", "Ships Direct"]


def test_a_name_in_brackets_after_a_dateline_is_an_agency() -> None:
    text = "VELLMAR, May 2 (Norvik) - Harbour Radio said the pier was shut."
    mentions = (
        Mention(16, 22, "Norvik", "NORP", "Norvik", group=0, sentence=0),
        Mention(26, 39, "Harbour Radio", "ORG", "Harbour Radio", group=1, sentence=0),
    )
    groups = (NameGroup(0, "Norvik", {"NORP": 1}, (0,)), NameGroup(1, "Harbour Radio", {}, (1,)))
    analysis = Analysis("a1", "en", (Sentence(0, 0, len(text)),), mentions, groups)
    agency, radio = build_nodes([(Article("a1", text), analysis)])
    assert top(agency.votes) == "ORG"
    # a place word opening a name does not make it a place ("Harbour Radio")
    assert top(radio.votes) == "ORG"
    assert top(type_votes([m("Harrow Road", "PERSON")], ())) == "LOC"
