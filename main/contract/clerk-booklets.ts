import { z } from 'zod';
import { method } from './define';

/**
 * Clerk workstation: picking the member at the desk, printing a booklet linked to that member,
 * and legacy booklets (no corner marks, no QR code) whose regions the clerk assigns by hand.
 * The batch queue and verification are in `clerk.ts`.
 *
 * A pick lives in main for the clerk's session (`pickId`); the renderer never sends a KVNR or a
 * birth date back to act on a member, so it cannot book for a person nobody picked.
 */

const ymd = z.string().max(4096).regex(/^\d{4}-\d{2}-\d{2}$/);
const pickId = z.string().min(1).max(64);
const kvnrInput = z.string().trim().toUpperCase().max(20);
const bookletId = z
  .string()
  .max(64)
  .trim()
  .toUpperCase()
  .regex(/^[0-9A-HJ-NP-Z]{6,16}$/, '6-16 characters of 0-9 and A-Z without I and O');

export const BookletLinkView = z.object({
  bookletId: z.string().max(4096),
  year: z.number().int(),
  program: z.enum(['adult', 'child']),
  /** A booklet printed before the app (no marks, no QR): its id exists only in the database. */
  legacy: z.boolean(),
  issuedAt: z.string().max(4096),
  /** Whether the central service holds the link yet. */
  atService: z.boolean(),
});
export type BookletLinkView = z.infer<typeof BookletLinkView>;

export const ClerkMemberView = z.object({
  pickId,
  /** Staff at the desk see the KVNR: they typed it or hold the member's card. */
  kvnr: z.string().max(4096),
  /** From the card or the service; null for a pick by KVNR (the station keeps no names). */
  displayName: z.string().max(4096).nullable(),
  birthDate: ymd,
  source: z.enum(['kvnr', 'card', 'station-records', 'service']),
  /** §1: the program by the member's age today, for the booklet of the current year. */
  program: z.enum(['adult', 'child']),
  booklets: z.array(BookletLinkView),
});
export type ClerkMemberView = z.infer<typeof ClerkMemberView>;

/** Why a pick found nobody; each has its own text at the desk. */
export const MemberPickProblem = z.enum(['kvnr-format', 'kvnr-check-digit', 'no-card', 'card-reading', 'card-rejected', 'birth-date-future']);
export type MemberPickProblem = z.infer<typeof MemberPickProblem>;

export const MemberPickResult = z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), member: ClerkMemberView }), z.object({ ok: z.literal(false), problem: MemberPickProblem })]);
export type MemberPickResult = z.infer<typeof MemberPickResult>;

export const MemberSearchResult = z.object({
  members: z.array(ClerkMemberView),
  /** What was searched: this station's records always; the service only when it answered. */
  searched: z.object({ station: z.literal(true), service: z.enum(['answered', 'offline', 'disabled']) }),
});
export type MemberSearchResult = z.infer<typeof MemberSearchResult>;

export const IssuedBooklet = z.object({
  booklet: BookletLinkView,
  /** The printable PDF (A5), base64; no personal data on its pages. */
  pdfBase64: z.string().max(64_000_000),
  fileName: z.string().max(4096),
});
export type IssuedBooklet = z.infer<typeof IssuedBooklet>;

/** A rectangle as shares (0-1) of the page image, origin top-left. */
export const LegacyRect = z
  .object({ x: z.number().min(0).max(1), y: z.number().min(0).max(1), width: z.number().min(0.005).max(1), height: z.number().min(0.005).max(1) })
  .strict()
  .refine((r) => r.x + r.width <= 1.0001 && r.y + r.height <= 1.0001, { message: 'the rectangle must lie on the page' });
export type LegacyRect = z.infer<typeof LegacyRect>;

export const LegacyRegionInput = z.object({ measure: z.number().int().min(1).max(99), rect: LegacyRect }).strict();
export type LegacyRegionInput = z.infer<typeof LegacyRegionInput>;

export const LegacyRegionProposal = z.object({
  measure: z.number().int(),
  rect: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }),
  decision: z.enum(['stamped', 'empty', 'unsure']),
  confidence: z.number(),
  inkShare: z.number(),
});
export type LegacyRegionProposal = z.infer<typeof LegacyRegionProposal>;

export const LegacyAssignmentView = z.object({
  assignmentId: z.string().max(4096),
  pageRef: z.string().max(4096),
  bookletId: z.string().max(4096),
  /** The page's date; a region's own `performedOn` wins. Null for an assignment saved before dates were asked. */
  performedOn: ymd.nullable(),
  regions: z.array(LegacyRegionProposal.extend({ final: z.enum(['stamped', 'empty']), performedOn: ymd.nullable().optional() })),
  assignedAt: z.string().max(4096),
  /** Set once booked: the submission (null when no region was stamped) and when. */
  booked: z.object({ submissionId: z.string().max(4096).nullable(), bookedAt: z.string().max(4096) }).nullable(),
});
export type LegacyAssignmentView = z.infer<typeof LegacyAssignmentView>;

