import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { knownRuleSets } from '../../main/domain';
import { rulesEngineWith } from './evaluate';
import { ruleSetsWithFiles } from './rule-set-files';

const examples = join(import.meta.dirname, '../../docs/examples');

describe('catalogs the service is started with (SERVICE_RULE_SET_FILES)', () => {
  it('evaluates a BMI value under the added catalog, which the built-in one would not accept', () => {
    const ruleSets = ruleSetsWithFiles([join(examples, 'rule-set.signed-and-measured.json')]);
    expect(ruleSets.map((r) => r.id)).toEqual(['bonus-abc-2026-signed-and-measured', ...knownRuleSets.map((r) => r.id)]);
    const submission = {
      id: '5b0e4a3c-1d2e-4f5a-8b9c-0d1e2f3a4b5c',
      kind: 'measures' as const,
      createdAt: '2026-11-20T10:00:00.000Z',
      participationYear: 2026,
      member: { kvnr: 'A123457895' },
      measures: [{ measure: 1, performedOn: '2026-03-04', evidence: [{ kind: 'measured-value' as const, measuredValue: { value: 23.4, unit: 'kg/m2' } }] }],
    };
    const member = { ref: 'm1', birthDate: '1967-03-12', declarations: [{ year: 2026, declaredAt: new Date('2026-01-10T09:00:00Z') }] };
    const at = new Date('2026-11-21T10:00:00Z');
    expect(rulesEngineWith(ruleSets).evaluate(submission, member, at)).toMatchObject({ totalCents: 1000, findings: [] });
    expect(rulesEngineWith(knownRuleSets).evaluate(submission, member, at).findings.join()).toMatch(/measure\.1\..*evidence_not_accepted/);
  });

  it('names the file when it is missing or not a rule set', () => {
    expect(() => ruleSetsWithFiles([join(examples, 'nope.json')])).toThrow(/nope\.json cannot be read/);
    expect(() => ruleSetsWithFiles([join(examples, 'station.kiosk.json')])).toThrow(/station\.kiosk\.json is not valid/);
  });
});
