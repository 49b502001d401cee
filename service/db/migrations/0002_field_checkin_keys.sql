-- Field check-in by the member's QR code (docs/field-checkin-qr.md).

-- The service's Ed25519 keys that sign check-in tokens; stations get the public keys with the
-- event and verify offline. Several rows allow a rotation: tokens name their key id.
CREATE TABLE checkin_signing_keys (
  kid         text PRIMARY KEY,
  private_key bytea NOT NULL,          -- PKCS#8 DER
  public_key  bytea NOT NULL,          -- 32 raw bytes
  created_at  timestamptz NOT NULL DEFAULT now(),
  retired_at  timestamptz
);

-- One secret per event: encrypts the member reference inside a token and keys the pseudonyms of
-- the member state sent to the event's stations, so neither links across events.
CREATE TABLE field_event_keys (
  event_id   text PRIMARY KEY REFERENCES field_events (id) ON DELETE CASCADE,
  secret     bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
