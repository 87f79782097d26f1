-- storyweave store, schema version 4: the web app's add jobs as rows, so that an upload
-- outlives the server process that accepted it (web/jobs.py runs them; store/base.py says
-- what claiming, heartbeats and releasing mean). Times are seconds since the epoch.

CREATE TABLE IF NOT EXISTS add_jobs (
    id        TEXT PRIMARY KEY,
    state     TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
    bytes     INTEGER NOT NULL,
    created   REAL NOT NULL,
    started   REAL,
    finished  REAL,
    heartbeat REAL,                -- last sign of life of the server running it
    worker    TEXT,                -- that server
    attempts  INTEGER NOT NULL DEFAULT 0,
    stage     TEXT,
    done      INTEGER NOT NULL DEFAULT 0,
    total     INTEGER NOT NULL DEFAULT 0,
    result    TEXT,                -- the add report, JSON
    error     TEXT
);
-- The next job to claim: queued ones, and running ones whose heartbeat went stale.
CREATE INDEX IF NOT EXISTS add_jobs_waiting ON add_jobs(state, created);
CREATE INDEX IF NOT EXISTS add_jobs_created ON add_jobs(created);

-- The uploaded files of a job; data goes (NULL) when the job ends, the names stay.
CREATE TABLE IF NOT EXISTS add_job_files (
    job  TEXT NOT NULL REFERENCES add_jobs(id) ON DELETE CASCADE,
    idx  INTEGER NOT NULL,
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    data BLOB,
    PRIMARY KEY (job, idx)
) WITHOUT ROWID;
