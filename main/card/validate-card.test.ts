import { describe, expect, it } from 'vitest';
import type { EgkData } from '../contract';
import { localDate, validateCard } from './validate-card';

const data = (overrides: { kvnr?: string; ik?: string; start?: string; end?: string | null } = {}): EgkData => ({
  person: { kvnr: overrides.kvnr ?? 'A123457895', title: null, firstName: 'Erika', namePrefix: null, lastName: 'Mustermann', nameSuffix: null, birthDate: '1964-08-12', sex: 'W', address: null },
  insurance: { insurerIk: overrides.ik ?? '109999990', insurerName: 'Andere BKK', insurerCountryCode: 'D', coverStart: overrides.start ?? '2020-01-01', coverEnd: overrides.end ?? null, insuredType: 'member', insuredTypeCode: '1' },
  card: { iccsn: '80276883110000012345', iccsnLastFour: '2345', generation: 'G2', statusVdTimestamp: null, updatePending: false, schemaVersion: '5.2' },
});
const policy = { insurerIks: ['109999990'] };
const today = '2026-03-15';

describe('whether a card may start a session', () => {
  it('accepts a valid card of our insurer with running cover', () => {
    expect(validateCard(data(), policy, today)).toEqual({ ok: true });
  });

  it('rejects a KVNR with a wrong check digit, naming the problem but not the number', () => {
    const verdict = validateCard(data({ kvnr: 'A123457894' }), policy, today);
    expect(verdict).toEqual({ ok: false, reason: 'invalid-kvnr', detail: 'KVNR check-digit' });
  });

  it('rejects a card of another insurer with that insurer\'s name', () => {
    expect(validateCard(data({ ik: '108888881' }), policy, today)).toEqual({ ok: false, reason: 'insurer-not-accepted', insurerName: 'Andere BKK' });
  });

  it('rejects cover that starts later, and cover that has ended, with the dates', () => {
    expect(validateCard(data({ start: '2026-04-01' }), policy, today)).toEqual({ ok: false, reason: 'cover-not-started', coverStart: '2026-04-01' });
    expect(validateCard(data({ end: '2026-03-14' }), policy, today)).toEqual({ ok: false, reason: 'cover-ended', coverStart: '2020-01-01', coverEnd: '2026-03-14' });
  });

  it('counts the first and the last day of cover as covered', () => {
    expect(validateCard(data({ start: today }), policy, today)).toEqual({ ok: true });
    expect(validateCard(data({ end: today }), policy, today)).toEqual({ ok: true });
  });

  it('uses the station\'s local date', () => {
    expect(localDate(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
});
