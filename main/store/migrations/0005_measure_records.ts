import type { Migration } from './types';

/**
 * Measures a member submitted at this station, so that the booklet shows them as "in review"
 * until the insurer decides. Referenced by member_ref (HMAC of the KVNR), never the KVNR;
 * the evidence itself lives in the sync outbox (sync_blobs) and is purged after acknowledgment.
 */
export const migration0005: Migration = {
  version: 5,
  name: 'measure_records',
  up(db) {
    db.exec(`
      CREATE TABLE measure_record (
        id             TEXT    PRIMARY KEY,
        member_ref     TEXT    NOT NULL,
        submission_id  TEXT    NOT NULL,
        measure        INTEGER NOT NULL CHECK (measure BETWEEN 1 AND 99),
        performed_on   TEXT    NOT NULL,
        evidence       TEXT    NOT NULL,
        review         TEXT    NOT NULL DEFAULT 'pending' CHECK (review IN ('pending', 'accepted', 'rejected')),
        created_at     TEXT    NOT NULL
      ) STRICT;
      CREATE INDEX measure_record_member ON measure_record (member_ref, performed_on);
    `);
  },
};
