/**
 * The KVNR (Krankenversichertennummer, "Versicherten_ID" on the eGK): the unchangeable part of
 * the insurance number, `[A-Z][0-9]{9}`. The 10th character is a check digit. Pure: used by the
 * card layer in main, the renderer and the clerk screens alike.
 */

export type KvnrProblem = 'format' | 'check-digit';
export type KvnrCheck = { ok: true } | { ok: false; problem: KvnrProblem };

const kvnrPattern = /^[A-Z][0-9]{9}$/;

/**
 * The check digit for the first nine characters (letter + 8 serial digits): the letter becomes
 * its two-digit alphabet position (A=01 … Z=26), followed by the 8 digits; the 10 digits are
 * weighted 1,2,1,2,… from the left, each product replaced by its digit sum, summed, mod 10.
 * Returns null when the input is not a letter followed by 8 digits.
 */
export function kvnrCheckDigit(firstNine: string): number | null {
  if (!/^[A-Z][0-9]{8}$/.test(firstNine)) return null;
  const position = firstNine.charCodeAt(0) - 64;
  const digits = [Math.floor(position / 10), position % 10, ...Array.from(firstNine.slice(1), Number)];
  let sum = 0;
  digits.forEach((digit, index) => {
    const product = digit * (index % 2 === 0 ? 1 : 2);
    sum += product > 9 ? product - 9 : product;
  });
  return sum % 10;
}

/**
 * Checks a KVNR's format and its check digit: that is the whole definition (§290 SGB V). A rule
 * against runs of identical digits is not part of it, and applying one would refuse real members.
 */
export function checkKvnr(value: string): KvnrCheck {
  if (!kvnrPattern.test(value)) return { ok: false, problem: 'format' };
  if (kvnrCheckDigit(value.slice(0, 9)) !== Number(value[9])) return { ok: false, problem: 'check-digit' };
  return { ok: true };
}

export function isValidKvnr(value: string): boolean {
  return checkKvnr(value).ok;
}
