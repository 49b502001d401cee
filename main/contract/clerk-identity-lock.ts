import { z } from 'zod';
import { method } from './define';

/**
 * Clerk desk: a member locked out of the kiosk's second factor (three wrong answers at any
 * kiosk lock the person for 24 h everywhere) is helped at the counter after the clerk checked
 * an official photo ID. Status and lift go through main to the service (clerk stations only,
 * audited there and here with the staff id). The renderer names the member by `pickId` only.
 */

const pickId = z.string().min(1).max(64);

/**
 * Why the desk cannot tell or lift the lock, each with its own text: no-service (this station is
 * configured without a service), offline (not enrolled or not reachable: the lock lives at the
 * service only), unknown-member (the insurer's register has no such KVNR), refused (the service
 * refused this station or staff member).
 */
export const IdentityLockProblem = z.enum(['no-service', 'offline', 'unknown-member', 'refused']);
export type IdentityLockProblem = z.infer<typeof IdentityLockProblem>;

export const IdentityLockView = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    /** ISO instant while the person is locked, by the service's clock; null when not locked. */
    lockedUntil: z.string().max(64).nullable(),
    /** Wrong answers that still count toward the next lock. */
    failedAttempts: z.number().int().nonnegative(),
  }),
  z.object({ ok: z.literal(false), problem: IdentityLockProblem }),
]);
export type IdentityLockView = z.infer<typeof IdentityLockView>;

export const IdentityLockLiftResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), wasLocked: z.boolean() }),
  z.object({ ok: z.literal(false), problem: IdentityLockProblem }),
]);
export type IdentityLockLiftResult = z.infer<typeof IdentityLockLiftResult>;

export const clerkIdentityLockMethods = {
  /** Whether the picked member is locked at the kiosk, and until when. */
  clerkIdentityLockStatus: method(z.object({ pickId }).strict(), IdentityLockView),
  /** Lifts the picked member's lock; the clerk confirms having checked an official photo ID. */
  clerkLiftIdentityLock: method(z.object({ pickId, idChecked: z.literal(true) }).strict(), IdentityLockLiftResult),
};
