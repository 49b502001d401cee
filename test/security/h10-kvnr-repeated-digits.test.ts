import { describe, expect, it } from 'vitest';
import { validateCard } from '../../main/card/validate-card';
import { MemberPickProblem } from '../../main/contract';
import { checkKvnr, kvnrCheckDigit } from '../../main/domain/kvnr';
import type { EgkData } from '../../main/contract';

/**
 * Hole 10: a KVNR is a letter, eight digits and a check digit (§290 SGB V). A rule against
 * "more than three identical digits" is not part of that definition; a station that applies it
 * refuses real members. These numbers carry correct check digits (worked out by hand below).
 */
const repeated = [
  // A = 01 → 0 1 | 1 1 1 1 1 1 1 1, weights 1 2 1 2 …: 0+2+1+2+1+2+1+2+1+2 = 14 → 4
  'A111111114',
  // Z = 26 → 2 6 | 1 1 1 1 2 2 2 2: 2+(12→3)+1+2+1+2+2+4+2+4 = 23 → 3
  'Z111122223',
  // A = 01 → 0 1 | 0 … 0: 0+2 = 2
  'A000000002',
];

const card = (kvnr: string): EgkData => ({
  person: { kvnr, title: null, firstName: 'Erika', namePrefix: null, lastName: 'Mustermann', nameSuffix: null, birthDate: '1964-08-12', sex: 'W', address: null },
  insurance: { insurerIk: '109999990', insurerName: 'BKK', insurerCountryCode: 'D', coverStart: '2020-01-01', coverEnd: null, insuredType: 'member', insuredTypeCode: '1' },
  card: { iccsn: '80276883110000012345', iccsnLastFour: '2345', generation: 'G2', statusVdTimestamp: null, updatePending: false, schemaVersion: '5.2' },
});

describe('hole 10: a KVNR with repeated digits and a correct check digit is a valid KVNR', () => {
  it.each(repeated)('accepts %s everywhere a KVNR is checked', (kvnr) => {
    expect(kvnrCheckDigit(kvnr.slice(0, 9))).toBe(Number(kvnr[9]));
    expect(checkKvnr(kvnr)).toEqual({ ok: true });
    expect(validateCard(card(kvnr), { insurerIks: ['109999990'] }, '2026-03-15')).toEqual({ ok: true });
  });

  it('still refuses the same numbers with a wrong check digit', () => {
    for (const kvnr of repeated) {
      const wrong = `${kvnr.slice(0, 9)}${(Number(kvnr[9]) + 1) % 10}`;
      expect(checkKvnr(wrong)).toEqual({ ok: false, problem: 'check-digit' });
    }
  });

  it('has no "repeated digits" answer left in the contract the clerk desk uses', () => {
    expect(MemberPickProblem.options.some((p) => p.includes('repeated'))).toBe(false);
  });
});
