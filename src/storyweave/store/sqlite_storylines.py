"""The SQLite store's storylines side: each storyline's record and its stories, the actor
index with its counts, and forwards (link/storylines.py decides; this keeps)."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from ..model import StorylineDecision
from .sqlite_base import Connection

__all__ = ["Storylines"]


class Storylines(Connection):
    def storyline_docs(self) -> int:
        row = self.db.execute("SELECT value FROM counters WHERE name = 'storyline_docs'").fetchone()
        return int(row[0]) if row else 0

    def storylines_of(self, stories: Iterable[str]) -> dict[str, str]:
        sql = "SELECT story, storyline FROM storyline_stories WHERE story IN ({marks})"
        return {s: line for s, line in self._rows_in(sql, stories)}

    def candidate_storylines(self, actors: Collection[str], max_df: int, limit: int) -> list[str]:
        rare = [
            r[0]
            for r in self._rows_in(
                "SELECT actor FROM actor_df WHERE df <= ? AND actor IN ({marks})", actors, max_df
            )
        ]
        if not rare:
            return []
        marks = ",".join("?" * len(rare))
        return [
            r[0]
            for r in self.db.execute(
                f"SELECT storyline FROM storyline_actors WHERE actor IN ({marks}) "
                "GROUP BY storyline ORDER BY count(*) DESC, storyline LIMIT ?",
                [*rare, limit],
            )
        ]

    def storyline_records(self, ids: Sequence[str]) -> list[dict[str, Any]]:
        sql = "SELECT id, state FROM storylines WHERE id IN ({marks})"
        found = {i: state for i, state in self._rows_in(sql, dict.fromkeys(ids))}
        return [json.loads(found[i]) for i in dict.fromkeys(ids) if i in found]

    def story_profiles(self, stories: Iterable[str]) -> dict[str, dict[str, Any]]:
        sql = "SELECT story, profile FROM storyline_stories WHERE story IN ({marks})"
        return {s: json.loads(p) for s, p in self._rows_in(sql, stories)}

    def actor_counts(self, actors: Iterable[str]) -> dict[str, int]:
        sql = "SELECT actor, df FROM actor_df WHERE actor IN ({marks})"
        return {a: int(df) for a, df in self._rows_in(sql, actors)}

    def unplaced_stories(self) -> list[str]:
        rows = self.db.execute(
            "SELECT DISTINCT sa.story FROM story_articles sa "
            "WHERE NOT EXISTS (SELECT 1 FROM storyline_stories l WHERE l.story = sa.story) "
            "ORDER BY sa.story"
        )
        return [r[0] for r in rows]

    def apply_storyline(self, decision: StorylineDecision) -> None:
        db = self.db
        with self.transaction():
            for old, new in decision.retired:
                db.execute(
                    "INSERT OR IGNORE INTO storyline_actors(actor, storyline) "
                    "SELECT actor, ? FROM storyline_actors WHERE storyline = ?",
                    (new, old),
                )
                db.execute("DELETE FROM storyline_actors WHERE storyline = ?", (old,))
                db.execute("DELETE FROM storylines WHERE id = ?", (old,))
                db.execute(
                    "INSERT OR REPLACE INTO storyline_forward(old, new) VALUES (?, ?)", (old, new)
                )
            db.executemany(
                "DELETE FROM storyline_stories WHERE story = ?", [(s,) for s in decision.dropped]
            )
            db.executemany(
                "INSERT OR REPLACE INTO storylines(id, state) VALUES (?, ?)",
                [(line, json.dumps(state)) for line, state in decision.lines],
            )
            db.executemany(
                "INSERT OR REPLACE INTO storyline_stories(story, storyline, profile) "
                "VALUES (?, ?, ?)",
                [(s, line, json.dumps(p)) for s, line, p in decision.stories],
            )
            actors = sorted(decision.actors)
            db.executemany(
                "INSERT OR IGNORE INTO storyline_actors(actor, storyline) VALUES (?, ?)",
                [(a, decision.storyline) for a in actors],
            )
            db.executemany(
                "INSERT INTO actor_df(actor, df) VALUES (?, 1) "
                "ON CONFLICT(actor) DO UPDATE SET df = df + 1",
                [(a,) for a in actors],
            )
            db.execute(
                "INSERT INTO counters(name, value) VALUES ('storyline_docs', 1) "
                "ON CONFLICT(name) DO UPDATE SET value = value + 1"
            )

    def resolve_storyline(self, line_id: str) -> str:
        seen = {line_id}
        while True:
            row = self.db.execute(
                "SELECT new FROM storyline_forward WHERE old = ?", (line_id,)
            ).fetchone()
            if row is None or row[0] in seen:
                return line_id
            line_id = row[0]
            seen.add(line_id)
