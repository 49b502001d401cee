import { createHash, createPublicKey, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { signatureHeaders, signatureMaxSkewSeconds, signingString } from '../../main/contract/service-api';
import type { Database } from '../db/database';
import { ApiFailure } from '../http/errors';
import type { Authenticate, Caller } from '../http/route';
import type { StationMode } from '../../main/contract/station';
import { requireMode } from './roles';

const nobody: Caller = { stationId: null, mode: null, branch: null };

const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function ed25519PublicKey(raw: Buffer): KeyObject {
  if (raw.length !== 32) throw new Error('An Ed25519 public key has 32 bytes');
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The raw request body's digest, kept by the content parsers (service/http/body.ts). */
export function bodyDigest(request: FastifyRequest): string {
  return (request as FastifyRequest & { bodySha256?: string }).bodySha256 ?? sha256Hex('');
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

const unauthorized = (code: string, message: string) => new ApiFailure(401, code, message);

export interface AuthOptions {
  db: Database;
  adminToken: string;
  now: () => Date;
}

/**
 * Checks a request against its route's auth: the admin credential as a bearer token, or a
 * station's signature over method, path, body digest, timestamp and nonce. Rejects unsigned,
 * tampered, stale, replayed and revoked requests, each with its own code.
 */
export function createAuthenticator(options: AuthOptions): Authenticate {
  const adminDigest = createHash('sha256').update(options.adminToken).digest();

  // The last public key read per station: a signature is checked before asking the database,
  // which then confirms in the same statement that records the nonce that the key is current.
  const keys = new Map<string, StationKey>();

  const authenticateStation = async (request: FastifyRequest): Promise<Caller> => {
    const stationId = header(request, signatureHeaders.station);
    const timestamp = header(request, signatureHeaders.timestamp);
    const nonce = header(request, signatureHeaders.nonce);
    const contentSha256 = header(request, signatureHeaders.contentSha256);
    const signature = header(request, signatureHeaders.signature);
    if (!stationId || !timestamp || !nonce || !contentSha256 || !signature) throw unauthorized('unsigned', `A station request must carry ${Object.values(signatureHeaders).join(', ')}`);
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(nonce)) throw unauthorized('bad_nonce', 'The nonce must be 16-64 characters of [A-Za-z0-9_-]');

    const actualDigest = bodyDigest(request);
    const lookUp = async (): Promise<StationKey> => {
      const row = (await options.db.query<{ public_key: Uint8Array; revoked_at: Date | null }>('SELECT public_key, revoked_at FROM stations WHERE station_id = $1', [stationId])).rows[0];
      if (!row) throw unauthorized('unknown_station', 'This station is not enrolled');
      if (row.revoked_at) throw new ApiFailure(403, 'station_revoked', 'This station has been revoked');
      const raw = Buffer.from(row.public_key);
      const entry = { hex: raw.toString('hex'), key: ed25519PublicKey(raw) };
      keys.set(stationId, entry);
      return entry;
    };
    let station = keys.get(stationId);
    let fromDatabase = false;
    if (!station) {
      station = await lookUp();
      fromDatabase = true;
    }
    if (contentSha256 !== actualDigest) throw unauthorized('bad_content_digest', `${signatureHeaders.contentSha256} does not match the body`);
    const message = Buffer.from(signingString({ method: request.method, path: request.url, contentSha256, timestamp, nonce }));
    const signatureBytes = Buffer.from(signature, 'base64');
    let valid = verify(null, message, station.key, signatureBytes);
    // The key kept from an earlier request may be an old one (re-enrolled after a revocation).
    if (!valid && !fromDatabase) {
      station = await lookUp();
      fromDatabase = true;
      valid = verify(null, message, station.key, signatureBytes);
    }
    if (!valid) throw unauthorized('bad_signature', 'The signature does not match this request');

    const at = Date.parse(timestamp);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(timestamp) || Number.isNaN(at) || Math.abs(at - options.now().getTime()) > signatureMaxSkewSeconds * 1000) {
      throw unauthorized('stale', `The timestamp is more than ${signatureMaxSkewSeconds} s away from the service's clock`);
    }
    // One statement in the usual case: the nonce is recorded only if the station is still
    // enrolled with this very key and not revoked (the key above may come from memory), and only
    // for a valid signature, so nobody else can fill the table.
    // The station's mode and branch come from the same row in the same statement: the role is
    // read fresh with every request, never from memory (a re-enrollment may change it).
    const recorded = await options.db.query<{ mode: StationMode | null; branch: string | null }>(
      `WITH station AS (SELECT station_id, mode, branch FROM stations WHERE station_id = $1 AND revoked_at IS NULL AND public_key = decode($3, 'hex')),
            nonce AS (INSERT INTO request_nonces (station_id, nonce, seen_at) SELECT station_id, $2, $4 FROM station ON CONFLICT DO NOTHING RETURNING station_id)
       SELECT station.mode, station.branch FROM station JOIN nonce USING (station_id)`,
      // One clock for nonces: the service's, which also judges the timestamp and purges them
      // (the database's own clock may differ, and a nonce purged early could be replayed).
      [stationId, nonce, station.hex, options.now()],
    );
    if (recorded.rows.length === 0) {
      // Not recorded: a replay, or the station was revoked or got a new key meanwhile.
      const current = (await options.db.query<{ public_key_hex: string; revoked: boolean }>(`SELECT encode(public_key, 'hex') AS public_key_hex, revoked_at IS NOT NULL AS revoked FROM stations WHERE station_id = $1`, [stationId])).rows[0];
      if (!current || current.revoked || current.public_key_hex !== station.hex) keys.delete(stationId);
      if (!current) throw unauthorized('unknown_station', 'This station is not enrolled');
      if (current.revoked) throw new ApiFailure(403, 'station_revoked', 'This station has been revoked');
      if (current.public_key_hex !== station.hex) {
        // Re-enrolled since this key was read: check the signature against the current key.
        if (fromDatabase) throw unauthorized('bad_signature', 'The signature does not match this request');
        return authenticateStation(request);
      }
      throw unauthorized('replayed', 'This request (nonce) has been seen before');
    }
    const role = recorded.rows[0];
    return { stationId, mode: role?.mode ?? null, branch: role?.branch ?? null };
  };

  return async (request, endpoint): Promise<Caller> => {
    if (endpoint.auth === 'public') return nobody;
    if (endpoint.auth === 'admin') {
      const given = /^Bearer (.+)$/.exec(header(request, 'authorization') ?? '')?.[1];
      if (!given || !timingSafeEqual(createHash('sha256').update(given).digest(), adminDigest)) throw unauthorized('admin_required', 'This endpoint needs the administrator credential');
      return nobody;
    }
    const caller = await authenticateStation(request);
    await requireMode(options.db, caller, endpoint, options.now());
    return caller;
  };
}

interface StationKey {
  hex: string;
  key: KeyObject;
}

/** Forgets nonces older than the skew window: older requests are refused as stale anyway. */
export async function purgeNonces(db: Database, now: Date): Promise<void> {
  await db.query('DELETE FROM request_nonces WHERE seen_at < $1', [new Date(now.getTime() - 2 * signatureMaxSkewSeconds * 1000)]);
}

