import type { Evaluation, SubmissionUpload } from '../../main/contract/service-api';

/**
 * The seam between the service and the shared Bonus ABC rules engine (main/domain). The service
 * never trusts a station's arithmetic: every submission is evaluated here on arrival.
 *
 * main/domain has no public entry point (index.ts) yet; until it has, this seam answers
 * `engine: 'unavailable'` and submissions stay `received` for review. Wiring it is one change
 * in this file: call the engine's evaluate function and map its result to `Evaluation`.
 * The service must not carry its own copy of the rules.
 */
export interface RulesEngine {
  readonly available: boolean;
  ruleSets(): { version: string; validFrom: string | null }[];
  evaluate(submission: SubmissionUpload): Evaluation;
}

export const pendingRulesEngine: RulesEngine = {
  available: false,
  ruleSets: () => [],
  evaluate: () => ({ engine: 'unavailable', ruleSetVersion: null, totalCents: null, findings: ['rules-engine.not-wired'] }),
};

export function defaultRulesEngine(): RulesEngine {
  return pendingRulesEngine;
}
