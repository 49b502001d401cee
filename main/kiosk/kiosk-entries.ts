import { bmiInputBounds as bmiBounds, bmiOf, ContractError, type BookletField, type InsuredPerson } from '../contract';
import type { NewDraft } from './evidence-drafts';

/** What the kiosk's add-evidence call carries (kioskAddEvidence in main/contract/kiosk.ts). */
export interface AddEvidenceInput {
  measure: number;
  performedOn: string;
  kind: NewDraft['kind'];
  photoBase64?: string;
  draftId?: string;
  declaration?: { statement: string; typedName?: string };
  measurement?: { heightCm: number; weightKg: number } | { value: number };
}

export { bmiOf } from '../contract';

/**
 * A measured value for a field whose catalog entry asks for one: the BMI from height and weight
 * (unit kg/m2) or the value itself, inside the catalog's plausible range.
 */
export function measuredValue(field: BookletField, measurement: AddEvidenceInput['measurement']): Pick<NewDraft, 'measuredValue'> | { problem: 'height_implausible' | 'weight_implausible' | 'value_out_of_range' } {
  const wanted = field.measuredValue;
  if (!wanted) throw new ContractError('not_available', 'The catalog names no measured value for this measure', ['measure']);
  if (!measurement) throw new ContractError('invalid_input', 'A measured value is needed', ['measurement']);
  let value: number;
  if ('heightCm' in measurement) {
    if (wanted.unit !== 'kg/m2') throw new ContractError('invalid_input', 'The BMI calculator gives kg/m2, the catalog asks for another unit', ['measurement']);
    const { heightCm, weightKg } = measurement;
    if (heightCm < bmiBounds.heightCm.min || heightCm > bmiBounds.heightCm.max) return { problem: 'height_implausible' };
    if (weightKg < bmiBounds.weightKg.min || weightKg > bmiBounds.weightKg.max) return { problem: 'weight_implausible' };
    value = bmiOf(heightCm, weightKg);
  } else {
    value = measurement.value;
  }
  if ((wanted.min !== undefined && value < wanted.min) || (wanted.max !== undefined && value > wanted.max)) return { problem: 'value_out_of_range' };
  return { measuredValue: { value, unit: wanted.unit } };
}

const plain = (text: string) =>
  text
    .normalize('NFC')
    .toLocaleLowerCase('de-DE')
    .replace(/[^\p{L}]+/gu, ' ')
    .trim();

/**
 * The keyboard alternative to a drawn signature: the signer types their name as on the card,
 * first name(s) and last name (title and name prefix may be typed or left out); case, spaces,
 * hyphens and dots do not matter.
 */
export function nameMatches(typed: string, person: Pick<InsuredPerson, 'title' | 'firstName' | 'namePrefix' | 'lastName'>): boolean {
  const given = plain(typed);
  const parts = (title: boolean, prefix: boolean) => plain([title ? person.title : null, person.firstName, prefix ? person.namePrefix : null, person.lastName].filter(Boolean).join(' '));
  return given.length > 0 && [parts(false, false), parts(true, false), parts(false, true), parts(true, true)].includes(given);
}
