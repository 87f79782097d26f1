"""The SQLite store's linking side: the queue of unlinked articles, near-duplicate lookup by
LSH band, the story index with its name counts, memberships, forwards and stale marks."""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from ..model import LinkDecision, NearDuplicate, StorylineDecision
from .codec import json_default
from .rows import now
from .sqlite_base import Connection

__all__ = ["Linking"]


class Linking(Connection):
    apply_storyline: Callable[[StorylineDecision], None]  # the storylines side's

    def unlinked(self) -> list[str]:
        rows = self.db.execute(
            "SELECT q.article FROM link_queue q JOIN articles a ON a.id = q.article "
            "WHERE a.supported = 1 "
            "AND NOT EXISTS (SELECT 1 FROM story_articles s WHERE s.article = q.article) "
            "ORDER BY a.published IS NULL, a.published, a.rowid"
        )
        return [r[0] for r in rows]

    def near_duplicates(
        self, bands: Sequence[tuple[int, int]], exclude: str
    ) -> list[NearDuplicate]:
        if not bands:
            return []
        clause = " OR ".join("(b.band = ? AND b.key = ?)" for _ in bands)
        params = [v for pair in bands for v in pair]
        rows = self.db.execute(
            "SELECT DISTINCT m.article, m.data, sa.copy_of FROM lsh_bands b "
            "JOIN minhashes m ON m.article = b.article "
            "LEFT JOIN story_articles sa ON sa.article = m.article "
            f"WHERE ({clause}) AND b.article != ?",
            [*params, exclude],
        ).fetchall()
        return [NearDuplicate(article=a, signature=d, copy_of=c) for a, d, c in rows]

    def linked_docs(self) -> int:
        row = self.db.execute("SELECT value FROM counters WHERE name = 'linked_docs'").fetchone()
        return int(row[0]) if row else 0

    def candidate_stories(self, names: Collection[str], max_df: int, limit: int) -> list[str]:
        db = self.db
        if not names:
            return [r[0] for r in db.execute("SELECT story FROM story_index ORDER BY story")]
        rare = [
            r[0]
            for r in self._rows_in(
                "SELECT name FROM name_df WHERE df <= ? AND name IN ({marks})", names, max_df
            )
        ]
        found: list[str] = []
        if rare:
            marks = ",".join("?" * len(rare))
            found = [
                r[0]
                for r in db.execute(
                    f"SELECT story FROM story_names WHERE name IN ({marks}) GROUP BY story "
                    "ORDER BY count(*) DESC, story LIMIT ?",
                    [*rare, limit],
                )
            ]
        found += [
            r[0] for r in db.execute("SELECT story FROM story_index WHERE named = 0 ORDER BY story")
        ]
        return list(dict.fromkeys(found))

    def story_states(self, ids: Sequence[str]) -> list[dict[str, Any]]:
        sql = "SELECT story, state FROM story_index WHERE story IN ({marks})"
        found = {s: state for s, state in self._rows_in(sql, dict.fromkeys(ids))}
        return [json.loads(found[i]) for i in dict.fromkeys(ids) if i in found]

    def name_counts(self, names: Iterable[str]) -> dict[str, int]:
        sql = "SELECT name, df FROM name_df WHERE name IN ({marks})"
        return {n: int(df) for n, df in self._rows_in(sql, names)}

    def apply_link(self, decision: LinkDecision) -> None:
        db = self.db
        story = decision.story
        with self.transaction():
            for old in decision.retired:
                self.retire_story(old, story)
            entry = decision.index
            if entry is not None:
                db.execute(
                    "INSERT OR REPLACE INTO story_index(story, named, state) VALUES (?, ?, ?)",
                    (entry.story, int(entry.named), json.dumps(entry.state, default=json_default)),
                )
                db.executemany(
                    "INSERT OR IGNORE INTO story_names(name, story) VALUES (?, ?)",
                    [(n, entry.story) for n in sorted(entry.names)],
                )
                db.executemany(
                    "INSERT INTO name_df(name, df) VALUES (?, 1) "
                    "ON CONFLICT(name) DO UPDATE SET df = df + 1",
                    [(n,) for n in sorted(entry.names)],
                )
                db.execute(
                    "INSERT INTO counters(name, value) VALUES ('linked_docs', 1) "
                    "ON CONFLICT(name) DO UPDATE SET value = value + 1"
                )
            if decision.signature:
                db.execute(
                    "INSERT OR REPLACE INTO minhashes(article, data) VALUES (?, ?)",
                    (decision.article, decision.signature),
                )
                db.executemany(
                    "INSERT OR IGNORE INTO lsh_bands(band, key, article) VALUES (?, ?, ?)",
                    [(band, key, decision.article) for band, key in decision.bands],
                )
            db.execute(
                "INSERT OR REPLACE INTO story_articles(article, story, copy_of, linked) "
                "VALUES (?, ?, ?, ?)",
                (decision.article, story, decision.copy_of, now()),
            )
            db.execute("DELETE FROM link_queue WHERE article = ?", (decision.article,))
            db.execute("INSERT OR IGNORE INTO stale_stories(story) VALUES (?)", (story,))
            if decision.storyline is not None:
                self.apply_storyline(decision.storyline)

    def retire_story(self, old: str, new: str) -> None:
        # Only one-article stories are retired, and nothing forwards to those: no forward
        # needs moving.
        db = self.db
        with self.transaction():
            db.execute("UPDATE story_articles SET story = ? WHERE story = ?", (new, old))
            db.execute(
                "INSERT OR IGNORE INTO story_names(name, story) "
                "SELECT name, ? FROM story_names WHERE story = ?",
                (new, old),
            )
            for table, column in (("story_names", "story"), ("story_index", "story"),
                                  ("stale_stories", "story"), ("stories", "id"),
                                  ("story_names_fts", "story")):  # fmt: skip
                db.execute(f"DELETE FROM {table} WHERE {column} = ?", (old,))
            db.execute("INSERT OR REPLACE INTO story_forward(old, new) VALUES (?, ?)", (old, new))
            db.execute("INSERT OR IGNORE INTO stale_stories(story) VALUES (?)", (new,))

    def story_of(self, ids: Iterable[str]) -> dict[str, str]:
        sql = "SELECT article, story FROM story_articles WHERE article IN ({marks})"
        return {a: st for a, st in self._rows_in(sql, ids)}

    def story_members(self, story: str) -> list[str]:
        rows = self.db.execute(
            "SELECT s.article FROM story_articles s JOIN articles a ON a.id = s.article "
            "WHERE s.story = ? ORDER BY a.published IS NULL, a.published, a.rowid",
            (story,),
        )
        return [r[0] for r in rows]

    def copies(self, ids: Iterable[str]) -> dict[str, str]:
        sql = (
            "SELECT article, copy_of FROM story_articles WHERE copy_of IS NOT NULL "
            "AND article IN ({marks})"
        )
        return {a: c for a, c in self._rows_in(sql, ids)}

    def resolve_story(self, story_id: str) -> str:
        seen = {story_id}
        while True:
            row = self.db.execute(
                "SELECT new FROM story_forward WHERE old = ?", (story_id,)
            ).fetchone()
            if row is None or row[0] in seen:
                return story_id
            story_id = row[0]
            seen.add(story_id)

    def stale_stories(self, ids: Iterable[str] | None = None) -> list[str]:
        if ids is None:
            return [r[0] for r in self.db.execute("SELECT story FROM stale_stories ORDER BY story")]
        sql = "SELECT story FROM stale_stories WHERE story IN ({marks})"
        return sorted(r[0] for r in self._rows_in(sql, dict.fromkeys(ids)))

    @contextmanager
    def reconciling(self, story_id: str, *, wait: bool) -> Iterator[bool]:
        # SQLite has no lock a process can hold while it reconciles without stopping every
        # other writer: two processes may reconcile one story at once, and put_story keeps
        # the result made from the story's current members.
        yield True

    def mark_stale(self, stories: Iterable[str]) -> None:
        with self.transaction():
            self.db.executemany(
                "INSERT OR IGNORE INTO stale_stories(story) VALUES (?)", [(s,) for s in stories]
            )

    def story_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM stories ORDER BY id")]
