import { describe, expect, it } from 'vitest';
import { caseOf, childParticipant, childRecord, evaluate, fieldOf, participant, record } from '../testing/builders';

describe('annex 1, measures 1-4 (Aktiv)', () => {
  it('annex 1, 2: competitive contests and mandatory school events do not count; a city run does', () => {
    const result = evaluate(caseOf(participant(), [record(2, '2026-05-01', { activity: 'competition' }), record(2, '2026-06-01', { activity: 'mandatory_school_event' })]));
    expect(result.records.map((r) => r.reason)).toEqual(['excluded_activity', 'excluded_activity']);
    expect(fieldOf(evaluate(caseOf(participant(), [record(2, '2026-05-01', { activity: 'city_run' })])), 2).status).toBe('fulfilled');
  });

  it('annex 1, 3: a course from Bewegung, Ernährung, Entspannung or Sucht; other topics do not count', () => {
    const ok = evaluate(caseOf(participant(), [record(3, '2026-05-01', { topic: 'addiction' })]));
    expect(fieldOf(ok, 3).status).toBe('fulfilled');
    const no = evaluate(caseOf(participant(), [record(3, '2026-05-01', { topic: 'online_fitness' })]));
    expect(no.records[0]?.reason).toBe('topic_not_covered');
  });

  it('annex 1, 4: a further course counts for field 4 once field 3 is fulfilled', () => {
    const result = evaluate(caseOf(participant(), [record(3, '2026-03-01', { topic: 'movement' }), record(3, '2026-09-01', { topic: 'nutrition' })]));
    expect(result.records.map((r) => r.countedFor)).toEqual([3, 4]);
    expect(result.amount.earnedCents).toBe(2000);
  });

  it('annex 1, 4: an active week or a certified online training counts for 4, not for 3', () => {
    const result = evaluate(caseOf(participant(), [record(4, '2026-03-01', { topic: 'online_anti_stress' }), record(3, '2026-04-01', { topic: 'active_week' })]));
    expect(fieldOf(result, 4).status).toBe('fulfilled');
    expect(result.records[1]?.reason).toBe('topic_not_covered');
  });

  it('annex 1, 3/4: a third course has no field left', () => {
    const result = evaluate(caseOf(participant(), [record(3, '2026-03-01'), record(3, '2026-04-01'), record(3, '2026-05-01')]));
    expect(result.records.map((r) => r.verdict)).toEqual(['counted', 'counted', 'surplus']);
  });
});

describe('annex 1, measures 5 and 6 (employee bonus)', () => {
  it('annex 1, 5/6: two company health actions fill fields 5 and 6', () => {
    const result = evaluate(caseOf(participant(), [record(5, '2026-03-01', { eventId: 'E1' }), record(5, '2026-04-01', { eventId: 'E2' })]));
    expect(result.records.map((r) => r.countedFor)).toEqual([5, 6]);
    expect(result.amount.earnedCents).toBe(2000);
  });

  it('annex 1, 5/6: at most two per participation year', () => {
    const result = evaluate(caseOf(participant(), [record(6, '2026-03-01'), record(5, '2026-04-01'), record(5, '2026-05-01')]));
    expect(result.records.map((r) => r.verdict)).toEqual(['counted', 'counted', 'surplus']);
    expect(result.records[2]?.reason).toBe('limit_reached');
    expect(result.records[2]?.text.de).toContain('höchstens zwei');
  });

  it('annex 1, 5/6: the same action checked in twice counts once', () => {
    const result = evaluate(caseOf(participant(), [record(5, '2026-03-01', { eventId: 'E1' }), record(5, '2026-03-01', { eventId: 'E1' })]));
    expect(result.records.map((r) => r.reason)).toEqual(['counted', 'duplicate_event']);
    expect(fieldOf(result, 6).status).toBe('open');
  });

  it('annex 1, 5/6: confirmed by the insurer during the event or from a certificate of attendance', () => {
    const result = evaluate(caseOf(participant(), [record(5, '2026-03-01', { evidence: 'certificate_photo' }), record(5, '2026-04-01', { evidence: 'booklet_stamp' })]));
    expect(result.records.map((r) => r.reason)).toEqual(['counted', 'evidence_not_accepted']);
  });
});

