import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import type { Queryable } from '../db/database';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKeyRaw: Buffer;
}

// An Ed25519 SubjectPublicKeyInfo is this 12-byte header and the 32 raw key bytes.
const spkiEd25519Header = Buffer.from('302a300506032b6570032100', 'hex');

export function rawPublicKey(key: KeyObject): Buffer {
  return createPublicKey(key).export({ type: 'spki', format: 'der' }).subarray(spkiEd25519Header.length);
}

/**
 * The service's current key for signing check-in tokens, created on first use and kept in the
 * database. Two instances racing may each create one; both stay valid, tokens name their key.
 */
export async function currentSigningKey(db: Queryable): Promise<SigningKey> {
  const row = (await db.query<{ kid: string; private_key: Uint8Array; public_key: Uint8Array }>('SELECT kid, private_key, public_key FROM checkin_signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC, kid LIMIT 1')).rows[0];
  if (row) return { kid: row.kid, privateKey: createPrivateKey({ key: Buffer.from(row.private_key), format: 'der', type: 'pkcs8' }), publicKeyRaw: Buffer.from(row.public_key) };
  const { privateKey } = generateKeyPairSync('ed25519');
  const kid = randomBytes(6).toString('base64url');
  const publicKeyRaw = rawPublicKey(privateKey);
  await db.query('INSERT INTO checkin_signing_keys (kid, private_key, public_key) VALUES ($1, $2, $3)', [kid, privateKey.export({ type: 'pkcs8', format: 'der' }), publicKeyRaw]);
  return { kid, privateKey, publicKeyRaw };
}

/** Every key a station must accept: the current one and any not yet retired. */
export async function verificationKeys(db: Queryable): Promise<{ kid: string; publicKey: string }[]> {
  await currentSigningKey(db);
  const rows = (await db.query<{ kid: string; public_key: Uint8Array }>('SELECT kid, public_key FROM checkin_signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC, kid LIMIT 5')).rows;
  return rows.map((r) => ({ kid: r.kid, publicKey: Buffer.from(r.public_key).toString('base64') }));
}

/** The event's secret (32 bytes), created on first use. */
export async function eventSecret(db: Queryable, eventId: string): Promise<Buffer> {
  await db.query('INSERT INTO field_event_keys (event_id, secret) VALUES ($1, $2) ON CONFLICT (event_id) DO NOTHING', [eventId, randomBytes(32)]);
  const row = (await db.query<{ secret: Uint8Array }>('SELECT secret FROM field_event_keys WHERE event_id = $1', [eventId])).rows[0];
  if (!row) throw new Error('event secret missing after insert');
  return Buffer.from(row.secret);
}
