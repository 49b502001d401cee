import { describe, expect, it } from 'vitest';
import { ruleSet2026 } from '../catalog/catalog-2026';
import { caseOf, childParticipant, childRecord, declaration, evaluate, fieldOf, participant, record } from '../testing/builders';
import { isMemberOn } from './membership';
import { endParticipation, participationFor } from './participation';
import { mayParticipateOnOwn, ownParticipationFrom, programFor } from './program';
import { renewalDeclaration } from './renewal';

describe('§1 who takes part', () => {
  it.each([
    ['§1: 15th birthday on the application day: own participation, adult program', '2011-03-10', '2026-03-10', 'adult'],
    ['§1: the day before the 15th birthday: children\'s program', '2011-03-10', '2026-03-09', 'child'],
    ['§1: born 31.12., applying 30.12. of the 15th year: still a child', '2011-12-31', '2026-12-30', 'child'],
    ['§1: born 01.01., applying 01.01. of the 15th year: adult', '2011-01-01', '2026-01-01', 'adult'],
    ['§1: born 29.02., applying 28.02. of a common year: still a child', '2012-02-29', '2027-02-28', 'child'],
    ['§1: born 29.02., applying 01.03. of a common year: adult', '2012-02-29', '2027-03-01', 'adult'],
  ] as const)('%s', (_name, birth, applied, program) => {
    expect(programFor(birth, applied)).toBe(program);
    expect(mayParticipateOnOwn(birth, applied)).toBe(program === 'adult');
  });

  it('§1: own participation starts on the 15th birthday', () => {
    expect(ownParticipationFrom('2011-07-04')).toBe('2026-07-04');
  });

  it('§1: a child turning 15 during the year stays in the children\'s program for the whole year', () => {
    const child = childParticipant('2011-08-01', { declarations: [declaration({ declaredOn: '2026-02-01', declaredBy: { role: 'legal_representative', personRef: 'P-1' } })] });
    const result = evaluate(caseOf(child, [childRecord(13, '2026-10-01'), childRecord(1, '2026-10-02')]));
    expect(result.program).toBe('child');
    expect(result.fields.map((f) => f.field)).toEqual([13, 14, 15, 16, 17, 18]);
    expect(fieldOf(result, 13).status).toBe('fulfilled');
    expect(result.records.find((r) => r.measure === 1)?.reason).toBe('other_program');
  });

  it('§1: the adult program is possible from the next participation year', () => {
    const teen = childParticipant('2011-08-01', {
      declarations: [declaration({ year: 2027, declaredOn: '2027-01-10', declaredBy: { role: 'self', personRef: 'C-1' } })],
    });
    expect(participationFor(teen, 2027, ruleSet2026).program).toBe('adult');
  });

  it('§1: a child under 15 cannot declare on its own; the legal representative declares', () => {
    const self = childParticipant('2016-04-10', { declarations: [declaration({ declaredBy: { role: 'self', personRef: 'C-1' } })] });
    const p = participationFor(self, 2026, ruleSet2026);
    expect(p.status).toBe('not_participating');
    expect(p.issues.map((i) => i.code)).toEqual(['representative_required']);
    expect(participationFor(childParticipant(), 2026, ruleSet2026).status).toBe('active');
  });

  it('§1, §4: declaring participation gives the §284 SGB V consent; without it there is no participation', () => {
    const p = participationFor(participant({ declarations: [declaration({ consentSgbV284: false })] }), 2026, ruleSet2026);
    expect(p.status).toBe('not_participating');
    expect(p.issues[0]?.code).toBe('consent_missing');
  });

  it('§1: participation is voluntary and must be declared: without a declaration nothing counts', () => {
    const result = evaluate(caseOf(participant({ declarations: [] }), [record(1, '2026-03-01')]));
    expect(result.participation.issues[0]?.code).toBe('not_declared');
    expect(fieldOf(result, 1).status).toBe('not_possible');
    expect(result.records[0]?.reason).toBe('not_participating');
    expect(result.amount.earnedCents).toBe(0);
  });

  it('§1: the declaration records when, how and by whom it was given', () => {
    const d = declaration({ declaredOn: '2026-02-03', declaredAt: '2026-02-03T10:15:00+01:00', channel: 'app', declaredBy: { role: 'legal_representative', personRef: 'P-1' } });
    const p = participationFor(childParticipant('2016-04-10', { declarations: [d] }), 2026, ruleSet2026);
    expect(p.declaration).toMatchObject({ declaredOn: '2026-02-03', declaredAt: '2026-02-03T10:15:00+01:00', channel: 'app', declaredBy: { role: 'legal_representative', personRef: 'P-1' } });
  });

  it('§1: the program on record is checked against the application day', () => {
    const p = participationFor(participant({ program: 'child' }), 2026, ruleSet2026);
    expect(p.program).toBe('adult');
    expect(p.issues.map((i) => i.code)).toContain('program_mismatch');
  });
});

