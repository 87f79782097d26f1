"""The PostgreSQL store's linking side: the queue of unlinked articles, near-duplicate lookup
by LSH band, the story index with its name counts, memberships, forwards and stale marks.

A story's membership, its stored data and its stale mark change only under that story's
advisory lock (``_lock_stories``), so a reconciled story is stored only if its members are
still the ones it was made from (``put_story``)."""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any

from ..model import LinkDecision, NearDuplicate, StorylineDecision
from .codec import json_default
from .postgres_base import Connection
from .rows import now

__all__ = ["Linking"]


class Linking(Connection):
    apply_storyline: Callable[[StorylineDecision], None]  # the storylines side's

    def unlinked(self) -> list[str]:
        rows = self.db.execute(
            "SELECT q.article FROM link_queue q JOIN articles a ON a.id = q.article "
            "WHERE a.supported "
            "AND NOT EXISTS (SELECT 1 FROM story_articles s WHERE s.article = q.article) "
            "ORDER BY a.published IS NULL, a.published, a.seq"
        )
        return [r[0] for r in rows]

    def near_duplicates(
        self, bands: Sequence[tuple[int, int]], exclude: str
    ) -> list[NearDuplicate]:
        if not bands:
            return []
        rows = self.db.execute(
            "SELECT DISTINCT m.article, m.data, sa.copy_of FROM lsh_bands b "
            "JOIN unnest(%s::integer[], %s::bigint[]) AS k(band, key) "
            "ON b.band = k.band AND b.key = k.key "
            "JOIN minhashes m ON m.article = b.article "
            "LEFT JOIN story_articles sa ON sa.article = m.article "
            "WHERE b.article <> %s",
            ([b for b, _ in bands], [k for _, k in bands], exclude),
        ).fetchall()
        return [NearDuplicate(article=a, signature=bytes(d), copy_of=c) for a, d, c in rows]

    def linked_docs(self) -> int:
        row = self.db.execute("SELECT value FROM counters WHERE name = 'linked_docs'").fetchone()
        return int(row[0]) if row else 0

    def candidate_stories(self, names: Collection[str], max_df: int, limit: int) -> list[str]:
        db = self.db
        if not names:
            return [r[0] for r in db.execute("SELECT story FROM story_index ORDER BY story")]
        found = [
            r[0]
            for r in db.execute(
                "SELECT sn.story FROM name_df d JOIN story_names sn ON sn.name = d.name "
                "WHERE d.df <= %s AND d.name = ANY(%s) GROUP BY sn.story "
                "ORDER BY count(*) DESC LIMIT %s",
                (max_df, list(names), limit),
            )
        ]
        found += [
            r[0] for r in db.execute("SELECT story FROM story_index WHERE NOT named ORDER BY story")
        ]
        return list(dict.fromkeys(found))

    def story_states(self, ids: Sequence[str]) -> list[dict[str, Any]]:
        wanted = list(dict.fromkeys(ids))
        rows = self.db.execute(
            "SELECT story, state FROM story_index WHERE story = ANY(%s)", (wanted,)
        )
        found = {s: state for s, state in rows}
        return [json.loads(found[i]) for i in wanted if i in found]

    def name_counts(self, names: Iterable[str]) -> dict[str, int]:
        rows = self.db.execute("SELECT name, df FROM name_df WHERE name = ANY(%s)", (list(names),))
        return {n: int(df) for n, df in rows}

    def apply_link(self, decision: LinkDecision) -> None:
        db = self.db
        story = decision.story
        # With a storyline decision, the linker's lock first (apply_storyline takes it), then
        # the stories' rows, in the order link() takes them.
        with self.transaction(exclusive=decision.storyline is not None), db.cursor() as cur:
            self._lock_stories([story, *decision.retired])
            for old in decision.retired:
                self.retire_story(old, story)
            entry = decision.index
            if entry is not None:
                names = sorted(entry.names)
                cur.execute(
                    "INSERT INTO story_index(story, named, state) VALUES (%s, %s, %s) "
                    "ON CONFLICT (story) DO UPDATE SET named = excluded.named, "
                    "state = excluded.state",
                    (entry.story, bool(entry.named), json.dumps(entry.state, default=json_default)),
                )
                cur.execute(
                    "INSERT INTO story_names(name, story) SELECT n, %s FROM unnest(%s::text[]) n "
                    "ON CONFLICT DO NOTHING",
                    (entry.story, names),
                )
                cur.execute(
                    "INSERT INTO name_df(name, df) SELECT n, 1 FROM unnest(%s::text[]) n "
                    "ON CONFLICT (name) DO UPDATE SET df = name_df.df + 1",
                    (names,),
                )
                cur.execute(
                    "INSERT INTO counters(name, value) VALUES ('linked_docs', 1) "
                    "ON CONFLICT (name) DO UPDATE SET value = counters.value + 1"
                )
            if decision.signature:
                cur.execute(
                    "INSERT INTO minhashes(article, data) VALUES (%s, %s) "
                    "ON CONFLICT (article) DO UPDATE SET data = excluded.data",
                    (decision.article, decision.signature),
                )
                cur.execute(
                    "INSERT INTO lsh_bands(band, key, article) "
                    "SELECT b, k, %s FROM unnest(%s::integer[], %s::bigint[]) AS t(b, k) "
                    "ON CONFLICT DO NOTHING",
                    (
                        decision.article,
                        [b for b, _ in decision.bands],
                        [k for _, k in decision.bands],
                    ),
                )
            cur.execute(
                "INSERT INTO story_articles(article, story, copy_of, linked) "
                "VALUES (%s, %s, %s, %s) ON CONFLICT (article) DO UPDATE SET "
                "story = excluded.story, copy_of = excluded.copy_of, linked = excluded.linked",
                (decision.article, story, decision.copy_of, now()),
            )
            cur.execute("DELETE FROM link_queue WHERE article = %s", (decision.article,))
            cur.execute(
                "INSERT INTO stale_stories(story) VALUES (%s) ON CONFLICT DO NOTHING", (story,)
            )
            if decision.storyline is not None:
                self.apply_storyline(decision.storyline)

    def retire_story(self, old: str, new: str) -> None:
        # Only one-article stories are retired, and nothing forwards to those: no forward
        # needs moving.
        db = self.db
        with self.transaction():
            self._lock_stories([old, new])
            db.execute("UPDATE story_articles SET story = %s WHERE story = %s", (new, old))
            db.execute(
                "INSERT INTO story_names(name, story) "
                "SELECT name, %s FROM story_names WHERE story = %s ON CONFLICT DO NOTHING",
                (new, old),
            )
            for table, column in (("story_names", "story"), ("story_index", "story"),
                                  ("stale_stories", "story"), ("stories", "id"),
                                  ("story_search", "story")):  # fmt: skip
                db.execute(f"DELETE FROM {table} WHERE {column} = %s", (old,))
            db.execute(
                "INSERT INTO story_forward(old, new) VALUES (%s, %s) "
                "ON CONFLICT (old) DO UPDATE SET new = excluded.new",
                (old, new),
            )
            db.execute(
                "INSERT INTO stale_stories(story) VALUES (%s) ON CONFLICT DO NOTHING", (new,)
            )

    def story_of(self, ids: Iterable[str]) -> dict[str, str]:
        rows = self.db.execute(
            "SELECT article, story FROM story_articles WHERE article = ANY(%s)", (list(ids),)
        )
        return {a: st for a, st in rows}

    def story_members(self, story: str) -> list[str]:
        rows = self.db.execute(
            "SELECT s.article FROM story_articles s JOIN articles a ON a.id = s.article "
            "WHERE s.story = %s ORDER BY a.published IS NULL, a.published, a.seq",
            (story,),
        )
        return [r[0] for r in rows]

    def copies(self, ids: Iterable[str]) -> dict[str, str]:
        rows = self.db.execute(
            "SELECT article, copy_of FROM story_articles WHERE copy_of IS NOT NULL "
            "AND article = ANY(%s)",
            (list(ids),),
        )
        return {a: c for a, c in rows}

    def resolve_story(self, story_id: str) -> str:
        seen = {story_id}
        while True:
            row = self.db.execute(
                "SELECT new FROM story_forward WHERE old = %s", (story_id,)
            ).fetchone()
            if row is None or row[0] in seen:
                return story_id
            story_id = row[0]
            seen.add(story_id)

    def stale_stories(self, ids: Iterable[str] | None = None) -> list[str]:
        if ids is None:
            rows = self.db.execute("SELECT story FROM stale_stories ORDER BY story")
        else:
            rows = self.db.execute(
                "SELECT story FROM stale_stories WHERE story = ANY(%s) ORDER BY story",
                (list(ids),),
            )
        return [r[0] for r in rows]

    def mark_stale(self, stories: Iterable[str]) -> None:
        wanted = sorted(set(stories))
        if not wanted:
            return
        with self.transaction():
            self._lock_stories(wanted)
            self.db.execute(
                "INSERT INTO stale_stories(story) SELECT unnest(%s::text[]) ON CONFLICT DO NOTHING",
                (wanted,),
            )

    def story_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM stories ORDER BY id")]
