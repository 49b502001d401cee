-- A participation a member declared at a station (kiosk or field desk) is recorded from its
-- submission, which says when and at which station; back-office seeding has none. Seeding
-- replaces only its own rows, and rejecting the submission withdraws the participation.
ALTER TABLE participations ADD COLUMN submission_id uuid REFERENCES submissions (id);