describe('§1, §3 participation period', () => {
  it('§1: the period starts on 01.01. of the year of the declaration, even when declared later', () => {
    const who = participant({ declarations: [declaration({ declaredOn: '2026-09-01' })] });
    expect(participationFor(who, 2026, ruleSet2026).period).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(fieldOf(evaluate(caseOf(who, [record(1, '2026-01-01')])), 1).status).toBe('fulfilled');
  });

  it('§1: during the year, participation starts at the earliest with the start of membership', () => {
    const who = participant({ memberships: [{ from: '2026-04-01' }] });
    expect(participationFor(who, 2026, ruleSet2026).period).toEqual({ from: '2026-04-01', to: '2026-12-31' });
    const result = evaluate(caseOf(who, [record(1, '2026-03-31'), record(2, '2026-04-01')]));
    expect(result.records[0]?.reason).toBe('before_participation');
    expect(fieldOf(result, 2).status).toBe('fulfilled');
  });

  it('§2.1: a year without any membership has no participation', () => {
    const who = participant({ memberships: [{ from: '2020-01-01', to: '2025-12-31' }] });
    expect(participationFor(who, 2026, ruleSet2026).issues.map((i) => i.code)).toEqual(['no_membership']);
  });

  it('§1, §3.1: a declaration counts only for its own calendar year', () => {
    const who = participant({ declarations: [declaration({ year: 2027, declaredOn: '2026-05-01' })] });
    expect(participationFor(who, 2027, ruleSet2026).issues.map((i) => i.code)).toEqual(['declared_in_other_year']);
    expect(participationFor(who, 2026, ruleSet2026).issues.map((i) => i.code)).toEqual(['not_declared']);
  });

  it('§3.2: participation can be ended during the year; later measures do not count, earlier ones stay', () => {
    const who = participant({ declarations: [declaration({ endedOn: '2026-06-30' })] });
    const result = evaluate(caseOf(who, [record(1, '2026-06-30'), record(2, '2026-07-01')]));
    expect(result.participation.endedOn).toBe('2026-06-30');
    expect(fieldOf(result, 1).status).toBe('fulfilled');
    expect(result.records[1]?.reason).toBe('after_participation_ended');
    expect(fieldOf(result, 2).stillEarnable).toBe(false);
  });

  it('§3.2: ending participation needs no notice; an earlier end is kept, and the day must be in the year', () => {
    const d = endParticipation(declaration(), '2026-08-31');
    expect(d.endedOn).toBe('2026-08-31');
    expect(endParticipation(d, '2026-10-01').endedOn).toBe('2026-08-31');
    expect(endParticipation(d, '2026-05-01').endedOn).toBe('2026-05-01');
    expect(() => endParticipation(d, '2027-01-01')).toThrow(RangeError);
  });

  it('membership periods: open-ended and closed', () => {
    expect(isMemberOn([{ from: '2026-01-01', to: '2026-03-31' }], '2026-03-31')).toBe(true);
    expect(isMemberOn([{ from: '2026-01-01', to: '2026-03-31' }], '2026-04-01')).toBe(false);
    expect(isMemberOn([{ from: '2026-01-01' }], '2099-01-01')).toBe(true);
  });
});

describe('§2.1, §3.1 renewal together with a submission', () => {
  const base = { channel: 'kiosk' as const, declaredBy: { role: 'self' as const, personRef: 'P-1' }, consentSgbV284: true, termsVersion: '2026-01-01' };

  it('§2.1: submitting 2026 in 2027 declares participation for 2027, which then starts on 01.01.2027', () => {
    const d = renewalDeclaration({ ...base, submittedYear: 2026, submittedAt: '2027-03-05T09:00:00+01:00' });
    expect(d).toMatchObject({ year: 2027, declaredOn: '2027-03-05', renewalOfYear: 2026 });
    const p = participationFor(participant({ declarations: [d] }), 2027, ruleSet2026);
    expect(p.period).toEqual({ from: '2027-01-01', to: '2027-12-31' });
  });

  it('§2.1: a submission made in December declares the following year ahead', () => {
    const d = renewalDeclaration({ ...base, submittedYear: 2026, submittedAt: '2026-12-20T09:00:00+01:00' });
    expect(participationFor(participant({ declarations: [d] }), 2027, ruleSet2026).status).toBe('active');
    // Without the renewal link, a declaration made in 2026 does not cover 2027 (§1).
    const { renewalOfYear: _r, ...plain } = d;
    expect(participationFor(participant({ declarations: [plain] }), 2027, ruleSet2026).status).toBe('not_participating');
  });

  it('the declaration day is the Berlin day of the submission', () => {
    const d = renewalDeclaration({ ...base, submittedYear: 2026, submittedAt: '2026-12-31T23:30:00Z' });
    expect(d.declaredOn).toBe('2027-01-01');
  });

  it('a submission two years later cannot renew the year after the submitted one', () => {
    expect(() => renewalDeclaration({ ...base, submittedYear: 2025, submittedAt: '2027-01-05T09:00:00+01:00' })).toThrow(RangeError);
  });
});
