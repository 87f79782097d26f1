"""The scoring of benchmarks/realnews.py on small hand-built dossiers."""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import realnews  # noqa: E402


def _articles():
    return [
        {"id": "a1", "storyline": "s", "event": "e1", "text": "Ana Kova was jailed. Kova spoke."},
        {"id": "a2", "storyline": "s", "event": "e1", "text": "Anna Kowa was jailed on Monday."},
        {
            "id": "a3",
            "storyline": "s",
            "event": "e2",
            "text": "Ana Kova was freed; her son Ivo Kova",
        },
    ]


def _dossier(entity_aliases):
    return {
        "articles": [{"id": f"d{i}", "file": f"/tmp/x/a000{i}.txt"} for i in range(3)],
        "stories": [
            {
                "id": "S1",
                "articles": ["d0", "d1", "d2"],
                "entities": [
                    {"id": f"E{i}", "name": aliases[0], "aliases": [{"text": t} for t in aliases]}
                    for i, aliases in enumerate(entity_aliases)
                ],
                "claims": [],
                "flags": [],
            }
        ],
    }


NAMES = {"a0000.txt": "a1", "a0001.txt": "a2", "a0002.txt": "a3"}
GOLD = [
    {
        "storyline": "s",
        "name": "Ana Kova",
        "aliases": [{"text": "Kova"}, {"text": "Anna Kowa"}],
        "not": ["Ivo Kova"],
    }
]


def test_alias_recall_counts_forms_joined_in_one_entity():
    dossier = _dossier([["Ana Kova", "Kova"], ["Anna Kowa"]])
    ids = realnews.corpus_ids(dossier, NAMES)
    figures, notes = realnews.score_aliases(dossier, ids, _articles(), GOLD)
    assert figures["alias_forms"] == 3
    assert figures["alias_recall"] == round(2 / 3, 4)
    assert figures["alias_false_merges"] == 0
    assert any("anna kowa" in n for n in notes)


def test_a_form_of_another_person_is_a_false_merge():
    dossier = _dossier([["Ana Kova", "Kova", "Anna Kowa", "Ivo Kova"]])
    ids = realnews.corpus_ids(dossier, NAMES)
    figures, _ = realnews.score_aliases(dossier, ids, _articles(), GOLD)
    assert figures["alias_recall"] == 1.0
    assert figures["alias_false_merges"] == 1


def test_conflict_found_only_with_two_different_values():
    dossier = _dossier([])
    claim = {"status": "conflicting", "values": {"d0": "10 days", "d1": "15 days"}}
    dossier["stories"][0]["claims"] = [claim]
    ids = realnews.corpus_ids(dossier, NAMES)
    gold = [{"id": "c1", "values": {"a1": "10 days", "a2": "15 days"}}]
    assert realnews.score_conflicts(dossier, ids, gold)[0]["conflict_recall"] == 1.0
    claim["values"] = {"d0": "10 days", "d1": "10 days"}
    assert realnews.score_conflicts(dossier, ids, gold)[0]["conflict_recall"] == 0.0


def test_unjudged_items_are_counted_apart_from_precision():
    dossier = _dossier([["Ana Kova"]])
    dossier["stories"][0]["flags"] = [
        {"kind": "name-variant", "article": "d1", "text": "Anna Kowa", "entity": "E0"},
        {"kind": "pronoun-mismatch", "article": "d2", "text": "her", "entity": "E0"},
    ]
    ids = realnews.corpus_ids(dossier, NAMES)
    items = realnews.reported_items(dossier, ids)
    keys = [k for _, k, _ in items]
    assert keys[0] == "flag|name-variant|a2|Anna Kowa|Ana Kova"
    judgments = {"flags": {keys[0]: {"right": False}}}
    figures, unjudged = realnews.score_judgments(items, judgments)
    assert figures["flag_precision"] == 0.0
    assert figures["flags_unjudged"] == 1 and unjudged[0]["key"] == keys[1]


