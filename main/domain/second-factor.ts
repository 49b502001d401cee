/**
 * The second factor a member knows: the postal code of the address on record (as the online
 * branch's registration asks) or the birth date. Answers are compared after normalising what
 * people type: spaces, dots and dashes; "12.03.1967", "12031967" and "1967-03-12" are one date.
 * Pure: the kiosk (offline, against the card) and the service (against the insurer's record)
 * normalize alike.
 */
export function normalizeAnswer(factor: 'postalCode' | 'birthDate', answer: string): string | null {
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
