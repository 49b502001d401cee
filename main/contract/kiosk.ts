import { z } from 'zod';
import { method } from './define';
import { ApproveStage, ConfirmIdentityResult, IdentifyStage, IdentityCheck, LockedStage, RejectedStage } from './kiosk-identity';

/**
 * The kiosk's member session, as the renderer sees it. Main decides the stage; the screen only
 * shows it. Nothing about the person reaches the renderer before the second factor is
 * confirmed, and everything is gone from this event the moment the card leaves the reader.
 */
const ymd = z.string().max(4096).regex(/^\d{4}-\d{2}-\d{2}$/);
const Localized = z.object({ de: z.string().max(4096), en: z.string().max(4096) });

/**
 * What the insurer's central service knows about the member at the kiosk, fetched once the
 * second factor is confirmed (only for the KVNR and card number just read). Session data: it
 * lives in main for the session and is gone at card-out like everything else.
 * - loading: asked, no answer yet; loaded: the fields below are the insurer's state;
 * - unavailable: the service could not be reached or failed (the kiosk works from local records);
 * - off: not asked (station without a service, or a child's booklet opened without its card).
 */
export const KioskMemberState = z.object({
  status: z.enum(['loading', 'loaded', 'unavailable', 'off']),
  /** Years for which the insurer has the member's participation on record. */
  participationYears: z.array(z.number().int()),
  /** Fields the insurer has already credited, per year. */
  credited: z.array(z.object({ year: z.number().int(), measures: z.array(z.number().int()) })),
  /** The member's family members under 15 the insurer reports; `childId` opens the child's booklet. */
  children: z.array(z.object({ childId: z.string().max(4096), firstName: z.string().max(4096), birthDate: ymd })),
  /** Bank details on record, masked ("DE89 **** … 00"); null when none. */
  bank: z.object({ ibanMasked: z.string().max(4096) }).nullable(),
});
export type KioskMemberState = z.infer<typeof KioskMemberState>;

/**
 * A decision of the insurer on an earlier submission, shown once at the member's next session;
 * the renderer words it in the member's language (kiosk.decision.* in the locales).
 */
export const KioskNotification = z.object({
  /** What the decision is about: evidence for fields, a payout application, or a participation declaration. */
  about: z.enum(['evidence', 'payout', 'participation']),
  /** The participation year of a payout application or declaration; null for evidence. */
  year: z.number().int().nullable(),
  /** A granted payout: the amount the insurer computed (cents); null when not known or not a payout. */
  amountCents: z.number().int().nonnegative().nullable(),
  decision: z.enum(['accepted', 'rejected', 'partially-accepted']),
  /** Titles of the fields the decision accepted and rejected. */
  accepted: z.array(Localized),
  rejected: z.array(Localized),
  /** The reviewer's reason, as the insurer wrote it. */
  reason: z.string().max(4096).nullable(),
});
export type KioskNotification = z.infer<typeof KioskNotification>;

/**
 * Which wording fits a decision on evidence, by the fields it names: both lists, one of them, or
 * none (then the submission as a whole). Main (main/sync/notifications.ts) and the kiosk renderer (kiosk.decision.*) word it alike.
 */
export function evidenceWording(
  decision: KioskNotification['decision'],
  accepted: number,
  rejected: number,
): 'accepted' | 'rejected' | 'partially-accepted' | 'submission-accepted' | 'submission-rejected' {
  if (accepted > 0 && rejected > 0) return 'partially-accepted';
  if (accepted > 0) return 'accepted';
  if (rejected > 0) return 'rejected';
  return decision === 'rejected' ? 'submission-rejected' : 'submission-accepted';
}

export const KioskState = z.discriminatedUnion('stage', [
  z.object({ stage: z.literal('idle') }),
  z.object({ stage: z.literal('reading') }),
  RejectedStage,
  IdentifyStage,
  ApproveStage,
  LockedStage,
  /** A parent asked to open a child's booklet: waiting for the child's card (the parent's may be taken out). */
  z.object({ stage: z.literal('child-card'), until: z.string().max(4096) }),
  /** The session ended (by the member or after inactivity) while the card is still in the reader. */
  z.object({ stage: z.literal('ended'), reason: z.enum(['member', 'inactivity']) }),
  z.object({
    stage: z.literal('member'),
    sessionId: z.string().max(4096),
    /** How the screen greets the member, e.g. "Dr. Hans-Jürgen Müller". */
    displayName: z.string().max(4096),
    /** When the session ends unless the member touches the screen. */
    expiresAt: z.string().max(4096),
    /** Set when a parent manages the booklet of a child under 15: the parent's name as the legal representative. */
    representativeName: z.string().max(4096).optional(),
    /** Whether this member may open a child's booklet from here. */
    mayOpenChild: z.boolean(),
    /** Decisions on earlier submissions, shown once at the next session ("Ihr Nachweis … wurde anerkannt"). */
    notifications: z.array(KioskNotification),
    /** The insurer's state of the member whose booklet is shown (payout screen: bank). */
    memberState: KioskMemberState,
    /** Who vouched for the member; `card` (offline) shows the reduced booklet and says so. */
    identityCheck: IdentityCheck,
  }),
]);
export type KioskState = z.infer<typeof KioskState>;


