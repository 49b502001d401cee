import type { Migration } from './types';

/**
 * The clerk's batch queue: scanned booklet pages with their state (scanned → recognized →
 * verified → booked, or error with a message), the recognition of every field and the
 * clerk's decision on it. Page images and field crops live here, inside the encrypted
 * database, like the kiosk's evidence: a scan is health data and never stays on disk in
 * clear. The raw scan is kept only until the page is recognized (a restart recognizes
 * what is left); the straightened archive copy and the crops are the evidence.
 */
export const migration0007: Migration = {
  version: 7,
  name: 'clerk_batch',
  up(db) {
    db.exec(`
      CREATE TABLE clerk_batch (
        id          TEXT PRIMARY KEY,
        state       TEXT NOT NULL CHECK (state IN ('open', 'closed')),
        created_at  TEXT NOT NULL,
        created_by  TEXT NOT NULL,            -- staff id
        closed_at   TEXT
      ) STRICT;
      -- A clerk works on one batch at a time: scans land in the open one.
      CREATE UNIQUE INDEX clerk_batch_one_open ON clerk_batch (state) WHERE state = 'open';

      CREATE TABLE clerk_page (
        id              TEXT    PRIMARY KEY,
        batch_id        TEXT    NOT NULL REFERENCES clerk_batch (id),
        seq             INTEGER NOT NULL,      -- order of arrival within the batch
        state           TEXT    NOT NULL CHECK (state IN ('scanned', 'recognized', 'verified', 'booked', 'error')),
        error           TEXT,                  -- why, for state 'error' (no personal data)
        source          TEXT    NOT NULL,      -- where it came from, e.g. "scan:<scanner batch id>"
        scanned_at      TEXT    NOT NULL,
        scan            BLOB,                  -- the page as scanned; NULL once recognized
        kind            TEXT    CHECK (kind IN ('booklet_page', 'blank', 'unidentified', 'unregistered')),
        booklet_id      TEXT,
        year            INTEGER,
        program         TEXT    CHECK (program IN ('adult', 'child')),
        page_no         INTEGER,
        reassigned      INTEGER NOT NULL DEFAULT 0 CHECK (reassigned IN (0, 1)),
        upside_down     INTEGER NOT NULL DEFAULT 0 CHECK (upside_down IN (0, 1)),
        archive         BLOB,                  -- straightened grayscale JPEG (evidence)
        archive_width   INTEGER,
        archive_height  INTEGER,
        performed_on    TEXT,                  -- the date the clerk entered or confirmed
        flagged         INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
        flag_note       TEXT,
        verified_by     TEXT,
        verified_at     TEXT,
        submission_id   TEXT,
        booked_by       TEXT,
        booked_at       TEXT,
        UNIQUE (batch_id, seq)
      ) STRICT;
      CREATE INDEX clerk_page_state ON clerk_page (state);

      CREATE TABLE clerk_field (
        page_id     TEXT    NOT NULL REFERENCES clerk_page (id),
        measure     INTEGER NOT NULL CHECK (measure BETWEEN 1 AND 99),
        recognized  TEXT    NOT NULL CHECK (recognized IN ('stamped', 'empty', 'unsure')),
        confidence  REAL    NOT NULL,
        ink_share   REAL    NOT NULL,
        decision    TEXT    CHECK (decision IN ('stamped', 'empty')),   -- the clerk's; NULL: as recognized
        crop        BLOB    NOT NULL,                                    -- JPEG of the field (evidence)
        PRIMARY KEY (page_id, measure)
      ) STRICT;
    `);
  },
};
