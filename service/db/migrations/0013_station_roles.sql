-- Roles at the service (trust model, hole 1): the administrator issues an enrollment token for a
-- station's mode and branch; enrollment copies them onto the station. Every endpoint names the
-- modes that may call it, and a station whose mode is not recorded (enrolled before this
-- migration) is refused everywhere until it enrolls anew with a token for its mode.
ALTER TABLE enrollment_tokens ADD COLUMN mode text CHECK (mode IN ('kiosk', 'clerk', 'field'));
ALTER TABLE enrollment_tokens ADD COLUMN branch text;
ALTER TABLE stations ADD COLUMN IF NOT EXISTS mode text;
ALTER TABLE stations ADD COLUMN IF NOT EXISTS branch text;
-- Only enrollment writes the role. A value some other path wrote (a station's own report) is
-- not the administrator's decision: forget it, the station enrolls anew.
UPDATE stations SET mode = NULL, branch = NULL;
ALTER TABLE stations ADD CONSTRAINT stations_mode CHECK (mode IS NULL OR mode IN ('kiosk', 'clerk', 'field'));

-- What stations did at the service that someone may have to answer for: refused calls from the
-- wrong mode, every member search with the staff id the station signed into it. Append-only.
CREATE TABLE station_audit (
  seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at         timestamptz NOT NULL,
  station_id text NOT NULL,
  staff_id   text,
  action     text NOT NULL,
  subject    text,
  detail     jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX station_audit_station ON station_audit (station_id, seq);
CREATE INDEX station_audit_staff ON station_audit (staff_id, seq) WHERE staff_id IS NOT NULL;

-- Fixed-window rate counters shared by every service process (one row per key and window).
CREATE TABLE rate_windows (
  key          text NOT NULL,
  window_start timestamptz NOT NULL,
  hits         integer NOT NULL,
  PRIMARY KEY (key, window_start)
);
CREATE INDEX rate_windows_start ON rate_windows (window_start);
