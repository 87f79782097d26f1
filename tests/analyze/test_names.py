"""Name mentions and within-article grouping, on the seeds and on invented sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyweave.analyze.names import extract, org_keys, surname_key
from storyweave.analyze.nametables import chinese_order, pinyin_split
from storyweave.analyze.nlp import load_model, sentences
from storyweave.model import Mention, NameGroup

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_model()


def run(nlp, text: str) -> tuple[tuple[Mention, ...], tuple[NameGroup, ...]]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    return extract(doc, sentences(doc))


def group_names(mentions, groups) -> list[set[str]]:  # type: ignore[no-untyped-def]
    return [{mentions[i].text for i in g.mentions} for g in groups]


def group_of(mentions, groups, surface: str) -> NameGroup:  # type: ignore[no-untyped-def]
    for g in groups:
        if any(mentions[i].text == surface or mentions[i].name == surface for i in g.mentions):
            return g
    raise AssertionError(f"no group holds {surface!r}")


def seed(prefix: str) -> str:
    return next(SEEDS.glob(prefix + "_*.txt")).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed000(nlp):  # type: ignore[no-untyped-def]
    return run(nlp, seed("000"))


@pytest.fixture(scope="module")
def seed004(nlp):  # type: ignore[no-untyped-def]
    return run(nlp, seed("004"))


def test_seed_000_spavor_and_plural_are_one_group(seed000) -> None:  # type: ignore[no-untyped-def]
    mentions, groups = seed000
    g = group_of(mentions, groups, "Spavors")
    texts = {mentions[i].text for i in g.mentions}
    assert {"Spavor", "Spavors"} <= texts
    assert "PROPN" in g.labels  # the mentions the model did not tag at all are kept


def test_seed_000_meng_full_name_surname_and_plurals(seed000) -> None:  # type: ignore[no-untyped-def]
    mentions, groups = seed000
    g = group_of(mentions, groups, "Meng Wanzhou")
    names = {mentions[i].text for i in g.mentions}
    assert {"Meng Wanzhou", "Meng", "Mengs"} <= names
    assert g.name == "Meng Wanzhou"
    assert any(p[2] == "She" for p in g.pronouns)


def test_seed_000_fused_sentence_start_and_titles(seed000) -> None:  # type: ignore[no-untyped-def]
    mentions, groups = seed000
    assert not any(m.name.startswith("Following") for m in mentions)
    g = group_of(mentions, groups, "Robert Schellenberg")
    assert len(g.mentions) == 4
    blinken = next(m for m in mentions if m.name == "Antony Blinken")
    assert blinken.title == "US Secretary of State"
    garneau = next(m for m in mentions if m.name == "Marc Garneau")
    assert garneau.title == "Canadian Foreign Minister"
    # the title words are not names of their own
    assert not any(m.name in ("State", "US Secretary", "Foreign Minister") for m in mentions)


def test_seed_004_full_name_and_surname(seed004) -> None:  # type: ignore[no-untyped-def]
    mentions, groups = seed004
    g = group_of(mentions, groups, "Michael Spavor")
    assert {mentions[i].text for i in g.mentions} == {"Michael Spavor", "Spavor"}
    trudeau = next(m for m in mentions if m.name == "Trudeau" and m.title)
    assert trudeau.title == "Prime Minister"
    meng = group_of(mentions, groups, "Meng Wanzhou")
    assert "Meng" in {mentions[i].text for i in meng.mentions}  # split from "Huawei CFO"


def test_seed_004_organization_reorderings(seed004) -> None:  # type: ignore[no-untyped-def]
    mentions, groups = seed004
    g = group_of(mentions, groups, "Justice Department")
    names = {mentions[i].name for i in g.mentions}
    assert {"Justice Department", "U.S. Justice Department", "U.S. Department of Justice"} <= names


def test_two_people_sharing_a_surname_stay_apart(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Tomas Ferreira met Lucia Ferreira in Lisbon on Monday.\n\n"
        "Lucia Ferreira said the meeting was long. Ferreira added that she was tired."
    )
    mentions, groups = run(nlp, text)
    tomas = group_of(mentions, groups, "Tomas Ferreira")
    lucia = group_of(mentions, groups, "Lucia Ferreira")
    assert tomas.id != lucia.id
    # the bare surname joins the full name mentioned most recently before it
    assert "Ferreira" in {mentions[i].text for i in lucia.mentions}
    assert "Ferreira" not in {mentions[i].text for i in tomas.mentions}


def test_titles_possessives_and_surnames(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Foreign Minister Hana Lindqvist flew to Oslo on Tuesday. "
        "Lindqvist's visit was short, and Lindqvist met reporters before she left."
    )
    mentions, groups = run(nlp, text)
    g = group_of(mentions, groups, "Hana Lindqvist")
    assert {mentions[i].name for i in g.mentions} == {"Hana Lindqvist", "Lindqvist"}
    first = mentions[g.mentions[0]]
    assert first.title == "Foreign Minister"
    assert text[first.start : first.end] == "Hana Lindqvist"


def test_acronym_and_reordering_of_an_organization(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The Department of Energy released a report on Monday. "
        "A DOE spokesman said the Energy Department would publish the data."
    )
    mentions, groups = run(nlp, text)
    g = group_of(mentions, groups, "Department of Energy")
    assert {"DOE", "Energy Department"} <= {mentions[i].name for i in g.mentions}


def test_chinese_name_order(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Zhang Weiming arrived in Geneva on Monday for the talks. "
        "Zhang told reporters the talks were useful. Weiming is his given name."
    )
    mentions, groups = run(nlp, text)
    g = group_of(mentions, groups, "Zhang Weiming")
    names = {mentions[i].name for i in g.mentions}
    assert "Zhang" in names and "Weiming" not in names


def test_surname_key_and_pinyin() -> None:
    assert surname_key("Zhang Weiming") == "zhang"
    assert surname_key("Hana Lindqvist") == "lindqvist"
    assert surname_key("Lindqvist") is None
    assert pinyin_split("Weiming") == ["wei", "ming"]
    assert pinyin_split("Lindqvist") is None
    assert chinese_order(["Li", "Na"])
    assert not chinese_order(["Hana", "Lindqvist"])


def test_org_keys_meet() -> None:
    assert org_keys("Department of Justice") & org_keys("the Justice Department")
    assert "acr:doj" in org_keys("U.S. Department of Justice")


def test_plural_of_a_name_in_the_article(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Police questioned Oskar Varga on Friday. The Vargas' lawyer said Varga would not comment."
    )
    mentions, groups = run(nlp, text)
    g = group_of(mentions, groups, "Oskar Varga")
    assert all(mentions[i].name in ("Oskar Varga", "Varga") for i in g.mentions)
    assert len(g.mentions) >= 2


def test_spans_found_elsewhere_replace_the_candidates(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Minister Ilse Varga met Tomas Brandt in Oslo. Varga said the talks went well."
    doc = nlp(text)
    start = next(t.i for t in doc if t.text == "Ilse")
    mentions, groups = extract(doc, sentences(doc), spans=[(start - 1, start + 2)])
    first = next(m for m in mentions if m.name == "Ilse Varga")
    assert first.title == "Minister"  # the given span is normalized like any other
    g = group_of(mentions, groups, "Ilse Varga")
    assert {mentions[i].name for i in g.mentions} == {"Ilse Varga", "Varga"}
    assert any(m.name == "Tomas Brandt" for m in mentions)  # the model's other names stay


def test_a_speech_pronoun_goes_to_the_latest_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The mill burned overnight. Foreman Albert Quist said the alarm failed at midnight. "
        "Mayor Ingrid Solberg toured the ruins at noon. Speaking to reporters, she said the "
        'road would reopen on Monday. "We were lucky," she added.'
    )
    mentions, groups = run(nlp, text)
    solberg = group_of(mentions, groups, "Ingrid Solberg")
    quist = group_of(mentions, groups, "Albert Quist")
    assert [p[2] for p in solberg.pronouns][:1] == ["she"]
    assert not quist.pronouns


def test_he_added_still_goes_to_the_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Coach Peter Lund said the team had trained hard. The striker Omar Vance was injured "
        'in March. "We are ready," he added.'
    )
    mentions, groups = run(nlp, text)
    # the striker is not a subject of a speech verb; the quoted coach is the speaker
    assert [p[2] for p in group_of(mentions, groups, "Peter Lund").pronouns] == ["he"]


def test_a_place_word_takes_the_name_after_of(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The Port of Vellmar reopened on Friday. Crews in Vellmar cleared the pier, "
        "and the town council thanked them."
    )
    mentions, groups = run(nlp, text)
    names = group_names(mentions, groups)
    assert {"Port of Vellmar"} in names
    # the town is another name: no surname of the port
    assert {"Vellmar"} in names


def test_a_numbered_building_keeps_its_number(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Crews fought the fire in Warehouse 7 until dawn, said the chief, Ada Brenner."
    mentions, groups = run(nlp, text)
    names = group_names(mentions, groups)
    assert {"Warehouse 7"} in names
    assert {"Ada Brenner"} in names


def test_camel_case_product_names_are_names(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Sales of the vPhone rose. The eStore Music Store sold songs, and the App Store sold apps."
    )
    mentions, groups = run(nlp, text)
    names = {m.name for m in mentions}
    assert {"vPhone", "eStore Music Store", "App Store"} <= names
    # "Store" is no surname: the two stores stay two names
    store = group_of(mentions, groups, "App Store")
    assert all(mentions[i].name == "App Store" for i in store.mentions)


def test_a_unit_after_a_number_is_no_part_of_the_name(nlp) -> None:  # type: ignore[no-untyped-def]
    mentions, _ = run(nlp, "Vexa sold the 8 GB Zune for less. The 30 GB Zune came later.")
    assert {m.name for m in mentions if "Zune" in m.name} == {"Zune"}


def test_a_district_of_a_place_is_one_name(nlp) -> None:  # type: ignore[no-untyped-def]
    # the model tags "the Western District" and "Texas" apart
    text = "Prosecutors filed the charges in the Western District of Texas, and a judge in Austin set bail."
    mentions, _ = run(nlp, text)
    names = [m.name for m in mentions]
    assert "Western District of Texas" in names
    assert "Texas" not in names and "Western District" not in names
    assert "Austin" in names
    # two places joined by "of" without a district, court or bank word stay two names
    mentions, _ = run(nlp, "Officials of France met officials of Brazil.")
    assert {m.name for m in mentions} == {"France", "Brazil"}


def test_a_counted_given_name_is_a_group_not_a_person(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Lisbon pressed for the release of the two Marias. Maria Costa and Maria Lopes were "
        "held in May. He bought two Maria dolls."
    )
    mentions, _ = run(nlp, text)
    names = [m.text for m in mentions]
    assert "Marias" not in names
    assert {"Maria Costa", "Maria Lopes", "Lisbon"} <= set(names)
    # a given name modifying a noun after the number is not counted
    assert "Maria" in names


def test_hyphenated_given_names_stay_whole_and_the_surname_comes_first(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Former lawmaker Raymond Tam Siu-fung and Ho Kwai-lam were jailed. Tam said nothing."
    mentions, groups = run(nlp, text)
    names = {m.name for m in mentions}
    assert {"Raymond Tam Siu-fung", "Ho Kwai-lam"} <= names
    assert "Tam" in {
        mentions[i].name for i in group_of(mentions, groups, "Raymond Tam Siu-fung").mentions
    }
    assert surname_key("Ho Kwai-lam") == "ho"
    assert surname_key("Raymond Tam Siu-fung") == "tam"
    assert surname_key("Anna Brekke-Larsen") == "brekke-larsen"


def test_a_name_never_runs_over_a_line_break(nlp) -> None:  # type: ignore[no-untyped-def]
    mentions, _ = run(nlp, "Reporting by Elin Tse\n\nLund was taken to court on Friday.")
    assert not any("\n" in m.text or m.name == "Tse Lund" for m in mentions)


def test_a_name_cut_off_by_the_end_of_an_excerpt_is_dropped(nlp) -> None:  # type: ignore[no-untyped-def]
    mentions, _ = run(nlp, "Ingrid Halvorsen was freed on Friday. It is crucial to note that Halvo")
    assert {m.name for m in mentions} == {"Ingrid Halvorsen"}


def test_a_web_address_or_dotted_brand_is_no_name(nlp) -> None:  # type: ignore[no-untyped-def]
    mentions, _ = run(nlp, "Ingrid Halvorsen spoke to Varnia.ru and to Nord.Vesti on Monday.")
    assert {m.name for m in mentions} <= {"Ingrid Halvorsen", "Nord"}
    assert not any(m.name in ("Varnia.ru", "Vesti") for m in mentions)


def test_a_possessive_without_its_apostrophe_is_the_name(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Ingrid Halvorsen lost in court. Ingrid Halvorsens appeal was denied on Tuesday."
    mentions, groups = run(nlp, text)
    assert {m.name for m in mentions if "Halvorsen" in m.name} == {"Ingrid Halvorsen"}


def test_a_bare_surname_is_the_principal_not_a_relative_named_later(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Ingrid Halvorsen was freed on Friday after ten months in prison. Halvorsen flew home "
        "at once. Her brother Nils Halvorsen met her at the airport and said the family was "
        "grateful. Halvorsen thanked the embassy for its help."
    )
    mentions, groups = run(nlp, text)
    ingrid = group_of(mentions, groups, "Ingrid Halvorsen")
    bare = [i for i, m in enumerate(mentions) if m.name == "Halvorsen"]
    assert bare and all(i in ingrid.mentions for i in bare)


def test_a_bare_surname_goes_to_the_person_named_last(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Ingrid Halvorsen was freed on Friday. Judge Tomas Halvorsen signed the release "
        "order. Halvorsen's office published it on Monday."
    )
    mentions, groups = run(nlp, text)
    tomas = group_of(mentions, groups, "Tomas Halvorsen")
    bare = [i for i, m in enumerate(mentions) if m.name == "Halvorsen"]
    assert bare and all(i in tomas.mentions for i in bare)


def test_a_relative_named_by_the_given_name_first_never_takes_the_surname(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Ingrid Halvorsen was freed on Friday. Her brother Nils waited at the gate. "
        "Nils Halvorsen told reporters the family was grateful. Halvorsen flew home at once."
    )
    mentions, groups = run(nlp, text)
    ingrid = group_of(mentions, groups, "Ingrid Halvorsen")
    bare = [i for i, m in enumerate(mentions) if m.name == "Halvorsen"]
    assert bare and all(i in ingrid.mentions for i in bare)
