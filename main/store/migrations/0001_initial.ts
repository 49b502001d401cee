import type { Migration } from './types';

/** Station metadata and the hash-chained audit log every later feature writes to. */
export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE station_meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE audit_log (
        seq        INTEGER PRIMARY KEY,
        at         TEXT    NOT NULL,
        actor      TEXT    NOT NULL,
        action     TEXT    NOT NULL,
        subject    TEXT,
        detail     TEXT,
        prev_hash  TEXT    NOT NULL,
        hash       TEXT    NOT NULL UNIQUE
      ) STRICT;

      -- Append-only: the log can be read and extended, never rewritten.
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    `);
  },
};
