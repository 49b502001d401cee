import { evaluateAmounts, type Program, type RuleSet } from '../../main/domain';
import type { MemberCase } from './member-cases';

/** What the service keeps of a member's year (member_year_evaluations). */
export interface MemberResult {
  kvnr: string;
  program: Program;
  participation: 'active' | 'not_participating';
  earnedCents: number;
  payableCents: number;
}

/**
 * Evaluates a page of trusted cases (the service's own rows) as of `asOfMs` on the engine's
 * amounts-only path (main/domain/evaluation/amounts-only.ts), which gives what evaluateYear gives
 * for these figures without building its explanation.
 */
export function evaluateMembers(cases: readonly MemberCase[], ruleSet: RuleSet, asOfMs: number): MemberResult[] {
  return cases.map(({ kvnr, case: c }) => ({ kvnr, ...evaluateAmounts(c, ruleSet, { asOfMs }) }));
}