describe('annex 1, measure 7 (check-up, §25(1) SGB V) with the default readings', () => {
  const born = '1995-05-20'; // 18 on 2013-05-20, 35 on 2030-05-20
  it('annex 1, 7: not before the 18th birthday', () => {
    const teen = participant({ birthDate: '2008-09-01' });
    const result = evaluate(caseOf(teen, [record(7, '2026-08-31')]));
    expect(result.records[0]?.reason).toBe('check_up_too_young');
    expect(fieldOf(evaluate(caseOf(teen, [record(7, '2026-09-01')])), 7).status).toBe('fulfilled');
  });

  it('annex 1, 7: a member under 18 all year cannot earn the field', () => {
    const result = evaluate(caseOf(participant({ birthDate: '2010-01-01' }), [], { asOf: '2026-01-10' }));
    expect(fieldOf(result, 7)).toMatchObject({ status: 'not_possible', reason: 'check_up_too_young', stillEarnable: false });
  });

  it('annex 1, 7: between 18 and 35 once: a check-up counts when none is in the history', () => {
    const result = evaluate(caseOf(participant({ birthDate: born }), [record(7, '2026-03-01')]));
    expect(fieldOf(result, 7).status).toBe('fulfilled');
  });

  it('annex 1, 7: between 18 and 35 once: an earlier one in the band rules it out', () => {
    const who = participant({ birthDate: born, history: { checkUps: ['2021-02-01'], payouts: [] } });
    const result = evaluate(caseOf(who, [record(7, '2026-03-01')]));
    expect(result.records[0]?.reason).toBe('check_up_once_used');
    expect(fieldOf(evaluate(caseOf(who, [])), 7)).toMatchObject({ status: 'not_possible', reason: 'check_up_once_used' });
  });

  it('annex 1, 7: a check-up before the 18th birthday does not use up the one in the band', () => {
    const who = participant({ birthDate: born, history: { checkUps: ['2012-02-01'], payouts: [] } });
    expect(fieldOf(evaluate(caseOf(who, [record(7, '2026-03-01')])), 7).status).toBe('fulfilled');
  });

  it('annex 1, 7: from 35 every three years (2023 → again from 2026)', () => {
    const who = participant({ birthDate: '1980-06-15', history: { checkUps: ['2023-11-30'], payouts: [] } });
    expect(fieldOf(evaluate(caseOf(who, [record(7, '2026-01-02')])), 7).status).toBe('fulfilled');
    const tooSoon = participant({ birthDate: '1980-06-15', history: { checkUps: ['2024-01-10'], payouts: [] } });
    const result = evaluate(caseOf(tooSoon, [record(7, '2026-12-01')]));
    expect(result.records[0]?.reason).toBe('check_up_interval');
    expect(result.records[0]?.text.de).toContain('01.01.2027');
    expect(fieldOf(evaluate(caseOf(tooSoon, [])), 7).status).toBe('not_possible');
  });

  it('annex 1, 7: turning 35 during the year opens the three-year rule on the birthday', () => {
    const who = participant({ birthDate: '1991-07-01', history: { checkUps: ['2015-03-01'], payouts: [] } });
    const result = evaluate(caseOf(who, [record(7, '2026-06-30'), record(7, '2026-07-01')]));
    expect(result.records.map((r) => r.reason)).toEqual(['check_up_once_used', 'counted']);
    // The field is not "not possible" before the birthday: it can still be earned after it.
    expect(fieldOf(evaluate(caseOf(who, [], { asOf: '2026-03-01' })), 7)).toMatchObject({ status: 'open', stillEarnable: true });
  });

  it('annex 1, 7: the history is of earlier years; this year\'s own check-up is the record', () => {
    const who = participant({ birthDate: born, history: { checkUps: ['2026-03-01'], payouts: [] } });
    expect(fieldOf(evaluate(caseOf(who, [record(7, '2026-03-01')])), 7).status).toBe('fulfilled');
  });
});

