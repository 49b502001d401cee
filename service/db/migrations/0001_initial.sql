-- The reference bonus service's schema. Runs unchanged on PGlite and PostgreSQL.

-- Stations and their Ed25519 keys; a revoked station's requests are refused.
CREATE TABLE stations (
  station_id   text PRIMARY KEY,
  public_key   bytea NOT NULL,
  enrolled_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz
);

-- One-time enrollment tokens, stored as SHA-256 only.
CREATE TABLE enrollment_tokens (
  token_sha256 text PRIMARY KEY,
  station_id   text NOT NULL,
  expires_at   timestamptz NOT NULL,
  used_at      timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now()
);

-- Nonces of signed requests seen within the allowed clock skew: a second use is a replay.
CREATE TABLE request_nonces (
  station_id text NOT NULL,
  nonce      text NOT NULL,
  seen_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (station_id, nonce)
);
CREATE INDEX request_nonces_seen_at ON request_nonces (seen_at);

-- Evidence blobs, content-addressed; chunks are kept until the whole blob is verified.
CREATE TABLE blobs (
  sha256       text PRIMARY KEY,
  size         integer NOT NULL CHECK (size > 0),
  media_type   text NOT NULL,
  chunk_size   integer NOT NULL CHECK (chunk_size > 0),
  chunk_count  integer NOT NULL CHECK (chunk_count > 0),
  complete     boolean NOT NULL DEFAULT false,
  created_by   text NOT NULL REFERENCES stations (station_id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz
);
CREATE TABLE blob_chunks (
  sha256 text NOT NULL REFERENCES blobs (sha256) ON DELETE CASCADE,
  idx    integer NOT NULL CHECK (idx >= 0),
  data   bytea NOT NULL,
  PRIMARY KEY (sha256, idx)
);

-- Members as the insurer knows them (the reference service is seeded through admin endpoints).
CREATE TABLE members (
  kvnr           text PRIMARY KEY,
  card_number    text NOT NULL,
  first_name     text NOT NULL,
  last_name      text NOT NULL,
  birth_date     date NOT NULL,
  parent_kvnr    text REFERENCES members (kvnr),
  iban           text,
  account_holder text,
  street         text,
  postal_code    text,
  city           text
);
CREATE TABLE participations (
  kvnr        text NOT NULL REFERENCES members (kvnr),
  year        integer NOT NULL,
  program     text NOT NULL CHECK (program IN ('adult', 'child')),
  declared_at timestamptz NOT NULL,
  PRIMARY KEY (kvnr, year)
);
CREATE TABLE credited_measures (
  kvnr          text NOT NULL REFERENCES members (kvnr),
  year          integer NOT NULL,
  measure       integer NOT NULL CHECK (measure BETWEEN 1 AND 18),
  submission_id uuid,
  PRIMARY KEY (kvnr, year, measure)
);

-- Submissions, idempotent by the station's id; content_sha256 tells a retry from a clash.
CREATE TABLE submissions (
  id                 uuid PRIMARY KEY,
  station_id         text NOT NULL REFERENCES stations (station_id),
  kvnr               text NOT NULL,
  kind               text NOT NULL,
  participation_year integer NOT NULL,
  payload            jsonb NOT NULL,
  content_sha256     text NOT NULL,
  state              text NOT NULL DEFAULT 'received',
  evaluation         jsonb NOT NULL,
  received_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX submissions_state ON submissions (state, received_at);
CREATE TABLE submission_blobs (
  submission_id uuid NOT NULL REFERENCES submissions (id),
  sha256        text NOT NULL REFERENCES blobs (sha256),
  PRIMARY KEY (submission_id, sha256)
);

-- Back-office decisions; the feed a station pulls is ordered by seq.
CREATE TABLE decisions (
  seq           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  submission_id uuid NOT NULL REFERENCES submissions (id),
  station_id    text NOT NULL,
  decision      text NOT NULL,
  reason        text,
  fields        jsonb NOT NULL,
  reviewer      text NOT NULL,
  decided_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX decisions_station ON decisions (station_id, seq);

CREATE TABLE field_events (
  id        text PRIMARY KEY,
  title     text NOT NULL,
  company   text NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at   timestamptz NOT NULL,
  measures  jsonb NOT NULL
);

-- Bank or address changes wait for the member's approval in the app within a time window.
CREATE TABLE change_requests (
  id             uuid PRIMARY KEY,
  station_id     text NOT NULL,
  kvnr           text NOT NULL REFERENCES members (kvnr),
  kind           text NOT NULL CHECK (kind IN ('bank', 'address')),
  change         jsonb NOT NULL,
  content_sha256 text NOT NULL,
  state          text NOT NULL DEFAULT 'awaiting-member',
  created_at     timestamptz NOT NULL DEFAULT now(),
  expires_at     timestamptz NOT NULL,
  answered_at    timestamptz
);
