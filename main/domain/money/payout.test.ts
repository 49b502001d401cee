import { describe, expect, it } from 'vitest';
import { ruleSet2026 } from '../catalog/catalog-2026';
import { withParameters } from '../catalog/select';
import { payoutFor, type PayoutInput } from './payout';

const at = (iso: string) => Date.parse(iso);

const adult = (overrides: Partial<PayoutInput> = {}): PayoutInput => ({
  year: 2026,
  program: 'adult',
  ruleSet: ruleSet2026,
  fulfilled: [1, 7, 12],
  awaitingReview: 0,
  participating: true,
  claim: 'open',
  alreadyApplied: false,
  asOfMs: at('2027-02-01T10:00:00Z'),
  ...overrides,
});

describe('payout eligibility', () => {
  it('§2.3: after the year, three fulfilled adult fields can be applied for, worth 30 EUR', () => {
    expect(payoutFor(adult())).toEqual({ eligible: true, blockers: [], amountCents: 3000, yearState: 'closed' });
  });

  it('§1: during the running year the member may ask early; the year is marked running', () => {
    expect(payoutFor(adult({ asOfMs: at('2026-11-20T10:00:00Z') }))).toMatchObject({ eligible: true, yearState: 'running', amountCents: 3000 });
    // The year closes at midnight Berlin time, not UTC: 23:30 UTC on 31.12. is already 01.01. in Berlin.
    expect(payoutFor(adult({ asOfMs: at('2026-12-31T22:59:59Z') })).yearState).toBe('running');
    expect(payoutFor(adult({ asOfMs: at('2026-12-31T23:00:00Z') })).yearState).toBe('closed');
  });

  it('nothing fulfilled: nothing to apply for', () => {
    expect(payoutFor(adult({ fulfilled: [] }))).toMatchObject({ eligible: false, blockers: ['nothing-earned'], amountCents: 0 });
  });

  it('counts only the fields of the member\'s own program (§2.4: nothing moves between booklets)', () => {
    expect(payoutFor(adult({ fulfilled: [13, 16] }))).toMatchObject({ eligible: false, blockers: ['nothing-earned'], amountCents: 0 });
    expect(payoutFor(adult({ program: 'child', fulfilled: [1, 13, 16] })).amountCents).toBe(2000);
  });

  it('§2.3 AMBIGUOUS child bonus: 10 EUR per measure (reading A) or once (reading B)', () => {
    expect(payoutFor(adult({ program: 'child', fulfilled: [13, 16, 18] })).amountCents).toBe(3000);
    expect(payoutFor(adult({ program: 'child', fulfilled: [13, 16, 18], ruleSet: withParameters(ruleSet2026, { childBonus: 'once_per_year' }) })).amountCents).toBe(1000);
  });

  it('fields under review hold the application back, and the amount shown excludes them', () => {
    expect(payoutFor(adult({ awaitingReview: 2 }))).toMatchObject({ eligible: false, blockers: ['awaiting-review'], amountCents: 3000 });
  });

  it('§1: without declared participation there is no payout', () => {
    expect(payoutFor(adult({ participating: false }))).toMatchObject({ eligible: false, blockers: ['not-participating'] });
  });

  it('§2.1 / §2.5: not after the deadline, not on hold, not after an exclusion', () => {
    expect(payoutFor(adult({ claim: 'expired' })).blockers).toEqual(['deadline-passed']);
    expect(payoutFor(adult({ claim: 'on_hold' })).blockers).toEqual(['on-hold']);
    expect(payoutFor(adult({ claim: 'forfeited' })).blockers).toEqual(['forfeited']);
    expect(payoutFor(adult({ claim: 'submitted_in_time' })).eligible).toBe(true);
  });

  it('one application per member and year', () => {
    expect(payoutFor(adult({ alreadyApplied: true }))).toMatchObject({ eligible: false, blockers: ['already-applied'], amountCents: 3000 });
  });

  it('names every reason at once, the already-made application first', () => {
    expect(payoutFor(adult({ alreadyApplied: true, claim: 'expired', awaitingReview: 1 })).blockers).toEqual(['already-applied', 'deadline-passed', 'awaiting-review']);
  });
});
