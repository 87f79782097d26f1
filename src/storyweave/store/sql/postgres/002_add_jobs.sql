-- storyweave store on PostgreSQL, schema version 2 (the SQLite store's version 4): the web
-- app's add jobs as rows, so that an upload outlives the server process that accepted it
-- (web/jobs.py runs them; store/base.py says what claiming, heartbeats and releasing mean).
-- Times are seconds since the epoch, as on SQLite.

CREATE TABLE add_jobs (
    id        text PRIMARY KEY,
    state     text NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
    bytes     bigint NOT NULL,
    created   double precision NOT NULL,
    started   double precision,
    finished  double precision,
    heartbeat double precision,     -- last sign of life of the server running it
    worker    text,                 -- that server
    attempts  integer NOT NULL DEFAULT 0,
    stage     text,
    done      integer NOT NULL DEFAULT 0,
    total     integer NOT NULL DEFAULT 0,
    result    text,                 -- the add report, JSON
    error     text
);
-- The next job to claim: queued ones, and running ones whose heartbeat went stale.
CREATE INDEX add_jobs_waiting ON add_jobs(state, created);
CREATE INDEX add_jobs_created ON add_jobs(created);

-- The uploaded files of a job; data goes (NULL) when the job ends, the names stay.
CREATE TABLE add_job_files (
    job  text NOT NULL REFERENCES add_jobs(id) ON DELETE CASCADE,
    idx  integer NOT NULL,
    name text NOT NULL,
    size bigint NOT NULL,
    data bytea,
    PRIMARY KEY (job, idx)
);