/** A stored layout of the insurer's old booklets fitted this page: its fields placed and measured, for the clerk to check. */
export const LegacyPlacedLayout = z.object({
  layoutId: z.string().max(4096),
  regions: z.array(LegacyRegionProposal),
});
export type LegacyPlacedLayout = z.infer<typeof LegacyPlacedLayout>;

export const LegacyPageView = z.object({
  pageRef: z.string().max(4096),
  /** What the pipeline made of the page: only 'unregistered' pages are legacy pages. */
  kind: z.enum(['booklet_page', 'blank', 'unidentified', 'unregistered']),
  /** The straightened page (deskewed, grayscale JPEG) as a data: URL. */
  image: z.string().max(64_000_000),
  imageSize: z.object({ width: z.number().int(), height: z.number().int() }),
  skewDegrees: z.number(),
  /** The clerk's earlier assignment of this page (e.g. a batch page reopened to correct it), to start from. */
  assignment: LegacyAssignmentView.nullable(),
  /** Fields placed by a stored layout (none fits, or the page was assigned: null). */
  layout: LegacyPlacedLayout.nullable().default(null),
});
export type LegacyPageView = z.infer<typeof LegacyPageView>;



export const LegacyBookingResult = z.object({
  /** Null when no region is stamped: the page is done, nothing to send. */
  submissionId: z.string().max(4096).nullable(),
  measuresBooked: z.number().int().nonnegative(),
});
export type LegacyBookingResult = z.infer<typeof LegacyBookingResult>;

export const clerkBookletMethods = {
  /** By KVNR (format and check digit checked) and birth date (the program depends on the age). */
  clerkPickMemberByKvnr: method(z.object({ kvnr: kvnrInput, birthDate: ymd }).strict(), MemberPickResult),
  /** The eGK in the desk's reader. */
  clerkPickMemberFromCard: method(z.object({}).strict(), MemberPickResult),
  /** Exact last name, first name and birth date: this station's records, and the service when online. */
  clerkSearchMembers: method(
    z.object({ lastName: z.string().trim().min(1).max(100), firstName: z.string().trim().min(1).max(100), birthDate: ymd }).strict(),
    MemberSearchResult,
  ),
  /** A new booklet id for the picked member and year, linked here and (queued) at the service, with its PDF. */
  clerkIssueBooklet: method(z.object({ pickId, year: z.number().int().min(2000).max(2100) }).strict(), IssuedBooklet),
  /** The PDF of a booklet issued before, to print it again. */
  clerkBookletPdf: method(z.object({ bookletId }).strict(), IssuedBooklet),
  /** A scanned legacy page from a file (base64): runs the page pipeline and keeps the straightened page for the assignment. */
  clerkOpenLegacyPage: method(z.object({ imageBase64: z.string().min(16).max(24_000_000) }).strict(), LegacyPageView),
  /** The page image of a page in the batch queue (or one opened above), for the region editor. */
  clerkGetLegacyPage: method(z.object({ pageRef: z.string().min(1).max(64) }).strict(), LegacyPageView),
  /** Measures the ink in the clerk's regions and proposes stamped / empty / unsure per region. */
  clerkMeasureLegacyRegions: method(z.object({ pageRef: z.string().min(1).max(64), regions: z.array(LegacyRegionInput).min(1).max(24) }).strict(), z.object({ regions: z.array(LegacyRegionProposal) })),
  /**
   * Saves the clerk's assignment for the picked member: a legacy booklet id is created for
   * the member and year (or `bookletId` of an earlier page of the same booklet is reused).
   */
  clerkSaveLegacyAssignment: method(
    z
      .object({
        pageRef: z.string().min(1).max(64),
        pickId,
        year: z.number().int().min(2000).max(2100),
        bookletId: bookletId.optional(),
        /** The date of the page's stamps; a region with another day has its own `performedOn`. */
        performedOn: ymd,
        regions: z.array(LegacyRegionInput.extend({ final: z.enum(['stamped', 'empty']), performedOn: ymd.optional() }).strict()).min(1).max(24),
      })
      .strict(),
    LegacyAssignmentView,
  ),
  /**
   * Books a legacy page opened at the desk: one submission for the booklet's member with each
   * stamped region (on its own date), the region's crop and the page image as evidence. Pages of
   * the batch queue are booked with their batch.
   */
  clerkBookLegacyPage: method(z.object({ pageRef: z.string().min(1).max(64) }).strict(), LegacyBookingResult),
};
