-- Read-side tables of the web app and API (storyweave/queries.py), beside schema.sql.
-- Derived data only: dropping these tables loses nothing; they are rebuilt on the next query.

-- Entity names and aliases of each story, for searching stories by name.
CREATE VIRTUAL TABLE IF NOT EXISTS story_names_fts USING fts5(story UNINDEXED, names);

-- The `stories.updated` stamp each story had when its names were indexed.
CREATE TABLE IF NOT EXISTS story_names_seen (
    story   TEXT PRIMARY KEY,
    updated TEXT NOT NULL
) WITHOUT ROWID;

-- Filters of the stories list (by source, by language) and latest-activity order.
CREATE INDEX IF NOT EXISTS articles_source ON articles(source);
CREATE INDEX IF NOT EXISTS articles_language ON articles(language);
-- Covering the stories list: story rows hold their whole dossier, so reading the list from
-- the table itself would read every dossier.
CREATE INDEX IF NOT EXISTS stories_list ON stories(last_date, updated, first_date, articles, title);
