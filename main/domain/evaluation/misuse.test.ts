import { describe, expect, it } from 'vitest';
import type { MisuseRecord, Payout } from '../case/schema';
import { caseOf, evaluate, participant, record } from '../testing/builders';
import { excludeParticipant } from './misuse';

const paid2026: Payout = { id: 'PAY-1', year: 2026, amountCents: 3000, paidOn: '2027-02-10' };
const paid2025: Payout = { id: 'PAY-0', year: 2025, amountCents: 2000, paidOn: '2026-02-10' };
const records = () => [record(1, '2026-02-01'), record(2, '2026-03-01'), record(3, '2026-04-01')];

function withMisuse(misuse: MisuseRecord) {
  return participant({ misuse, history: { checkUps: [], payouts: [paid2025, paid2026] } });
}

describe('§2.5 misuse', () => {
  it('§2.5: after an exclusion with a prior hearing, the year\'s collected fields are forfeited', () => {
    const who = withMisuse({ suspicionRaisedOn: '2026-05-01', hearing: { heldOn: '2026-05-20', heardBy: 'clerk-7' }, exclusion: { excludedOn: '2026-06-01', decidedBy: 'lead-2' } });
    const result = evaluate(caseOf(who, records(), { asOf: '2027-03-01' }));
    expect(result.misuse.state).toBe('excluded');
    expect(result.fields.every((f) => f.status === 'rejected' && f.reason === 'forfeited_misuse')).toBe(true);
    expect(result.amount).toMatchObject({ earnedCents: 0, payableCents: 0 });
    expect(result.claim.status).toBe('forfeited');
    expect(result.stillEarnable).toEqual({ fields: [], cents: 0 });
  });

  it('§2.5: premiums already paid for a forfeited year are marked for reclaim, and are not reported as tax refunds', () => {
    const who = withMisuse({ hearing: { heldOn: '2027-04-01', heardBy: 'clerk-7' }, exclusion: { excludedOn: '2027-04-15', decidedBy: 'lead-2', forfeitedYears: [2026, 2027] } });
    const result = evaluate(caseOf(who, records(), { asOf: '2027-05-01' }));
    expect(result.misuse.reclaimable).toEqual([paid2026]);
    expect(result.taxReports).toEqual([]);
    expect(result.misuse.text?.de).toContain('zurückgefordert');
  });

  it('§2.5: the participant must be heard before the exclusion: without a recorded hearing it does not take effect', () => {
    const noHearing = withMisuse({ exclusion: { excludedOn: '2026-06-01', decidedBy: 'lead-2' } });
    const result = evaluate(caseOf(noHearing, records()));
    expect(result.misuse.state).toBe('exclusion_without_hearing');
    expect(result.fields.filter((f) => f.status === 'awaiting_review').map((f) => f.field)).toEqual([1, 2, 3]);
    expect(result.fields.some((f) => f.reason === 'forfeited_misuse')).toBe(false);
    expect(result.claim.status).toBe('on_hold');
    expect(result.misuse.reclaimable).toEqual([]);
  });

  it('§2.5: a hearing after the exclusion date does not make the exclusion valid', () => {
    const late = withMisuse({ hearing: { heldOn: '2026-06-02', heardBy: 'clerk-7' }, exclusion: { excludedOn: '2026-06-01', decidedBy: 'lead-2' } });
    expect(evaluate(caseOf(late, records())).misuse.state).toBe('exclusion_without_hearing');
  });

  it('§2.5: on a founded suspicion the fields are held (suspension), nothing is paid, nothing is forfeited yet', () => {
    const suspected = withMisuse({ suspicionRaisedOn: '2026-05-01' });
    const result = evaluate(caseOf(suspected, records()));
    expect(result.misuse.state).toBe('suspected');
    expect(result.fields.filter((f) => f.reason === 'misuse_check').map((f) => f.field)).toEqual([1, 2, 3]);
    expect(result.amount.payableCents).toBe(0);
    expect(result.amount.earnedCents).toBe(0);
  });

  it('§2.5: a suspicion cleared by the insurer releases the held fields', () => {
    const cleared = withMisuse({ suspicionRaisedOn: '2026-05-01', hearing: { heldOn: '2026-05-20', heardBy: 'clerk-7' }, suspicionClearedOn: '2026-06-01' });
    expect(evaluate(caseOf(cleared, records(), { asOf: '2026-05-31' })).misuse.state).toBe('suspected');
    const result = evaluate(caseOf(cleared, records(), { asOf: '2026-06-01' }));
    expect(result.misuse.state).toBe('none');
    expect(result.amount.earnedCents).toBe(3000);
  });

  it('§2.5: the exclusion forfeits the years it names; other years are untouched', () => {
    const who = withMisuse({ hearing: { heldOn: '2025-05-20', heardBy: 'clerk-7' }, exclusion: { excludedOn: '2025-06-01', decidedBy: 'lead-2' } });
    const result = evaluate(caseOf(who, records()));
    expect(result.misuse.state).toBe('none');
    expect(result.amount.earnedCents).toBe(3000);
  });

  it('§2.5: an exclusion decided after the evaluation moment is not applied yet', () => {
    const who = withMisuse({ hearing: { heldOn: '2026-05-20', heardBy: 'clerk-7' }, exclusion: { excludedOn: '2026-11-01', decidedBy: 'lead-2' } });
    expect(evaluate(caseOf(who, records(), { asOf: '2026-10-31' })).misuse.state).toBe('none');
    expect(evaluate(caseOf(who, records(), { asOf: '2026-11-01' })).misuse.state).toBe('excluded');
  });

  it('§2.5: an exclusion can only be recorded after a hearing', () => {
    const exclusion = { excludedOn: '2026-06-01', decidedBy: 'lead-2' };
    expect(excludeParticipant({ suspicionRaisedOn: '2026-05-01' }, exclusion)).toEqual({ ok: false, reason: 'hearing_missing' });
    const heard = { suspicionRaisedOn: '2026-05-01', hearing: { heldOn: '2026-05-20', heardBy: 'clerk-7' } };
    expect(excludeParticipant(heard, exclusion)).toEqual({ ok: true, misuse: { ...heard, exclusion } });
  });
});
