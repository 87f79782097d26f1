-- storyweave store on PostgreSQL, schema version 3 (the SQLite store's version 3, storylines):
-- the sagas stories (events) belong to (link/storylines.py). A store made before them gets
-- its stories placed in storylines by the next linking run (pipeline.link), from the articles
-- it holds. Only the linker writes these tables, under its advisory lock (postgres_base.py).

-- One row per storyline: its stories in the order they joined and its actor profile (JSON,
-- as link/storylines.py writes it).
CREATE TABLE storylines (
    id    text COLLATE "C" PRIMARY KEY,
    state text NOT NULL
);
-- Each story's storyline and the story's own actor profile (JSON). The primary key is what
-- makes a story belong to one storyline only.
CREATE TABLE storyline_stories (
    story     text COLLATE "C" PRIMARY KEY,
    storyline text COLLATE "C" NOT NULL,
    profile   text NOT NULL
);
CREATE INDEX storyline_stories_line ON storyline_stories (storyline);
-- Inverted index from actors to storylines and each actor's document frequency: an article
-- is compared with the storylines that share an actor with it, whatever the store's size.
CREATE TABLE storyline_actors (
    actor     text NOT NULL,
    storyline text COLLATE "C" NOT NULL,
    PRIMARY KEY (actor, storyline)
);
CREATE INDEX storyline_actors_line ON storyline_actors (storyline);
CREATE TABLE actor_df (
    actor text PRIMARY KEY,
    df    integer NOT NULL
);
-- A storyline of one story that later joined another storyline forwards to it.
CREATE TABLE storyline_forward (
    old text PRIMARY KEY,
    new text NOT NULL
);
-- counters: storyline_docs (articles the storyline linker has counted, for its IDF).
