-- storyweave store on PostgreSQL, schema version 1 (later versions: the numbered files beside
-- this one). The same tables as the SQLite store at its version 2, with PostgreSQL's types,
-- full-text search by a generated tsvector column and name search by trigrams.
-- Open the database with `psql` and read along: `\dt`, `\d articles`.
-- Every span (start, "end") is a character offset into articles.text. Text that is sorted
-- (dates, ids, file names) compares byte by byte (COLLATE "C"), as on SQLite.

-- pg_trgm (name search) and unaccent (search folds accents, as SQLite's FTS5 does) are
-- trusted extensions: the database's owner may create them.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- Words as typed, lower-cased and without accents; no stemming and no stop words, since the
-- articles are in many languages (FTS5's unicode61 tokenizer does the same).
CREATE TEXT SEARCH CONFIGURATION storyweave_words (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION storyweave_words
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
    WITH unaccent, simple;

-- One row per distinct article: id is the hash of its normalized text; seq the order in which
-- articles were first stored (ties of publication date keep it).
CREATE TABLE articles (
    seq                bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id                 text PRIMARY KEY,
    title              text,
    source             text,
    url                text,
    published          text COLLATE "C",  -- YYYY-MM-DD (or YYYY-MM, YYYY), given or inferred
    published_inferred boolean NOT NULL DEFAULT false,
    published_reason   text,              -- how an inferred date was reached
    language           text,
    supported          boolean NOT NULL DEFAULT true,  -- false: language not analyzed
    text               text NOT NULL,
    added              text NOT NULL,
    analyzer           text NOT NULL,     -- version of the analysis stored below
    -- The search index's words: the title ranks above the text. The first 500,000 characters
    -- are indexed (a tsvector holds at most 1 MB).
    words              tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('storyweave_words', coalesce(title, '')), 'A')
        || setweight(to_tsvector('storyweave_words', left(text, 500000)), 'B')
    ) STORED
);
CREATE INDEX articles_words ON articles USING gin (words);
CREATE INDEX articles_order ON articles ((published IS NULL), published, seq);
CREATE INDEX articles_source ON articles (source);
CREATE INDEX articles_language ON articles (language);

-- Every place an article arrived from (the same text from two files is one article).
CREATE TABLE origins (
    article text NOT NULL REFERENCES articles (id),
    file    text COLLATE "C" NOT NULL,
    url     text COLLATE "C" NOT NULL DEFAULT '',
    source  text,
    fetched text,
    PRIMARY KEY (article, file, url)
);
CREATE INDEX origins_file ON origins (file);

CREATE TABLE sentences (
    article   text NOT NULL REFERENCES articles (id),
    idx       integer NOT NULL,
    start     integer NOT NULL,
    "end"     integer NOT NULL,
    paragraph integer NOT NULL,
    PRIMARY KEY (article, idx)
);

-- Proper-name mentions; label is the model's (evidence, not the entity type).
-- grp links to name_groups.id of the same article; data holds any further evidence fields.
CREATE TABLE mentions (
    article  text NOT NULL REFERENCES articles (id),
    idx      integer NOT NULL,
    start    integer NOT NULL,
    "end"    integer NOT NULL,
    text     text NOT NULL,
    label    text NOT NULL,
    name     text NOT NULL,
    grp      integer NOT NULL,
    sentence integer NOT NULL,
    data     text NOT NULL DEFAULT '{}',
    PRIMARY KEY (article, idx)
);

-- Mentions of one name within one article.
CREATE TABLE name_groups (
    article text NOT NULL REFERENCES articles (id),
    id      integer NOT NULL,
    name    text NOT NULL,
    data    text NOT NULL DEFAULT '{}',   -- labels, mention indices, further evidence
    PRIMARY KEY (article, id)
);

CREATE TABLE time_expressions (
    article text NOT NULL REFERENCES articles (id),
    idx     integer NOT NULL,
    start   integer NOT NULL,
    "end"   integer NOT NULL,
    text    text NOT NULL,
    type    text NOT NULL,                -- DATE, TIME, DURATION, SET
    value   text NOT NULL,                -- TIMEX3 value
    mod     text,
    data    text NOT NULL DEFAULT '{}',   -- anchor and further fields
    PRIMARY KEY (article, idx)
);

CREATE TABLE quantities (
    article text NOT NULL REFERENCES articles (id),
    idx     integer NOT NULL,
    start   integer NOT NULL,
    "end"   integer NOT NULL,
    text    text NOT NULL,
    number  double precision NOT NULL,
    unit    text,
    PRIMARY KEY (article, idx)
);

-- Inputs that could not be read, kept so `storyweave articles` can show them.
CREATE TABLE failures (
    file   text COLLATE "C" NOT NULL,
    code   text NOT NULL,
    reason text COLLATE "C" NOT NULL,
    seen   text NOT NULL,
    PRIMARY KEY (file, reason)
);

-- Article embeddings (float32, little endian), for story linking and claim alignment.
CREATE TABLE vectors (
    article text PRIMARY KEY REFERENCES articles (id),
    dim     integer NOT NULL,
    data    bytea NOT NULL
);

-- MinHash signatures of article texts and their LSH band keys, for finding near-duplicates
-- with an index lookup instead of a scan of the store.
CREATE TABLE minhashes (
    article text PRIMARY KEY REFERENCES articles (id),
    data    bytea NOT NULL
);
CREATE TABLE lsh_bands (
    band    integer NOT NULL,
    key     bigint NOT NULL,
    article text NOT NULL,
    PRIMARY KEY (band, key, article)
);

-- Which story each article belongs to; copy_of names the original of a near-duplicate
-- (a syndicated copy never counts as independent corroboration). The primary key is what
-- makes an article belong to one story only, whoever links it.
CREATE TABLE story_articles (
    article text PRIMARY KEY REFERENCES articles (id),
    story   text NOT NULL,
    copy_of text,
    linked  text NOT NULL
);
CREATE INDEX story_articles_story ON story_articles (story);

-- Articles waiting to be linked into a story: storing an analyzed article queues it, linking
-- it takes it off, in the same transaction.
CREATE TABLE link_queue (
    article text PRIMARY KEY REFERENCES articles (id)
);

-- The story clusterer's state, one row per story (link/stories.py), with an inverted index
-- from names to stories and each name's document frequency: adding an article reads only the
-- stories that share a name with it, whatever the store's size.
CREATE TABLE story_index (
    story text COLLATE "C" PRIMARY KEY,
    named boolean NOT NULL,           -- false: the story has no names (embedding-only matching)
    state text NOT NULL               -- JSON
);
CREATE TABLE story_names (
    name  text NOT NULL,
    story text NOT NULL,
    PRIMARY KEY (name, story)
);
CREATE INDEX story_names_story ON story_names (story);
CREATE TABLE name_df (
    name text PRIMARY KEY,
    df   integer NOT NULL
);
-- A lone article's story that later joined another story forwards to it (link/stories.py):
-- links to the old id keep working.
CREATE TABLE story_forward (
    old text PRIMARY KEY,
    new text NOT NULL
);

-- Counts updated in place (one statement, no read-modify-write by the caller).
-- linked_docs: articles placed by the story clusterer (its IDF counts documents).
CREATE TABLE counters (
    name  text PRIMARY KEY,
    value bigint NOT NULL
);

-- One row per story id ever linked or stored. A writer of a story's membership, stored data
-- or stale mark locks its row first (SELECT ... FOR UPDATE), so a reconciled story is stored
-- only if its members are still the ones it was made from, whoever links meanwhile.
CREATE TABLE story_locks (
    story text COLLATE "C" PRIMARY KEY
);

-- Stories whose articles changed since they were last reconciled (written with the links,
-- cleared once the story is reconciled: an interrupted run leaves them for the next one).
CREATE TABLE stale_stories (
    story text COLLATE "C" PRIMARY KEY
);

-- The reconciled story of each story id, rebuilt only when the story's articles change.
-- data: the Story object as versioned JSON (store/codec.py). PostgreSQL keeps large values
-- out of line, so the stories list reads the small columns only.
CREATE TABLE stories (
    id         text COLLATE "C" PRIMARY KEY,
    title      text NOT NULL,
    articles   integer NOT NULL,
    first_date text COLLATE "C",
    last_date  text COLLATE "C",
    updated    text COLLATE "C" NOT NULL,
    data       text NOT NULL
);
CREATE INDEX stories_latest ON stories ((coalesce(last_date, '')) DESC, updated DESC, id);

-- The entity names and aliases of each story, lower-cased and without accents (folded by the
-- store as it writes them), for finding stories by name; written with the story itself.
CREATE TABLE story_search (
    story text PRIMARY KEY,
    names text NOT NULL
);
CREATE INDEX story_search_names ON story_search USING gin (names gin_trgm_ops);

-- Free-form per-stage state (story clusterer, duplicate index...), keyed by name.
CREATE TABLE state (
    name  text PRIMARY KEY,
    value bytea NOT NULL
);

-- Work kept between reconciliations of a story (reconcile/cache.py): sentence parses and
-- claim vectors, keyed by a hash of the model and the text. Safe to delete: it is rebuilt.
CREATE TABLE cache (
    kind text NOT NULL,   -- "parse" or "unit-vector"
    key  text NOT NULL,
    data bytea NOT NULL,
    PRIMARY KEY (kind, key)
);
