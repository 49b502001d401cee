-- The newest head of each station's keyed audit chain, as the station reported it with a sync,
-- and every report that did not extend it (a chain cut back or rewritten: for the insurer's IT).
ALTER TABLE stations ADD COLUMN audit_head_seq bigint;
ALTER TABLE stations ADD COLUMN audit_head_hash text;
ALTER TABLE stations ADD COLUMN audit_head_at timestamptz;

CREATE TABLE station_audit_flags (
  id           bigserial PRIMARY KEY,
  station_id   text NOT NULL REFERENCES stations (station_id),
  flagged_at   timestamptz NOT NULL,
  held_seq     bigint,
  held_hash    text,
  reported     jsonb NOT NULL
);
CREATE INDEX station_audit_flags_station ON station_audit_flags (station_id, flagged_at);