export const BookletField = z.object({
  measure: z.number().int(),
  /** The kinds of proof the catalog accepts for this field, e.g. certificate_photo. */
  evidence: z.array(z.string().max(4096)),
  category: z.enum(['aktiv', 'bonus', 'check']),
  title: Localized,
  /** What the catalog counts for this field (the measure's conditions in a sentence or two). */
  description: Localized.optional(),
  status: z.enum(['fulfilled', 'awaiting_review', 'rejected', 'not_possible', 'open']),
  reason: z.string().max(4096),
  text: Localized,
  stillEarnable: z.boolean(),
  amountCents: z.number().int(),
  /** The insurer has credited this field (its central record), whatever this station holds. */
  credited: z.boolean(),
  /** The reviewer's reason when the insurer rejected the proof for this field. */
  reviewReason: z.string().max(4096).nullable(),
  /** What a signed declaration for this field states (catalog code, worded by kiosk.statement.* in the locales). */
  statement: z.string().max(4096).optional(),
  /** The value a measured-value proof must give: its unit and plausible range (catalog). */
  measuredValue: z.object({ unit: z.string().max(4096), min: z.number().optional(), max: z.number().optional() }).optional(),
});
export type BookletField = z.infer<typeof BookletField>;

export const BookletView = z.object({
  year: z.number().int(),
  program: z.enum(['adult', 'child']),
  ruleSetVersion: z.string().max(4096),
  participation: z.object({
    status: z.string().max(4096),
    declaredOn: ymd.nullable(),
    /** The member can declare participation for this year now. */
    canDeclare: z.boolean(),
  }),
  amount: z.object({ earnedCents: z.number().int(), maximumCents: z.number().int(), stillEarnableCents: z.number().int() }),
  claim: z.object({ status: z.string().max(4096), lastDay: ymd, text: Localized }),
  fields: z.array(BookletField),
  /** Earlier years whose bonus can still be submitted (§2.1: until 30.06. of the next year). */
  openEarlierYears: z.array(z.number().int()),
  /** The running year at the station (the booklet shown may be an earlier one). */
  currentYear: z.number().int(),
  /** Today at the kiosk (its clock, not the screen's): the latest day a proof can carry. */
  today: ymd,
  /**
   * Before participation is declared: what declaring it today would open up (§1: the year
   * counts from 01.01.), so the screen invites the declaration instead of showing every field
   * as not possible. Null once participation is active or when it cannot be declared.
   */
  ifDeclared: z
    .object({
      stillEarnableCents: z.number().int(),
      fields: z.array(z.object({ measure: z.number().int(), status: z.enum(['fulfilled', 'awaiting_review', 'rejected', 'not_possible', 'open']), reason: z.string().max(4096), stillEarnable: z.boolean() })),
    })
    .nullable(),
  /** How this rule set reads the open points of the terms. */
  termsNotes: z.array(z.object({ section: z.string().max(4096), question: Localized, applied: Localized })),
});
export type BookletView = z.infer<typeof BookletView>;

/**
 * What the member can capture at the kiosk, where the catalog allows it: a photo of a
 * certificate, a dated digital entry, a declaration signed on the touch screen (or confirmed
 * with the typed name), a measured value such as the BMI.
 */
export const CaptureKind = z.enum(['certificate_photo', 'dated_self_declaration', 'signed_declaration', 'measured_value']);

/**
 * Plausible inputs of the kiosk's BMI calculator (body height in cm, weight in kg): beyond them
 * a typing slip is far likelier than a body. The screen and main check the same bounds.
 */
export const bmiInputBounds = { heightCm: { min: 100, max: 250 }, weightKg: { min: 25, max: 350 } } as const;

/** BMI in kg/m², rounded to one decimal as the insurer's app shows it. */
export function bmiOf(heightCm: number, weightKg: number): number {
  const metres = heightCm / 100;
  return Math.round((weightKg / (metres * metres)) * 10) / 10;
}

export const EvidenceDraftView = z.object({
  draftId: z.string().max(4096),
  measure: z.number().int(),
  performedOn: ymd,
  kind: CaptureKind,
  pages: z.number().int().nonnegative(),
});
export type EvidenceDraftView = z.infer<typeof EvidenceDraftView>;

/** Why a photo or a scanned page cannot be kept (the photo check and normalization in main/imaging): the member takes or scans it again. */
export const UnreadableImage = z.enum(['blurry', 'too_dark', 'too_bright', 'not_an_image', 'image_corrupt', 'image_too_large', 'image_too_small']);
export type UnreadableImage = z.infer<typeof UnreadableImage>;

