"""The TimeLine benchmark end to end on the trial data, when it is beside the checkout."""

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "bench" / "timeline-trial"


@pytest.mark.slow
def test_benchmark_runs_and_writes_task_files(tmp_path):
    if not DATA.exists():
        pytest.skip("the TimeLine trial data is not beside the checkout")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import timeline_semeval
    from timeline_score import parse_timeline

    out = tmp_path / "figures.json"
    assert timeline_semeval.main([str(DATA), "--json", str(out), "--out", str(tmp_path)]) == 0
    figures = json.loads(out.read_text())
    assert figures["docs"] == 30
    for key in ("timeline_p", "timeline_r", "timeline_f1", "baseline_f1", "f1_steve_jobs"):
        assert 0.0 <= figures[key] <= 1.0
    jobs = parse_timeline((tmp_path / "steve_jobs.txt").read_text())
    assert jobs.target == "Steve Jobs" and jobs.lines
    positions = [pos for pos, _, _ in jobs.lines]
    assert positions == sorted(positions) and min(positions) >= 1
    for _, _, ids in jobs.lines:
        for m in ids:
            docid, sentence, word = m.split("-", 2)
            assert docid.isdigit() and sentence.isdigit() and word == word.lower()
