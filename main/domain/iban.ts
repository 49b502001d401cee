/**
 * IBAN (ISO 13616): country code, two check digits, the national account number (BBAN).
 * Pure: the kiosk's form checks a new IBAN while it is typed, main checks it again before a
 * change request leaves the station, and the central service checks it on arrival.
 */

export type IbanProblem = 'empty' | 'invalid-characters' | 'unknown-country' | 'wrong-length' | 'wrong-format' | 'wrong-check-digits';
export type IbanCheck = { ok: true; iban: string } | { ok: false; problem: IbanProblem; country?: string; expectedLength?: number };

/** IBAN length per country (SWIFT IBAN registry). */
export const ibanLengths: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28, CH: 21, CR: 22, CY: 28, CZ: 24,
  DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28,
  HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20,
  LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15, PK: 24, PL: 28, PS: 29, PT: 25,
  QA: 29, RO: 24, RS: 22, SA: 24, SC: 31, SE: 24, SI: 19, SK: 24, SM: 27, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29,
  VA: 22, VG: 24, XK: 20,
};

/**
 * The BBAN's structure where the registry fixes it and members most often type it: "n" digits,
 * "a" capital letters, "c" either. A German BBAN is the 8-digit bank code and a 10-digit account.
 */
const bbanStructures: Readonly<Record<string, string>> = {
  DE: '18n', AT: '16n', CH: '5n12c', LI: '5n12c', NL: '4a10n', BE: '12n', LU: '3n13c', FR: '10n11c2n', IT: '1a10n12c',
  ES: '20n', PL: '24n', DK: '14n', CZ: '20n', SK: '20n', SE: '20n', PT: '21n', FI: '14n', NO: '11n', SI: '15n', HR: '17n',
  HU: '24n', GB: '4a14n', IE: '4a14n',
};

const patternCache = new Map<string, RegExp>();
function bbanPattern(structure: string): RegExp {
  let pattern = patternCache.get(structure);
  if (!pattern) {
    const classes: Record<string, string> = { n: '[0-9]', a: '[A-Z]', c: '[A-Z0-9]' };
    const body = [...structure.matchAll(/(\d+)([nac])/g)].map(([, count, kind]) => `${classes[kind as string]}{${count}}`).join('');
    pattern = new RegExp(`^${body}$`);
    patternCache.set(structure, pattern);
  }
  return pattern;
}

/** "de89 3704 0044 0532 0130 00" → "DE89370400440532013000": spaces (also non-breaking) dropped, letters capitalized. */
export function normalizeIban(value: string): string {
  return value.replace(/[\s\u00a0]+/g, '').toUpperCase();
}

/** ISO 7064 mod 97-10 over the rearranged IBAN (country and check digits moved to the end, letters as 10-35). */
function mod97(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const code = char.charCodeAt(0);
    const value = code >= 65 ? code - 55 : code - 48;
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder;
}

/** Checks an IBAN as typed: characters, country, length, the BBAN's structure where known, and the check digits. */
export function checkIban(value: string): IbanCheck {
  const iban = normalizeIban(value);
  if (iban === '') return { ok: false, problem: 'empty' };
  if (!/^[A-Z0-9]+$/.test(iban)) return { ok: false, problem: 'invalid-characters' };
  const country = iban.slice(0, 2);
  const expectedLength = ibanLengths[country];
  if (!/^[A-Z]{2}$/.test(country) || expectedLength === undefined) return { ok: false, problem: 'unknown-country' };
  if (iban.length !== expectedLength) return { ok: false, problem: 'wrong-length', country, expectedLength };
  if (!/^[0-9]{2}$/.test(iban.slice(2, 4))) return { ok: false, problem: 'wrong-format', country };
  const structure = bbanStructures[country];
  if (structure && !bbanPattern(structure).test(iban.slice(4))) return { ok: false, problem: 'wrong-format', country };
  if (mod97(iban) !== 1) return { ok: false, problem: 'wrong-check-digits', country };
  return { ok: true, iban };
}

export function isValidIban(value: string): boolean {
  return checkIban(value).ok;
}

/** "DE89370400440532013000" → "DE89 3704 0044 0532 0130 00", as printed on bank cards. */
export function formatIban(iban: string): string {
  return normalizeIban(iban).replace(/(.{4})(?=.)/g, '$1 ');
}

/** Enough to recognize an account, not to use it: country, check digits and the last two characters. */
export function maskIban(iban: string): string {
  const plain = normalizeIban(iban);
  return formatIban(plain.slice(0, 4) + plain.slice(4, -2).replace(/./g, '*') + plain.slice(-2));
}
