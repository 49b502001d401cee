import type { Migration } from './types';

/**
 * Kiosk member sessions: second-factor lockouts per card holder, and participation declarations
 * (§1, §4: when, how and by whom, with the §284 SGB V consent). Members are referenced by the
 * station's HMAC of the KVNR (sync_outbox.member_ref), never by the KVNR itself.
 */
export const migration0004: Migration = {
  version: 4,
  name: 'kiosk',
  up(db) {
    db.exec(`
      CREATE TABLE kiosk_identity_lock (
        member_ref       TEXT    PRIMARY KEY,
        failed_attempts  INTEGER NOT NULL DEFAULT 0,
        locked_until     TEXT
      ) STRICT;

      CREATE TABLE participation_declaration (
        id               TEXT    PRIMARY KEY,
        member_ref       TEXT    NOT NULL,
        year             INTEGER NOT NULL,
        declared_at      TEXT    NOT NULL,
        declared_on      TEXT    NOT NULL,
        channel          TEXT    NOT NULL CHECK (channel IN ('kiosk', 'clerk', 'field')),
        station_id       TEXT    NOT NULL,
        declared_by_role TEXT    NOT NULL CHECK (declared_by_role IN ('self', 'legal_representative')),
        declared_by_ref  TEXT    NOT NULL,
        consent_sgbv284  INTEGER NOT NULL CHECK (consent_sgbv284 = 1),
        terms_version    TEXT    NOT NULL,
        submission_id    TEXT    NOT NULL,
        UNIQUE (member_ref, year)
      ) STRICT;
    `);
  },
};
