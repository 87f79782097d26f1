"""Fixtures for reconciliation: the analyzed seed story and a builder for invented stories."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from storyweave.model import Analysis, Article, Entity, article_id

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP")


def analyze(texts: Sequence[tuple[str | None, str]]) -> list[tuple[Article, Analysis]]:
    """Analyze invented articles given as (publication date, text)."""
    from storyweave.analyze import analyze_docs

    arts = [Article(id=article_id(t), text=t, published=d, language="en") for d, t in texts]
    return analyze_docs(arts)


def by_name(docs: Sequence[tuple[Article, Analysis]]) -> tuple[tuple[Entity, ...], dict]:
    """A plain cross-article entity map for invented stories: name groups with the same last
    word are one entity (keeps these tests independent of link.entities)."""
    entities: dict[str, Entity] = {}
    entity_of: dict[tuple[str, int], str] = {}
    for _article, an in docs:
        for g in an.groups:
            eid = "e-" + g.name.split()[-1].lower()
            label = max(g.labels.items(), key=lambda kv: kv[1])[0] if g.labels else "OTHER"
            kind = "PERSON" if "PERSON" in g.labels else (label if label in _LABELS else "OTHER")
            old = entities.get(eid)
            if old is None or (old.type != "PERSON" and kind == "PERSON"):
                entities[eid] = Entity(id=eid, name=g.name, type=kind)
            entity_of[(an.article, g.id)] = eid
    return tuple(entities.values()), entity_of


@pytest.fixture(scope="session")
def story():
    """Builders for invented stories: (analyze, by_name)."""
    return analyze, by_name


@pytest.fixture(scope="session")
def golden_timeline() -> list[dict]:
    import json

    return json.loads((SEEDS / "golden.json").read_text())["timeline"] if SEEDS.exists() else []


@pytest.fixture(scope="session")
def seed_story():
    """The two seed articles through the real pipeline: (docs, resolution, keys)."""
    if not SEEDS.exists():
        pytest.skip("../shared/seeds is not beside the checkout")
    from storyweave.analyze import analyze_docs
    from storyweave.ingest import iter_articles
    from storyweave.link.entities import resolve

    arts = [a for a in iter_articles([SEEDS]) if isinstance(a, Article)]
    docs = analyze_docs(arts)
    resolution = resolve(docs)
    keys = {a.id: Path(a.file or "").name[:3] for a, _ in docs}
    return docs, resolution, keys
