-- storyweave store, schema version 2: a linking queue instead of a row-number watermark,
-- a counter table, the search index of story names kept by the store itself, and stories
-- stored as data (their JSON converted by the migration code in store/sqlite.py).

-- Articles waiting to be linked into a story: storing an analyzed article queues it, linking
-- it takes it off, in the same transaction. Nothing depends on the order rows were written in,
-- so concurrent writers cannot make the linker skip an article.
CREATE TABLE IF NOT EXISTS link_queue (
    article TEXT PRIMARY KEY REFERENCES articles(id)
) WITHOUT ROWID;
INSERT OR IGNORE INTO link_queue(article)
    SELECT id FROM articles a WHERE supported = 1
    AND NOT EXISTS (SELECT 1 FROM story_articles s WHERE s.article = a.id);
DELETE FROM state WHERE name = 'linked.upto_rowid';

-- Counts updated in place (one statement, no read-modify-write by the caller).
CREATE TABLE IF NOT EXISTS counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
-- linked_docs: articles placed by the story clusterer (its IDF counts documents).
INSERT OR IGNORE INTO counters(name, value)
    SELECT 'linked_docs', CAST(CAST(value AS TEXT) AS INTEGER) FROM state
    WHERE name = 'stories.docs';
DELETE FROM state WHERE name = 'stories.docs';

-- Entity names and aliases of each story, for finding stories by name; written with the
-- story itself.
CREATE VIRTUAL TABLE IF NOT EXISTS story_names_fts USING fts5(story UNINDEXED, names);
DROP TABLE IF EXISTS story_names_seen;  -- the lazy re-indexing of earlier versions

-- Filters of the stories list (by source, by language) and latest-activity order.
CREATE INDEX IF NOT EXISTS articles_source ON articles(source);
CREATE INDEX IF NOT EXISTS articles_language ON articles(language);
-- Covering the stories list: story rows hold their whole story, so reading the list from the
-- table itself would read every story.
CREATE INDEX IF NOT EXISTS stories_list ON stories(last_date, updated, first_date, articles, title);
