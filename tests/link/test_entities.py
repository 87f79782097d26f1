"""Entities across articles: the seeds through the real model (extract + resolve), and small
hand-built cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyweave.analyze.names import extract
from storyweave.analyze.nlp import load_model, sentences
from storyweave.link import candidates
from storyweave.link.entities import Resolution, entity_id, resolve
from storyweave.link.kb import Entry, KnowledgeBase
from storyweave.model import Analysis, Article, Entity, normalize_text

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
GOLDEN = json.loads((SEEDS / "golden.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_model()


def analyze(nlp, texts: dict[str, str]) -> list[tuple[Article, Analysis]]:  # type: ignore[no-untyped-def]
    docs = []
    for key, text in texts.items():
        text = normalize_text(text)
        doc = nlp(text)
        sents = sentences(doc)
        mentions, groups = extract(doc, sents)
        article = Article(id=key, text=text)
        analysis = Analysis(
            article=key, language="en", sentences=sents, mentions=mentions, groups=groups
        )
        docs.append((article, analysis))
    return docs


@pytest.fixture(scope="module")
def seed_docs(nlp):  # type: ignore[no-untyped-def]
    texts = {}
    for key, meta in GOLDEN["articles"].items():
        texts[key] = (SEEDS / meta["file"]).read_text(encoding="utf-8")
    return analyze(nlp, texts)


@pytest.fixture(scope="module")
def seeds(seed_docs) -> Resolution:  # type: ignore[no-untyped-def]
    return resolve(seed_docs)


def names_of(e: Entity) -> set[str]:
    return {e.name.lower()} | {a.text.lower() for a in e.aliases}


def find(res: Resolution, canonical: str) -> Entity:
    c = canonical.lower()
    hits = [e for e in res.entities if e.name.lower() == c] or [
        e for e in res.entities if c in names_of(e)
    ]
    assert hits, f"no entity for {canonical}"
    return hits[0]


def alias(e: Entity, text: str):  # type: ignore[no-untyped-def]
    return next(a for a in e.aliases if a.text == text)


def check_golden(res: Resolution) -> None:
    owners: dict[str, list[str]] = {}
    for g in GOLDEN["entities"]:
        e = find(res, g["canonical"])
        owners.setdefault(e.id, []).append(g["canonical"])
        missing = {a.lower() for a in [g["canonical"], *g["aliases"]]} - names_of(e)
        assert not missing, f"{g['canonical']}: missing {missing}"
        assert e.type == g["type"], f"{g['canonical']} typed {e.type}"
    merged = {k: v for k, v in owners.items() if len(v) > 1}
    assert not merged, f"false merges: {merged}"


def test_seed_entities_without_kb(seeds: Resolution) -> None:
    check_golden(seeds)


def test_seed_context_matches_cite_evidence(seeds: Resolution) -> None:
    for variant, canonical in (("Baudamin", "Dominic Barton"), ("Kang Mingkai", "Michael Kovrig")):
        e = find(seeds, canonical)
        a = alias(e, variant)
        assert a.match == "context"
        assert 0.6 <= a.confidence < 1.0
        assert any(variant in c.text for c in a.evidence)
    # the misspelling of the variant joins through it
    assert alias(find(seeds, "Dominic Barton"), "Baodamin").match in ("spelling", "context")


def test_seed_golden_flags(seeds: Resolution) -> None:
    for g in GOLDEN["flags"]:
        want = find(seeds, g["entity"]).id
        hits = [
            f
            for f in seeds.flags
            if f.kind == g["kind"] and f.entity == want and f.article == g["article"]
        ]
        assert hits, f"missing flag {g}"
        flag = hits[0]
        if g["kind"] == "name-variant":
            assert flag.text == g["text"]
            assert flag.evidence and all(c.text for c in flag.evidence)
        else:
            assert g["text"] in flag.text
            articles = {c.article for c in flag.evidence}
            assert articles == {"000", "004"}  # cites both sources
            assert any("She" in c.text for c in flag.evidence)


def test_spavor_typed_person_despite_place_labels(seed_docs, seeds: Resolution) -> None:  # type: ignore[no-untyped-def]
    e = find(seeds, "Michael Spavor")
    assert e.type == "PERSON"
    article, analysis = seed_docs[0]
    labels = {m.label for m in analysis.mentions if m.name == "Spavor"}
    assert labels & {"GPE", "LOC"}  # the model's label was a place


def test_groups_map_to_entities(seed_docs, seeds: Resolution) -> None:  # type: ignore[no-untyped-def]
    for article, analysis in seed_docs:
        for g in analysis.groups:
            assert (article.id, g.id) in seeds.groups
    e = seeds.entity_of("004", next(g.id for g in seed_docs[1][1].groups if g.name == "Baudamin"))
    assert e is not None and e.name == "Dominic Barton"


def test_ids_are_stable(seed_docs) -> None:  # type: ignore[no-untyped-def]
    a, b = resolve(seed_docs), resolve(list(seed_docs))
    assert [e.id for e in a.entities] == [e.id for e in b.entities]
    assert find(a, "Michael Kovrig").id == entity_id("Michael Kovrig", "PERSON")


def test_seed_entities_with_kb(seed_docs, seeds: Resolution) -> None:  # type: ignore[no-untyped-def]
    kb = KnowledgeBase(
        [
            Entry("Q100", "PERSON", {"en": "Dominic Barton", "zh": "鲍达民"}),
            Entry("Q101", "PERSON", {"en": "Michael Kovrig", "zh": "康明凯"}),
        ]
    )
    res = resolve(seed_docs, kb=kb)
    check_golden(res)
    for variant, canonical in (("Baudamin", "Dominic Barton"), ("Kang Mingkai", "Michael Kovrig")):
        with_kb = alias(find(res, canonical), variant)
        without = alias(find(seeds, canonical), variant)
        assert with_kb.match in ("knowledge-base", "transliteration")
        assert with_kb.confidence > without.confidence
    assert find(res, "Dominic Barton").kb_id == "Q100"


def test_two_people_sharing_a_surname_never_merge(nlp) -> None:  # type: ignore[no-untyped-def]
    docs = analyze(
        nlp,
        {
            "a": "Tomas Ferreira was arrested in Lisbon on Monday. Ferreira denied the charges.",
            "b": "Lucia Ferreira said on Tuesday that she would appeal. Ferreira spoke briefly.",
            "c": "Ferreira was not available for comment, a spokesman said.",
        },
    )
    res = resolve(docs)
    tomas, lucia = find(res, "Tomas Ferreira"), find(res, "Lucia Ferreira")
    assert tomas.id != lucia.id
    bare = res.entity_of("c", docs[2][1].groups[0].id)
    assert bare is not None and bare.id not in (tomas.id, lucia.id)
    assert bare.note and "possibly the same as" in bare.note


def test_a_nickname_joins_without_a_name_variant_flag(nlp) -> None:  # type: ignore[no-untyped-def]
    docs = analyze(
        nlp,
        {
            "a": "Robert Halvorsen, the mayor, said on Monday that the bridge would reopen.",
            "b": "Bob Halvorsen told reporters the repairs were finished. Halvorsen smiled.",
        },
    )
    res = resolve(docs)
    e = find(res, "Robert Halvorsen")
    assert alias(e, "Bob Halvorsen").match == "nickname"
    # "Bob" for "Robert" is an ordinary way to name him, no artifact of the source
    assert not any(f.kind == "name-variant" for f in res.flags)


def test_registry_has_every_generator() -> None:
    for name in (
        "exact",
        "surname",
        "nickname",
        "spelling",
        "transliteration",
        "knowledge-base",
        "context",
    ):
        assert callable(candidates.get(name))
    with pytest.raises(KeyError):
        candidates.get("no-such-generator")


def test_config_can_switch_off_context(seed_docs) -> None:  # type: ignore[no-untyped-def]
    res = resolve(seed_docs, settings={"generators": "exact, surname, spelling"})
    barton = find(res, "Dominic Barton")
    assert "baudamin" not in names_of(barton)


def test_below_the_threshold_a_note_not_a_merge(seed_docs) -> None:  # type: ignore[no-untyped-def]
    res = resolve(seed_docs, settings={"merge_threshold": "0.97"})
    baudamin = find(res, "Baudamin")
    assert baudamin.name != "Dominic Barton"
    assert baudamin.note and "possibly the same as Dominic Barton" in baudamin.note
    assert not any(f.kind == "name-variant" and f.text == "Baudamin" for f in res.flags)


def test_type_from_evidence_not_the_model_label(seed_docs) -> None:  # type: ignore[no-untyped-def]
    res = resolve(seed_docs, settings={"generators": "exact, surname"})
    baudamin = find(res, "Baudamin")  # labelled a country by the model six times out of seven
    assert baudamin.type == "PERSON"


SHORT_FORM = {
    "a": "The Valmont Harbour Authority said on Monday that the line would close.",
    "b": "A spokesman for the Authority said on Tuesday that the work would take a month.",
}


def test_an_organization_short_form_joins_its_full_name(nlp) -> None:  # type: ignore[no-untyped-def]
    res = resolve(analyze(nlp, SHORT_FORM))
    assert alias(find(res, "Valmont Harbour Authority"), "Authority").match == "short-form"


def test_a_short_form_two_organizations_end_in_stays_apart(nlp) -> None:  # type: ignore[no-untyped-def]
    texts = {**SHORT_FORM, "c": "The Tidewater Port Authority met on Friday."}
    res = resolve(analyze(nlp, texts))
    for full in ("Valmont Harbour Authority", "Tidewater Port Authority"):
        assert "authority" not in names_of(find(res, full))


def test_a_place_named_in_port_of_x_is_typed_a_place(nlp) -> None:  # type: ignore[no-untyped-def]
    docs = analyze(
        nlp,
        {
            "a": "The Port of Valdmere closed on Monday after a storm damaged two cranes.",
            "b": "Valdmere said the cranes would be repaired. Ferries to Valdmere were cancelled.",
        },
    )
    res = resolve(docs)
    town = next(e for e in res.entities if e.name == "Valdmere")
    assert town.type == "GPE"


# -- names across scripts (hand-built analyses, as the Chinese and Russian analyzers give) ----
def hand_doc(key: str, language: str, text: str, names: dict[str, str]) -> tuple:  # type: ignore[type-arg]
    """An article whose sentences end at "。" or ". ", with one name group per name of
    ``names`` (name -> label) and a mention at each place the name is written."""
    from storyweave.model import Mention, NameGroup, Sentence

    sents, start = [], 0
    for i, ch in enumerate(text):
        if ch == "。" or (ch == "." and text[i + 1 : i + 2] in (" ", "")):
            sents.append(Sentence(len(sents), start, i + 1))
            start = i + 2 if ch == "." else i + 1
    mentions, groups = [], []
    for g, (name, label) in enumerate(names.items()):
        found = []
        at = text.find(name)
        while at >= 0:
            sentence = next(s.index for s in sents if s.start <= at < s.end)
            found.append(len(mentions))
            mentions.append(Mention(at, at + len(name), name, label, name, g, None, sentence))
            at = text.find(name, at + len(name))
        groups.append(NameGroup(g, name, {label: len(found)}, tuple(found)))
    article = Article(id=key, text=text, language=language)
    return article, Analysis(key, language, tuple(sents), tuple(mentions), tuple(groups))


ENGLISH = hand_doc(
    "en",
    "en",
    "Harlan Vosk met Teodor Brannigan in Keswick. Later Harlan Vosk flew home. "
    "Teodor Brannigan stayed. Zhang Lifen also spoke.",
    {
        "Harlan Vosk": "PERSON",
        "Teodor Brannigan": "PERSON",
        "Keswick": "GPE",
        "Zhang Lifen": "PERSON",
    },
)


def test_a_cyrillic_name_joins_its_english_entity_by_transliteration() -> None:
    ru = hand_doc(
        "ru",
        "ru",
        "Харлан Воск прилетел вчера. Харлан Воск ответил. Теодор Бранниган остался.",
        {"Харлан Воск": "PERSON", "Теодор Бранниган": "PERSON"},
    )
    res = resolve([ENGLISH, ru])
    vosk = find(res, "Harlan Vosk")
    assert vosk.name == "Harlan Vosk"  # the English name, not the original form
    original = alias(vosk, "Харлан Воск")
    assert original.match == "transliteration"
    assert 0.6 <= original.confidence <= 1.0
    assert original.count == 2
    assert original.evidence  # cites the sentences it rests on
    brannigan = find(res, "Teodor Brannigan")
    assert alias(brannigan, "Теодор Бранниган").match == "transliteration"
    assert vosk.id != brannigan.id


def test_a_chinese_name_in_pinyin_joins_its_english_spelling() -> None:
    zh = hand_doc(
        "zh",
        "zh",
        "张丽芬昨天发言。她说张丽芬会回来。",
        {"张丽芬": "PERSON"},
    )
    res = resolve([ENGLISH, zh])
    person = find(res, "Zhang Lifen")
    a = alias(person, "张丽芬")
    assert a.match == "transliteration" and a.confidence >= 0.9
    assert any("pinyin" in f.message for f in res.flags if f.text == "张丽芬")


def test_a_transliterated_chinese_name_joins_by_its_letters() -> None:
    zh = hand_doc("zh", "zh", "哈兰·沃斯克抵达。布兰尼根留下。", {"哈兰·沃斯克": "PERSON"})
    res = resolve([ENGLISH, zh])
    assert alias(find(res, "Harlan Vosk"), "哈兰·沃斯克").match == "transliteration"


def test_a_near_miss_transliteration_stays_a_separate_person() -> None:
    # "Бранниган" is Brannigan; "Бреннеман" is someone else with a similar name: he must not
    # be merged into Brannigan (nor into anyone).
    ru = hand_doc(
        "ru",
        "ru",
        "Отто Бреннеман прибыл. Отто Бреннеман уехал.",
        {"Отто Бреннеман": "PERSON"},
    )
    res = resolve([ENGLISH, ru])
    other = find(res, "Отто Бреннеман")
    assert other.name == "Отто Бреннеман"
    assert "Отто Бреннеман" not in {a.text for a in find(res, "Teodor Brannigan").aliases}


def test_two_english_people_with_alike_transliterations_give_notes_not_a_merge() -> None:
    en = hand_doc(
        "en",
        "en",
        "Marc Kohl met officials. Mark Cole met others. Marc Kohl left. Mark Cole stayed.",
        {"Marc Kohl": "PERSON", "Mark Cole": "PERSON"},
    )
    ru = hand_doc("ru", "ru", "Марк Коль прибыл. Марк Коль уехал.", {"Марк Коль": "PERSON"})
    res = resolve([en, ru])
    original = find(res, "Марк Коль")
    assert original.name == "Марк Коль"  # neither Marc Kohl nor Mark Cole took it
    assert original.note and "possibly the same as" in original.note


def test_a_chinese_name_joins_by_the_knowledge_base() -> None:
    kb = KnowledgeBase(
        [Entry("Q900", "PERSON", {"en": "Teodor Brannigan", "zh": "柏文德"}, {"en": []})]
    )
    zh = hand_doc("zh", "zh", "柏文德昨天回国。", {"柏文德": "PERSON"})
    res = resolve([ENGLISH, zh], kb=kb)
    person = find(res, "Teodor Brannigan")
    assert person.name == "Teodor Brannigan"
    assert alias(person, "柏文德").match == "knowledge-base"
    assert person.kb_id == "Q900"


def test_a_chosen_chinese_name_joins_by_context() -> None:
    # 柏文德 shares no sounds with Teodor Brannigan; it takes his place beside Harlan Vosk
    zh = hand_doc(
        "zh",
        "zh",
        "哈兰·沃斯克与柏文德在凯西克会面。柏文德后来留下。哈兰·沃斯克和柏文德都发言。",
        {"哈兰·沃斯克": "PERSON", "柏文德": "PERSON", "凯西克": "GPE"},
    )
    res = resolve([ENGLISH, zh])
    chosen = alias(find(res, "Teodor Brannigan"), "柏文德")
    assert chosen.match == "context" and chosen.confidence >= 0.6
    assert alias(find(res, "Harlan Vosk"), "哈兰·沃斯克").match == "transliteration"
    flag = next(f for f in res.flags if f.text == "柏文德")
    assert "Harlan Vosk" in flag.message  # the shared companion is the evidence


def test_surname_and_spelling_links_work_within_cyrillic() -> None:
    # a bare Cyrillic surname in another article finds its full name, and a misspelt surname
    # its spelling, before the whole cluster meets the English name
    ru1 = hand_doc(
        "ru1", "ru", "Харлан Воск прилетел. Теодор Бранниган остался.",
        {"Харлан Воск": "PERSON", "Теодор Бранниган": "PERSON"},
    )  # fmt: skip
    ru2 = hand_doc(
        "ru2", "ru", "Воск ответил. Теодор Браниган промолчал.",
        {"Воск": "PERSON", "Теодор Браниган": "PERSON"},
    )  # fmt: skip
    res = resolve([ENGLISH, ru1, ru2])
    vosk = find(res, "Harlan Vosk")
    assert {"Харлан Воск", "Воск"} <= {a.text for a in vosk.aliases}
    assert alias(vosk, "Воск").match == "surname"
    brannigan = find(res, "Teodor Brannigan")
    assert alias(brannigan, "Теодор Браниган").match == "spelling"
    assert alias(brannigan, "Теодор Бранниган").match == "transliteration"


def test_a_russian_name_in_latin_letters_takes_over_no_one_by_context() -> None:
    # "Vladimir Sobolevsky" is named where Teodor Brannigan was, beside the same companion,
    # but shares no letters with him: a Russian name in English is that person's own
    en2 = hand_doc(
        "en2",
        "en",
        "Teodor Brannigan met Harlan Vosk in Keswick. Vladimir Sobolevsky later stayed in "
        "Keswick. Harlan Vosk and Vladimir Sobolevsky both spoke.",
        {"Teodor Brannigan": "PERSON", "Harlan Vosk": "PERSON", "Vladimir Sobolevsky": "PERSON",
         "Keswick": "GPE"},
    )  # fmt: skip
    res = resolve([ENGLISH, en2])
    assert "Vladimir Sobolevsky" not in names_of(find(res, "Teodor Brannigan"))
    assert not any(f.text == "Vladimir Sobolevsky" for f in res.flags)
