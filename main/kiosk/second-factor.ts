import type { InsuredPerson, SecondFactor } from '../contract';

/**
 * The second factor a member knows: the postal code of the address on record (as the online
 * branch's registration asks) or the birth date. Answers are compared after normalising what
 * people type: spaces, dots and dashes; "12.03.1967", "12031967" and "1967-03-12" are one date.
 */
export function normalizeAnswer(factor: SecondFactor, answer: string): string | null {
  const trimmed = answer.trim();
  if (factor === 'postalCode') {
    const compact = trimmed.replace(/[\s-]/g, '').toUpperCase();
    return /^[0-9A-Z]{3,10}$/.test(compact) ? compact : null;
  }
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(trimmed);
  if (german) return `${german[3]}-${german[2]!.padStart(2, '0')}-${german[1]!.padStart(2, '0')}`;
  const digits = /^(\d{2})(\d{2})(\d{4})$/.exec(trimmed);
  if (digits) return `${digits[3]}-${digits[2]}-${digits[1]}`;
  return /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? trimmed : null;
}

/** The factor to ask for this card: a card without a postal address is asked for the birth date. */
export function factorFor(configured: SecondFactor, person: InsuredPerson): SecondFactor {
  return configured === 'postalCode' && !person.address?.postalCode ? 'birthDate' : configured;
}

export function answerMatches(factor: SecondFactor, answer: string, person: InsuredPerson): boolean {
  const given = normalizeAnswer(factor, answer);
  if (given === null) return false;
  const expected = factor === 'postalCode' ? normalizeAnswer('postalCode', person.address?.postalCode ?? '') : person.birthDate;
  return expected !== null && given === expected;
}

/** "Dr. Friederike Freifrau von Weißenfels": the name as a letter would address the member. */
export function displayName(person: InsuredPerson): string {
  return [person.title, person.firstName, person.nameSuffix, person.namePrefix, person.lastName].filter(Boolean).join(' ');
}
