"""The examples/ folder ingests as examples/README.md says it should."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from storyweave.ingest import count_inputs, iter_articles
from storyweave.model import Article

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

EXPECTED = {  # (source, published) per article, in walk order
    "01_coastline_gazette.txt": [("The Coastline Gazette", "2025-03-05")],
    "02_harbour_radio.html": [("Kessling Harbour Radio", "2025-03-05")],
    "03_northshore_post.xml": [
        ("Northshore Evening Post", "2025-03-06"),
        ("Northshore Evening Post", "2025-03-08"),
    ],
    "04_meridian_wire.jsonl": [
        ("Meridian Wire Service", "2025-03-06"),
        ("Meridian Wire Service", "2025-03-11"),
    ],
    "05_donghai_shipping.warc.gz": [("Donghai Shipping News", "2025-03-07")],
    "06_kessling_courier.txt": [("Kessling Daily Courier", "2025-03-06")],
    "07_donghai_shipping_zh.txt": [("东海航运报", "2025-03-07")],
}


def _articles() -> list[Article]:
    items = list(iter_articles([EXAMPLES]))
    assert all(isinstance(i, Article) for i in items), [
        i for i in items if not isinstance(i, Article)
    ]
    return items  # type: ignore[return-value]


def test_examples_ingest_cleanly():
    articles = _articles()
    assert count_inputs([EXAMPLES]) == 7
    got: dict[str, list[tuple[str | None, str | None]]] = {}
    for a in articles:
        got.setdefault(Path(a.file or "").name, []).append((a.source, a.published))
    assert got == EXPECTED
    assert len({a.id for a in articles}) == 9
    for a in articles:
        # Chinese is written without spaces: about 1.6 characters a word
        words = len(a.text) / 1.6 if a.language == "zh" else len(a.text.split())
        assert 150 <= words <= 400, (a.file, words)
        assert a.title and not a.published_inferred


def test_examples_intended_facts_are_in_the_texts():
    by_source: dict[str, str] = {}
    for a in _articles():
        by_source[a.source or ""] = by_source.get(a.source or "", "") + "\n" + a.text
    mt = by_source["Donghai Shipping News"]
    assert "Mala Aositeluofusiji" in mt and "Tuomasi Laiyinhuoerte" in mt
    assert " his first thought" in mt and "Mara Ostrowski" not in mt
    assert "14 persons injured" in mt and "more than 90 fire fighters" in mt
    assert "injuring twelve people" in by_source["The Coastline Gazette"]
    assert "hurt to fourteen" in by_source["Northshore Evening Post"]
    assert "next Monday" in by_source["Northshore Evening Post"]
    assert "open on 11 March" in by_source["Meridian Wire Service"]
    for source in ("The Coastline Gazette", "Kessling Harbour Radio", "Meridian Wire Service"):
        assert "Tuesday night" in by_source[source]


def test_near_duplicate_is_a_small_edit_of_the_wire_story():
    articles = {a.source: a for a in _articles() if a.published == "2025-03-06"}
    wire = articles["Meridian Wire Service"].text.split()
    repost = articles["Kessling Daily Courier"].text.split()
    assert wire != repost
    shared = len(_trigrams(wire) & _trigrams(repost))
    assert shared / len(wire) > 0.85


def _trigrams(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


def test_warc_script_rewrites_the_same_archive(tmp_path):
    spec = importlib.util.spec_from_file_location("make_warc", EXAMPLES / "make_warc.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = module.write(tmp_path / "again.warc.gz")
    assert out.read_bytes() == (EXAMPLES / "05_donghai_shipping.warc.gz").read_bytes()


def test_golden_facts_point_at_real_text():
    golden = json.loads((EXAMPLES / "golden.json").read_text(encoding="utf-8"))
    by_title = {a.title: a for a in _articles()}
    texts = {}
    for key, meta in golden["articles"].items():
        article = by_title[meta["title"]]
        assert (article.source, article.published) == (meta["source"], meta["published"])
        assert Path(article.file or "").name == meta["file"]
        texts[key] = article.text
    everything = "\n".join(texts.values())
    for entity in golden["entities"]:
        for name in [entity["canonical"], *entity["aliases"]]:
            assert name in everything, name
    for timex in golden["time_expressions"]:
        assert timex["text"] in texts[timex["article"]], timex
    for item in golden["claims"] + golden["timeline"]:
        assert set(item["sources"]) <= set(texts), item
        assert set(item.get("values", {})) <= set(item["sources"]), item
    for flag in golden["flags"]:
        assert flag["text"] in texts[flag["article"]], flag
