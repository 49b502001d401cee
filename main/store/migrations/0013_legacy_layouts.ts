import type { Migration } from './types';

/**
 * Legacy booklet layouts: when the clerk has drawn the fields of a page without marks, the
 * station keeps the page's printed content (points with codes and where it has print, taken
 * with the drawn regions blanked: no stamp or handwriting of the member) and the regions, so
 * that the next scan of the same form is registered on it and its fields are placed by
 * themselves. A page's fit to a layout is kept with the page, so that the regions it placed
 * are measured straightened when the clerk saves.
 */
export const migration0013: Migration = {
  version: 13,
  name: 'legacy_layouts',
  up(db) {
    db.exec(`
      CREATE TABLE legacy_layout (
        id            TEXT PRIMARY KEY,
        reference     BLOB NOT NULL,          -- encodeReference(): working size, points, codes, print (regions blanked)
        regions       TEXT NOT NULL,          -- JSON: measure, rect (shares of the reference page)
        from_page     TEXT NOT NULL,          -- the page it was drawn on (legacy_page.id or clerk_page.id)
        created_by    TEXT NOT NULL,
        created_at    TEXT NOT NULL,
        retired_at    TEXT                    -- set when the clerk takes it out of use
      ) STRICT;

      CREATE TABLE legacy_page_fit (
        page_ref      TEXT PRIMARY KEY,       -- legacy_page.id or clerk_page.id
        layout_id     TEXT NOT NULL REFERENCES legacy_layout (id),
        fit           TEXT NOT NULL,          -- JSON: referenceToPage (3×3), referenceAspect, placed regions
        fitted_at     TEXT NOT NULL
      ) STRICT;
    `);
  },
};
