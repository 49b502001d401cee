-- The insurer's back office (service/backoffice): staff accounts with a TOTP second factor,
-- sessions, the audit trail of every action, review claims, payout runs, exclusions and the
-- stations' heartbeats. Everything that must hold across several service processes (lockout
-- counters, sessions, claims, four-eyes approvals) lives here, never in a process's memory.

CREATE TABLE bo_accounts (
  id              text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
  name            text NOT NULL,
  roles           text[] NOT NULL CHECK (roles <@ ARRAY['reviewer', 'payout-officer', 'station-admin']::text[] AND cardinality(roles) > 0),
  password_hash   text NOT NULL,
  totp_secret     text NOT NULL,
  -- The last TOTP time step used: a code is good once (RFC 6238 §5.2).
  totp_last_step  bigint NOT NULL DEFAULT 0,
  failed_attempts integer NOT NULL DEFAULT 0,
  locked_until    timestamptz,
  disabled_at     timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now()
);

-- A session cookie is a random token; only its SHA-256 is kept. The CSRF token is per session.
CREATE TABLE bo_sessions (
  token_sha256 text PRIMARY KEY,
  account_id   text NOT NULL REFERENCES bo_accounts (id) ON DELETE CASCADE,
  csrf_token   text NOT NULL,
  created_at   timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL
);
CREATE INDEX bo_sessions_account ON bo_sessions (account_id);

-- Every action of a person in the back office (and every refusal of one), append-only.
CREATE TABLE bo_audit (
  seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at         timestamptz NOT NULL,
  account_id text,
  action     text NOT NULL,
  subject    text,
  detail     jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX bo_audit_account ON bo_audit (account_id, seq);

-- A reviewer works on a submission only while holding its claim; a claim expires by itself.
CREATE TABLE bo_claims (
  submission_id uuid PRIMARY KEY REFERENCES submissions (id),
  account_id    text NOT NULL REFERENCES bo_accounts (id),
  claimed_at    timestamptz NOT NULL,
  expires_at    timestamptz NOT NULL
);

-- The review queue: oldest waiting first, by keyset (received_at, id).
CREATE INDEX submissions_waiting ON submissions (received_at, id) WHERE state = 'received';

-- Payout applications approved in the back office (four-eyes above a configured amount).
CREATE TABLE bo_payout_approvals (
  submission_id uuid PRIMARY KEY REFERENCES submissions (id),
  kvnr          text NOT NULL,
  year          integer NOT NULL,
  amount_cents  integer NOT NULL CHECK (amount_cents > 0),
  first_by      text NOT NULL REFERENCES bo_accounts (id),
  first_at      timestamptz NOT NULL,
  second_by     text REFERENCES bo_accounts (id) CHECK (second_by IS NULL OR second_by <> first_by),
  second_at     timestamptz,
  run_id        uuid
);

-- A payout run: approved applications exported together as one pain.001 file.
CREATE TABLE bo_payout_runs (
  id            uuid PRIMARY KEY,
  message_id    text NOT NULL UNIQUE,
  created_by    text NOT NULL REFERENCES bo_accounts (id),
  created_at    timestamptz NOT NULL,
  execution_day date NOT NULL,
  item_count    integer NOT NULL,
  total_cents   bigint NOT NULL,
  pain001       text NOT NULL,
  paid_by       text REFERENCES bo_accounts (id),
  paid_at       timestamptz
);

-- §2.1: what was paid to whom for which participation year, and when (the tax-report data).
CREATE TABLE bo_paid_years (
  kvnr          text NOT NULL,
  year          integer NOT NULL,
  amount_cents  integer NOT NULL,
  run_id        uuid NOT NULL REFERENCES bo_payout_runs (id),
  submission_id uuid NOT NULL REFERENCES submissions (id),
  paid_at       timestamptz NOT NULL,
  PRIMARY KEY (kvnr, year)
);

-- §2.5: a member excluded for misuse; premiums already paid may be reclaimed.
CREATE TABLE bo_exclusions (
  kvnr        text PRIMARY KEY,
  excluded_at timestamptz NOT NULL,
  reason      text NOT NULL,
  excluded_by text NOT NULL REFERENCES bo_accounts (id)
);

-- What a station says about itself, signed, on every sync round (the fleet view).
CREATE TABLE station_heartbeats (
  station_id        text PRIMARY KEY REFERENCES stations (station_id),
  received_at       timestamptz NOT NULL,
  station_time      timestamptz NOT NULL,
  report            jsonb NOT NULL
);

-- Mode and branch of a station, shown in the fleet view; filled from its heartbeat until
-- enrollment records them.
ALTER TABLE stations ADD COLUMN IF NOT EXISTS mode text;
ALTER TABLE stations ADD COLUMN IF NOT EXISTS branch text;

-- A reviewer's note beside the reason: kept at the service, never sent to the station.
ALTER TABLE decisions ADD COLUMN note text;
