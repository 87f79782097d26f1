"""Stored results made by other code or settings are made again (storyweave/fingerprint.py)."""

from __future__ import annotations

from storyweave import api, fingerprint
from storyweave.store import SQLiteStore as Store

STORY = (
    "Title: Ferry service to Kelso resumes\nPublished: 2024-05-06\n\n"
    "The ferry between Ormeby and Kelso resumed on Monday after a two-week strike, the "
    "operator Brask Lines said. About 300 passengers crossed on the first day."
)


def test_the_digest_follows_the_files(tmp_path, monkeypatch) -> None:
    (tmp_path / "part").mkdir()
    code = tmp_path / "part" / "a.py"
    code.write_text("X = 1\n")
    (tmp_path / "part" / "notes.md").write_text("not read")
    monkeypatch.setattr(fingerprint, "_ROOT", tmp_path)
    fingerprint.code_digest.cache_clear()
    first = fingerprint.code_digest("part")
    fingerprint.code_digest.cache_clear()
    assert fingerprint.code_digest("part") == first  # stable
    (tmp_path / "part" / "notes.md").write_text("other words")
    fingerprint.code_digest.cache_clear()
    assert fingerprint.code_digest("part") == first  # only code and data count
    code.write_text("X = 2\n")
    fingerprint.code_digest.cache_clear()
    assert fingerprint.code_digest("part") != first
    fingerprint.code_digest.cache_clear()


def test_dossiers_made_by_other_code_are_made_again(tmp_path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ferry.txt").write_text(STORY, encoding="utf-8")
    db = tmp_path / "s.db"
    report = api.add([tmp_path / "in"], db)
    assert len(report.added) == 1 and report.stories
    st = Store(db)
    try:
        assert st.get_state("stories.reconciler") == api.reconciler_version().encode()
        assert api.update_stories(st) == []  # nothing new, nothing made again
        st.set_state("stories.reconciler", b"storyweave-0.0.9/older")
        before = st.story(report.stories[0])
        seen: list[tuple[int, int]] = []
        assert api.update_stories(st, progress=lambda d, t: seen.append((d, t))) == report.stories
        assert seen == [(0, 1), (1, 1)]  # long work shows its progress
        assert st.story(report.stories[0]) == before  # the same code makes the same dossier
        assert api.update_stories(st) == []
    finally:
        st.close()
    # an article analyzed by another analyzer is analyzed again on the next add
    st = Store(db)
    try:
        st.db.execute("UPDATE articles SET analyzer = 'storyweave-0.0.9/older'")
    finally:
        st.close()
    again = api.add([tmp_path / "in"], db)
    assert len(again.added) == 1 and not again.present
    assert len(api.add([tmp_path / "in"], db).present) == 1
