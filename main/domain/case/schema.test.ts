import { describe, expect, it } from 'vitest';
import { caseOf, participant, record } from '../testing/builders';
import { ruleSetForCase } from './rule-set-for-case';
import { parseEvaluationCase } from './schema';

const valid = () => JSON.parse(JSON.stringify(caseOf(participant(), [record(1, '2026-03-01'), record(2, '2026-04-01')])));

describe('case schema (shared by the CLI, the station and the service)', () => {
  it('accepts a valid case and fills in an empty history', () => {
    const input = valid();
    delete input.participant.history;
    const parsed = parseEvaluationCase(input);
    expect(parsed.ok && parsed.value.participant.history).toEqual({ checkUps: [], payouts: [] });
  });

  it.each([
    ['records.1.date', (c: ReturnType<typeof valid>) => (c.records[1].date = '01.04.2026'), 'expected YYYY-MM-DD'],
    ['records.0.date', (c: ReturnType<typeof valid>) => (c.records[0].date = '2026-02-30'), 'expected YYYY-MM-DD'],
    ['records.1.id', (c: ReturnType<typeof valid>) => (c.records[1].id = c.records[0].id), 'duplicate record id'],
    ['participant.memberships.0.to', (c: ReturnType<typeof valid>) => (c.participant.memberships[0] = { from: '2026-05-01', to: '2026-04-01' }), 'membership ends before it starts'],
    ['submittedAt', (c: ReturnType<typeof valid>) => (c.submittedAt = '2027-06-30T23:59'), 'instant with offset'],
    ['records.0.evidence', (c: ReturnType<typeof valid>) => (c.records[0].evidence = 'fax'), 'expected one of'],
    ['parameters.childBonus', (c: ReturnType<typeof valid>) => (c.parameters = { childBonus: 'twice' }), 'expected one of'],
  ])('names the field %s', (path, mutate, message) => {
    const input = valid();
    mutate(input);
    const parsed = parseEvaluationCase(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues).toContainEqual({ path, message: expect.stringContaining(message) });
  });

  it('picks the rule set in force on the declaration day, at the earliest 01.01. of the year', () => {
    expect(ruleSetForCase(caseOf(participant(), []))?.id).toBe('bonus-abc-2026');
    expect(ruleSetForCase(caseOf(participant({ declarations: [] }), [], { year: 2025 }))).toBeUndefined();
  });
});
