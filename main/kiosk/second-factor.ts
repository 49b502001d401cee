import type { InsuredPerson, SecondFactor } from '../contract';
import { normalizeAnswer } from '../domain';

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
