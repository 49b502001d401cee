-- One participation per person and event (service/field/repeated-checkin.ts) looks up a member's
-- check-ins at an event on every delivery; without this index that is a scan of all submissions.
CREATE INDEX submissions_field_checkin ON submissions (kvnr, (payload->>'fieldEventId')) WHERE kind = 'field-checkin';
