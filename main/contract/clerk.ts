import { z } from 'zod';
import { method } from './define';

/**
 * Clerk workstation. Batch queue and verification (batch/page methods) below; booklets,
 * members and legacy booklets have their own section.
 */

// ---------------------------------------------------------------- batch queue and verification

const ymd = z.string().max(4096).regex(/^\d{4}-\d{2}-\d{2}$/);
const id = z.string().min(1).max(64);
const bookletIdInput = z
  .string()
  .max(64)
  .trim()
  .toUpperCase()
  .regex(/^[0-9A-HJ-NP-Z]{6,16}$/, '6-16 characters of 0-9 and A-Z without I and O');

export const ClerkPageState = z.enum(['scanned', 'recognized', 'verified', 'booked', 'error']);
export type ClerkPageState = z.infer<typeof ClerkPageState>;
export const ClerkPageKind = z.enum(['booklet_page', 'blank', 'unidentified', 'unregistered']);
export type ClerkPageKind = z.infer<typeof ClerkPageKind>;
export const ClerkFieldDecision = z.enum(['stamped', 'empty', 'unsure']);
export type ClerkFieldDecision = z.infer<typeof ClerkFieldDecision>;

export const ClerkBatchCounts = z.object({
  total: z.number().int().nonnegative(),
  scanned: z.number().int().nonnegative(),
  recognized: z.number().int().nonnegative(),
  verified: z.number().int().nonnegative(),
  booked: z.number().int().nonnegative(),
  error: z.number().int().nonnegative(),
  /** Pages marked for follow-up: not booked until the flag is taken off. */
  flagged: z.number().int().nonnegative(),
});
export type ClerkBatchCounts = z.infer<typeof ClerkBatchCounts>;

export const ClerkPageSummary = z.object({
  id,
  seq: z.number().int().positive(),
  state: ClerkPageState,
  kind: ClerkPageKind.nullable(),
  bookletId: z.string().max(4096).nullable(),
  year: z.number().int().nullable(),
  program: z.enum(['adult', 'child']).nullable(),
  pageNo: z.number().int().nullable(),
  flagged: z.boolean(),
  /** Fields still to decide by the clerk (recognition was unsure and nobody decided yet). */
  undecided: z.number().int().nonnegative(),
  stamped: z.number().int().nonnegative(),
  /** For state 'error': what went wrong, in English for staff logs; the UI shows its own text per `errorCode`. */
  errorCode: z.string().max(4096).nullable(),
});
export type ClerkPageSummary = z.infer<typeof ClerkPageSummary>;

export const ClerkBatchView = z.object({
  id,
  state: z.enum(['open', 'closed']),
  createdAt: z.string().max(4096),
  counts: ClerkBatchCounts,
  pages: z.array(ClerkPageSummary),
});
export type ClerkBatchView = z.infer<typeof ClerkBatchView>;

export const ClerkBatchListEntry = z.object({ id, state: z.enum(['open', 'closed']), createdAt: z.string().max(4096), counts: ClerkBatchCounts });
export type ClerkBatchListEntry = z.infer<typeof ClerkBatchListEntry>;

/** A rectangle as shares (0-1) of the page image, for the overlay. */
const ShareRect = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });

/** The rules engine's word on a field's stamp for this member: would it count, and if not why. */
export const ClerkFieldVerdict = z.object({
  kind: z.enum(['counted', 'in_review', 'surplus', 'rejected']),
  reason: z.string().max(4096),
  text: z.object({ de: z.string().max(4096), en: z.string().max(4096) }),
});
export type ClerkFieldVerdict = z.infer<typeof ClerkFieldVerdict>;

export const ClerkFieldView = z.object({
  measure: z.number().int(),
  title: z.object({ de: z.string().max(4096), en: z.string().max(4096) }),
  recognized: ClerkFieldDecision,
  confidence: z.number(),
  inkShare: z.number(),
  /** The clerk's decision, or null while the recognition stands. */
  decision: z.enum(['stamped', 'empty']).nullable(),
  /** What counts: the clerk's decision, else the recognition ('unsure' until decided). */
  effective: ClerkFieldDecision,
  area: ShareRect,
  /** The clerk's date for this stamp; null: the page's date (`performedOn` of the page). */
  performedOn: ymd.nullable(),
  /** Null when the booklet's member is not known here, or the field is not stamped. */
  verdict: ClerkFieldVerdict.nullable(),
});
export type ClerkFieldView = z.infer<typeof ClerkFieldView>;

