import type { Migration } from './types';

/**
 * Field check-in by the member's QR code (issued by the insurer's app, verified offline with the
 * service's key): a third check-in method. SQLite cannot change a CHECK constraint, so the table
 * is rebuilt with its rows and indexes.
 */
export const migration0009: Migration = {
  version: 9,
  name: 'field_qr',
  up(db) {
    db.exec(`
      CREATE TABLE field_checkin_new (
        id             TEXT PRIMARY KEY,
        event_id       TEXT NOT NULL,
        member_ref     TEXT NOT NULL,
        year           INTEGER NOT NULL,
        at             TEXT NOT NULL,
        staff_id       TEXT NOT NULL,
        method         TEXT NOT NULL CHECK (method IN ('card', 'manual', 'qr')),
        outcome        TEXT NOT NULL CHECK (outcome IN ('recorded', 'duplicate', 'limit-reached', 'child', 'rejected')),
        reason         TEXT,
        submission_id  TEXT
      ) STRICT;
      INSERT INTO field_checkin_new SELECT id, event_id, member_ref, year, at, staff_id, method, outcome, reason, submission_id FROM field_checkin;
      DROP TABLE field_checkin;
      ALTER TABLE field_checkin_new RENAME TO field_checkin;
      -- Same person twice at the same event: one participation, never two.
      CREATE UNIQUE INDEX field_checkin_once ON field_checkin (event_id, member_ref) WHERE outcome = 'recorded';
      CREATE INDEX field_checkin_member_year ON field_checkin (member_ref, year);
    `);
  },
};
