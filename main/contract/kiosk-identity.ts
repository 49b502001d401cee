import { z } from 'zod';
import { CardRejection } from './card';

/**
 * The kiosk's stages before a member's booklet opens (docs/security.md, hole 2): the second
 * factor, checked by the insurer where it can be reached, or the approval in the insurer's app.
 * None of them carries anything about the person or the card's cover: a refused card says why,
 * not whose it is or until when it was valid.
 */
export const SecondFactor = z.enum(['postalCode', 'birthDate']);
export type SecondFactor = z.infer<typeof SecondFactor>;

/**
 * Who vouched for the member at the kiosk: the insurer checked the answer (`insurer`), the member
 * approved in the app (`app`), or only the card could be asked (`card`: offline, the weaker
 * check; the booklet is then reduced to no bank details, no family list and no payout).
 */
export const IdentityCheck = z.enum(['insurer', 'app', 'card']);
export type IdentityCheck = z.infer<typeof IdentityCheck>;

export const IdentifyStage = z.object({
  stage: z.literal('identify'),
  factor: SecondFactor,
  attemptsLeft: z.number().int().nonnegative(),
  /** `card`: the insurer cannot be asked now; the screen says that the check is weaker. */
  check: z.enum(['insurer', 'card']),
});

/** The member approves this session in the insurer's app: the code (and its QR code) the app asks for, until when. */
export const ApproveStage = z.object({
  stage: z.literal('approve'),
  code: z.string().max(4096).regex(/^[0-9]{6}$/),
  /** QR code of the code, row by row ("1" dark, "0" light). */
  qr: z.array(z.string().regex(/^[01]+$/).max(200)).max(200),
  until: z.string().max(40),
});

export const LockedStage = z.object({
  stage: z.literal('locked'),
  until: z.string().max(40),
  /** The insurer locked the person (at every kiosk): a clerk at the branch can help. */
  askClerk: z.boolean(),
});

export const RejectedStage = z.object({
  stage: z.literal('rejected'),
  reason: z.union([
    CardRejection,
    z.literal('removed-during-read'),
    z.literal('not-a-child'),
    /** The insurer cannot check the second factor and the kiosk is set to refuse then (kiosk.offlineIdentity). */
    z.literal('identity-unavailable'),
    /** The member declined the session in the app, or its time ran out. */
    z.literal('approval-declined'),
    z.literal('approval-expired'),
  ]),
});

export const ConfirmIdentityResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), attemptsLeft: z.number().int().nonnegative(), lockedUntil: z.string().max(40).optional() }),
]);
export type ConfirmIdentityResult = z.infer<typeof ConfirmIdentityResult>;
