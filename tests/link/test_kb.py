"""The knowledge base: building from a Wikidata-format dump and looking names up."""

from __future__ import annotations

import bz2
import gzip
import json
import shutil
from pathlib import Path

import pytest

from storyweave.errors import InputError
from storyweave.link.kb import KnowledgeBase, build, name_key, romanize

FIXTURE = Path(__file__).parent.parent / "fixtures" / "kb" / "wikidata_sample.json"
KEPT = {f"Q9000000{i}" for i in range(1, 9)} | {"Q90000013", "Q90000014"}


@pytest.fixture(scope="module")
def dumps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("dumps")
    plain = d / "sample.json"
    shutil.copy(FIXTURE, plain)
    data = FIXTURE.read_bytes()
    (d / "sample.json.gz").write_bytes(gzip.compress(data))
    (d / "sample.json.bz2").write_bytes(bz2.compress(data))
    return {"plain": plain, "gz": d / "sample.json.gz", "bz2": d / "sample.json.bz2"}


@pytest.fixture(scope="module")
def kb(dumps: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    out = tmp_path_factory.mktemp("kb") / "kb.jsonl"
    build(dumps["plain"], out)
    return KnowledgeBase.load(out)


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("form", ["plain", "gz", "bz2"])
def test_build_keeps_people_and_organizations(
    dumps: dict[str, Path], tmp_path: Path, form: str
) -> None:
    out = tmp_path / "kb.jsonl"
    assert build(dumps[form], out) == len(KEPT)
    rows = _rows(out)
    assert {r["id"] for r in rows} == KEPT  # country, city, no-P31, ja-only, property dropped
    types = {r["id"]: r["type"] for r in rows}
    assert types["Q90000001"] == "PERSON"
    assert types["Q90000005"] == types["Q90000006"] == types["Q90000013"] == "ORG"
    assert not (tmp_path / "kb.jsonl.tmp").exists()


def test_build_merges_chinese_variants_and_filters_languages(dumps, tmp_path: Path) -> None:
    out = tmp_path / "kb.jsonl"
    build(dumps["gz"], out, languages="en, zh")
    rows = {r["id"]: r for r in _rows(out)}
    kovrig = rows["Q90000001"]
    assert kovrig["labels"] == {"en": "Michael Kovrig", "zh": "康明凯"}
    assert kovrig["aliases"] == {"zh": ["康明凱"]}
    assert kovrig["description"].startswith("Canadian diplomat")
    assert "Q90000008" not in rows  # only a Russian label, Russian not kept
    assert rows["Q90000006"]["aliases"]["en"] == ["DOJ", "Justice Department"]


def test_truncated_gz_names_the_file(dumps, tmp_path: Path) -> None:
    data = dumps["gz"].read_bytes()
    bad = tmp_path / "cut.json.gz"
    bad.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError) as err:
        build(bad, tmp_path / "kb.jsonl")
    assert "cut.json.gz" in str(err.value)
    assert "truncated" in str(err.value)
    assert not (tmp_path / "kb.jsonl").exists()


def test_malformed_line_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('[\n{"type":"item","id":"Q1","claims":{"P31":[{"id":"Q5"\n]\n')
    with pytest.raises(InputError, match=r"bad\.json: line 2"):
        build(bad, tmp_path / "kb.jsonl")


