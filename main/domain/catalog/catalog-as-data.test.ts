import { describe, expect, it } from 'vitest';
import { caseOf, evaluate, fieldOf, participant, record } from '../testing/builders';
import { ruleSet2026 } from './catalog-2026';
import type { RuleSet } from './measure';
import { parseRuleSet } from './rule-set-schema';
import { catalogFor } from './select';

/**
 * A catalog shaped like the 2018 app, given as JSON text the way a station would receive it:
 * a BMI value sent to the insurer, a signed non-smoker declaration, and dated check-boxes for
 * the check-up and the flu vaccination. No code knows about any of these.
 */
const catalog2018Json = `{
  "id": "bonus-abc-2018-test", "version": "2018-01-01", "validFrom": "2018-01-01",
  "title": { "de": "Testkatalog wie die App 2018", "en": "Test catalog shaped like the 2018 app" },
  "adultAmountPerFieldCents": 1500, "childAmountCents": 1000, "submissionDeadline": "03-31", "ownParticipationFromAge": 15,
  "parameters": { "childBonus": "per_measure", "checkUpOnceScope": "age_band", "checkUpInterval": "calendar_years", "teenDentalHalfYears": "both" },
  "measures": [
    { "number": 1, "program": "adult", "category": "check", "title": { "de": "BMI", "en": "BMI" },
      "description": { "de": "BMI-Rechner, Ergebnis an die BKK", "en": "BMI calculator, result sent to the insurer" },
      "evidence": ["measured_value"], "schedule": { "kind": "once_per_year" },
      "conditions": [{ "kind": "measured_value", "unit": "kg/m2", "min": 10, "max": 60 }] },
    { "number": 2, "program": "adult", "category": "bonus", "title": { "de": "Nichtraucher", "en": "Non-smoker" },
      "description": { "de": "Seit mindestens einem Jahr rauchfrei, unterschrieben", "en": "No smoking for at least a year, signed" },
      "evidence": ["signed_declaration"], "schedule": { "kind": "once_per_year" },
      "conditions": [{ "kind": "statement", "statement": "non_smoker_12_months" }] },
    { "number": 3, "program": "adult", "category": "check", "title": { "de": "Check-Up", "en": "Check-up" },
      "description": { "de": "Häkchen mit Datum", "en": "Check-box with a date" },
      "evidence": ["dated_self_declaration"], "schedule": { "kind": "once_per_year" },
      "conditions": [{ "kind": "min_age", "years": 35 }] },
    { "number": 4, "program": "adult", "category": "check", "title": { "de": "Grippeschutzimpfung", "en": "Flu vaccination" },
      "description": { "de": "Häkchen mit Datum", "en": "Check-box with a date" },
      "evidence": ["dated_self_declaration"], "schedule": { "kind": "once_per_year" }, "conditions": [] }
  ]
}`;

function load(json: string): RuleSet {
  const parsed = parseRuleSet(JSON.parse(json));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

describe('a 2018-shaped catalog is only data', () => {
  const ruleSet2018Like = load(catalog2018Json);
  const who = participant({ declarations: [{ year: 2018, declaredOn: '2018-02-01', channel: 'app', declaredBy: { role: 'self', personRef: 'P-1' }, consentSgbV284: true, termsVersion: '2018' }] });
  const run = (records: ReturnType<typeof record>[], person = who) => evaluate(caseOf(person, records, { year: 2018, asOf: '2018-12-31' }), {}, ruleSet2018Like);

  it('is selected for 2018 dates from a list of versions', () => {
    expect(catalogFor('2018-06-01', [ruleSet2018Like, ruleSet2026])?.id).toBe('bonus-abc-2018-test');
    expect(catalogFor('2026-06-01', [ruleSet2018Like, ruleSet2026])?.id).toBe('bonus-abc-2026');
  });

  it('counts a BMI value, a signed non-smoker declaration and dated self-declarations, at its own amount and deadline', () => {
    const result = run([
      record(1, '2018-03-01', { evidence: 'measured_value', measuredValue: { value: 23.4, unit: 'kg/m2' } }),
      record(2, '2018-03-02', { evidence: 'signed_declaration', statement: 'non_smoker_12_months' }),
      record(3, '2018-03-03', { evidence: 'dated_self_declaration' }),
      record(4, '2018-10-03', { evidence: 'dated_self_declaration' }),
    ]);
    expect(result.fields.map((f) => f.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(result.amount.earnedCents).toBe(6000);
    expect(result.claim.deadline.lastDay).toBe('2019-03-31');
  });

  it('rejects a missing or implausible value, a declaration without the statement, and proof it does not accept', () => {
    const result = run([
      record(1, '2018-03-01', { evidence: 'measured_value', measuredValue: { value: 95, unit: 'kg/m2' } }),
      record(2, '2018-03-02', { evidence: 'signed_declaration' }),
      record(4, '2018-10-03', { evidence: 'booklet_stamp' }),
    ]);
    expect(fieldOf(result, 1).reason).toBe('value_out_of_range');
    expect(fieldOf(result, 2).reason).toBe('statement_missing');
    expect(fieldOf(result, 4).reason).toBe('evidence_not_accepted');
    expect(fieldOf(run([record(1, '2018-03-01', { evidence: 'measured_value' })]), 1).reason).toBe('value_missing');
    expect(fieldOf(run([record(1, '2018-03-01', { evidence: 'measured_value', measuredValue: { value: 23, unit: 'lb/in2' } })]), 1).reason).toBe('value_missing');
  });

  it('applies a minimum age condition on the day of the measure', () => {
    const young = participant({ birthDate: '1990-01-01', declarations: who.declarations });
    expect(fieldOf(run([record(3, '2018-03-03', { evidence: 'dated_self_declaration' })], young), 3).reason).toBe('below_minimum_age');
  });
});

type CatalogData = Record<string, unknown> & { measures: (Record<string, unknown> & { evidence: string[] })[] };

describe('the rule-set schema guards catalogs received as data', () => {
  const cases: [string, (c: CatalogData) => void][] = [
    ['measures.0.evidence.0', (c) => (c.measures[0]!.evidence = ['fax'])],
    ['measures.1.number', (c) => (c.measures[1]!.number = 1)],
    ['measures.0.overflowTo', (c) => (c.measures[0]!.overflowTo = 99)],
    ['measures.0.schedule.kind', (c) => (c.measures[0]!.schedule = { kind: 'weekly' })],
    ['submissionDeadline', (c) => (c.submissionDeadline = '30.06.')],
  ];
  it.each(cases)('names %s', (path, mutate) => {
    const data = JSON.parse(catalog2018Json) as CatalogData;
    mutate(data);
    const parsed = parseRuleSet(data);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues.map((i) => i.path)).toContain(path);
  });
});
