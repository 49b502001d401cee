import type { CalendarDate } from '../calendar/calendar-date';
import { ruleSet2026 } from './catalog-2026';
import type { Measure, Program, RuleParameters, RuleSet } from './measure';

/** All rule sets the engine knows, oldest first. */
export const knownRuleSets: readonly RuleSet[] = [ruleSet2026];

/**
 * The rule set in force on `date`: the newest one whose validFrom is not after it. Changes
 * apply only for the future (introduction of the terms), so an older date keeps its version.
 */
export function catalogFor(date: CalendarDate, ruleSets: readonly RuleSet[] = knownRuleSets): RuleSet | undefined {
  let chosen: RuleSet | undefined;
  for (const ruleSet of ruleSets) {
    if (ruleSet.validFrom <= date && (!chosen || ruleSet.validFrom > chosen.validFrom)) chosen = ruleSet;
  }
  return chosen;
}

export function measureOf(ruleSet: RuleSet, number: number): Measure | undefined {
  return ruleSet.measures.find((m) => m.number === number);
}

/** The same rule set with some parameters read differently (e.g. from a case or a test). */
export function withParameters(ruleSet: RuleSet, parameters: Partial<RuleParameters>): RuleSet {
  return { ...ruleSet, parameters: { ...ruleSet.parameters, ...parameters } };
}

/** §2.2.1: adults and children have separate booklets; the fields of one, in order. */
export function bookletOf(ruleSet: RuleSet, program: Program): Measure[] {
  return ruleSet.measures.filter((m) => m.program === program).sort((a, b) => a.number - b.number);
}
