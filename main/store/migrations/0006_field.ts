import type { Migration } from './types';

/**
 * Field stations at company health events (measures 5/6, "confirmed by the insurer during the
 * event"): events created on the station while offline, and every check-in with its outcome.
 * Members are referenced by member_ref (HMAC of the KVNR); initials only for the staff screen.
 */
export const migration0006: Migration = {
  version: 6,
  name: 'field',
  up(db) {
    db.exec(`
      CREATE TABLE field_event (
        id          TEXT PRIMARY KEY,
        title       TEXT NOT NULL,
        company     TEXT NOT NULL,
        starts_at   TEXT NOT NULL,
        ends_at     TEXT NOT NULL,
        measures    TEXT NOT NULL,            -- JSON array of 5 and/or 6
        created_by  TEXT NOT NULL,            -- staff:<id>
        created_at  TEXT NOT NULL
      ) STRICT;

      CREATE TABLE field_checkin (
        id             TEXT PRIMARY KEY,
        event_id       TEXT NOT NULL,
        member_ref     TEXT NOT NULL,
        year           INTEGER NOT NULL,
        at             TEXT NOT NULL,
        staff_id       TEXT NOT NULL,
        method         TEXT NOT NULL CHECK (method IN ('card', 'manual')),
        outcome        TEXT NOT NULL CHECK (outcome IN ('recorded', 'duplicate', 'limit-reached', 'child', 'rejected')),
        reason         TEXT,
        submission_id  TEXT
      ) STRICT;
      -- Same person twice at the same event: one participation, never two.
      CREATE UNIQUE INDEX field_checkin_once ON field_checkin (event_id, member_ref) WHERE outcome = 'recorded';
      CREATE INDEX field_checkin_member_year ON field_checkin (member_ref, year);
    `);
  },
};
