import { describe, expect, it } from 'vitest';
import { type ReasonCode, reasonText } from './reasons';

const codes: ReasonCode[] = [
  'counted', 'evidence_in_review', 'already_fulfilled', 'wrong_participant', 'unknown_measure', 'other_program', 'not_participating',
  'other_year', 'before_participation', 'after_participation_ended', 'outside_membership', 'date_in_future', 'evidence_not_accepted',
  'review_rejected', 'excluded_activity', 'topic_not_covered', 'value_missing', 'value_out_of_range', 'statement_missing',
  'below_minimum_age', 'check_up_too_young', 'check_up_once_used', 'check_up_interval', 'limit_reached', 'duplicate_event',
  'forfeited_misuse', 'misuse_check', 'needs_each_half_year', 'no_evidence',
];

describe('reason texts', () => {
  it.each(codes)('%s has a German and an English sentence for the member', (code) => {
    const text = reasonText(code, { title: { de: 'Zahnvorsorge', en: 'Dental care' }, date: '2027-01-01' });
    for (const sentence of [text.de, text.en]) {
      expect(sentence.length).toBeGreaterThan(10);
      expect(sentence).not.toMatch(/undefined|null|\$\{/);
    }
  });

  it('German dates read DD.MM.YYYY', () => {
    expect(reasonText('check_up_interval', { title: { de: 'Check-Up', en: 'Check-up' }, date: '2027-01-01' }).de).toContain('ab 01.01.2027');
  });

  it('texts without a date are shared, and cannot be changed by a caller', () => {
    const title = { de: 'Schutzimpfung', en: 'Vaccinations' };
    const a = reasonText('counted', { title });
    expect(reasonText('counted', { title })).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
  });
});
