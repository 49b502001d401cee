import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayNumber, fromDayNumber } from '../calendar/calendar-date';
import { ruleSet2026 } from '../catalog/catalog-2026';
import { evidenceKinds } from '../catalog/measure';
import type { EvaluationCase, MeasureRecord, Participant } from '../case/schema';
import { evaluateYear } from './evaluate-year';

const date = (from: string, to: string) => fc.integer({ min: dayNumber(from), max: dayNumber(to) }).map(fromDayNumber);

const participantArb: fc.Arbitrary<Participant> = fc
  .record({
    birthDate: date('1940-01-01', '2024-06-30'),
    memberFrom: fc.oneof(fc.constant('2000-01-01'), date('2025-06-01', '2026-11-30')),
    memberTo: fc.option(date('2026-02-01', '2027-06-30'), { nil: undefined }),
    declaredOn: date('2026-01-01', '2026-12-31'),
    role: fc.constantFrom('self' as const, 'legal_representative' as const),
    consent: fc.constantFrom(true, true, true, false),
    endedOn: fc.option(date('2026-01-01', '2026-12-31'), { nil: undefined }),
    checkUps: fc.array(date('1990-01-01', '2025-12-31'), { maxLength: 3 }),
  })
  .map((p) => ({
    ref: 'P-1',
    birthDate: p.birthDate,
    memberships: [p.memberTo !== undefined && p.memberTo >= p.memberFrom ? { from: p.memberFrom, to: p.memberTo } : { from: p.memberFrom }],
    declarations: [
      {
        year: 2026,
        declaredOn: p.declaredOn,
        channel: 'kiosk' as const,
        declaredBy: { role: p.role, personRef: 'P-1' },
        consentSgbV284: p.consent,
        termsVersion: '2026-01-01',
        ...(p.endedOn !== undefined ? { endedOn: p.endedOn } : {}),
      },
    ],
    history: { checkUps: p.checkUps, payouts: [] },
  }));

const recordArb = (index: number): fc.Arbitrary<MeasureRecord> =>
  fc
    .record({
      measure: fc.integer({ min: 1, max: 19 }),
      date: fc.oneof({ weight: 9, arbitrary: date('2026-01-01', '2026-12-31') }, { weight: 1, arbitrary: date('2025-12-01', '2027-01-31') }),
      evidence: fc.constantFrom(...evidenceKinds),
      review: fc.constantFrom('accepted' as const, 'accepted' as const, 'pending' as const, 'rejected' as const),
      own: fc.integer({ min: 0, max: 9 }),
      topic: fc.option(fc.constantFrom('movement', 'nutrition', 'active_week', 'online_fitness', 'knitting'), { nil: undefined }),
      eventId: fc.option(fc.constantFrom('E1', 'E2', 'E3'), { nil: undefined }),
    })
    .map((r) => ({
      id: `r-${index}`,
      participantRef: r.own === 0 ? 'P-2' : 'P-1',
      measure: r.measure,
      date: r.date,
      evidence: r.evidence,
      review: r.review,
      ...(r.topic !== undefined ? { topic: r.topic } : {}),
      ...(r.eventId !== undefined ? { eventId: r.eventId } : {}),
    }));

const recordsArb = fc.integer({ min: 0, max: 25 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => recordArb(i))));

const caseArb = fc.record({ participant: participantArb, records: recordsArb, asOf: date('2026-01-01', '2027-08-01') }).map(
  (c): EvaluationCase => ({ participant: c.participant, year: 2026, records: c.records, asOf: c.asOf }),
);

const parametersArb = fc.record({
  childBonus: fc.constantFrom('per_measure' as const, 'once_per_year' as const),
  checkUpOnceScope: fc.constantFrom('age_band' as const, 'participation_year' as const),
  checkUpInterval: fc.constantFrom('calendar_years' as const, 'exact_date' as const),
  teenDentalHalfYears: fc.constantFrom('both' as const, 'either' as const),
});

