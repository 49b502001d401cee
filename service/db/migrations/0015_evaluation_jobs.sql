-- Evaluation of the whole insurer (issue 17, item 4): every member's year re-evaluated by a
-- background job after a payout run, a changed catalog or on request from the back office.

-- What the rules engine makes of a member's year, as the last job found it; a job writes a row
-- only where the result changed, naming itself (the job row says why it ran).
CREATE TABLE member_year_evaluations (
  kvnr             text NOT NULL REFERENCES members (kvnr),
  year             integer NOT NULL,
  rule_set_version text NOT NULL,
  program          text NOT NULL CHECK (program IN ('adult', 'child')),
  participation    text NOT NULL,
  earned_cents     integer NOT NULL CHECK (earned_cents >= 0),
  payable_cents    integer NOT NULL CHECK (payable_cents >= 0),
  evaluated_at     timestamptz NOT NULL,
  job_id           uuid NOT NULL,
  PRIMARY KEY (kvnr, year)
);

-- One job per year and request; `catalog_sha256` is the catalog it ran with (set when it starts). Runs in pages of members by KVNR (keyset); `cursor_kvnr` is the
-- last member whose result is committed, so a job taken over after a crash goes on from there.
-- The runner holds a lease (`runner`, `lease_until`) it renews with every page; a page commits
-- only while its runner still holds the lease, so a second process never runs a job twice.
CREATE TABLE evaluation_jobs (
  id              uuid PRIMARY KEY,
  year            integer NOT NULL,
  reason          text NOT NULL CHECK (reason IN ('payout-run', 'catalog-changed', 'requested')),
  catalog_sha256  text,
  state           text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
  requested_by    text NOT NULL,
  requested_at    timestamptz NOT NULL,
  started_at      timestamptz,
  finished_at     timestamptz,
  cursor_kvnr     text,
  members_total   integer,
  members_done    integer NOT NULL DEFAULT 0,
  members_changed integer NOT NULL DEFAULT 0,
  runner          text,
  lease_until     timestamptz,
  attempts        integer NOT NULL DEFAULT 0,
  error           text
);
-- A request while one waits joins it; one job per year runs at a time.
CREATE UNIQUE INDEX evaluation_jobs_one_queued ON evaluation_jobs (year) WHERE state = 'queued';
CREATE UNIQUE INDEX evaluation_jobs_one_running ON evaluation_jobs (year) WHERE state = 'running';
CREATE INDEX evaluation_jobs_requested ON evaluation_jobs (requested_at);
