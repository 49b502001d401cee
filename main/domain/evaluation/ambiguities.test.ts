import { describe, expect, it } from 'vitest';
import { caseOf, childParticipant, childRecord, evaluate, fieldOf, participant, record } from '../testing/builders';

/** Both readings of every point the terms leave open (docs/bonus-abc-rules.md); the default is named in each. */
describe('AMBIGUOUS readings, each side tested', () => {
  describe('childBonus (§2.3)', () => {
    const kids = () => caseOf(childParticipant(), [childRecord(13, '2026-03-01'), childRecord(14, '2026-04-01'), childRecord(16, '2026-05-01')]);
    it('§2.3 reading A (default, per_measure): 10 EUR for each measure 13-18', () => {
      expect(evaluate(kids()).amount.earnedCents).toBe(3000);
    });
    it('§2.3 reading B (once_per_year): 10 EUR once, however many measures', () => {
      expect(evaluate(kids(), { childBonus: 'once_per_year' }).amount.earnedCents).toBe(1000);
    });
  });

  describe('checkUpOnceScope (annex 1, 7)', () => {
    const who = participant({ birthDate: '1995-05-20', history: { checkUps: ['2023-04-01'], payouts: [] } });
    it('annex 1, 7 reading age_band (default): once in the whole 18-35 band', () => {
      expect(fieldOf(evaluate(caseOf(who, [record(7, '2026-03-01')])), 7).reason).toBe('check_up_once_used');
    });
    it('annex 1, 7 reading participation_year: once in every participation year', () => {
      expect(fieldOf(evaluate(caseOf(who, [record(7, '2026-03-01')]), { checkUpOnceScope: 'participation_year' }), 7).status).toBe('fulfilled');
    });
  });

  describe('checkUpInterval (annex 1, 7)', () => {
    const who = participant({ birthDate: '1970-01-01', history: { checkUps: ['2023-10-15'], payouts: [] } });
    const early = () => caseOf(who, [record(7, '2026-03-01')]);
    const onTheDay = () => caseOf(who, [record(7, '2026-10-15')]);
    it('annex 1, 7 reading calendar_years (default): 2023 → any day in 2026', () => {
      expect(fieldOf(evaluate(early()), 7).status).toBe('fulfilled');
    });
    it('annex 1, 7 reading exact_date: three years to the day (from 15.10.2026)', () => {
      const result = evaluate(early(), { checkUpInterval: 'exact_date' });
      expect(fieldOf(result, 7).reason).toBe('check_up_interval');
      expect(result.records[0]?.text.de).toContain('15.10.2026');
      expect(fieldOf(evaluate(onTheDay(), { checkUpInterval: 'exact_date' }), 7).status).toBe('fulfilled');
      expect(fieldOf(evaluate(caseOf(who, [record(7, '2026-10-14')]), { checkUpInterval: 'exact_date' }), 7).status).toBe('rejected');
    });
    it('annex 1, 7 reading exact_date: a check-up on 29.02. counts again from 01.03. three years later', () => {
      const leap = participant({ birthDate: '1970-01-01', history: { checkUps: ['2024-02-29'], payouts: [] } });
      const c = (date: string) => caseOf(leap, [record(7, date)], { year: 2027, asOf: '2027-12-31', participant: { ...leap, declarations: [{ ...leap.declarations[0]!, year: 2027, declaredOn: '2027-01-05' }] } });
      expect(fieldOf(evaluate(c('2027-02-28'), { checkUpInterval: 'exact_date' }), 7).status).toBe('rejected');
      expect(fieldOf(evaluate(c('2027-03-01'), { checkUpInterval: 'exact_date' }), 7).status).toBe('fulfilled');
    });
  });

  describe('teenDentalHalfYears (annex 1, 12)', () => {
    const teen = participant({ birthDate: '2010-03-01' });
    it('annex 1, 12 reading both (default): one check-up in one half-year is not enough', () => {
      expect(fieldOf(evaluate(caseOf(teen, [record(12, '2026-09-01')])), 12).status).toBe('open');
    });
    it('annex 1, 12 reading either: one check-up in one half-year fulfils the field', () => {
      const result = evaluate(caseOf(teen, [record(12, '2026-09-01'), record(12, '2026-10-01')]), { teenDentalHalfYears: 'either' });
      expect(fieldOf(result, 12).status).toBe('fulfilled');
      expect(result.records.map((r) => r.verdict)).toEqual(['counted', 'surplus']);
      expect(result.amount.earnedCents).toBe(1000);
    });
  });

  it('the case can ask for another reading; the result names the readings it applied', () => {
    const result = evaluate(caseOf(childParticipant(), [childRecord(13, '2026-03-01')], { parameters: { childBonus: 'once_per_year' } }));
    expect(result.ruleSet.parameters.childBonus).toBe('once_per_year');
  });
});
