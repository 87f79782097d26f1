"""`storyweave kb build` on a small Wikidata-format dump, then `storyweave dossier --kb`: the
machine-translated names of the seeds are matched through the knowledge base, with more
confidence than by context alone."""

from __future__ import annotations

import bz2
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from seedutil import SEEDS
from storyweave.cli import cli

DUMP = Path(__file__).parent / "fixtures" / "kb" / "wikidata_sample.json"
VARIANTS = {
    "Baudamin": "Dominic Barton",
    "Baodamin": "Dominic Barton",
    "Kang Mingkai": "Michael Kovrig",
}


def _alias(dossier: dict, canonical: str, text: str) -> dict | None:
    for entity in dossier["stories"][0]["entities"]:
        names = {entity["name"]} | {a["text"] for a in entity["aliases"]}
        if canonical in names:
            return next((a for a in entity["aliases"] if a["text"] == text), None)
    return None


@pytest.mark.slow
def test_kb_build_then_dossier_matches_by_knowledge_base(tmp_path, seed_dossier):
    dump = tmp_path / "dump.json.bz2"
    dump.write_bytes(bz2.compress(DUMP.read_bytes()))
    kb = tmp_path / "people.kb.jsonl"
    runner = CliRunner()
    built = runner.invoke(cli, ["kb", "build", str(dump), "-o", str(kb)], catch_exceptions=False)
    assert built.exit_code == 0, built.stderr
    assert kb.exists() and kb.read_text(encoding="utf-8").strip()
    out = tmp_path / "kb.json"
    res = runner.invoke(
        cli,
        ["dossier", str(SEEDS), "--kb", str(kb), "--format", "json", "-o", str(out)],
        catch_exceptions=False,
    )
    assert res.exit_code == 0, res.stderr
    with_kb = json.loads(out.read_text())
    for text, canonical in VARIANTS.items():
        matched = _alias(with_kb, canonical, text)
        assert matched is not None, (text, canonical)
        assert matched["match"] in ("knowledge-base", "transliteration"), matched
        by_context = _alias(seed_dossier, canonical, text)
        assert by_context is not None and by_context["match"] == "context"
        assert matched["confidence"] > by_context["confidence"]
    kb_ids = {e["name"]: e["kb_id"] for e in with_kb["stories"][0]["entities"]}
    assert kb_ids["Dominic Barton"] and kb_ids["Michael Kovrig"]
