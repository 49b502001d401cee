-- The back office's archive export (service/backoffice/archive): which decided submission went
-- into which archive document, so an export writes each one once.
CREATE TABLE bo_archived (
  submission_id uuid PRIMARY KEY REFERENCES submissions (id),
  archived_at   timestamptz NOT NULL,
  file          text NOT NULL,
  pdf_sha256    text NOT NULL
);