export const ClerkPageDetail = ClerkPageSummary.extend({
  batchId: id,
  upsideDown: z.boolean(),
  reassigned: z.boolean(),
  /** The straightened page as a data: URL (grayscale JPEG); null before recognition. */
  image: z.string().max(64_000_000).nullable(),
  imageSize: z.object({ width: z.number().int(), height: z.number().int() }).nullable(),
  fields: z.array(ClerkFieldView),
  performedOn: ymd.nullable(),
  flagNote: z.string().max(4096).nullable(),
  /** The booklet's member as far as the clerk needs to check: initials and birth year only. */
  member: z.object({ initials: z.string().max(4096), birthYear: z.number().int() }).nullable(),
  /**
   * For a booklet this station does not know (member null): 'pending' while the service is
   * being asked (a clerkBatch event for the page follows the answer), 'offline' when it could
   * not be asked (the page waits, nothing is lost), 'unknown' when the service does not know
   * it either; null otherwise.
   */
  memberLookup: z.enum(['pending', 'offline', 'unknown']).nullable(),
  /** Why the page cannot be booked yet, if it cannot. */
  blockers: z.array(z.enum(['undecided-fields', 'no-member', 'no-date', 'flagged', 'not-a-booklet-page', 'not-verified'])),
});
export type ClerkPageDetail = z.infer<typeof ClerkPageDetail>;

export const ClerkBookingResult = z.object({
  /** One submission per booklet member. */
  submissions: z.number().int().nonnegative(),
  pagesBooked: z.number().int().nonnegative(),
  measuresBooked: z.number().int().nonnegative(),
  /** Verified pages left out, with the reason. */
  skipped: z.array(z.object({ pageId: id, seq: z.number().int(), reason: z.enum(['no-member', 'member-offline', 'flagged', 'no-date', 'undecided-fields']) })),
});
export type ClerkBookingResult = z.infer<typeof ClerkBookingResult>;

/** Progress of the batch queue: counts after every change, and whether recognition is running. */
export const ClerkBatchEvent = z.object({
  batchId: id,
  counts: ClerkBatchCounts,
  recognizing: z.boolean(),
  /** The page that changed, when one did. */
  pageId: id.optional(),
});
export type ClerkBatchEvent = z.infer<typeof ClerkBatchEvent>;

export const clerkBatchMethods = {
  /** The open batch (scans land there), created if there is none. */
  openClerkBatch: method(z.object({}).strict(), ClerkBatchView),
  listClerkBatches: method(z.object({}).strict(), z.object({ batches: z.array(ClerkBatchListEntry) })),
  getClerkBatch: method(z.object({ batchId: id }).strict(), ClerkBatchView),
  closeClerkBatch: method(z.object({ batchId: id }).strict(), ClerkBatchListEntry),
  getClerkPage: method(z.object({ pageId: id }).strict(), ClerkPageDetail),
  setClerkFieldDecision: method(z.object({ pageId: id, measure: z.number().int().min(1).max(99), decision: z.enum(['stamped', 'empty']).nullable() }).strict(), ClerkPageDetail),
  /** The date of one field's stamp, when it differs from the page's date (null: the page's date again). */
  setClerkFieldDate: method(z.object({ pageId: id, measure: z.number().int().min(1).max(99), performedOn: ymd.nullable() }).strict(), ClerkPageDetail),
  /** Accept the recognition for every decided field and mark the page verified (refused while a field is undecided). */
  verifyClerkPage: method(z.object({ pageId: id, performedOn: ymd }).strict(), ClerkPageDetail),
  /** Back from verified to recognized, to change something. */
  reopenClerkPage: method(z.object({ pageId: id }).strict(), ClerkPageDetail),
  reassignClerkPage: method(z.object({ pageId: id, bookletId: bookletIdInput }).strict(), ClerkPageDetail),
  /** A page with corner marks whose code was unreadable: booklet and page number as the clerk reads them off the paper. */
  identifyClerkPage: method(z.object({ pageId: id, bookletId: bookletIdInput, pageNo: z.number().int().min(1).max(99) }).strict(), ClerkPageDetail),
  flagClerkPage: method(z.object({ pageId: id, flagged: z.boolean(), note: z.string().trim().max(300).optional() }).strict(), ClerkPageDetail),
  /** Recognize a page that ended in error again (e.g. after the worker failed). */
  retryClerkPage: method(z.object({ pageId: id }).strict(), ClerkPageDetail),
  /** Books every verified page of the batch: measure records and one submission per member, with the page and field images as evidence. */
  bookClerkBatch: method(z.object({ batchId: id }).strict(), ClerkBookingResult),
};

export const clerkBatchEvents = {
  clerkBatch: ClerkBatchEvent,
};
