"""A mixed folder (the seeds, examples/ and a few ECB+ documents) splits into the right
stories through `storyweave dossier`."""

from __future__ import annotations

import json
import shutil
import sys
from collections import defaultdict

import pytest

from seedutil import EXAMPLES, ROOT, SEEDS, SHARED
from storyweave import api

ECB = SHARED / "bench" / "ecbplus" / "topics"
# Two topics, both halves of each: four true stories of two similar events apiece.
TOPICS = ("1", "3")
PER_HALF = 3


@pytest.mark.slow
def test_mixed_folder_splits_into_true_stories(tmp_path):
    if not (SEEDS.exists() and ECB.exists()):
        pytest.skip("../shared/seeds or the ECB+ data is not beside the checkout")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from ecbplus_stories import load_documents

    folder = tmp_path / "mixed"
    shutil.copytree(SEEDS, folder / "seeds", ignore=shutil.ignore_patterns("*.py", "*.json"))
    for meta in SEEDS.glob("*.meta.json"):
        shutil.copy(meta, folder / "seeds" / meta.name)
    shutil.copytree(EXAMPLES, folder / "examples")
    truth: dict[str, str] = {}
    for f in (folder / "seeds").glob("*.txt"):
        truth[f.name] = "seeds"
    taken: dict[str, int] = defaultdict(int)
    for topic in TOPICS:
        for name, story, text in load_documents(ECB / topic):
            if taken[story] >= PER_HALF:
                continue
            taken[story] += 1
            (folder / "ecb").mkdir(exist_ok=True)
            (folder / "ecb" / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
            truth[f"{name}.txt"] = story
    out = tmp_path / "mixed.json"
    api.dossier([folder], format="json", output=out)
    data = json.loads(out.read_text())
    file_of = {a["id"]: a["file"] for a in data["articles"]}
    found: dict[str, set[str]] = defaultdict(set)  # true story -> stories found for it
    members: dict[str, set[str]] = defaultdict(set)  # story found -> true stories in it
    for story in data["stories"]:
        for aid in story["articles"]:
            path = file_of[aid]
            name = path.rsplit("/", 1)[-1]
            true = truth.get(name, "examples" if "/examples/" in path else None)
            assert true is not None, path
            found[true].add(story["id"])
            members[story["id"]].add(true)
    assert found["seeds"] and len(found["seeds"]) == 1, found["seeds"]
    assert len(found["examples"]) == 1, found["examples"]
    # no story mixes two true stories
    assert all(len(t) == 1 for t in members.values()), dict(members)
    # and each ECB+ half is one story
    for story, ids in found.items():
        if story not in ("seeds", "examples"):
            assert len(ids) == 1, (story, ids)
