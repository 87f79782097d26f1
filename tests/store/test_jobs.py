"""Add jobs as rows of the store, on SQLite and on PostgreSQL: queued with their files, claimed
by exactly one server, resumed when their server stops, ended with their report."""

from __future__ import annotations

import threading

from stores import Places
from storyweave.store import open_store


def test_a_job_is_queued_with_its_files_and_claimed_once(places: Places):
    with open_store(places.fresh()) as st:
        st.put_job("j1", [("a.txt", b"alpha"), ("b.html", b"<p>beta</p>")], created=100.0)
        job = st.job("j1")
        assert job is not None and job.state == "queued" and job.attempts == 0
        assert job.files == ("a.txt", "b.html") and job.bytes == 16
        claimed = st.claim_job("w1", now=101.0, stale_before=41.0)
        assert claimed is not None and claimed.id == "j1"
        assert (claimed.state, claimed.worker, claimed.attempts) == ("running", "w1", 1)
        assert claimed.started == claimed.heartbeat == 101.0
        assert st.job_files("j1") == [("a.txt", b"alpha"), ("b.html", b"<p>beta</p>")]
        # Running with a fresh heartbeat: nobody else gets it.
        assert st.claim_job("w2", now=102.0, stale_before=42.0) is None


def test_oldest_job_first_and_a_stale_running_job_is_taken_over(places: Places):
    with open_store(places.fresh()) as st:
        st.put_job("late", [("x.txt", b"x")], created=200.0)
        st.put_job("early", [("y.txt", b"y")], created=150.0)
        first = st.claim_job("w1", now=300.0, stale_before=240.0)
        assert first is not None and first.id == "early"
        assert st.job_heartbeat("early", "w1", 310.0, "analyzing", 1, 4)
        # w1 falls silent; once its heartbeat is older than the stale mark, w2 resumes it.
        second = st.claim_job("w2", now=320.0, stale_before=260.0)
        assert second is not None and second.id == "late"
        assert st.claim_job("w2", now=330.0, stale_before=305.0) is None
        taken = st.claim_job("w2", now=400.0, stale_before=340.0)
        assert taken is not None and taken.id == "early"
        assert (taken.worker, taken.attempts, taken.started) == ("w2", 2, 300.0)
        assert (taken.stage, taken.done, taken.total) == (None, 0, 0)
        # The old worker can no longer write to it.
        assert not st.job_heartbeat("early", "w1", 401.0, "analyzing", 2, 4)
        assert not st.finish_job("early", "w1", 402.0, result={"added": []})
        assert st.job("early").state == "running"  # type: ignore[union-attr]


def test_finish_keeps_the_report_and_drops_the_bytes(places: Places):
    with open_store(places.fresh()) as st:
        st.put_job("ok", [("a.txt", b"alpha")], created=1.0)
        st.put_job("bad", [("b.txt", b"beta")], created=2.0)
        st.claim_job("w", now=3.0, stale_before=0.0)
        report = {"added": ["abc"], "failed": [{"file": "upload:a.txt", "reason": "é"}]}
        assert st.finish_job("ok", "w", 4.0, result=report)
        st.claim_job("w", now=5.0, stale_before=0.0)
        assert st.finish_job("bad", "w", 6.0, error="RuntimeError: disk full")
        ok, bad = st.job("ok"), st.job("bad")
        assert ok is not None and bad is not None
        assert (ok.state, ok.result, ok.finished, ok.error) == ("done", report, 4.0, None)
        assert (bad.state, bad.error, bad.result) == ("failed", "RuntimeError: disk full", None)
        assert st.job_files("ok") == [] and ok.files == ("a.txt",)  # names stay
        assert not st.finish_job("ok", "w", 7.0, error="again")  # ended jobs stay ended
        assert [j.id for j in st.jobs(10)] == ["bad", "ok"]
        assert [j.id for j in st.jobs(1)] == ["bad"]
        assert st.prune_jobs(finished_before=5.0) == 1
        assert st.job("ok") is None and st.job("bad") is not None


def test_a_released_job_is_claimed_first_and_its_worker_can_still_end_it(places: Places):
    with open_store(places.fresh()) as st:
        st.put_job("j", [("a.txt", b"a")], created=1.0)
        st.put_job("k", [("b.txt", b"b")], created=2.0)
        st.claim_job("w1", now=10.0, stale_before=0.0)
        assert st.release_job("j", "w1")
        assert not st.release_job("j", "w1")  # not running any more
        released = st.job("j")
        assert released is not None and (released.state, released.worker) == ("queued", "w1")
        # The stopping server finished it after all, before anyone claimed it again.
        assert st.finish_job("j", "w1", 11.0, result={"added": []})
        again = st.claim_job("w2", now=12.0, stale_before=0.0)
        assert again is not None and again.id == "k"


def test_concurrent_claims_never_hand_one_job_to_two_servers(places: Places):
    db = places.fresh()
    with open_store(db) as st:
        for i in range(30):
            st.put_job(f"j{i:02}", [("a.txt", b"a")], created=float(i))
    got: dict[str, list[str]] = {}

    def worker(name: str) -> None:
        mine = got.setdefault(name, [])
        with open_store(db) as own:
            while (job := own.claim_job(name, now=1000.0, stale_before=500.0)) is not None:
                mine.append(job.id)

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    claimed = [j for ids in got.values() for j in ids]
    assert sorted(claimed) == [f"j{i:02}" for i in range(30)]  # each once, none lost
