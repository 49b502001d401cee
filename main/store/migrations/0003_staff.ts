import type { Migration } from './types';

/** Local staff accounts for clerk and field stations; they work offline. */
export const migration0003: Migration = {
  version: 3,
  name: 'staff',
  up(db) {
    db.exec(`
      CREATE TABLE staff_account (
        staff_id         TEXT    PRIMARY KEY CHECK (length(staff_id) BETWEEN 2 AND 32),
        display_name     TEXT    NOT NULL,
        role             TEXT    NOT NULL CHECK (role IN ('clerk', 'field', 'admin')),
        password_hash    TEXT    NOT NULL,
        created_at       TEXT    NOT NULL,
        created_by       TEXT    NOT NULL,
        disabled_at      TEXT,
        failed_attempts  INTEGER NOT NULL DEFAULT 0,
        locked_until     TEXT
      ) STRICT;
    `);
  },
};
