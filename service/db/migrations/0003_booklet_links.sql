-- Booklets issued at clerk desks: the booklet id printed in each page's QR code, and the
-- member it belongs to. A page scanned at any station finds its member through this link.
CREATE TABLE booklet_links (
  booklet_id  text        PRIMARY KEY,
  kvnr        text        NOT NULL,
  birth_date  date        NOT NULL,
  year        integer     NOT NULL,
  program     text        NOT NULL CHECK (program IN ('adult', 'child')),
  legacy      boolean     NOT NULL DEFAULT false,
  station_id  text        NOT NULL,
  issued_at   timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX booklet_links_kvnr ON booklet_links (kvnr, year);
