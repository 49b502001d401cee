-- The kiosk's second factor at the service (trust model, hole 2): failed answers are counted per
-- person (by KVNR, also for KVNRs the insurer does not know, so that the counter is no oracle)
-- across all stations, and a kiosk session can be approved in the member's app.
CREATE TABLE identity_checks (
  kvnr            text PRIMARY KEY,
  failed_attempts integer NOT NULL DEFAULT 0,
  last_failed_at  timestamptz,
  locked_until    timestamptz
);

CREATE TABLE kiosk_approvals (
  id          uuid PRIMARY KEY,
  station_id  text NOT NULL,
  kvnr        text NOT NULL,
  code        text NOT NULL,
  state       text NOT NULL DEFAULT 'awaiting-member' CHECK (state IN ('awaiting-member', 'approved', 'used', 'declined', 'expired')),
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  answered_at timestamptz
);
CREATE INDEX kiosk_approvals_waiting ON kiosk_approvals (kvnr, code) WHERE state = 'awaiting-member';