const fulfilled = (c: EvaluationCase, parameters: EvaluationCase['parameters']) =>
  new Set(evaluateYear({ ...c, parameters }, ruleSet2026).fields.filter((f) => f.status === 'fulfilled').map((f) => f.field));

describe('invariants of the evaluation (property-based)', () => {
  it('§2.3: the amount never exceeds 10 EUR × fields, and equals the sum of the fields', () => {
    fc.assert(
      fc.property(caseArb, parametersArb, (c, parameters) => {
        const result = evaluateYear({ ...c, parameters }, ruleSet2026);
        expect(result.amount.earnedCents).toBeLessThanOrEqual(1000 * result.fields.length);
        expect(result.amount.earnedCents).toBeLessThanOrEqual(result.amount.maximumCents);
        expect(result.amount.payableCents).toBeLessThanOrEqual(result.amount.earnedCents);
        expect(result.fields.reduce((sum, f) => sum + f.amountCents, 0)).toBe(result.amount.earnedCents);
        for (const f of result.fields) if (f.amountCents > 0) expect(f.status).toBe('fulfilled');
      }),
      { numRuns: 300 },
    );
  });

  it('no field counts twice and no record counts for two fields', () => {
    fc.assert(
      fc.property(caseArb, parametersArb, (c, parameters) => {
        const result = evaluateYear({ ...c, parameters }, ruleSet2026);
        expect(new Set(result.fields.map((f) => f.field)).size).toBe(result.fields.length);
        const used = result.fields.flatMap((f) => f.recordIds);
        expect(new Set(used).size).toBe(used.length);
        for (const v of result.records) {
          const holders = result.fields.filter((f) => f.recordIds.includes(v.recordId)).map((f) => f.field);
          if (v.verdict === 'counted' || v.verdict === 'in_review') expect(holders).toEqual([v.countedFor]);
          else expect(holders).toEqual([]);
        }
        for (const f of result.fields) expect(f.recordIds.length).toBeLessThanOrEqual(2);
      }),
      { numRuns: 300 },
    );
  });

  it('adding a record never lowers what is fulfilled (nor the amount earned)', () => {
    fc.assert(
      fc.property(caseArb, recordArb(999), parametersArb, (c, extra, parameters) => {
        const before = fulfilled(c, parameters);
        const after = fulfilled({ ...c, records: [...c.records, extra] }, parameters);
        for (const field of before) expect(after.has(field)).toBe(true);
        const earnedBefore = evaluateYear({ ...c, parameters }, ruleSet2026).amount.earnedCents;
        const earnedAfter = evaluateYear({ ...c, records: [...c.records, extra], parameters }, ruleSet2026).amount.earnedCents;
        expect(earnedAfter).toBeGreaterThanOrEqual(earnedBefore);
      }),
      { numRuns: 300 },
    );
  });

  it('evaluation is deterministic and does not depend on the order of the records', () => {
    fc.assert(
      fc.property(caseArb, parametersArb, fc.integer(), (c, parameters, seed) => {
        const first = evaluateYear({ ...c, parameters }, ruleSet2026);
        expect(evaluateYear({ ...c, parameters }, ruleSet2026)).toEqual(first);
        const shuffled = [...c.records].sort((a, b) => ((a.id.length * 31 + seed) % 7) - ((b.id.length * 17 + seed) % 5) || (a.id < b.id ? 1 : -1));
        expect(evaluateYear({ ...c, records: shuffled, parameters }, ruleSet2026)).toEqual(first);
      }),
      { numRuns: 200 },
    );
  });

  it('§2.4: records of another participant never count', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const result = evaluateYear(c, ruleSet2026);
        const foreign = new Set(c.records.filter((r) => r.participantRef !== 'P-1').map((r) => r.id));
        for (const v of result.records) if (foreign.has(v.recordId)) expect(v.verdict).toBe('rejected');
      }),
      { numRuns: 200 },
    );
  });
});
