"""Candidate generators on hand-built analyses (no parse needed)."""

from __future__ import annotations

from collections.abc import Iterable

from storyweave.link import candidates
from storyweave.link.candidates import Candidate, Pool, register
from storyweave.link.entities import resolve
from storyweave.model import Analysis, Article, Mention, NameGroup, Sentence


def doc(aid: str, names: list[tuple[str, str]]) -> tuple[Article, Analysis]:
    """One article with one sentence per name: (name, label)."""
    parts, sentences, mentions, groups = [], [], [], []
    pos = 0
    for i, (name, label) in enumerate(names):
        sentence = f"{name} said it was over."
        parts.append(sentence)
        sentences.append(Sentence(i, pos, pos + len(sentence)))
        mentions.append(
            Mention(
                pos,
                pos + len(name),
                name,
                label,
                name,
                group=i,
                sentence=i,
                dep="nsubj",
                verb="say",
            )
        )
        groups.append(NameGroup(i, name, {label: 1}, (i,)))
        pos += len(sentence) + 1
    text = " ".join(parts)
    return Article(aid, text), Analysis(aid, "en", tuple(sentences), tuple(mentions), tuple(groups))


def entity_names(res) -> list[set[str]]:  # type: ignore[no-untyped-def]
    return [{a.text for a in e.aliases} for e in res.entities]


def test_spelling_variant_joins_with_a_flag() -> None:
    res = resolve([doc("a", [("Halvorsen", "PERSON")]), doc("b", [("Halvorsem", "GPE")])])
    assert {"Halvorsen", "Halvorsem"} in entity_names(res)
    flag = next(f for f in res.flags if f.kind == "name-variant")
    assert flag.text == "Halvorsem" and flag.article == "b"
    assert len(flag.evidence) == 2


def test_acronym_across_articles() -> None:
    res = resolve([doc("a", [("Department of Fisheries", "ORG")]), doc("b", [("DOF", "ORG")])])
    merged = next(e for e in res.entities if e.name == "Department of Fisheries")
    assert any(a.text == "DOF" and a.match == "acronym" for a in merged.aliases)


def test_different_short_names_stay_apart() -> None:
    res = resolve([doc("a", [("Jansen", "PERSON")]), doc("b", [("Hansen", "PERSON")])])
    assert len(res.entities) == 2


def test_a_new_generator_is_one_function() -> None:
    @register("test-always")
    def always(pool: Pool) -> Iterable[Candidate]:
        yield Candidate(1, 0, "test", 0.99, reason="always")

    try:
        docs = [doc("a", [("Orlov", "PERSON")]), doc("b", [("Quist", "PERSON")])]
        res = resolve(docs, settings={"generators": "exact, test-always"})
        assert len(res.entities) == 1
        assert resolve(docs, settings={"generators": "exact"}).entities[1:]
    finally:
        candidates.REGISTRY.pop("test-always")


def test_translit_head_needs_shared_tail_and_one_romanized_side():
    from storyweave.link.candidates import _translit_head

    assert _translit_head(["Weisite", "Shipping"], ["Vester", "Shipping"]) == ("Weisite", "Vester")
    assert _translit_head(["Weisite", "Shipping"], ["Vester", "Freight"]) is None
    assert (
        _translit_head(["Oster", "Shipping"], ["Vester", "Shipping"]) is None
    )  # neither is pinyin


def test_a_translated_place_order_joins_and_the_town_stays_apart() -> None:
    res = resolve(
        [
            doc("a", [("Port of Vellmar", "ORG"), ("Vellmar", "GPE")]),
            doc("b", [("Velmar Port", "PERSON")]),
        ]
    )
    names = entity_names(res)
    assert {"Port of Vellmar", "Velmar Port"} in names
    assert {"Vellmar"} in names
    port = next(e for e in res.entities if "Vellmar" not in {a.text for a in e.aliases})
    assert port.type != "PERSON"
