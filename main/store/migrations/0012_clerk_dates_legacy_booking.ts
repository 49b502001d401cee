import type { Migration } from './types';

/**
 * A booklet page carries stamps of different days: each field keeps the clerk's date for its
 * stamp (NULL: the page's date). Legacy pages are booked too: the assignment keeps the page's
 * date and, once booked, its submission; a page opened at the desk keeps each region's crop as
 * evidence (a page of the batch queue keeps them in clerk_field, like a booklet page).
 */
export const migration0012: Migration = {
  version: 12,
  name: 'clerk_dates_legacy_booking',
  up(db) {
    db.exec(`
      ALTER TABLE clerk_field ADD COLUMN performed_on TEXT;        -- the clerk's date for this stamp; NULL: the page's
      ALTER TABLE legacy_assignment ADD COLUMN performed_on TEXT;  -- the page's date (regions may have their own)
      ALTER TABLE legacy_assignment ADD COLUMN submission_id TEXT; -- set when booked (NULL submission: nothing stamped)
      ALTER TABLE legacy_assignment ADD COLUMN booked_by TEXT;
      ALTER TABLE legacy_assignment ADD COLUMN booked_at TEXT;

      -- The crop of each region of a legacy page opened at the desk (evidence for booking).
      CREATE TABLE legacy_region_crop (
        page_ref  TEXT    NOT NULL,
        measure   INTEGER NOT NULL CHECK (measure BETWEEN 1 AND 99),
        crop      BLOB    NOT NULL,
        PRIMARY KEY (page_ref, measure)
      ) STRICT;
    `);
  },
};
