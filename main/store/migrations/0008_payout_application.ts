import type { Migration } from './types';

/**
 * Payout applications made at this kiosk (§2.1): one per member and participation year, so a
 * second tap or a second visit does not apply twice. The member is referenced by member_ref
 * (HMAC of the KVNR); no bank details are ever stored here, the insurer pays to the account on
 * record. The amount is what the station computed and is only shown; the service recomputes it.
 */
export const migration0008: Migration = {
  version: 8,
  name: 'payout_application',
  up(db) {
    db.exec(`
      CREATE TABLE payout_application (
        submission_id  TEXT PRIMARY KEY,
        member_ref     TEXT NOT NULL,
        year           INTEGER NOT NULL,
        amount_cents   INTEGER NOT NULL CHECK (amount_cents >= 0),
        created_at     TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX payout_application_once ON payout_application (member_ref, year);
    `);
  },
};
