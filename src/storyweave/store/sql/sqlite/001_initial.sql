-- storyweave store, schema version 1 (later versions: the numbered files beside this one).
-- Open a store with `sqlite3 FILE` and read along.
-- Every span (start, end) is a character offset into articles.text.

CREATE TABLE IF NOT EXISTS migrations (
    version     INTEGER PRIMARY KEY,
    applied     TEXT NOT NULL,          -- ISO timestamp
    description TEXT NOT NULL
);

-- One row per distinct article: id is the hash of its normalized text.
CREATE TABLE IF NOT EXISTS articles (
    rowid              INTEGER PRIMARY KEY,
    id                 TEXT NOT NULL UNIQUE,
    title              TEXT,
    source             TEXT,
    url                TEXT,
    published          TEXT,              -- YYYY-MM-DD, given or inferred
    published_inferred INTEGER NOT NULL DEFAULT 0,
    published_reason   TEXT,              -- how an inferred date was reached
    language           TEXT,
    supported          INTEGER NOT NULL DEFAULT 1,  -- 0: language not analyzed
    text               TEXT NOT NULL,
    added              TEXT NOT NULL,
    analyzer           TEXT NOT NULL      -- version of the analysis stored below
);

-- Every place an article arrived from (the same text from two files is one article).
CREATE TABLE IF NOT EXISTS origins (
    article TEXT NOT NULL REFERENCES articles(id),
    file    TEXT NOT NULL,
    url     TEXT NOT NULL DEFAULT '',
    source  TEXT,
    fetched TEXT,
    PRIMARY KEY (article, file, url)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS sentences (
    article   TEXT NOT NULL REFERENCES articles(id),
    idx       INTEGER NOT NULL,
    start     INTEGER NOT NULL,
    end       INTEGER NOT NULL,
    paragraph INTEGER NOT NULL,
    PRIMARY KEY (article, idx)
) WITHOUT ROWID;

-- Proper-name mentions; label is the model's (evidence, not the entity type).
-- grp links to name_groups.id of the same article; data holds any further evidence fields.
CREATE TABLE IF NOT EXISTS mentions (
    article  TEXT NOT NULL REFERENCES articles(id),
    idx      INTEGER NOT NULL,
    start    INTEGER NOT NULL,
    end      INTEGER NOT NULL,
    text     TEXT NOT NULL,
    label    TEXT NOT NULL,
    name     TEXT NOT NULL,
    grp      INTEGER NOT NULL,
    sentence INTEGER NOT NULL,
    data     TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (article, idx)
) WITHOUT ROWID;

-- Mentions of one name within one article.
CREATE TABLE IF NOT EXISTS name_groups (
    article TEXT NOT NULL REFERENCES articles(id),
    id      INTEGER NOT NULL,
    name    TEXT NOT NULL,
    data    TEXT NOT NULL DEFAULT '{}',   -- labels, mention indices, further evidence
    PRIMARY KEY (article, id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS time_expressions (
    article TEXT NOT NULL REFERENCES articles(id),
    idx     INTEGER NOT NULL,
    start   INTEGER NOT NULL,
    end     INTEGER NOT NULL,
    text    TEXT NOT NULL,
    type    TEXT NOT NULL,                -- DATE, TIME, DURATION, SET
    value   TEXT NOT NULL,                -- TIMEX3 value
    mod     TEXT,
    data    TEXT NOT NULL DEFAULT '{}',   -- anchor and further fields
    PRIMARY KEY (article, idx)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS quantities (
    article TEXT NOT NULL REFERENCES articles(id),
    idx     INTEGER NOT NULL,
    start   INTEGER NOT NULL,
    end     INTEGER NOT NULL,
    text    TEXT NOT NULL,
    number  REAL NOT NULL,
    unit    TEXT,
    PRIMARY KEY (article, idx)
) WITHOUT ROWID;

-- Inputs that could not be read, kept so `storyweave articles` can show them.
CREATE TABLE IF NOT EXISTS failures (
    file   TEXT NOT NULL,
    code   TEXT NOT NULL,
    reason TEXT NOT NULL,
    seen   TEXT NOT NULL,
    PRIMARY KEY (file, reason)
) WITHOUT ROWID;

-- Article embeddings (float32, little endian), for story linking and claim alignment.
CREATE TABLE IF NOT EXISTS vectors (
    article TEXT PRIMARY KEY REFERENCES articles(id),
    dim     INTEGER NOT NULL,
    data    BLOB NOT NULL
) WITHOUT ROWID;

-- MinHash signatures of article texts and their LSH band keys, for finding near-duplicates
-- with an index lookup instead of a scan of the store.
CREATE TABLE IF NOT EXISTS minhashes (
    article TEXT PRIMARY KEY REFERENCES articles(id),
    data    BLOB NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS lsh_bands (
    band    INTEGER NOT NULL,
    key     INTEGER NOT NULL,
    article TEXT NOT NULL,
    PRIMARY KEY (band, key, article)
) WITHOUT ROWID;

-- Which story each article belongs to; copy_of names the original of a near-duplicate
-- (a syndicated copy never counts as independent corroboration).
CREATE TABLE IF NOT EXISTS story_articles (
    article TEXT PRIMARY KEY REFERENCES articles(id),
    story   TEXT NOT NULL,
    copy_of TEXT,
    linked  TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS story_articles_story ON story_articles(story);

-- The story clusterer's state, one row per story (link/stories.py), with an inverted index
-- from names to stories and each name's document frequency: adding an article reads only the
-- stories that share a name with it, whatever the store's size.
CREATE TABLE IF NOT EXISTS story_index (
    story TEXT PRIMARY KEY,
    named INTEGER NOT NULL,           -- 0: the story has no names (embedding-only matching)
    state TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS story_names (
    name  TEXT NOT NULL,
    story TEXT NOT NULL,
    PRIMARY KEY (name, story)
) WITHOUT ROWID;
-- A lone article's story that later joined another story forwards to it (link/stories.py):
-- links to the old id keep working.
CREATE TABLE IF NOT EXISTS story_forward (
    old TEXT PRIMARY KEY,
    new TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS name_df (
    name TEXT PRIMARY KEY,
    df   INTEGER NOT NULL
) WITHOUT ROWID;

-- Stories whose articles changed since they were last reconciled (written with the links,
-- cleared once the story is reconciled: an interrupted run leaves them for the next one).
CREATE TABLE IF NOT EXISTS stale_stories (
    story TEXT PRIMARY KEY
) WITHOUT ROWID;

-- The reconciled story of each story id, rebuilt only when the story's articles change.
-- data: the Story object as versioned JSON (store/codec.py; from version 2 on).
CREATE TABLE IF NOT EXISTS stories (
    id         TEXT PRIMARY KEY,
    title      TEXT NOT NULL,
    articles   INTEGER NOT NULL,
    first_date TEXT,
    last_date  TEXT,
    updated    TEXT NOT NULL,
    data       TEXT NOT NULL
) WITHOUT ROWID;

-- Free-form per-stage state (story clusterer, duplicate index...), keyed by name.
CREATE TABLE IF NOT EXISTS state (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
) WITHOUT ROWID;

-- Full-text index over titles and texts (external content: no second copy of the text).
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title, text, content='articles', content_rowid='rowid'
);
CREATE TRIGGER IF NOT EXISTS articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER IF NOT EXISTS articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
    VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER IF NOT EXISTS articles_au AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
    VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;

-- Work kept between reconciliations of a story (reconcile/cache.py): sentence parses and
-- claim vectors, keyed by a hash of the model and the text. Safe to delete: it is rebuilt.
CREATE TABLE IF NOT EXISTS cache (
    kind TEXT NOT NULL,   -- "parse" or "unit-vector"
    key  TEXT NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (kind, key)
) WITHOUT ROWID;
