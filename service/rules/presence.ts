import { signatureMaxSkewSeconds, type SubmissionUpload } from '../../main/contract/service-api';
import type { StationMode } from '../../main/contract/station';
import type { Queryable } from '../db/database';
import { openIssuedCheckInToken } from '../field/checkin-token';

/**
 * Declarations and captures bound to presence (trust model, docs/security.md). A kiosk or field
 * desk sends with each submission how it knew the member was there (Capture); the service checks
 * it against the insurer's records and its own clock and answers with findings. A declaration
 * with any of them does not count on arrival: it waits for a reviewer (service/review).
 */
export const presenceFindings = {
  /** Neither a capture record nor a card number that matches the insurer's record. */
  missing: 'presence.missing',
  /** The card read is not the member's current card (nor their legal representative's). */
  cardMismatch: 'presence.card-mismatch',
  /** The app code does not verify, is another member's or event's, or was scanned outside its validity. */
  appCodeInvalid: 'presence.app-code-invalid',
  /** Staff typed the member in: nobody's card or app was shown. */
  staffEntry: 'presence.staff-entry',
  /** The card was read after the capture it is meant to prove, by the station's own clock. */
  readAfterCapture: 'presence.read-after-capture',
  /** The card was read long before the capture (no session lasts that long). */
  staleRead: 'presence.stale-read',
  /** Dated more than the tolerance before the service received it (SERVICE_DECLARATION_TOLERANCE_HOURS). */
  backdated: 'capture.backdated',
} as const;

/** No session at a kiosk or desk lasts this long between the card read and the capture. */
const maxReadToCaptureMs = 12 * 3_600_000;
const skewMs = signatureMaxSkewSeconds * 1000;

/** Whether these findings keep a declaration from counting until a reviewer accepted it. */
export function holdsDeclaration(findings: readonly string[]): boolean {
  return findings.some((f) => f.startsWith('presence.') || f === presenceFindings.backdated);
}

/**
 * The earliest moment a capture may count from: the station's time, but never after the service
 * received it (a clock running ahead does not help) and never more than the tolerance before
 * (a clock set back, or a capture held back, does not move it earlier).
 */
export function boundedCaptureTime(createdAt: string, receivedAt: Date, toleranceMs: number): Date {
  const claimed = Math.min(Date.parse(createdAt), receivedAt.getTime());
  return new Date(Math.max(claimed, receivedAt.getTime() - toleranceMs));
}

async function cardFindings(q: Queryable, body: SubmissionUpload, cardNumber: string, holderKvnr: string | undefined): Promise<string[]> {
  const holder = holderKvnr ?? body.member.kvnr;
  const rows = (await q.query<{ kvnr: string; card_number: string; parent_kvnr: string | null }>('SELECT kvnr, card_number, parent_kvnr FROM members WHERE kvnr = ANY($1::text[])', [[holder, body.member.kvnr]])).rows;
  const holderRow = rows.find((r) => r.kvnr === holder);
  const memberRow = rows.find((r) => r.kvnr === body.member.kvnr);
  // Another person's card proves only a representative's presence: the insurer's family record must say so.
  const related = holder === body.member.kvnr || memberRow?.parent_kvnr === holder;
  return holderRow && related && holderRow.card_number === cardNumber ? [] : [presenceFindings.cardMismatch];
}

/**
 * Findings on a kiosk's or field desk's submission: the presence proof and the dates. A clerk
 * desk books paper booklets (the page is the evidence) and is not asked for presence.
 */
export async function captureFindings(q: Queryable, input: { mode: StationMode; body: SubmissionUpload; receivedAt: Date; toleranceMs: number }): Promise<string[]> {
  const { mode, body, receivedAt } = input;
  if (mode === 'clerk') return [];
  const findings: string[] = [];
  const createdAtMs = Date.parse(body.createdAt);
  if (receivedAt.getTime() - createdAtMs > input.toleranceMs) findings.push(presenceFindings.backdated);
  const capture = body.capture;
  if (!capture) {
    // A station of an earlier version sends the card number alone: at least that must match.
    findings.push(...(body.member.cardNumber ? await cardFindings(q, body, body.member.cardNumber, undefined) : [presenceFindings.missing]));
    return findings;
  }
  const readAtMs = Date.parse(capture.readAt);
  if (readAtMs > createdAtMs + skewMs) findings.push(presenceFindings.readAfterCapture);
  if (createdAtMs - readAtMs > maxReadToCaptureMs) findings.push(presenceFindings.staleRead);
  if (capture.method === 'card') findings.push(...(await cardFindings(q, body, capture.cardNumber, capture.holderKvnr)));
  else if (capture.method === 'staff-entry') findings.push(presenceFindings.staffEntry);
  else {
    const opened = await openIssuedCheckInToken(q, capture.code);
    // The service's own issue time bounds the scan from below: a code cannot be shown before it existed.
    const valid =
      opened !== null &&
      opened.kvnr === body.member.kvnr &&
      (body.fieldEventId === undefined || opened.evt === body.fieldEventId) &&
      readAtMs >= opened.iat * 1000 - skewMs &&
      readAtMs <= opened.exp * 1000 + skewMs &&
      createdAtMs >= opened.iat * 1000 - skewMs;
    if (!valid) findings.push(presenceFindings.appCodeInvalid);
  }
  return findings;
}
