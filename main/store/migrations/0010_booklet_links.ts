import type { Migration } from './types';

/**
 * Booklets issued at the clerk desk and the member each belongs to, and legacy booklets
 * (printed before the app: no marks, no QR code) whose page regions a clerk assigned by hand.
 *
 * What is kept and why (main/clerk/README.md): the KVNR, because booking a scanned page
 * creates a submission for that KVNR, also offline; the birth date, because the program and
 * the rules engine's verdict depend on the age; initials at most, for the clerk's check on the
 * verification screen. No names, no address. Everything lives in the encrypted database.
 */
export const migration0010: Migration = {
  version: 10,
  name: 'booklet_links',
  up(db) {
    db.exec(`
      CREATE TABLE booklet_link (
        booklet_id   TEXT    PRIMARY KEY,
        member_ref   TEXT    NOT NULL,        -- HMAC of the KVNR (sync_outbox.member_ref)
        kvnr         TEXT    NOT NULL,
        birth_date   TEXT    NOT NULL,
        initials     TEXT,
        year         INTEGER NOT NULL,
        program      TEXT    NOT NULL CHECK (program IN ('adult', 'child')),
        legacy       INTEGER NOT NULL DEFAULT 0 CHECK (legacy IN (0, 1)),
        source       TEXT    NOT NULL CHECK (source IN ('station', 'service')),
        issued_at    TEXT    NOT NULL,
        issued_by    TEXT    NOT NULL,        -- staff:<id>, or service:<station> for a link pulled from the service
        at_service   TEXT                     -- when the service confirmed it holds the link
      ) STRICT;
      CREATE INDEX booklet_link_member ON booklet_link (member_ref, year);
      CREATE INDEX booklet_link_unsent ON booklet_link (at_service) WHERE at_service IS NULL;

      -- Exact search by name and birth date without keeping names: HMAC of the normalized
      -- "last|first|birth date" with the station's member-ref key.
      CREATE TABLE member_name_key (
        name_key    TEXT NOT NULL,
        member_ref  TEXT NOT NULL,
        kvnr        TEXT NOT NULL,
        birth_date  TEXT NOT NULL,
        initials    TEXT,
        seen_at     TEXT NOT NULL,
        PRIMARY KEY (name_key, member_ref)
      ) STRICT;

      -- Legacy pages opened at the desk from a file (pages scanned into the batch queue live in clerk_page).
      CREATE TABLE legacy_page (
        id           TEXT    PRIMARY KEY,
        kind         TEXT    NOT NULL CHECK (kind IN ('booklet_page', 'blank', 'unidentified', 'unregistered')),
        archive      BLOB    NOT NULL,        -- straightened grayscale JPEG
        width        INTEGER NOT NULL,
        height       INTEGER NOT NULL,
        skew_degrees REAL    NOT NULL,
        opened_by    TEXT    NOT NULL,
        opened_at    TEXT    NOT NULL
      ) STRICT;

      CREATE TABLE legacy_assignment (
        id           TEXT PRIMARY KEY,
        page_ref     TEXT NOT NULL UNIQUE,    -- clerk_page.id or legacy_page.id
        booklet_id   TEXT NOT NULL REFERENCES booklet_link (booklet_id),
        regions      TEXT NOT NULL,           -- JSON: measure, rect (shares of the page), proposal, final decision
        assigned_by  TEXT NOT NULL,
        assigned_at  TEXT NOT NULL
      ) STRICT;
    `);
  },
};
