"""The fixed split of benchmarks/tempeval3.py into halves A and B."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import tempeval3  # noqa: E402


def test_halves_alternate_by_file_name_within_each_corpus() -> None:
    root = Path("/bench")
    paths = [root / "B" / f"b{i}.tml" for i in (3, 1, 2)] + [root / "A" / "a1.tml",
             root / "A" / "a2.tml"]  # fmt: skip
    half = tempeval3.split_halves(paths, root)
    assert [half[root / "B" / f"b{i}.tml"] for i in (1, 2, 3)] == ["A", "B", "A"]
    assert [half[root / "A" / f"a{i}.tml"] for i in (1, 2)] == ["A", "B"]
