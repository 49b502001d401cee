import { z } from 'zod';
import { method } from './define';

/**
 * The kiosk's payout screen: apply for the year's bonus, see the bank details
 * on record masked, and change bank or address details as a protected action that the member
 * approves in the insurer's app (2FA) within a time window. Pure schemas, shared by main and renderer.
 */
const ymd = z.string().max(4096).regex(/^\d{4}-\d{2}-\d{2}$/);
const year = z.number().int().min(2000).max(2100);

/** Why a payout cannot be applied for now (main/domain payoutFor). */
export const PayoutBlockerCode = z.enum(['not-participating', 'nothing-earned', 'awaiting-review', 'deadline-passed', 'on-hold', 'forfeited', 'already-applied']);

/** Why protected changes are not offered at this moment. */
export const ProtectedChangeUnavailable = z.enum([
  /** The station has no central service configured. */
  'no-service',
  /** The central service cannot be reached (the station works offline). */
  'offline',
  /** The member's state is still being fetched. */
  'loading',
  /** A child's booklet: bank and address are changed in the parent's own session. */
  'child-booklet',
]);

export const ChangeKind = z.enum(['bank', 'address']);

/** A protected change the kiosk sent in this session, as the member's app has (not yet) answered it. */
export const ProtectedChangeView = z.object({
  kind: ChangeKind,
  state: z.enum(['awaiting-member', 'applied', 'declined', 'expired']),
  /** Until when the member can approve it in the app, on this station's real clock (the service's time left from when it answered). */
  expiresAt: z.string().max(4096),
  /** The kiosk stops waiting on screen at this moment (the app window may be longer); the session's inactivity rules apply again. */
  waitUntil: z.string().max(4096),
});
export type ProtectedChangeView = z.infer<typeof ProtectedChangeView>;

export const PayoutView = z.object({
  year,
  /** Years whose payout the member can look at here: the running one and earlier ones still open (§2.1). */
  years: z.array(year),
  eligible: z.boolean(),
  blockers: z.array(PayoutBlockerCode),
  /** What the fulfilled fields are worth (§2.3). */
  amountCents: z.number().int().nonnegative(),
  /** running: an application now is an early request and settles the year (the screen asks to confirm). */
  yearState: z.enum(['closed', 'running']),
  fulfilledFields: z.number().int().nonnegative(),
  awaitingReview: z.number().int().nonnegative(),
  /** §2.1: last day to apply. */
  lastDay: ymd,
  /** The application this station already queued for the year, if any. */
  applied: z.object({ reference: z.string().max(4096), submittedAt: z.string().max(4096), amountCents: z.number().int().nonnegative() }).nullable(),
  /** Bank details on record: masked IBAN, null when none, or unknown while the insurer cannot be asked. */
  bank: z.discriminatedUnion('known', [z.object({ known: z.literal(true), ibanMasked: z.string().max(4096).nullable() }), z.object({ known: z.literal(false) })]),
  /** Protected changes: offered (null) or why not. */
  changesUnavailable: ProtectedChangeUnavailable.nullable(),
  /** The change waiting for (or answered by) the member's app in this session. */
  change: ProtectedChangeView.nullable(),
});
export type PayoutView = z.infer<typeof PayoutView>;

export const PayoutReceipt = z.object({
  reference: z.string().max(4096),
  submittedAt: z.string().max(4096),
  year,
  amountCents: z.number().int().nonnegative(),
  /** The only personal data a printed receipt carries. */
  initials: z.string().max(4096),
  /** QR code of the reference, row by row ("1" dark, "0" light). */
  qr: z.array(z.string().max(4096).regex(/^[01]+$/)),
});
export type PayoutReceipt = z.infer<typeof PayoutReceipt>;

/** What the member types for a new bank account; main checks the IBAN's check digits again (main/domain checkIban). */
export const BankChangeInput = z
  .object({
    iban: z.string().min(1).max(64),
    accountHolder: z.string().trim().min(2).max(140),
  })
  .strict();

export const AddressChangeInput = z
  .object({
    street: z.string().trim().min(3).max(140),
    postalCode: z.string().max(4096).regex(/^[0-9]{5}$/),
    city: z.string().trim().min(2).max(140),
  })
  .strict();

export const kioskPayoutMethods = {
  getKioskPayout: method(z.object({ year: year.optional() }).strict(), PayoutView),
  /** Queues the application for the service (works offline); `earlyRequest` confirms an application in the running year. */
  kioskApplyPayout: method(z.object({ year, earlyRequest: z.boolean() }).strict(), PayoutReceipt),
  /** Online only: sends the change to the service; the member approves it in the app. Nothing of it is stored on the station. */
  kioskRequestBankChange: method(BankChangeInput, ProtectedChangeView),
  kioskRequestAddressChange: method(AddressChangeInput, ProtectedChangeView),
  /** Asks the service how the member's app answered; null when no change was sent in this session. */
  getKioskChangeStatus: method(z.object({}).strict(), ProtectedChangeView.nullable()),
  /** The member leaves the waiting screen; the request stays with the service until it expires or is answered in the app. */
  kioskDismissChange: method(z.object({}).strict(), z.object({ dismissed: z.boolean() })),
};
