import { createDecipheriv, createPublicKey, scryptSync, verify, type KeyObject } from 'node:crypto';
import type { QrRejection } from '../contract/field';
import { CheckInTokenMember, CheckInTokenPayload, checkInTokenAad, checkInTokenPrefix, checkInTokenSigningInput, fieldMemberRefHash, type FieldEventCheckIn } from '../contract/service-api';
export type OpenedToken = { ok: true; member: CheckInTokenMember } | { ok: false; reason: QrRejection };

const spkiEd25519Header = Buffer.from('302a300506032b6570032100', 'hex');
const keyCache = new Map<string, KeyObject>();

function publicKey(base64: string): KeyObject {
  let key = keyCache.get(base64);
  if (!key) {
    key = createPublicKey({ key: Buffer.concat([spkiEd25519Header, Buffer.from(base64, 'base64')]), format: 'der', type: 'spki' });
    keyCache.set(base64, key);
  }
  return key;
}

/**
 * A hand scanner that types like a German keyboard while sending US key codes turns "-" into
 * "ß", "_" into "?" and swaps y and z; undo that so the same code reads either way.
 */
export function fromGermanLayout(text: string): string {
  const map: Record<string, string> = { y: 'z', z: 'y', Y: 'Z', Z: 'Y', ß: '-', '?': '_' };
  return text.replace(/[yzYZß?]/g, (c) => map[c] ?? c);
}

/**
 * The pseudonym the service lists a member under for one event (FieldEventCheckIn.members[].ref):
 * memory-hard on purpose (fieldMemberRefHash), one hash per check-in at the desk.
 */
export function memberPseudonym(eventSecretBase64: string, kvnr: string): string {
  const { saltPrefix, N, r, p, bytes, maxmem } = fieldMemberRefHash;
  const salt = Buffer.concat([Buffer.from(saltPrefix), Buffer.from(eventSecretBase64, 'base64')]);
  return scryptSync(kvnr, salt, bytes, { N, r, p, maxmem }).toString('base64url');
}

/**
 * Verifies a member's QR check-in code offline (docs/field-checkin-qr.md) with what the station
 * pulled for the event: the service's signature, the insurer, the event, the expiry; then opens
 * the encrypted member. Anything else is refused with the reason, and nothing is trusted before
 * the signature holds.
 */
export function openCheckInToken(scanned: string, context: { eventId: string; state: FieldEventCheckIn | null; insurerIks: readonly string[]; now: Date }): OpenedToken {
  const text = scanned.trim();
  const first = openOne(text, context);
  if (first.ok || first.reason !== 'qr-unreadable' && first.reason !== 'qr-forged') return first;
  const relaid = fromGermanLayout(text);
  if (relaid === text) return first;
  const second = openOne(relaid, context);
  // Only a code that reads after the re-mapping speaks for it; otherwise the first answer stands.
  return second.ok || second.reason !== 'qr-unreadable' && second.reason !== 'qr-forged' ? second : first;
}

function openOne(text: string, { eventId, state, insurerIks, now }: { eventId: string; state: FieldEventCheckIn | null; insurerIks: readonly string[]; now: Date }): OpenedToken {
  const parts = text.split('.');
  if (parts.length !== 3 || parts[0] !== checkInTokenPrefix) return { ok: false, reason: 'qr-unreadable' };
  const [, encoded, signature] = parts as [string, string, string];
  let payload: CheckInTokenPayload;
  try {
    payload = CheckInTokenPayload.parse(JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')));
  } catch {
    return { ok: false, reason: 'qr-unreadable' };
  }
  // A code of an insurer this station does not serve is refused as such, signed or not.
  if (!insurerIks.includes(payload.ik)) return { ok: false, reason: 'qr-wrong-insurer' };
  if (!state) return { ok: false, reason: 'qr-not-set-up' };
  const key = state.keys.find((k) => k.kid === payload.kid);
  if (!key || !verify(null, Buffer.from(checkInTokenSigningInput(encoded)), publicKey(key.publicKey), Buffer.from(signature, 'base64url'))) return { ok: false, reason: 'qr-forged' };
  if (payload.ik !== state.insurerIk) return { ok: false, reason: 'qr-wrong-insurer' };
  if (payload.evt !== eventId || state.eventId !== eventId) return { ok: false, reason: 'qr-wrong-event' };
  if (payload.exp * 1000 <= now.getTime()) return { ok: false, reason: 'qr-expired' };
  try {
    const sealed = Buffer.from(payload.sub, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', Buffer.from(state.eventSecret, 'base64'), sealed.subarray(0, 12));
    decipher.setAAD(Buffer.from(checkInTokenAad(payload)));
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    const plain = Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
    return { ok: true, member: CheckInTokenMember.parse(JSON.parse(plain.toString('utf8'))) };
  } catch {
    // Signed by the service but not openable with this event's secret: not a code for this desk.
    return { ok: false, reason: 'qr-wrong-event' };
  }
}
