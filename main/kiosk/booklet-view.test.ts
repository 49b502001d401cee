import { describe, expect, it } from 'vitest';
import { bookletView, type MemberFacts } from './booklet-view';

/** A 16-year-old member: adult program, teen dental care (12) needs a check-up in each half-year. */
const teen: MemberFacts = {
  memberRef: 'ref-teen',
  person: { kvnr: 'A123457895', title: null, firstName: 'Lea', namePrefix: null, lastName: 'Berg', nameSuffix: null, birthDate: '2010-02-01', sex: 'W', address: null },
  cover: { insurerIk: '109999990', insurerName: 'Bonus ABC Krankenkasse', insurerCountryCode: 'D', coverStart: '2015-04-01', coverEnd: null, insuredType: 'member', insuredTypeCode: '1' },
  card: null,
};
const now = Date.parse('2026-11-22T09:00:00Z');

describe('the kiosk booklet with fields the insurer credited', () => {
  it('counts a credited field the rules engine cannot place in the EUR total', () => {
    const insurer = { participation: [{ year: 2026, declaredAt: '2026-02-01T10:00:00.000Z' }], credited: [12] };
    const plain = bookletView(teen, 2026, [], [], now, undefined, { insurer: { ...insurer, credited: [] } });
    const view = bookletView(teen, 2026, [], [], now, undefined, { insurer });
    const dental = view.fields.find((f) => f.measure === 12)!;
    expect(dental).toMatchObject({ status: 'fulfilled', reason: 'insurer_credited', credited: true, stillEarnable: false, amountCents: 1000 });
    expect(view.amount.earnedCents).toBe(plain.amount.earnedCents + 1000);
    // In November the first half-year is past: 12 could not be earned any more, credited or not.
    expect(view.amount.stillEarnableCents).toBe(plain.amount.stillEarnableCents);
    expect(view.fields.reduce((sum, f) => sum + f.amountCents, 0)).toBe(view.amount.earnedCents);
  });

  it("tells the screen the kiosk's own day, the latest a proof can carry", () => {
    expect(bookletView(teen, 2026, [], [], now).today).toBe('2026-11-22');
    expect(bookletView(teen, 2026, [], [], Date.parse('2026-12-31T23:30:00Z')).today).toBe('2027-01-01');
  });
});

describe('the kiosk booklet before participation is declared', () => {
  const adult: MemberFacts = { ...teen, memberRef: 'ref-adult', person: { ...teen.person, birthDate: '1967-03-12' } };
  const spring = Date.parse('2026-03-02T09:00:00Z');

  it('shows every field as not possible today, and what declaring today would open up for the whole year', () => {
    const view = bookletView(adult, 2026, [], [], spring);
    expect(view.participation.canDeclare).toBe(true);
    expect(view.amount.stillEarnableCents).toBe(0);
    expect(view.fields.every((f) => f.status === 'not_possible' && f.reason === 'not_participating')).toBe(true);
    // §1: declared today, the year counts from 01.01.: all twelve fields, 120 EUR.
    expect(view.ifDeclared).toMatchObject({ stillEarnableCents: 12_000 });
    expect(view.ifDeclared!.fields).toHaveLength(12);
    expect(view.ifDeclared!.fields.every((f) => f.status === 'open' && f.stillEarnable)).toBe(true);
  });

  it('keeps fields that stay closed after a declaration closed in the preview (a 16-year-old has no check-up yet)', () => {
    const view = bookletView(teen, 2026, [], [], spring);
    const checkUp = view.ifDeclared!.fields.find((f) => f.measure === 7)!;
    expect(checkUp).toMatchObject({ status: 'not_possible', reason: 'check_up_too_young', stillEarnable: false });
    expect(view.ifDeclared!.stillEarnableCents).toBe(11_000);
  });

  it('offers no preview once participation is active, and gives each field what the catalog counts for it', () => {
    const declared = [{ year: 2026, declaredOn: '2026-01-10', declaredAt: '2026-01-10T09:00:00.000Z', channel: 'kiosk' as const, declaredBy: { role: 'self' as const, personRef: 'ref-adult' }, consentSgbV284: true as const, termsVersion: '2026' }];
    const view = bookletView(adult, 2026, declared, [], spring);
    expect(view.participation.canDeclare).toBe(false);
    expect(view.ifDeclared).toBeNull();
    expect(view.fields.find((f) => f.measure === 12)?.description?.de).toMatch(/Zahn/);
  });
});
