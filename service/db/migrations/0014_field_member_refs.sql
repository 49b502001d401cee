-- Field-event member pseudonyms (trust model, docs/security.md): memory-hard scrypt instead of a
-- fast HMAC, so each is computed once per event and member and kept here. They go with their
-- event's secret: an event deleted takes them along.
CREATE TABLE field_member_refs (
  event_id text NOT NULL REFERENCES field_event_keys (event_id) ON DELETE CASCADE,
  kvnr     text NOT NULL,
  ref      text NOT NULL,
  PRIMARY KEY (event_id, kvnr)
);
