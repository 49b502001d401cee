import { describe, expect, it } from 'vitest';
import { caseOf, evaluate, fieldOf, participant, record } from '../testing/builders';

/** One record for measure 1 (sports club), checked against a single rule of the terms. */
describe('when a single record counts', () => {
  it('§2.3: a measure counts only in the calendar year it was performed', () => {
    const result = evaluate(caseOf(participant(), [record(1, '2025-12-31'), record(2, '2027-01-01')]));
    expect(result.records.map((r) => r.reason)).toEqual(['other_year', 'other_year']);
    expect(result.amount.earnedCents).toBe(0);
  });

  it('§2.3: 31.12. of the year counts, 01.01. of the year counts', () => {
    const result = evaluate(caseOf(participant(), [record(1, '2026-01-01'), record(2, '2026-12-31')]));
    expect(result.records.map((r) => r.verdict)).toEqual(['counted', 'counted']);
  });

  it('§2.1: measures outside membership with the insurer do not count (gap in membership)', () => {
    const who = participant({ memberships: [{ from: '2000-01-01', to: '2026-04-30' }, { from: '2026-07-01' }] });
    const result = evaluate(caseOf(who, [record(1, '2026-04-30'), record(2, '2026-05-15'), record(3, '2026-07-01')]));
    expect(result.records.map((r) => r.reason)).toEqual(['counted', 'outside_membership', 'counted']);
    expect(fieldOf(result, 2).status).toBe('rejected');
    expect(fieldOf(result, 2).text.de).toContain('keine Mitgliedschaft');
  });

  it('§2.1: measures before the start of membership in the year do not count (membership starting mid-year)', () => {
    const who = participant({ memberships: [{ from: '2026-07-15' }] });
    const result = evaluate(caseOf(who, [record(1, '2026-07-14'), record(2, '2026-07-15')]));
    expect(result.records.map((r) => r.reason)).toEqual(['before_participation', 'counted']);
    expect(result.records[0]?.text.de).toContain('15.07.2026');
  });

  it('§2.4: measures cannot be transferred to another participant', () => {
    const result = evaluate(caseOf(participant(), [record(1, '2026-03-01', { participantRef: 'P-2' })]));
    expect(result.records[0]?.reason).toBe('wrong_participant');
    expect(fieldOf(result, 1).status).toBe('rejected');
    expect(fieldOf(result, 1).text.de).toContain('nicht übertragen');
  });

  it('§2.2: only the kinds of proof the catalog accepts for a measure', () => {
    const result = evaluate(caseOf(participant(), [record(1, '2026-03-01', { evidence: 'insurer_event_confirmation' })]));
    expect(result.records[0]?.reason).toBe('evidence_not_accepted');
  });

  it('§2.2.2: a digital entry is proof for a check measure, not for a sports club', () => {
    const result = evaluate(caseOf(participant(), [record(8, '2026-03-01', { evidence: 'dated_self_declaration' }), record(1, '2026-03-01', { evidence: 'dated_self_declaration' })]));
    expect(result.records.map((r) => r.measure + ':' + r.reason).sort()).toEqual(['1:evidence_not_accepted', '8:counted']);
  });

  it('§2.2, §2.5: proof rejected in the review does not count', () => {
    const result = evaluate(caseOf(participant(), [record(1, '2026-03-01', { review: 'rejected' })]));
    expect(fieldOf(result, 1)).toMatchObject({ status: 'rejected', reason: 'review_rejected', stillEarnable: true });
  });

  it('§2.2: proof still in review leaves the field awaiting review and pays nothing yet', () => {
    const result = evaluate(caseOf(participant(), [record(1, '2026-03-01', { review: 'pending' })]));
    expect(fieldOf(result, 1)).toMatchObject({ status: 'awaiting_review', reason: 'evidence_in_review', amountCents: 0 });
  });

  it('§2.2.1: what is not documented is not rewarded: a field without proof is open', () => {
    const result = evaluate(caseOf(participant(), []));
    expect(fieldOf(result, 1)).toMatchObject({ status: 'open', reason: 'no_evidence', stillEarnable: true });
    expect(fieldOf(result, 1).text.de).toContain('nicht dokumentiert');
  });

  it('a measure dated after the evaluation moment does not count yet', () => {
    const result = evaluate(caseOf(participant(), [record(1, '2026-05-02')], { asOf: '2026-05-01' }));
    expect(result.records[0]?.reason).toBe('date_in_future');
  });

  it('annex 1: a measure number outside the catalog is refused', () => {
    const result = evaluate(caseOf(participant(), [record(19, '2026-03-01')]));
    expect(result.records[0]?.reason).toBe('unknown_measure');
  });

  it('annex 1: an adult cannot collect children\'s measures', () => {
    const result = evaluate(caseOf(participant(), [record(13, '2026-03-01')]));
    expect(result.records[0]?.reason).toBe('other_program');
    expect(result.fields.map((f) => f.field)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('each field counts once a year: a second record is surplus', () => {
    const result = evaluate(caseOf(participant(), [record(1, '2026-03-01'), record(1, '2026-09-01')]));
    expect(result.records.map((r) => r.verdict)).toEqual(['counted', 'surplus']);
    expect(result.records[1]?.reason).toBe('already_fulfilled');
    expect(result.amount.earnedCents).toBe(1000);
  });

  it('accepted proof counts before proof in review, whatever the dates', () => {
    const result = evaluate(caseOf(participant(), [record(1, '2026-02-01', { review: 'pending' }), record(1, '2026-09-01')]));
    expect(result.records.map((r) => r.verdict)).toEqual(['surplus', 'counted']);
    expect(fieldOf(result, 1).status).toBe('fulfilled');
  });
});
