import { describe, expect, it } from 'vitest';
import { checkIban, formatIban, ibanLengths, isValidIban, maskIban, normalizeIban } from './iban';

// Published example IBANs of the national banking associations (no real accounts).
const examples = [
  'DE89370400440532013000',
  'DE02120300000000202051',
  'AT611904300234573201',
  'NL91ABNA0417164300',
  'BE68539007547034',
  'CH9300762011623852957',
  'FR1420041010050500013M02606',
  'IT60X0542811101000000123456',
  'ES9121000418450200051332',
  'GB29NWBK60161331926819',
  'NO9386011117947',
  'PL61109010140000071219812874',
  'LU280019400644750000',
  'DK5000400440116243',
];

describe('IBAN validation (ISO 13616, mod 97)', () => {
  it.each(examples)('accepts the valid IBAN %s', (iban) => {
    expect(checkIban(iban)).toEqual({ ok: true, iban });
    expect(isValidIban(iban)).toBe(true);
  });

  it('accepts an IBAN typed in groups, in lower case, with a non-breaking space, and returns it normalized', () => {
    expect(checkIban(' de89 3704 0044 0532 0130 00 ')).toEqual({ ok: true, iban: 'DE89370400440532013000' });
    expect(checkIban('DE89\u00a03704004405320130 00')).toEqual({ ok: true, iban: 'DE89370400440532013000' });
    expect(normalizeIban('nl91 abna 0417 1643 00')).toBe('NL91ABNA0417164300');
  });

  it('rejects wrong check digits, also a single mistyped or swapped digit', () => {
    expect(checkIban('DE88370400440532013000')).toEqual({ ok: false, problem: 'wrong-check-digits', country: 'DE' });
    expect(checkIban('DE89370400440532013001')).toMatchObject({ ok: false, problem: 'wrong-check-digits' });
    expect(checkIban('DE89370400440532010300')).toMatchObject({ ok: false, problem: 'wrong-check-digits' });
    expect(checkIban('AT611904300234573202')).toMatchObject({ ok: false, problem: 'wrong-check-digits' });
    expect(checkIban('NL91ABNA0417164301')).toMatchObject({ ok: false, problem: 'wrong-check-digits' });
  });

  it('rejects a German IBAN that is not 22 characters long, and says how long it must be', () => {
    expect(checkIban('DE8937040044053201300')).toEqual({ ok: false, problem: 'wrong-length', country: 'DE', expectedLength: 22 });
    expect(checkIban('DE893704004405320130000')).toEqual({ ok: false, problem: 'wrong-length', country: 'DE', expectedLength: 22 });
    expect(checkIban('AT61190430023457320')).toEqual({ ok: false, problem: 'wrong-length', country: 'AT', expectedLength: 20 });
    expect(checkIban('NL91ABNA04171643')).toEqual({ ok: false, problem: 'wrong-length', country: 'NL', expectedLength: 18 });
  });

  it('rejects letters where a country allows digits only, even when the check digits would fit', () => {
    // "O" for zero in a German account number.
    expect(checkIban('DE89370400440532013O00')).toEqual({ ok: false, problem: 'wrong-format', country: 'DE' });
    expect(checkIban('DEAB370400440532013000')).toEqual({ ok: false, problem: 'wrong-format', country: 'DE' });
    // The Dutch bank code is four letters.
    expect(checkIban('NL9112340417164300')).toEqual({ ok: false, problem: 'wrong-format', country: 'NL' });
  });

  it('rejects characters that never occur in an IBAN, an unknown country and empty input', () => {
    expect(checkIban('DE89-3704-0044-0532-0130-00')).toEqual({ ok: false, problem: 'invalid-characters' });
    expect(checkIban('DE89 3704 0044 0532 0130 0Ä')).toEqual({ ok: false, problem: 'invalid-characters' });
    expect(checkIban('ZZ89370400440532013000')).toEqual({ ok: false, problem: 'unknown-country' });
    expect(checkIban('1289370400440532013000')).toEqual({ ok: false, problem: 'unknown-country' });
    expect(checkIban('   ')).toEqual({ ok: false, problem: 'empty' });
  });

  it('knows the lengths of the SEPA countries around Germany', () => {
    expect(ibanLengths).toMatchObject({ DE: 22, AT: 20, NL: 18, BE: 16, CH: 21, FR: 27, LU: 20, PL: 28, CZ: 24, DK: 18, IT: 27, ES: 24 });
  });
});

describe('IBAN display', () => {
  it('groups by four as on a bank card', () => {
    expect(formatIban('DE89370400440532013000')).toBe('DE89 3704 0044 0532 0130 00');
    expect(formatIban('be68539007547034')).toBe('BE68 5390 0754 7034');
  });

  it('masks all but country, check digits and the last two characters', () => {
    expect(maskIban('DE89370400440532013000')).toBe('DE89 **** **** **** **** 00');
    expect(maskIban('NL91ABNA0417164300')).toBe('NL91 **** **** **** 00');
  });
});
