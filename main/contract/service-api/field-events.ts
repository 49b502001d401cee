import { z } from 'zod';
import { IsoDate, IsoDateTime, Kvnr, Year } from './common';
import { PublicKeyBase64 } from './enrollment';

/** Company health events and check-in by the member's QR code, verified offline. */

export const FieldEvent = z
  .object({
    id: z.string().max(4096).regex(/^[A-Za-z0-9._-]{1,64}$/),
    title: z.string().min(1).max(200),
    company: z.string().min(1).max(200),
    startsAt: IsoDateTime,
    endsAt: IsoDateTime,
    measures: z.array(z.union([z.literal(5), z.literal(6)])).min(1).max(2),
  })
  .strict();
export type FieldEvent = z.infer<typeof FieldEvent>;
export const FieldEventList = z.object({ events: z.array(FieldEvent) });

// ---------------------------------------------------------------- field check-in by the member's QR code

/**
 * What the insurer's app shows as a QR code for check-in at a company health event
 * (docs/field-checkin-qr.md): `BQR1.<payload>.<signature>`, both base64url. The payload is
 * CheckInTokenPayload as JSON; the signature is Ed25519 by the service over
 * `checkInTokenSigningInput(payload)`. The member is in `sub` only encrypted (AES-256-GCM with
 * the event's secret, additional data `checkInTokenAad`), so the code shows nothing in clear and
 * a station verifies it offline with what it pulled for the event (FieldEventCheckIn).
 */
export const checkInTokenPrefix = 'BQR1';
/** Short-lived: a screenshot passed on is useless after a few minutes. */
export const checkInTokenMaxMinutes = 15;
const Base64Url = (min: number, max: number) => z.string().max(64_000_000).regex(new RegExp(`^[A-Za-z0-9_-]{${min},${max}}$`), 'base64url');
export const CheckInKeyId = z.string().max(4096).regex(/^[A-Za-z0-9_-]{1,32}$/);
export const InsurerIk = z.string().max(4096).regex(/^[0-9]{9}$/, 'nine digits');
export const CheckInTokenPayload = z
  .object({
    kid: CheckInKeyId,
    /** The issuing insurer's IK: a station serves only the insurers in its card.insurerIks. */
    ik: InsurerIk,
    evt: FieldEvent.shape.id,
    /** Issued and expires, seconds since the epoch. */
    iat: z.number().int().positive(),
    exp: z.number().int().positive(),
    /** iv (12 bytes) | ciphertext | tag (16 bytes) of CheckInTokenMember as JSON. */
    sub: Base64Url(60, 400),
  })
  .strict();
export type CheckInTokenPayload = z.infer<typeof CheckInTokenPayload>;
/** Inside `sub`: what the desk needs to apply the rules and show initials, nothing more. */
export const CheckInTokenMember = z.object({ kvnr: Kvnr, birthDate: IsoDate, initials: z.string().min(1).max(8) }).strict();
export type CheckInTokenMember = z.infer<typeof CheckInTokenMember>;

export function checkInTokenSigningInput(payloadBase64Url: string): string {
  return `${checkInTokenPrefix}.${payloadBase64Url}`;
}
/** Binds the encrypted member to the token's insurer, event and expiry. */
export function checkInTokenAad(payload: Pick<CheckInTokenPayload, 'ik' | 'evt' | 'exp'>): string {
  return [checkInTokenPrefix, payload.ik, payload.evt, String(payload.exp)].join('|');
}

/** The insurer's app asks for a code for one event (in the reference service: admin-authenticated). */
export const CheckInTokenRequest = z.object({ kvnr: Kvnr, fieldEventId: FieldEvent.shape.id, ttlMinutes: z.number().int().min(1).max(checkInTokenMaxMinutes).default(5) }).strict();
export const CheckInTokenIssued = z.object({ token: z.string().max(1000), expiresAt: IsoDateTime });

/**
 * How a member's pseudonym in an event's member state is made (docs/field-checkin-qr.md,
 * docs/security.md): `ref` = base64url of scrypt(password = KVNR, salt = prefix ‖ eventSecret,
 * N, r, p, 16 bytes). Memory-hard (128·N·r = 16 MiB per hash) and salted per event, so that a
 * field station's pulled list cannot be reversed by hashing the 2.6·10⁹ possible KVNRs: one
 * check-in costs one hash at the desk, a reversal of one event's list costs years of CPU.
 * A fast keyed hash (HMAC) was used before; its list was reversible in about two core-hours.
 */
export const fieldMemberRefHash = { saltPrefix: 'bonus-field-ref-v2|', N: 2 ** 14, r: 8, p: 1, bytes: 16, maxmem: 64 * 1024 * 1024 } as const;

/**
 * Pulled by a station for each event it knows: the keys to verify and open QR codes offline, and
 * the member state for the two-per-year rule as pseudonyms (`ref`, fieldMemberRefHash): the
 * station matches a member it has in front of it, the list names nobody, and refs of two events
 * cannot be linked. Only members with at least one company health measure (5/6) in the event's
 * year are listed.
 */
export const FieldEventCheckIn = z
  .object({
    eventId: FieldEvent.shape.id,
    insurerIk: InsurerIk,
    year: Year,
    keys: z.array(z.object({ kid: CheckInKeyId, publicKey: PublicKeyBase64 }).strict()).min(1).max(5),
    eventSecret: PublicKeyBase64,
    members: z.array(z.object({ ref: Base64Url(22, 22), companyHealthMeasures: z.number().int().min(1).max(18) }).strict()).max(200_000),
  })
  .strict();
export type FieldEventCheckIn = z.infer<typeof FieldEventCheckIn>;
