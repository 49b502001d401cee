import type { CardRejection } from '../contract';
import { checkKvnr } from '../domain/kvnr';
import type { EgkData } from '../contract';

export interface CardPolicy {
  /** IKs of the insurer(s) this station serves. */
  insurerIks: readonly string[];
}

export type CardVerdict =
  | { ok: true }
  | { ok: false; reason: Extract<CardRejection, 'invalid-kvnr'>; detail: string }
  | { ok: false; reason: Extract<CardRejection, 'insurer-not-accepted'>; insurerName: string }
  | { ok: false; reason: Extract<CardRejection, 'cover-not-started' | 'cover-ended'>; coverStart: string; coverEnd?: string };

/** Today's date in the station's local time zone, as YYYY-MM-DD. */
export function localDate(now: Date): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/**
 * Whether the data on a card lets a member start a session at this station. Checked in the
 * order a clerk would explain it: a card whose number is wrong is not looked at further.
 * Dates compare as YYYY-MM-DD strings; the cover end day itself is still covered.
 */
export function validateCard(data: EgkData, policy: CardPolicy, today: string): CardVerdict {
  const kvnr = checkKvnr(data.person.kvnr);
  if (!kvnr.ok) return { ok: false, reason: 'invalid-kvnr', detail: `KVNR ${kvnr.problem}` };
  const { insurance } = data;
  if (!policy.insurerIks.includes(insurance.insurerIk)) return { ok: false, reason: 'insurer-not-accepted', insurerName: insurance.insurerName };
  if (insurance.coverStart > today) return { ok: false, reason: 'cover-not-started', coverStart: insurance.coverStart };
  if (insurance.coverEnd !== null && insurance.coverEnd < today) return { ok: false, reason: 'cover-ended', coverStart: insurance.coverStart, coverEnd: insurance.coverEnd };
  return { ok: true };
}
