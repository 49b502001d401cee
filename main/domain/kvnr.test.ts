import { describe, expect, it } from 'vitest';
import { checkKvnr, isValidKvnr, kvnrCheckDigit } from './kvnr';

describe('KVNR check digit', () => {
  it('computes the worked example from the card facts: A123457895', () => {
    expect(kvnrCheckDigit('A12345789')).toBe(5);
  });

  it.each(['A123457895', 'A000500015', 'B123457897', 'X234567891', 'Z111122223', 'E567890127'])('gives the published check digit of %s', (kvnr) => {
    expect(kvnrCheckDigit(kvnr.slice(0, 9))).toBe(Number(kvnr[9]));
  });

  it('returns null for input that is not a letter and eight digits', () => {
    expect(kvnrCheckDigit('a12345789')).toBeNull();
    expect(kvnrCheckDigit('A1234578')).toBeNull();
    expect(kvnrCheckDigit('AB2345789')).toBeNull();
  });
});

describe('KVNR validation', () => {
  it.each(['A123457895', 'A000500015', 'B123457897', 'X234567891', 'E567890127'])('accepts %s', (kvnr) => {
    expect(checkKvnr(kvnr)).toEqual({ ok: true });
    expect(isValidKvnr(kvnr)).toBe(true);
  });

  it('rejects a wrong check digit as such', () => {
    expect(checkKvnr('A123457894')).toEqual({ ok: false, problem: 'check-digit' });
  });

  it.each(['', 'A12345789', 'A1234578950', 'a123457895', '1123457895', 'A12345789X', ' A123457895', 'Ä123457895'])('rejects the malformed value %j as a format problem', (kvnr) => {
    expect(checkKvnr(kvnr)).toEqual({ ok: false, problem: 'format' });
  });

  it('accepts runs of identical digits: the KVNR definition has no such rule', () => {
    expect(checkKvnr('Z111122223')).toEqual({ ok: true });
    expect(checkKvnr('A111111114')).toEqual({ ok: true });
  });

  it('accepts exactly the values whose last digit matches, for every letter', () => {
    for (let code = 65; code <= 90; code++) {
      const firstNine = `${String.fromCharCode(code)}12345678`;
      const digit = kvnrCheckDigit(firstNine);
      for (let d = 0; d <= 9; d++) expect(isValidKvnr(`${firstNine}${d}`)).toBe(d === digit);
    }
  });
});
