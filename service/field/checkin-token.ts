import { createCipheriv, createHmac, randomBytes, sign } from 'node:crypto';
import { CheckInTokenMember, checkInTokenAad, checkInTokenSigningInput, type CheckInTokenPayload } from '../../main/contract/service-api';
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

/** The pseudonym of a member in one event's member state (FieldEventCheckIn.members[].ref). */
export function memberPseudonym(secret: Buffer, kvnr: string): string {
  return createHmac('sha256', secret).update(kvnr).digest().subarray(0, 16).toString('base64url');
}
