"""The PostgreSQL store's storylines side: each storyline's record and its stories, the actor
index with its counts, and forwards (link/storylines.py decides; this keeps).

Only the linker writes here, and it decides from what it read under its advisory lock
(``transaction(exclusive=True)``, which ``apply_storyline`` takes too): two processes adding at
once place their articles one after the other, so a story is never put in two storylines
from two stale reads (and its primary key in storyline_stories holds it to one anyway)."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from ..model import StorylineDecision
from .postgres_base import Connection

__all__ = ["Storylines"]


class Storylines(Connection):
    def storyline_docs(self) -> int:
        row = self.db.execute("SELECT value FROM counters WHERE name = 'storyline_docs'").fetchone()
        return int(row[0]) if row else 0

    def storylines_of(self, stories: Iterable[str]) -> dict[str, str]:
        rows = self.db.execute(
            "SELECT story, storyline FROM storyline_stories WHERE story = ANY(%s)",
            (list(stories),),
        )
        return {s: line for s, line in rows}

    def candidate_storylines(self, actors: Collection[str], max_df: int, limit: int) -> list[str]:
        if not actors:
            return []
        rows = self.db.execute(
            "SELECT sa.storyline FROM actor_df d JOIN storyline_actors sa ON sa.actor = d.actor "
            "WHERE d.df <= %s AND d.actor = ANY(%s) GROUP BY sa.storyline "
            "ORDER BY count(*) DESC, sa.storyline LIMIT %s",
            (max_df, sorted(actors), limit),
        )
        return [r[0] for r in rows]

    def storyline_records(self, ids: Sequence[str]) -> list[dict[str, Any]]:
        wanted = list(dict.fromkeys(ids))
        rows = self.db.execute("SELECT id, state FROM storylines WHERE id = ANY(%s)", (wanted,))
        found = {i: state for i, state in rows}
        return [json.loads(found[i]) for i in wanted if i in found]

    def story_profiles(self, stories: Iterable[str]) -> dict[str, dict[str, Any]]:
        rows = self.db.execute(
            "SELECT story, profile FROM storyline_stories WHERE story = ANY(%s)",
            (list(stories),),
        )
        return {s: json.loads(p) for s, p in rows}

    def actor_counts(self, actors: Iterable[str]) -> dict[str, int]:
        rows = self.db.execute(
            "SELECT actor, df FROM actor_df WHERE actor = ANY(%s)", (list(actors),)
        )
        return {a: int(df) for a, df in rows}

    def unplaced_stories(self) -> list[str]:
        rows = self.db.execute(
            'SELECT DISTINCT sa.story COLLATE "C" AS story FROM story_articles sa '
            "WHERE NOT EXISTS (SELECT 1 FROM storyline_stories l WHERE l.story = sa.story) "
            "ORDER BY 1"
        )
        return [r[0] for r in rows]

    def apply_storyline(self, decision: StorylineDecision) -> None:
        with self.transaction(exclusive=True), self.db.cursor() as cur:
            for old, new in decision.retired:
                cur.execute(
                    "INSERT INTO storyline_actors(actor, storyline) "
                    "SELECT actor, %s FROM storyline_actors WHERE storyline = %s "
                    "ON CONFLICT DO NOTHING",
                    (new, old),
                )
                cur.execute("DELETE FROM storyline_actors WHERE storyline = %s", (old,))
                cur.execute("DELETE FROM storylines WHERE id = %s", (old,))
                cur.execute(
                    "INSERT INTO storyline_forward(old, new) VALUES (%s, %s) "
                    "ON CONFLICT (old) DO UPDATE SET new = excluded.new",
                    (old, new),
                )
            cur.execute(
                "DELETE FROM storyline_stories WHERE story = ANY(%s)", (list(decision.dropped),)
            )
            cur.executemany(
                "INSERT INTO storylines(id, state) VALUES (%s, %s) "
                "ON CONFLICT (id) DO UPDATE SET state = excluded.state",
                [(line, json.dumps(state)) for line, state in decision.lines],
            )
            cur.executemany(
                "INSERT INTO storyline_stories(story, storyline, profile) VALUES (%s, %s, %s) "
                "ON CONFLICT (story) DO UPDATE SET storyline = excluded.storyline, "
                "profile = excluded.profile",
                [(s, line, json.dumps(p)) for s, line, p in decision.stories],
            )
            actors = sorted(decision.actors)
            cur.execute(
                "INSERT INTO storyline_actors(actor, storyline) "
                "SELECT a, %s FROM unnest(%s::text[]) a ON CONFLICT DO NOTHING",
                (decision.storyline, actors),
            )
            cur.execute(
                "INSERT INTO actor_df(actor, df) SELECT a, 1 FROM unnest(%s::text[]) a "
                "ON CONFLICT (actor) DO UPDATE SET df = actor_df.df + 1",
                (actors,),
            )
            cur.execute(
                "INSERT INTO counters(name, value) VALUES ('storyline_docs', 1) "
                "ON CONFLICT (name) DO UPDATE SET value = counters.value + 1"
            )

    def resolve_storyline(self, line_id: str) -> str:
        seen = {line_id}
        while True:
            row = self.db.execute(
                "SELECT new FROM storyline_forward WHERE old = %s", (line_id,)
            ).fetchone()
            if row is None or row[0] in seen:
                return line_id
            line_id = row[0]
            seen.add(line_id)
