import { berlinStartOfDay } from '../calendar/berlin-time';
import type { Program, RuleSet } from '../catalog/measure';
import { fieldAmountsCents } from './amounts';
import type { ClaimStatus } from './deadline';

/**
 * Whether the bonus of a participation year can be applied for now, and how much it is.
 * One reading, shared by the kiosk (what it offers) and the central service (what it pays):
 *
 * - §2.3: the amount is what the fulfilled fields are worth; fields still under review are not
 *   paid, so an application waits until their review is done (one application per year).
 * - §1: the participation year ends on 31.12.; an application after that is the normal case.
 *   During the year the member may ask for the payout early; the year is then settled with
 *   what is fulfilled at that moment (stated on screen before they apply).
 * - §2.1 / §2.5: no payout after the deadline (30.06. of the next year), none while a misuse
 *   suspicion is open, none after an exclusion.
 */
export type PayoutBlocker = 'not-participating' | 'nothing-earned' | 'awaiting-review' | 'deadline-passed' | 'on-hold' | 'forfeited' | 'already-applied';

export interface PayoutInput {
  year: number;
  program: Program;
  ruleSet: RuleSet;
  /** Fields fulfilled (accepted evidence), by measure number; numbers outside the program's booklet are ignored. */
  fulfilled: readonly number[];
  /** Fields whose evidence still waits for the insurer's review. */
  awaitingReview: number;
  /** Participation was declared for this year (§1). */
  participating: boolean;
  /** The year's claim as claimFor() gives it (§2.1 deadline, §2.5 misuse). */
  claim: ClaimStatus;
  /** A payout for this member and year was applied for already. */
  alreadyApplied: boolean;
  /** The moment of the application (or of looking), in ms. */
  asOfMs: number;
}

export interface PayoutAssessment {
  eligible: boolean;
  /** Why not, in the order the member should hear them; empty when eligible. */
  blockers: PayoutBlocker[];
  /** What the fulfilled fields are worth (§2.3), whether or not it can be applied for now. */
  amountCents: number;
  /** 'closed' after 31.12. of the year (Berlin time); 'running' means an early application on the member's request. */
  yearState: 'closed' | 'running';
}

export function payoutFor(input: PayoutInput): PayoutAssessment {
  const fieldMeasures = input.ruleSet.measures.filter((m) => m.program === input.program).sort((a, b) => a.number - b.number);
  const fulfilled = new Set(input.fulfilled);
  const amountCents = fieldAmountsCents(
    input.program,
    fieldMeasures.map((m) => fulfilled.has(m.number)),
    input.ruleSet,
  ).reduce((a, b) => a + b, 0);
  const yearState = input.asOfMs >= berlinStartOfDay(`${input.year + 1}-01-01`) ? 'closed' : 'running';

  const blockers: PayoutBlocker[] = [];
  if (input.alreadyApplied) blockers.push('already-applied');
  if (input.claim === 'forfeited') blockers.push('forfeited');
  else if (input.claim === 'on_hold') blockers.push('on-hold');
  else if (input.claim === 'expired') blockers.push('deadline-passed');
  if (!input.participating) blockers.push('not-participating');
  else if (amountCents === 0) blockers.push('nothing-earned');
  if (input.awaitingReview > 0) blockers.push('awaiting-review');
  return { eligible: blockers.length === 0, blockers, amountCents, yearState };
}
