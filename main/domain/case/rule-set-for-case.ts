import { maxDate, startOfYear } from '../calendar/calendar-date';
import type { RuleSet } from '../catalog/measure';
import { catalogFor, knownRuleSets } from '../catalog/select';
import type { EvaluationCase } from './schema';

/**
 * The rule set that governs a case: the one in force when participation for the year was
 * declared (changes apply only for the future), at the earliest on 01.01 of the year.
 */
export function ruleSetForCase(input: Pick<EvaluationCase, 'participant' | 'year'>, ruleSets: readonly RuleSet[] = knownRuleSets): RuleSet | undefined {
  const declared = input.participant.declarations.filter((d) => d.year === input.year).map((d) => d.declaredOn).sort()[0];
  return catalogFor(maxDate(declared ?? startOfYear(input.year), startOfYear(input.year)), ruleSets);
}