def test_missing_dump(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        build(tmp_path / "absent.json.bz2", tmp_path / "kb.jsonl")


def _best(kb: KnowledgeBase, name: str) -> tuple[str, str, float]:
    found = kb.candidates(name)
    assert found, name
    return found[0].id, found[0].how, found[0].confidence


def test_exact_and_alias_lookup(kb: KnowledgeBase) -> None:
    assert _best(kb, "Michael Kovrig")[:2] == ("Q90000001", "exact")
    assert _best(kb, "michael  kovrig")[:2] == ("Q90000001", "exact")
    assert _best(kb, "DOJ")[:2] == ("Q90000006", "alias")
    assert _best(kb, "孟晚舟")[:2] == ("Q90000004", "exact")
    assert kb.candidates("Nobody Anywhere") == []


@pytest.mark.parametrize(
    "name, qid",
    [
        ("Kang Mingkai", "Q90000001"),
        ("Kangmingkai", "Q90000001"),
        ("Mingkai Kang", "Q90000001"),
        ("Baodamin", "Q90000002"),
        ("Bao Damin", "Q90000002"),
        ("Baudamin", "Q90000002"),  # misspelt pinyin
        ("Kang Minkai", "Q90000001"),  # a dropped letter
        ("Wenbaoshan", "Q90000014"),
        ("Zinaida Kryazheva", "Q90000008"),  # romanized Cyrillic
    ],
)
def test_transliterated_lookup(kb: KnowledgeBase, name: str, qid: str) -> None:
    found, how, confidence = _best(kb, name)
    assert (found, how) == (qid, "transliteration")
    assert 0.5 < confidence < 0.95


def test_misspelling_ranks_below_exact_pinyin(kb: KnowledgeBase) -> None:
    assert _best(kb, "Baudamin")[2] < _best(kb, "Baodamin")[2]
    assert _best(kb, "Kang Mingkai")[2] < _best(kb, "Michael Kovrig")[2]


def test_unrelated_pinyin_does_not_match(kb: KnowledgeBase) -> None:
    assert kb.candidates("Zhang Wei") == []
    assert kb.candidates("Baoshan") == []


def test_load_rejects_a_broken_file(tmp_path: Path) -> None:
    bad = tmp_path / "kb.jsonl"
    bad.write_text('{"id": "Q1", "type": "PERSON"}\nnot json\n')
    with pytest.raises(InputError, match="line 2"):
        KnowledgeBase.load(bad)


def test_romanize_and_keys() -> None:
    assert romanize("鲍达民") == ["bao da min"]
    assert romanize("迈克尔·斯帕弗") == ["mai ke er", "si pa fu"]
    assert romanize("Зинаида Кряжева") == ["zinaida", "kryazheva"]
    assert romanize("Huawei") is None
    assert name_key("  Meng   Wanzhou's ") == "meng wanzhou s"


def test_build_keeps_each_language_it_is_built_with(dumps, tmp_path: Path) -> None:
    out = tmp_path / "kb.jsonl"
    build(dumps["plain"], out, languages="en,zh,ru")
    rows = {r["id"]: r for r in _rows(out)}
    assert set(rows["Q90000001"]["labels"]) == {"en", "zh"}
    assert rows["Q90000008"]["labels"] == {"ru": "Зинаида Кряжева"}  # a Russian label alone
    kb = KnowledgeBase.load(out)
    assert _best(kb, "Зинаида Кряжева")[:2] == ("Q90000008", "exact")


def test_a_name_in_its_own_script_meets_labels_of_that_script(kb: KnowledgeBase) -> None:
    # the reversed order of a Cyrillic label, as Russian reference works write names
    found, how, confidence = _best(kb, "Кряжева Зинаида")
    assert (found, how) == ("Q90000008", "transliteration") and confidence >= 0.75
    # a variant in other characters that reads the same: evidence below a merge on its own
    found, how, confidence = _best(kb, "鮑達民")
    assert (found, how) == ("Q90000002", "transliteration") and confidence < 0.6
    # letters of one script never meet another script's label by romanization
    assert kb.candidates("Баодамин") == []
    assert kb.candidates("克里亚热娃") == []


def test_an_older_knowledge_base_file_still_loads(tmp_path: Path) -> None:
    old = tmp_path / "old.kb.jsonl"
    old.write_text(
        '{"id": "Q5000", "type": "PERSON", "labels": {"en": "Ilse Marwick", "zh": "马维克"}}\n',
        encoding="utf-8",
    )
    kb = KnowledgeBase.load(old)
    assert _best(kb, "马维克")[:2] == ("Q5000", "exact")
    assert _best(kb, "Ma Weike")[:2] == ("Q5000", "transliteration")
