import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayNumber, fromDayNumber } from '../calendar/calendar-date';
import { ruleSet2026 } from '../catalog/catalog-2026';
import { evidenceKinds } from '../catalog/measure';
import type { EvaluationCase, MeasureRecord, MisuseRecord, Participant } from '../case/schema';
import { childParticipant, participant, record } from '../testing/builders';
import { evaluateAmounts } from './amounts-only';
import { evaluateYear } from './evaluate-year';

/**
 * The lean amounts path must say exactly what the full engine says a year is worth, on a
 * generated population that reaches every rule: children of every age band (teen dental
 * half-years, the child bonus once or per measure), the overflow chains and their limits (3 to 4,
 * 5 to 6 with the same health action twice), check-ups with history, premiums already paid,
 * misuse (suspected, excluded with and without hearing), declarations invalid, late or ended,
 * membership from mid-year, records of other people, other years, the future, unaccepted proof,
 * missing measured values and statements, review pending or rejected, late submissions.
 */
const date = (from: string, to: string) => fc.integer({ min: dayNumber(from), max: dayNumber(to) }).map(fromDayNumber);

const misuseArb: fc.Arbitrary<MisuseRecord | undefined> = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: date('2026-01-01', '2026-12-31').map((d) => ({ suspicionRaisedOn: d })) },
  { weight: 1, arbitrary: fc.tuple(date('2026-01-01', '2026-06-30'), date('2026-07-01', '2026-12-31')).map(([raised, cleared]) => ({ suspicionRaisedOn: raised, suspicionClearedOn: cleared })) },
  {
    weight: 1,
    arbitrary: fc.tuple(date('2026-01-01', '2026-12-31'), fc.boolean()).map(([on, heard]) => ({ ...(heard ? { hearing: { heldOn: on, heardBy: 'S' } } : {}), exclusion: { excludedOn: on, decidedBy: 'S' } })),
  },
);

const participantArb: fc.Arbitrary<Participant> = fc
  .record({
    birthDate: fc.oneof(date('1940-01-01', '2008-12-31'), date('2008-01-01', '2026-06-30')),
    memberFrom: fc.oneof(fc.constant('2000-01-01'), date('2025-06-01', '2026-11-30')),
    declaredOn: fc.oneof({ weight: 8, arbitrary: date('2026-01-01', '2026-12-31') }, { weight: 1, arbitrary: date('2025-10-01', '2025-12-31') }),
    declaredYear: fc.constantFrom(2026, 2026, 2026, 2026, 2025),
    role: fc.constantFrom('self' as const, 'legal_representative' as const),
    consent: fc.constantFrom(true, true, true, true, false),
    endedOn: fc.option(date('2026-01-01', '2026-12-31'), { nil: undefined, freq: 8 }),
    renewal: fc.boolean(),
    program: fc.option(fc.constantFrom('adult' as const, 'child' as const), { nil: undefined, freq: 4 }),
    checkUps: fc.array(date('1990-01-01', '2026-12-31'), { maxLength: 3 }),
    paid: fc.array(fc.record({ year: fc.constantFrom(2025, 2026), amountCents: fc.integer({ min: 0, max: 12_000 }) }), { maxLength: 2 }),
    misuse: misuseArb,
    declarations: fc.integer({ min: 0, max: 2 }),
  })
  .map((p) => ({
    ref: 'P-1',
    birthDate: p.birthDate,
    memberships: [{ from: p.memberFrom }],
    ...(p.program ? { program: p.program } : {}),
    declarations: Array.from({ length: p.declarations }, (_, i) => ({
      year: p.declaredYear,
      declaredOn: i === 0 ? p.declaredOn : '2026-03-01',
      channel: 'kiosk' as const,
      declaredBy: { role: i === 0 ? p.role : ('legal_representative' as const), personRef: 'H-1' },
      consentSgbV284: i === 0 ? p.consent : true,
      termsVersion: '2026-01-01',
      ...(p.endedOn !== undefined ? { endedOn: p.endedOn } : {}),
      ...(p.renewal ? { renewalOfYear: 2025 } : {}),
    })),
    history: { checkUps: p.checkUps, payouts: p.paid.map((x, i) => ({ id: `PAY-${i}`, year: x.year, amountCents: x.amountCents, paidOn: '2026-07-01' })) },
    ...(p.misuse ? { misuse: p.misuse } : {}),
  }));

const recordArb = (index: number): fc.Arbitrary<MeasureRecord> =>
  fc
    .record({
      measure: fc.integer({ min: 1, max: 19 }),
      date: fc.oneof({ weight: 12, arbitrary: date('2026-01-01', '2026-12-31') }, { weight: 1, arbitrary: date('2025-12-01', '2027-01-31') }),
      evidence: fc.constantFrom(...evidenceKinds),
      review: fc.constantFrom('accepted' as const, 'accepted' as const, 'accepted' as const, 'pending' as const, 'rejected' as const),
      own: fc.integer({ min: 0, max: 19 }),
      topic: fc.option(fc.constantFrom('movement', 'nutrition', 'active_week', 'online_fitness', 'knitting'), { nil: undefined }),
      activity: fc.option(fc.constantFrom('competition', 'mandatory_school_event', 'walk'), { nil: undefined, freq: 6 }),
      eventId: fc.option(fc.constantFrom('E1', 'E2', 'E3'), { nil: undefined }),
      value: fc.option(fc.record({ value: fc.integer({ min: 0, max: 300 }), unit: fc.constantFrom('mmHg', 'kg/m2', 'mg/dl') }), { nil: undefined, freq: 4 }),
      statement: fc.option(fc.constantFrom('non_smoker_12_months', 'smoker'), { nil: undefined, freq: 4 }),
      sameId: fc.integer({ min: 0, max: 30 }),
    })
    .map((r) => ({
      id: `r-${String(r.sameId === 0 ? index + 100 : index).padStart(3, '0')}`,
      participantRef: r.own === 0 ? 'P-2' : 'P-1',
      measure: r.measure,
      date: r.date,
      evidence: r.evidence,
      review: r.review,
      ...(r.topic !== undefined ? { topic: r.topic } : {}),
      ...(r.activity !== undefined ? { activity: r.activity } : {}),
      ...(r.eventId !== undefined ? { eventId: r.eventId } : {}),
      ...(r.value !== undefined ? { measuredValue: r.value } : {}),
      ...(r.statement !== undefined ? { statement: r.statement } : {}),
    }));

