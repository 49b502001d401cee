import type { Program, RuleSet } from '../catalog/measure';

/**
 * §2.3: what each fulfilled field pays, in field order. Adults: 10 EUR per measure 1-12.
 * Children: AMBIGUOUS childBonus, 10 EUR per measure 13-18 (default) or 10 EUR once, carried
 * by the first fulfilled field so that the field amounts always add up to the total.
 */
export function fieldAmountsCents(program: Program, fulfilled: readonly boolean[], ruleSet: RuleSet): number[] {
  if (program === 'adult') return fulfilled.map((f) => (f ? ruleSet.adultAmountPerFieldCents : 0));
  if (ruleSet.parameters.childBonus === 'per_measure') return fulfilled.map((f) => (f ? ruleSet.childAmountCents : 0));
  const first = fulfilled.indexOf(true);
  return fulfilled.map((_, i) => (i === first ? ruleSet.childAmountCents : 0));
}

/** The most a year can pay in this program (all fields fulfilled). */
export function maximumCents(program: Program, fieldCount: number, ruleSet: RuleSet): number {
  if (program === 'adult') return fieldCount * ruleSet.adultAmountPerFieldCents;
  return ruleSet.parameters.childBonus === 'per_measure' ? fieldCount * ruleSet.childAmountCents : fieldCount > 0 ? ruleSet.childAmountCents : 0;
}

/** What fulfilling `open` more fields would add to `already` fulfilled ones. */
export function additionalCents(program: Program, already: number, open: number, ruleSet: RuleSet): number {
  if (open <= 0) return 0;
  if (program === 'adult') return open * ruleSet.adultAmountPerFieldCents;
  if (ruleSet.parameters.childBonus === 'per_measure') return open * ruleSet.childAmountCents;
  return already > 0 ? 0 : ruleSet.childAmountCents;
}
