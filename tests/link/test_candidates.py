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


def flags_of(res, kind: str = "name-variant") -> list:  # type: ignore[no-untyped-def]
    return [f for f in res.flags if f.kind == kind]


def test_word_forms_tell_derivations_and_cuts_from_misspellings() -> None:
    assert candidates.word_forms(["varnia"], ["varnian"]) == "derived"  # a country, its people
    assert candidates.word_forms(["ostrelia"], ["ostrelian"]) == "derived"
    assert candidates.word_forms(["halvorsen"], ["halvor"]) == "truncated"
    assert candidates.word_forms(["ukrane"], ["ukranian"]) == "derived"
    assert candidates.word_forms(["molvaro"], ["molvarin"]) == "derived"
    assert candidates.word_forms(["siesta", "keys"], ["siesta", "key"]) == "plural"
    assert candidates.word_forms(["halvorsen"], ["halvorsem"]) is None
    assert candidates.word_forms(["kormasova"], ["kurmasova"]) is None


def test_nationality_words_are_never_name_variants_of_a_place() -> None:
    res = resolve(
        [
            doc("a", [("Varnia", "GPE"), ("Varnian", "NORP")]),
            doc("b", [("Varnians", "NORP"), ("Ukrane", "GPE")]),
            doc("c", [("Ukranian", "NORP")]),
        ]
    )
    assert not flags_of(res)
    assert not any({"Varnia", "Varnian"} <= names for names in entity_names(res))


def test_a_name_cut_short_is_no_misspelling() -> None:
    res = resolve([doc("a", [("Kristiansen", "PERSON")]), doc("b", [("Kristians", "PERSON")])])
    assert not flags_of(res)
    res = resolve(
        [
            doc("a", [("Varnia Telecom Company", "ORG")]),
            doc("b", [("Varnia Teleco Company", "ORG")]),
        ]
    )
    assert {"Varnia Telecom Company", "Varnia Teleco Company"} in entity_names(res)
    assert not flags_of(res)


def test_a_plural_joins_without_a_flag() -> None:
    res = resolve([doc("a", [("Brekka Key", "LOC")]), doc("b", [("Brekka Keys", "LOC")])])
    assert {"Brekka Key", "Brekka Keys"} in entity_names(res)
    assert not flags_of(res)


def test_other_spacing_or_hyphens_are_one_name_without_a_flag() -> None:
    res = resolve([doc("a", [("Lam Siu-fung", "PERSON")]), doc("b", [("Lam Siu fung", "PERSON")])])
    assert {"Lam Siu-fung", "Lam Siu fung"} in entity_names(res)
    assert not flags_of(res)


def test_a_person_named_in_the_other_order_joins() -> None:
    res = resolve(
        [
            doc("a", [("Marta Oyelaran", "PERSON"), ("Ibsen", "PERSON")]),
            doc("b", [("Oyelaran Marta", "PERSON")]),
        ]
    )
    assert {"Marta Oyelaran", "Oyelaran Marta"} in entity_names(res)


def test_a_misspelt_bare_surname_joins_the_full_name_with_a_flag() -> None:
    res = resolve([doc("a", [("Dana Kurmasova", "PERSON")]), doc("b", [("Kormasova", "PERSON")])])
    assert {"Dana Kurmasova", "Kormasova"} in entity_names(res)
    (flag,) = flags_of(res)
    assert flag.text == "Kormasova" and "Dana Kurmasova" in flag.message


def test_a_misspelt_surname_shared_by_two_people_stays_apart() -> None:
    res = resolve(
        [
            doc("a", [("Dana Kurmasova", "PERSON"), ("Ilya Kurmasova", "PERSON")]),
            doc("b", [("Kormasova", "PERSON")]),
        ]
    )
    assert {"Kormasova"} in entity_names(res)


def test_a_name_is_never_flagged_as_a_variant_of_itself() -> None:
    # "Alexei Ostrov" and "Alexey Ostrov" join by the given-name rule; whichever side was
    # the variant in the join, the canonical name's own articles carry no flag
    res = resolve(
        [doc(k, [("Aleksei Ostrov", "PERSON")]) for k in "abc"]
        + [doc("d", [("Aleksey Ostrov", "PERSON")])]
    )
    (entity,) = [e for e in res.entities if "Ostrov" in e.name]
    assert entity.name == "Aleksei Ostrov"
    assert all(f.text != entity.name for f in res.flags)


def test_a_common_word_is_no_name_variant() -> None:
    lower = "The journalism of the region was praised."
    a, an = doc("a", [("Journalist", "PROPN")])
    b, bn = doc("b", [("Journalism", "PROPN")])
    b = Article(b.id, b.text + " " + lower)
    res = resolve([(a, an), (b, bn)])
    assert not flags_of(res)


def test_two_spellings_of_one_given_name_in_several_articles_each_are_one_person() -> None:
    kristine = [doc(k, [("Kristine Brekke", "PERSON")]) for k in "abe"]
    kristyne = [doc(k, [("Kristyne Brekke", "PERSON")]) for k in "cd"]
    res = resolve([*kristine, *kristyne])
    assert {"Kristine Brekke", "Kristyne Brekke"} <= next(
        names for names in entity_names(res) if "Kristine Brekke" in names
    )
    assert {f.text for f in flags_of(res)} == {"Kristyne Brekke"}
    sigrid = [doc(k, [("Sigrid Brekke", "PERSON")]) for k in "ab"]
    astrid = [doc(k, [("Astrid Brekke", "PERSON")]) for k in "cd"]
    res = resolve([*sigrid, *astrid])
    assert not any({"Sigrid Brekke", "Astrid Brekke"} <= names for names in entity_names(res))


def test_a_given_name_written_as_an_initial_joins_its_full_name() -> None:
    astrid = [doc(k, [("Astrid Brekke", "PERSON")]) for k in "ab"]
    res = resolve([*astrid, doc("c", [("A. Brekke", "PERSON")])])
    assert {"Astrid Brekke", "A. Brekke"} in entity_names(res)
    assert not flags_of(res)
    res = resolve([*astrid, doc("c", [("N. Brekke", "PERSON")])])
    assert not any("N. Brekke" in names and len(names) > 1 for names in entity_names(res))