def test_inputs_hide_dates_and_give_nothing_away_by_name(tmp_path):
    arts = [
        {"id": "x-2024-01", "text": "Body.", "title": "T", "outlet": "O", "url": "https://o/2024/07/19/x",
         "published": "2024-07-19"},
    ]  # fmt: skip
    names = realnews.write_inputs(tmp_path / "url", arts, "url")
    (name,) = names
    assert "2024" not in name
    text = (tmp_path / "url" / name).read_text()
    assert "url: https://o/2024/07/19/x" in text and "published" not in text
    realnews.write_inputs(tmp_path / "text", arts, "text")
    assert (tmp_path / "text" / name).read_text() == "Body."


def test_dates_scored_within_days(tmp_path):
    arts = [
        {"id": "a1", "published": "2024-07-19"},
        {"id": "a2", "published": "2024-07-19"},
        {"id": "a3", "published": "2024-07"},  # month precision: not scored
    ]
    dossier = {
        "articles": [
            {"id": "d0", "file": "a0000.txt", "published": "2024-07-21"},
            {"id": "d1", "file": "a0001.txt", "published": "2024-07-10"},
        ]
    }
    ids = realnews.corpus_ids(dossier, {"a0000.txt": "a1", "a0001.txt": "a2"})
    figures = realnews.score_dates(dossier, ids, arts, "d")
    assert figures == {"d_articles": 2, "d_dated": 2, "d_within_2d": 0.5, "d_within_7d": 0.5}
    json.dumps(figures)


def test_cross_script_alias_found_only_beside_its_english_name():
    articles = [
        {"id": "a1", "storyline": "s", "event": "e1", "text": "Ana Kova was jailed."},
        {"id": "a2", "storyline": "s", "event": "e1", "text": "Анна Кова арестована."},
        {"id": "a3", "storyline": "s", "event": "e1", "text": "Ivo Kova said. Иво Кова."},
    ]
    gold = [
        {
            "storyline": "s",
            "name": "Ana Kova",
            "aliases": [{"text": "Анна Кова", "kind": "original-script"}],
            "not": ["Ivo Kova"],
        },
        {"storyline": "s", "name": "Ivo Kova", "aliases": [{"text": "Иво Кова"}]},
    ]
    dossier = _dossier([["Ana Kova", "Анна Кова"], ["Иво Кова"]])
    ids = realnews.corpus_ids(dossier, NAMES)
    figures = realnews.score_cross_aliases(dossier, ids, articles, gold)
    assert figures["cross_alias_forms"] == 2
    assert figures["cross_alias_recall"] == 0.5  # Иво Кова is alone, not with Ivo Kova
    assert figures["cross_alias_false_merges"] == 0
    dossier = _dossier([["Ana Kova", "Анна Кова", "Иво Кова"]])
    figures = realnews.score_cross_aliases(dossier, ids, articles, gold)
    assert figures["cross_alias_false_merges"] == 1


def test_an_original_in_the_story_of_its_english_coverage_counts_despite_a_stray():
    arts = [
        {"id": "e1", "event": "x", "language": "en"},
        {"id": "e2", "event": "x", "language": "en"},
        {"id": "e3", "event": "y", "language": "en"},
        {"id": "z1", "event": "x", "language": "zh"},
        {"id": "z2", "event": "y", "language": "zh"},
        {"id": "z3", "event": "x", "language": "zh"},
    ]
    story_of = {"e1": "S", "e2": "S", "e3": "S", "z1": "S", "z2": "S", "z3": "Z"}
    figures = realnews.score_crosslingual(arts, story_of)
    # S is x's (y's one English article is a stray there); Z has no English at all.
    assert figures["crosslingual_articles"] == 3
    assert figures["crosslingual_in_event"] == round(1 / 3, 4)
    assert figures["crosslingual_joined"] == 0.0
