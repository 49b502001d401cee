-- The back office's archive export (service/backoffice/archive): which decided submission went
-- into which archive document, so an export writes each one once.
CREATE TABLE bo_archived (
  submission_id uuid PRIMARY KEY REFERENCES submissions (id),
  archived_at   timestamptz NOT NULL,
  file          text NOT NULL,
  pdf_sha256    text NOT NULL
);

-- The daily staff summary per team and day: the first service process to insert the row sends
-- it, so several processes send one mail, not several.
CREATE TABLE bo_mail_log (
  day     date NOT NULL,
  team    text NOT NULL,
  sent_at timestamptz NOT NULL,
  PRIMARY KEY (day, team)
);
