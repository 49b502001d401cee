import { z } from 'zod';
import { CardRejection } from './card';
import { method } from './define';

const ymd = z.string().max(4096).regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * Why a member's QR code was refused (docs/field-checkin-qr.md): unreadable (not a check-in
 * code), forged (signature does not hold), expired, wrong event, wrong insurer, or not set up
 * (this event's keys were never pulled from the service, e.g. an event created on the station).
 */
export const QrRejection = z.enum(['qr-unreadable', 'qr-forged', 'qr-expired', 'qr-wrong-event', 'qr-wrong-insurer', 'qr-not-set-up']);
export type QrRejection = z.infer<typeof QrRejection>;

export const FieldEventView = z.object({
  id: z.string().max(4096),
  title: z.string().max(4096),
  company: z.string().max(4096),
  startsAt: z.string().max(4096),
  endsAt: z.string().max(4096),
  measures: z.array(z.union([z.literal(5), z.literal(6)])),
  /** Pulled from the central service, or created on this station by a field admin. */
  source: z.enum(['service', 'station']),
});
export type FieldEventView = z.infer<typeof FieldEventView>;

/**
 * One check-in as the desk shows it: big and unmistakable, with initials only. `outcome`
 * recorded = counts; duplicate = already checked in here (no second record); limit-reached =
 * two company health measures this year already; child / rejected = not eligible.
 */
export const CheckInResult = z.object({
  id: z.string().max(4096),
  at: z.string().max(4096),
  outcome: z.enum(['recorded', 'duplicate', 'limit-reached', 'child', 'rejected']),
  initials: z.string().max(4096),
  rejection: z.union([CardRejection, z.literal('invalid-kvnr'), z.literal('outside-event'), QrRejection]).optional(),
  /** Whether this station knows a participation declaration for the year; if not, staff can record one. */
  participationDeclared: z.boolean(),
});
export type CheckInResult = z.infer<typeof CheckInResult>;

export const FieldSummary = z.object({
  eventId: z.string().max(4096),
  recorded: z.number().int(),
  duplicates: z.number().int(),
  refused: z.record(z.string().max(4096), z.number().int()),
  waitingForSync: z.number().int(),
  synced: z.number().int(),
  /** For the organizer: recorded check-ins per hour, no personal data. */
  byHour: z.array(z.object({ hour: z.string().max(4096), count: z.number().int() })),
});
export type FieldSummary = z.infer<typeof FieldSummary>;

export const fieldMethods = {
  listFieldEvents: method(z.object({}).strict(), z.object({ events: z.array(FieldEventView), selectedId: z.string().max(4096).nullable() })),
  createFieldEvent: method(
    z.object({ title: z.string().trim().min(2).max(200), company: z.string().trim().min(2).max(200), date: ymd, measure: z.union([z.literal(5), z.literal(6)]) }).strict(),
    FieldEventView,
  ),
  selectFieldEvent: method(z.object({ eventId: z.string().min(1).max(64) }).strict(), z.object({ selectedId: z.string().max(4096) })),
  /** Fallback without a card: KVNR (with check digit) and birth date. */
  fieldManualCheckIn: method(z.object({ kvnr: z.string().max(4096).trim().toUpperCase(), birthDate: ymd }).strict(), CheckInResult),
  /** Fallback without a card: the member's QR code from the insurer's app, from the camera or a hand scanner. */
  fieldQrCheckIn: method(z.object({ code: z.string().trim().min(1).max(2000) }).strict(), CheckInResult),
  /** The member at the desk declares participation for the year (with the §284 SGB V consent). */
  fieldDeclareParticipation: method(z.object({ checkInId: z.string().max(4096), consentSgbV284: z.literal(true) }).strict(), CheckInResult),
  getFieldSummary: method(z.object({}).strict(), FieldSummary),
};

export const fieldEvents = {
  fieldCheckIn: CheckInResult,
};