describe('annex 1, measures 8-11', () => {
  it('annex 1, 9-11: early detection is three fields, one per screening', () => {
    const result = evaluate(caseOf(participant(), [record(9, '2026-03-01'), record(10, '2026-03-01'), record(11, '2026-03-01'), record(8, '2026-10-01')]));
    expect([8, 9, 10, 11].map((n) => fieldOf(result, n).status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(result.amount.earnedCents).toBe(4000);
  });

  it('annex 1, 9-11: a screening does not spill into another screening\'s field', () => {
    const result = evaluate(caseOf(participant(), [record(9, '2026-03-01'), record(9, '2026-04-01')]));
    expect(result.records.map((r) => r.verdict)).toEqual(['counted', 'surplus']);
    expect(fieldOf(result, 10).status).toBe('open');
  });
});

describe('annex 1, measure 12 (dental care)', () => {
  const teen = participant({ birthDate: '2010-03-01' }); // 16 in 2026
  it('annex 1, 12: from 18 one dental care or professional cleaning in the year', () => {
    expect(fieldOf(evaluate(caseOf(participant(), [record(12, '2026-05-01')])), 12).status).toBe('fulfilled');
  });

  it('annex 1, 12: 15-17 year olds need a check-up in each calendar half-year (default reading)', () => {
    const one = evaluate(caseOf(teen, [record(12, '2026-06-30')]));
    expect(fieldOf(one, 12)).toMatchObject({ status: 'open', reason: 'needs_each_half_year' });
    expect(fieldOf(one, 12).text.de).toBe('Die Zahnvorsorge zählt für 15- bis 17-Jährige erst mit einer Untersuchung in jedem Kalenderhalbjahr.');
    const both = evaluate(caseOf(teen, [record(12, '2026-06-30'), record(12, '2026-07-01')]));
    expect(fieldOf(both, 12).status).toBe('fulfilled');
    expect(fieldOf(both, 12).recordIds).toHaveLength(2);
    expect(both.amount.earnedCents).toBe(1000);
  });

  it('annex 1, 12: two check-ups in the same half-year are not both half-years', () => {
    const result = evaluate(caseOf(teen, [record(12, '2026-02-01'), record(12, '2026-05-01')]));
    expect(fieldOf(result, 12).status).toBe('open');
    expect(result.records.map((r) => r.verdict)).toEqual(['counted', 'surplus']);
  });

  it('annex 1, 12: once the first half-year has passed without a check-up, a teenager cannot earn it any more', () => {
    const result = evaluate(caseOf(teen, [], { asOf: '2026-07-01' }));
    expect(fieldOf(result, 12).stillEarnable).toBe(false);
    expect(fieldOf(evaluate(caseOf(teen, [], { asOf: '2026-06-30' })), 12).stillEarnable).toBe(true);
  });

  it('annex 1, 12: turning 18 mid-year, one check-up after the birthday suffices', () => {
    const turning = participant({ birthDate: '2008-08-01' });
    const result = evaluate(caseOf(turning, [record(12, '2026-03-01'), record(12, '2026-08-01')]));
    expect(fieldOf(result, 12).status).toBe('fulfilled');
    const before = evaluate(caseOf(turning, [record(12, '2026-07-31')]));
    expect(fieldOf(before, 12).status).toBe('open');
  });
});

describe('annex 1, measures 13-18 (children)', () => {
  it('annex 1, 13-17: children collect their own six fields', () => {
    const child = childParticipant('2016-04-10');
    const result = evaluate(caseOf(child, [childRecord(13, '2026-03-01'), childRecord(14, '2026-03-01', { activity: 'mandatory_school_event' }), childRecord(15, '2026-03-01', { topic: 'addiction' }), childRecord(16, '2026-03-01'), childRecord(17, '2026-03-01')]));
    expect(result.fields.map((f) => f.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled', 'fulfilled', 'open']);
    expect(result.records.map((r) => r.reason)).toEqual(['counted', 'excluded_activity', 'topic_not_covered', 'counted', 'counted']);
  });

  it('annex 1, 18: up to age six one dental check-up per calendar year', () => {
    const small = childParticipant('2022-01-01');
    expect(fieldOf(evaluate(caseOf(small, [childRecord(18, '2026-03-01')])), 18).status).toBe('fulfilled');
  });

  it('annex 1, 18: from six to 14 one check-up in each calendar half-year', () => {
    const school = childParticipant('2016-04-10');
    const one = evaluate(caseOf(school, [childRecord(18, '2026-03-01')]));
    expect(fieldOf(one, 18)).toMatchObject({ status: 'open', reason: 'needs_each_half_year' });
    expect(fieldOf(one, 18).text.de).toContain('ab sechs Jahren');
    expect(fieldOf(evaluate(caseOf(school, [childRecord(18, '2026-03-01'), childRecord(18, '2026-11-01')])), 18).status).toBe('fulfilled');
  });

  it('annex 1, 18: turning six during the year, a check-up before the birthday counts as the yearly one', () => {
    const turning = childParticipant('2020-05-01');
    expect(fieldOf(evaluate(caseOf(turning, [childRecord(18, '2026-04-30')])), 18).status).toBe('fulfilled');
    expect(fieldOf(evaluate(caseOf(turning, [childRecord(18, '2026-05-01')])), 18).status).toBe('open');
  });

  it('annex 1, 18: the half-year rule for 6-14 is not relaxed by the teenager parameter', () => {
    const school = childParticipant('2016-04-10');
    expect(fieldOf(evaluate(caseOf(school, [childRecord(18, '2026-03-01')]), { teenDentalHalfYears: 'either' }), 18).status).toBe('open');
  });
});
