-- storyweave store, schema version 3: storylines, the sagas stories (events) belong to
-- (link/storylines.py). A store made before them gets its stories placed in storylines by the
-- next linking run (pipeline.link), from the articles it holds.

-- One row per storyline: its stories in the order they joined and its actor profile (JSON,
-- as link/storylines.py writes it).
CREATE TABLE IF NOT EXISTS storylines (
    id    TEXT PRIMARY KEY,
    state TEXT NOT NULL
) WITHOUT ROWID;
-- Each story's storyline and the story's own actor profile (JSON).
CREATE TABLE IF NOT EXISTS storyline_stories (
    story     TEXT PRIMARY KEY,
    storyline TEXT NOT NULL,
    profile   TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS storyline_stories_line ON storyline_stories(storyline);
-- Inverted index from actors to storylines and each actor's document frequency: an article
-- is compared with the storylines that share an actor with it, whatever the store's size.
CREATE TABLE IF NOT EXISTS storyline_actors (
    actor     TEXT NOT NULL,
    storyline TEXT NOT NULL,
    PRIMARY KEY (actor, storyline)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS actor_df (
    actor TEXT PRIMARY KEY,
    df    INTEGER NOT NULL
) WITHOUT ROWID;
-- A storyline of one story that later joined another storyline forwards to it.
CREATE TABLE IF NOT EXISTS storyline_forward (
    old TEXT PRIMARY KEY,
    new TEXT NOT NULL
) WITHOUT ROWID;
-- linkage counter: storyline_docs (articles the storyline linker has counted, for its IDF).
