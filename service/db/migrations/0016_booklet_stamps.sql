-- Stamps read from printed booklets at a kiosk: each field of a booklet is claimed by one
-- submission only, so the same stamp cannot be paid twice (a page read again, a rogue station).
CREATE TABLE booklet_stamps (
  booklet_id    text    NOT NULL,
  measure       integer NOT NULL,
  page          integer NOT NULL,
  submission_id uuid    NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
  PRIMARY KEY (booklet_id, measure)
);