export const AddEvidenceResult = z.discriminatedUnion('accepted', [
  z.object({ accepted: z.literal(true), draft: EvidenceDraftView }),
  /** The photo cannot be read: the member is asked to take it again. */
  z.object({
    accepted: z.literal(false),
    problem: z.enum([
      ...UnreadableImage.options,
      /** Signed declaration: nothing drawn on the pad, or the typed name is not the signer's. */
      'signature_empty',
      'name_mismatch',
      /** Measured value: body height or weight outside plausible bounds, or a value outside the catalog's range. */
      'height_implausible',
      'weight_implausible',
      'value_out_of_range',
    ]),
  }),
]);

export const KioskReceipt = z.object({
  /** What the member quotes when asking about the submission. */
  reference: z.string().max(4096),
  submittedAt: z.string().max(4096),
  year: z.number().int(),
  measures: z.array(z.number().int()),
  /** The only personal data a printed receipt carries. */
  initials: z.string().max(4096),
  /** QR code of the reference, row by row ("1" dark, "0" light). */
  qr: z.array(z.string().max(4096).regex(/^[01]+$/)),
});
export type KioskReceipt = z.infer<typeof KioskReceipt>;

/**
 * One proof the member submitted at this station, for the archive (as the insurer's app keeps
 * one, by category): when, what, and where it stands. Nothing beyond what the booklet shows.
 */
export const KioskArchiveEntry = z.object({
  reference: z.string().max(4096),
  measure: z.number().int(),
  category: z.enum(['aktiv', 'bonus', 'check']),
  title: Localized,
  performedOn: ymd,
  submittedAt: z.string().max(4096),
  kind: z.string().max(4096),
  /** waiting: not yet sent to the insurer; in-review: the insurer has it; accepted/rejected: its decision; set-aside: refused for good (staff look at it). */
  state: z.enum(['waiting', 'in-review', 'accepted', 'rejected', 'set-aside']),
  /** The reviewer's reason for a rejection. */
  reason: z.string().max(4096).nullable(),
});
export type KioskArchiveEntry = z.infer<typeof KioskArchiveEntry>;

export const kioskMethods = {
  kioskConfirmIdentity: method(z.object({ answer: z.string().min(1).max(20) }).strict(), ConfirmIdentityResult),
  getKioskBooklet: method(z.object({ year: z.number().int().min(2000).max(2100).optional() }).strict(), BookletView),
  kioskDeclareParticipation: method(z.object({ year: z.number().int().min(2000).max(2100), consentSgbV284: z.literal(true), termsVersion: z.string().min(1).max(64) }).strict(), BookletView),
  kioskAddEvidence: method(
    z
      .object({
        measure: z.number().int().min(1).max(99),
        performedOn: ymd,
        kind: CaptureKind,
        /** A camera frame or scanned page; about 16 MB of base64 at most. */
        photo: z.object({ dataBase64: z.string().min(16).max(24_000_000) }).strict().optional(),
        /** Adds a further page to this draft. */
        draftId: z.string().max(4096).uuid().optional(),
        /**
         * Signed declaration: the catalog's statement code, and the signer's typed name where
         * the member confirms by keyboard instead of drawing (the drawn signature comes as photo, PNG).
         */
        declaration: z.object({ statement: z.string().min(1).max(64), typedName: z.string().trim().min(1).max(120).optional() }).strict().optional(),
        /** Measured value: body height and weight for the BMI calculator, or the value itself in the catalog's unit. */
        measurement: z
          .union([z.object({ heightCm: z.number().finite().min(0).max(1000), weightKg: z.number().finite().min(0).max(2000) }).strict(), z.object({ value: z.number().finite().min(-1e6).max(1e6) }).strict()])
          .optional(),
      })
      .strict(),
    AddEvidenceResult,
  ),
  kioskDiscardEvidence: method(z.object({ draftId: z.string().max(4096).uuid() }).strict(), z.object({ discarded: z.boolean() })),
  getKioskDrafts: method(z.object({}).strict(), z.object({ drafts: z.array(EvidenceDraftView) })),
  /** Submits every draft of the session; works offline (queued for the central service). */
  kioskSubmit: method(z.object({ year: z.number().int().min(2000).max(2100) }).strict(), KioskReceipt),
  /** The member's proofs submitted at this station, newest first. */
  getKioskArchive: method(z.object({}).strict(), z.object({ entries: z.array(KioskArchiveEntry) })),
  /** A parent opens the booklet of their child under 15 by inserting the child's card next. */
  kioskOpenChild: method(z.object({}).strict(), z.object({ until: z.string().max(4096) })),
  /** A parent opens the booklet of a child from the family members the insurer reported. */
  kioskOpenFamilyChild: method(z.object({ childId: z.string().min(1).max(64) }).strict(), z.object({ opened: z.literal(true) })),
  /** The member is active; an inactive session ends by itself. */
  touchKioskSession: method(z.object({}).strict(), z.object({ expiresAt: z.string().max(4096).nullable() })),
  kioskEndSession: method(z.object({}).strict(), z.object({ ended: z.boolean() })),
};

export const kioskEvents = {
  kioskState: KioskState,
};
