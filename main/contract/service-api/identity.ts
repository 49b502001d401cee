import { z } from 'zod';
import { CardNumber, IsoDateTime, Kvnr } from './common';
import { StaffId } from '../staff';

/**
 * The kiosk's second factor, checked by the insurer (docs/security.md, hole 2): the postal code
 * or birth date the member types is compared with the insurer's member record, not with the card
 * that any reader can read; failures are counted per person at the service, across all stations.
 */

export const IdentityFactor = z.enum(['postalCode', 'birthDate']);
export const IdentityCheckRequest = z
  .object({
    kvnr: Kvnr,
    cardNumber: CardNumber,
    factor: IdentityFactor,
    /** As typed at the kiosk (normalized by the service as by the station). */
    answer: z.string().min(1).max(20),
  })
  .strict();

/**
 * - confirmed: the answer matches the insurer's record for this KVNR and card;
 * - refused: it does not (also for an unknown KVNR or another card number: no oracle);
 * - locked: too many wrong answers for this person at any station; every answer, the right one
 *   too, gets this until the lock ends or a clerk lifts it, so a locked card is no guessing oracle.
 */
export const IdentityCheckResult = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('confirmed') }),
  z.object({ outcome: z.literal('refused'), attemptsLeft: z.number().int().nonnegative() }),
  z.object({ outcome: z.literal('locked'), lockedUntil: IsoDateTime }),
]);
export type IdentityCheckResult = z.infer<typeof IdentityCheckResult>;

/**
 * A clerk desk asks about or lifts a person's lock after checking an ID at the counter; the
 * staff id is signed into the request so the service audits who did it.
 */
export const IdentityLockReset = z.object({ kvnr: Kvnr, staffId: StaffId }).strict();
export const IdentityLockResetResult = z.object({ wasLocked: z.boolean() });
/**
 * The person's lock as the service sees it now (its clock): `lockedUntil` while locked, else
 * null; `failedAttempts`: wrong answers that still count (0 once a lock or old failures ended).
 */
export const IdentityLockStatus = z.object({ lockedUntil: IsoDateTime.nullable(), failedAttempts: z.number().int().nonnegative() });
export type IdentityLockStatus = z.infer<typeof IdentityLockStatus>;

/** The member approves the kiosk session in the insurer's app (the strongest second factor). */
export const KioskApprovalCreate = z.object({ id: z.uuid(), kvnr: Kvnr, cardNumber: CardNumber }).strict();
export const KioskApprovalCode = z.string().max(4096).regex(/^[0-9]{6}$/, 'six digits');
export const KioskApprovalStatus = z.object({
  id: z.uuid(),
  /**
   * awaiting-member: shown at the kiosk, not answered; approved: the app approved and this is the
   * first look at it (the kiosk proceeds); used: approved and already taken (single use);
   * declined or expired: the kiosk session does not open.
   */
  state: z.enum(['awaiting-member', 'approved', 'used', 'declined', 'expired']),
  /** The code the kiosk shows (and the member confirms in the app); only while awaiting. */
  code: KioskApprovalCode.nullable(),
  expiresAt: IsoDateTime,
  /** Time left by the service's clock when it answered (0 once answered or expired). */
  expiresInMs: z.number().int().nonnegative(),
});
export type KioskApprovalStatus = z.infer<typeof KioskApprovalStatus>;
/** What the member's app sends: the code it was shown (typed or scanned) and the answer, for the member logged in. */
export const KioskApprovalAnswer = z.object({ kvnr: Kvnr, code: KioskApprovalCode, approve: z.boolean() }).strict();
