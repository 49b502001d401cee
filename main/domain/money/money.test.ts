import { describe, expect, it } from 'vitest';
import { ruleSet2026 } from '../catalog/catalog-2026';
import { caseOf, childParticipant, childRecord, evaluate, fieldOf, participant, record } from '../testing/builders';
import { submissionDeadline } from './deadline';
import { taxReportFor } from './tax-report';

const allAdult = () => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((n) => record(n, '2026-03-01', { eventId: `E${n}` }));

describe('§2.3 amounts', () => {
  it('§2.3: 10 EUR for each fulfilled measure 1-12, at most 120 EUR', () => {
    const result = evaluate(caseOf(participant(), allAdult()));
    expect(result.fields.every((f) => f.status === 'fulfilled')).toBe(true);
    expect(result.amount).toEqual({ earnedCents: 12000, payableCents: 12000, maximumCents: 12000 });
    expect(result.fields.every((f) => f.amountCents === 1000)).toBe(true);
  });

  it('§2.3: children get 10 EUR per measure 13-18 under the default reading A', () => {
    const result = evaluate(caseOf(childParticipant(), [childRecord(13, '2026-03-01'), childRecord(16, '2026-03-01')]));
    expect(result.amount).toMatchObject({ earnedCents: 2000, maximumCents: 6000 });
  });

  it('§2.3: children get 10 EUR once under reading B', () => {
    const result = evaluate(caseOf(childParticipant(), [childRecord(13, '2026-03-01'), childRecord(16, '2026-03-01')]), { childBonus: 'once_per_year' });
    expect(result.amount).toMatchObject({ earnedCents: 1000, maximumCents: 1000 });
    expect(fieldOf(result, 13).amountCents).toBe(1000);
    expect(fieldOf(result, 16).amountCents).toBe(0);
  });

  it('§2.3: what is still earnable this year, per reading', () => {
    const adult = evaluate(caseOf(participant(), [record(1, '2026-03-01')], { asOf: '2026-06-01' }));
    expect(adult.stillEarnable.cents).toBe(11000);
    const kidsA = evaluate(caseOf(childParticipant(), [childRecord(13, '2026-03-01')], { asOf: '2026-06-01' }));
    expect(kidsA.stillEarnable).toEqual({ fields: [14, 15, 16, 17, 18], cents: 5000 });
    const kidsB = evaluate(caseOf(childParticipant(), [childRecord(13, '2026-03-01')], { asOf: '2026-06-01' }), { childBonus: 'once_per_year' });
    expect(kidsB.stillEarnable.cents).toBe(0);
    const nothingYetB = evaluate(caseOf(childParticipant(), [], { asOf: '2026-06-01' }), { childBonus: 'once_per_year' });
    expect(nothingYetB.stillEarnable.cents).toBe(1000);
  });

  it('after the end of the participation year nothing more can be earned by new measures', () => {
    const result = evaluate(caseOf(participant(), [], { asOf: '2027-01-01T00:00:00+01:00' }));
    expect(result.stillEarnable).toEqual({ fields: [], cents: 0 });
  });
});

describe('§2.1 submission deadline (30.06. of the following year, Europe/Berlin)', () => {
  it('§2.1: the deadline for 2026 ends at 00:00 Berlin on 01.07.2027 (22:00 UTC)', () => {
    expect(submissionDeadline(2026, ruleSet2026)).toMatchObject({ lastDay: '2027-06-30', endsAt: '2027-06-30T22:00:00.000Z' });
  });

  it.each([
    ['§2.1: submitted 30.06. 23:59 Berlin: in time', '2027-06-30T23:59:00+02:00', 'submitted_in_time', 3000],
    ['§2.1: submitted 30.06. 23:59:59.999 Berlin: in time', '2027-06-30T21:59:59.999Z', 'submitted_in_time', 3000],
    ['§2.1: submitted 01.07. 00:00 Berlin: late, no claim', '2027-07-01T00:00:00+02:00', 'expired', 0],
    ['§2.1: 30.06. 23:30 UTC is already 01.07. in Berlin: late', '2027-06-30T23:30:00Z', 'expired', 0],
    ['§2.1: submitted in January: in time', '2027-01-10T10:00:00+01:00', 'submitted_in_time', 3000],
  ])('%s', (_name, submittedAt, status, payable) => {
    const result = evaluate(caseOf(participant(), [record(1, '2026-02-01'), record(2, '2026-03-01'), record(3, '2026-04-01')], { asOf: '2027-08-01', submittedAt }));
    expect(result.claim.status).toBe(status);
    expect(result.amount.payableCents).toBe(payable);
    expect(result.amount.earnedCents).toBe(3000);
  });

  it('§2.1: without a submission, the engine says the claim has lapsed once the deadline passed', () => {
    const open = evaluate(caseOf(participant(), [record(1, '2026-02-01')], { asOf: '2027-06-30T23:59:00+02:00' }));
    expect(open.claim.status).toBe('open');
    expect(open.claim.text.de).toContain('bis zum 30.06.2027');
    // English writes the day first too, never ISO.
    expect(open.claim.text.en).toContain('until 30/06/2027');
    const late = evaluate(caseOf(participant(), [record(1, '2026-02-01')], { asOf: '2027-07-01T00:00:00+02:00' }));
    expect(late.claim.status).toBe('expired');
    expect(late.claim.text.de).toContain('kein Anspruch');
    expect(late.amount.payableCents).toBe(0);
  });

  it('a date as asOf means the end of that Berlin day', () => {
    expect(evaluate(caseOf(participant(), [], { asOf: '2027-06-30' })).claim.status).toBe('open');
    expect(evaluate(caseOf(participant(), [], { asOf: '2027-07-01' })).claim.status).toBe('expired');
  });
});

describe('§2.1 tax report of a paid premium', () => {
  it('§2.1: who, which year, how much, paid when; the certificate follows in the year after the payout', () => {
    expect(taxReportFor('P-1', { id: 'PAY-1', year: 2026, amountCents: 5000, paidOn: '2027-03-15' })).toEqual({
      personRef: 'P-1',
      participationYear: 2026,
      amountCents: 5000,
      payoutDate: '2027-03-15',
      taxYear: 2027,
      certificateYear: 2028,
      payoutId: 'PAY-1',
    });
  });

  it('§2.1: the evaluation lists the report data of premiums paid for its year', () => {
    const who = participant({ history: { checkUps: [], payouts: [{ id: 'PAY-1', year: 2026, amountCents: 5000, paidOn: '2027-03-15' }, { id: 'PAY-0', year: 2025, amountCents: 1000, paidOn: '2026-03-15' }] } });
    const result = evaluate(caseOf(who, []));
    expect(result.taxReports.map((t) => t.payoutId)).toEqual(['PAY-1']);
  });
});