const recordsArb = fc.integer({ min: 0, max: 24 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => recordArb(i))));

const parametersArb = fc.option(
  fc.record(
    {
      childBonus: fc.constantFrom('per_measure' as const, 'once_per_year' as const),
      checkUpOnceScope: fc.constantFrom('age_band' as const, 'participation_year' as const),
      checkUpInterval: fc.constantFrom('calendar_years' as const, 'exact_date' as const),
      teenDentalHalfYears: fc.constantFrom('both' as const, 'either' as const),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);

const caseArb = fc
  .record({
    participant: participantArb,
    records: recordsArb,
    asOf: fc.option(fc.oneof(date('2026-01-01', '2027-08-01'), fc.constantFrom('2027-06-30T23:59:59+02:00', '2027-07-01T00:00:00+02:00')), { nil: undefined }),
    submittedAt: fc.option(fc.constantFrom('2027-03-01T10:00:00+01:00', '2027-07-02T10:00:00+02:00'), { nil: undefined }),
    parameters: parametersArb,
  })
  .map(
    (c): EvaluationCase => ({
      participant: c.participant,
      year: 2026,
      records: c.records,
      ...(c.asOf ? { asOf: c.asOf } : {}),
      ...(c.submittedAt ? { submittedAt: c.submittedAt } : {}),
      ...(c.parameters ? { parameters: c.parameters } : {}),
    }),
  );

const full = (c: EvaluationCase, asOfMs?: number) => {
  const r = evaluateYear(c, ruleSet2026, asOfMs === undefined ? {} : { asOfMs });
  return { program: r.program, participation: r.participation.status, earnedCents: r.amount.earnedCents, payableCents: r.amount.payableCents };
};

describe('the amounts-only path against the full rules engine', () => {
  it('gives exactly the same program, participation, earned and payable amounts on a generated population', () => {
    let earning = 0;
    const amounts = new Set<number>();
    fc.assert(
      fc.property(caseArb, fc.option(fc.integer({ min: Date.parse('2026-01-01'), max: Date.parse('2027-08-01') }), { nil: undefined }), (c, asOfMs) => {
        const expected = full(c, asOfMs);
        if (expected.earnedCents > 0) earning += 1;
        amounts.add(expected.earnedCents);
        expect(evaluateAmounts(c, ruleSet2026, asOfMs === undefined ? {} : { asOfMs })).toEqual(expected);
      }),
      { numRuns: 4000, seed: 20261231 },
    );
    // The population is not trivially zero: hundreds earn something, in many different amounts.
    expect(earning).toBeGreaterThan(250);
    expect(amounts.size).toBeGreaterThan(4);
  });

  it('agrees on the hand-picked edges: caps, overflow, the same action twice, a child once, already paid, misuse', () => {
    const adult = participant();
    const child = childParticipant('2016-04-10');
    const cases: EvaluationCase[] = [
      // 3 overflows to 4; a third course is over the limit.
      { participant: adult, year: 2026, records: [record(3, '2026-03-01', { id: 'a', topic: 'movement' }), record(3, '2026-04-01', { id: 'b', topic: 'nutrition' }), record(3, '2026-05-01', { id: 'c' })] },
      // The same health action entered twice counts once.
      { participant: adult, year: 2026, records: [record(5, '2026-03-01', { id: 'a', evidence: 'insurer_event_confirmation', eventId: 'E1' }), record(5, '2026-06-01', { id: 'b', evidence: 'insurer_event_confirmation', eventId: 'E1' })] },
      // A child, the bonus once per year.
      { participant: child, year: 2026, parameters: { childBonus: 'once_per_year' }, records: [record(13, '2026-03-01', { id: 'a', participantRef: 'C-1' }), record(16, '2026-03-01', { id: 'b', participantRef: 'C-1', evidence: 'dated_self_declaration' })] },
      // Already paid for the year, and excluded after a hearing.
      {
        participant: { ...adult, history: { checkUps: [], payouts: [{ id: 'X', year: 2026, amountCents: 2000, paidOn: '2026-08-01' }] }, misuse: { hearing: { heldOn: '2026-09-01', heardBy: 'S' }, exclusion: { excludedOn: '2026-09-02', decidedBy: 'S' } } },
        year: 2026,
        records: [record(1, '2026-03-01', { id: 'a' })],
      },
      { participant: { ...adult, history: { checkUps: [], payouts: [{ id: 'X', year: 2026, amountCents: 1000, paidOn: '2026-08-01' }] } }, year: 2026, records: [record(1, '2026-03-01', { id: 'a' }), record(2, '2026-03-01', { id: 'b' })] },
    ];
    const seen = cases.map((c) => {
      const expected = full(c);
      expect(evaluateAmounts(c, ruleSet2026)).toEqual(expected);
      return expected.earnedCents;
    });
    expect(seen).toEqual([2000, 1000, 1000, 0, 2000]);
  });
});
