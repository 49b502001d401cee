import type { Migration } from './types';

/**
 * The sync outbox (main/sync): submissions and their evidence blobs, queued in the same
 * transaction that creates them, with what the service answered; the station's signing key;
 * decisions pulled from the service for notifications; and small sync state (cursors, pulls).
 */
export const migration0002: Migration = {
  version: 2,
  name: 'outbox',
  up(db) {
    db.exec(`
      CREATE TABLE sync_outbox (
        seq             INTEGER PRIMARY KEY,  -- upload order
        submission_id   TEXT    NOT NULL UNIQUE,
        -- HMAC of the KVNR with a station secret: finds decisions for the next card session
        -- without keeping the KVNR once the payload is purged.
        member_ref      TEXT    NOT NULL,
        payload         TEXT,                 -- the SubmissionUpload as JSON; NULL once purged
        measures        TEXT    NOT NULL,     -- JSON array of measure numbers, kept for notifications
        payload_bytes   INTEGER NOT NULL,
        created_at      TEXT    NOT NULL,
        state           TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'acknowledged', 'failed')),
        attempts        INTEGER NOT NULL DEFAULT 0,
        last_error      TEXT,
        acknowledged_at TEXT,
        receipt         TEXT,
        purged_at       TEXT
      ) STRICT;
      CREATE INDEX sync_outbox_pending ON sync_outbox (state, seq);

      CREATE TABLE sync_blobs (
        sha256      TEXT    PRIMARY KEY,
        media_type  TEXT    NOT NULL,
        size        INTEGER NOT NULL CHECK (size > 0),
        data        BLOB,                     -- NULL once purged
        uploaded_at TEXT,                     -- the service verified the whole blob
        created_at  TEXT    NOT NULL
      ) STRICT;

      CREATE TABLE sync_outbox_blobs (
        submission_id TEXT NOT NULL REFERENCES sync_outbox (submission_id),
        sha256        TEXT NOT NULL REFERENCES sync_blobs (sha256),
        PRIMARY KEY (submission_id, sha256)
      ) STRICT;
      CREATE INDEX sync_outbox_blobs_sha256 ON sync_outbox_blobs (sha256);

      CREATE TABLE sync_identity (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        station_id  TEXT NOT NULL,
        private_key BLOB NOT NULL,            -- Ed25519, PKCS#8 DER; only inside the encrypted database
        public_key  TEXT NOT NULL,
        enrolled_at TEXT
      ) STRICT;

      CREATE TABLE sync_decisions (
        seq           INTEGER PRIMARY KEY,    -- the service's feed position
        submission_id TEXT NOT NULL,
        member_ref    TEXT,
        decision      TEXT NOT NULL,
        reason        TEXT,
        fields        TEXT NOT NULL,
        decided_at    TEXT NOT NULL,
        shown_at      TEXT
      ) STRICT;
      CREATE INDEX sync_decisions_member ON sync_decisions (member_ref, shown_at);

      CREATE TABLE sync_state (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `);
  },
};
