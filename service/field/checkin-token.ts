import { createCipheriv, createDecipheriv, createPublicKey, randomBytes, sign, verify } from 'node:crypto';
import { CheckInTokenMember, CheckInTokenPayload, checkInTokenAad, checkInTokenPrefix, checkInTokenSigningInput } from '../../main/contract/service-api';
import type { Queryable } from '../db/database';
import type { SigningKey } from './checkin-keys';

/**
 * Issues the QR check-in token the insurer's app shows (docs/field-checkin-qr.md): the member
 * encrypted with the event's secret, the whole signed with the service's Ed25519 key.
 */
export function issueCheckInToken(input: { key: SigningKey; insurerIk: string; eventId: string; secret: Buffer; member: CheckInTokenMember; now: Date; ttlMinutes: number }): { token: string; expiresAt: Date } {
  const iat = Math.floor(input.now.getTime() / 1000);
  const exp = iat + input.ttlMinutes * 60;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', input.secret, iv);
  cipher.setAAD(Buffer.from(checkInTokenAad({ ik: input.insurerIk, evt: input.eventId, exp })));
  const sealed = Buffer.concat([iv, cipher.update(JSON.stringify(CheckInTokenMember.parse(input.member))), cipher.final(), cipher.getAuthTag()]);
  const payload: CheckInTokenPayload = { kid: input.key.kid, ik: input.insurerIk, evt: input.eventId, iat, exp, sub: sealed.toString('base64url') };
  const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const signature = sign(null, Buffer.from(checkInTokenSigningInput(encoded)), input.key.privateKey).toString('base64url');
  return { token: `${checkInTokenSigningInput(encoded)}.${signature}`, expiresAt: new Date(exp * 1000) };
}

const spkiEd25519Header = Buffer.from('302a300506032b6570032100', 'hex');

/**
 * Opens a check-in code as the service issued it (the presence proof a field desk sends with a
 * declaration or check-in): the signature by one of its keys, then the member sealed with that
 * event's secret. Null for anything that does not verify; never throws on bad input.
 */
export async function openIssuedCheckInToken(q: Queryable, code: string): Promise<(CheckInTokenMember & Pick<CheckInTokenPayload, 'evt' | 'iat' | 'exp'>) | null> {
  const parts = code.trim().split('.');
  if (parts.length !== 3 || parts[0] !== checkInTokenPrefix) return null;
  const [, encoded, signature] = parts as [string, string, string];
  let payload: CheckInTokenPayload;
  try {
    payload = CheckInTokenPayload.parse(JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')));
  } catch {
    return null;
  }
  const key = (await q.query<{ public_key: Uint8Array }>('SELECT public_key FROM checkin_signing_keys WHERE kid = $1', [payload.kid])).rows[0];
  const secret = (await q.query<{ secret: Uint8Array }>('SELECT secret FROM field_event_keys WHERE event_id = $1', [payload.evt])).rows[0];
  if (!key || !secret) return null;
  const publicKey = createPublicKey({ key: Buffer.concat([spkiEd25519Header, Buffer.from(key.public_key)]), format: 'der', type: 'spki' });
  if (!verify(null, Buffer.from(checkInTokenSigningInput(encoded)), publicKey, Buffer.from(signature, 'base64url'))) return null;
  try {
    const sealed = Buffer.from(payload.sub, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', Buffer.from(secret.secret), sealed.subarray(0, 12));
    decipher.setAAD(Buffer.from(checkInTokenAad(payload)));
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    const plain = Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
    return { ...CheckInTokenMember.parse(JSON.parse(plain.toString('utf8'))), evt: payload.evt, iat: payload.iat, exp: payload.exp };
  } catch {
    return null;
  }
}
