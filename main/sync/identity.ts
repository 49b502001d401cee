import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { StationMode } from '../contract/station';
import type { IdentitySource, ServiceApi } from './service-api-client';
import { generateStationKey, loadPrivateKey, type StationIdentity } from './station-key';

export interface StoredIdentity {
  identity: StationIdentity;
  publicKeyBase64: string;
  enrolledAt: string | null;
}

export function loadIdentity(db: Database): StoredIdentity | null {
  const row = db.prepare('SELECT station_id, private_key, public_key, enrolled_at FROM sync_identity WHERE id = 1').get() as
    | { station_id: string; private_key: Buffer; public_key: string; enrolled_at: string | null }
    | undefined;
  if (!row) return null;
  return { identity: { stationId: row.station_id, privateKey: loadPrivateKey(row.private_key) }, publicKeyBase64: row.public_key, enrolledAt: row.enrolled_at };
}

/**
 * The station's key pair, created once and stored before it is ever sent anywhere: a station
 * that crashes during enrollment retries with the same key, which the service accepts.
 */
export function ensureStationKey(db: Database, stationId: string): StoredIdentity {
  const existing = loadIdentity(db);
  if (existing) {
    if (existing.identity.stationId !== stationId) throw new Error(`This database holds the key of station ${existing.identity.stationId}, not ${stationId}`);
    return existing;
  }
  const key = generateStationKey();
  db.prepare('INSERT INTO sync_identity (id, station_id, private_key, public_key) VALUES (1, ?, ?, ?)').run(stationId, key.privateKeyDer, key.publicKeyBase64);
  return loadIdentity(db) as StoredIdentity;
}

/**
 * What the station signs with: its key once enrolled, read from the database until then (the
 * enrollment may come from the station's CLI while the station runs) and kept after.
 */
export function enrolledIdentity(db: Database): IdentitySource {
  let enrolled: StationIdentity | null = null;
  return () => {
    if (enrolled) return enrolled;
    const stored = loadIdentity(db);
    if (stored?.enrolledAt) enrolled = stored.identity;
    return enrolled;
  };
}

/**
 * Enrolls the station's public key with a one-time token from the service's administrator. The
 * token was issued for a mode and branch; the station names its configured mode, and the service
 * refuses a token issued for another one (`mode_mismatch`), so a kiosk never holds a clerk's role.
 */
export async function enrollStation(db: Database, api: ServiceApi, stationId: string, token: string, mode: StationMode): Promise<StoredIdentity> {
  const stored = ensureStationKey(db, stationId);
  const answer = await api.call('enroll', { body: { token, stationId, mode, publicKey: stored.publicKeyBase64 } });
  db.prepare('UPDATE sync_identity SET enrolled_at = ? WHERE id = 1').run(answer.enrolledAt);
  return { ...stored, enrolledAt: answer.enrolledAt };
}
