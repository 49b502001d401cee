import { z } from 'zod';
import { IsoDateTime, StationId } from './common';
import { StationMode } from '../station';

/** Enrollment of a station and the signature on each of its requests. */

/** The branch (or event team) a station serves, as the back office names it. */
export const Branch = z.string().trim().min(1).max(100);
/**
 * The administrator issues a token for one station id, mode and branch: the station's role at
 * the service is the administrator's decision, recorded at enrollment, never the station's.
 */
export const EnrollmentTokenRequest = z.object({ stationId: StationId, mode: StationMode, branch: Branch, ttlMinutes: z.number().int().min(1).max(10_080).default(60) }).strict();
export const EnrollmentToken = z.object({ stationId: StationId, mode: StationMode, branch: Branch, token: z.string().max(4096), expiresAt: IsoDateTime });

/** The station's Ed25519 public key as base64 of its 32 raw bytes. */
export const PublicKeyBase64 = z.string().max(64_000_000).regex(/^[A-Za-z0-9+/]{43}=$/, 'base64 of 32 bytes');
/** `mode`: what the station is configured as; enrollment fails unless the token was issued for that mode. */
export const EnrollRequest = z.object({ token: z.string().min(16).max(128), stationId: StationId, mode: StationMode, publicKey: PublicKeyBase64 }).strict();
export const Enrollment = z.object({ stationId: StationId, mode: StationMode, branch: Branch, enrolledAt: IsoDateTime });

/** `mode`/`branch` are null for a station enrolled before roles were recorded: it must enroll anew. */
export const StationRecord = z.object({ stationId: StationId, mode: StationMode.nullable(), branch: z.string().max(4096).nullable(), enrolledAt: IsoDateTime, revokedAt: IsoDateTime.nullable() });
export const StationList = z.object({ stations: z.array(StationRecord) });

/** Header names of a signed request. */
export const signatureHeaders = {
  station: 'x-station-id',
  timestamp: 'x-timestamp',
  nonce: 'x-nonce',
  contentSha256: 'x-content-sha256',
  signature: 'x-signature',
} as const;

/** How far a request's timestamp may be from the service's clock, either way. */
export const signatureMaxSkewSeconds = 300;

/**
 * The bytes a station signs: method, path with query, body digest, timestamp and nonce, one
 * per line under a version tag, so that none of them can be swapped without breaking it.
 */
export function signingString(parts: { method: string; path: string; contentSha256: string; timestamp: string; nonce: string }): string {
  return ['BONUS-ABC-SIGN-V1', parts.method.toUpperCase(), parts.path, parts.contentSha256, parts.timestamp, parts.nonce].join('\n');
}
