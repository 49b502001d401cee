import { isCalendarDate } from './calendar-date';

/**
 * A date typed at a keyboard (clerk and field desks, the back office), read the way people type
 * it in the station's languages:
 * "04.05.2026", "4.5.26", "04052026" (German and British order: day first), "04/05/2026", or
 * "2026-05-04". Two-digit years are 20xx. Null when it is not a real calendar date.
 */
export function parseTypedDate(text: string): string | null {
  const t = text.trim();
  let d: string, m: string, y: string;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  const dotted = /^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})$/.exec(t);
  const digits = /^(\d{2})(\d{2})(\d{2}|\d{4})$/.exec(t);
  if (iso) [, y, m, d] = iso as unknown as [string, string, string, string];
  else if (dotted) [, d, m, y] = dotted as unknown as [string, string, string, string];
  else if (digits) [, d, m, y] = digits as unknown as [string, string, string, string];
  else return null;
  const year = y.length === 2 ? `20${y}` : y;
  const ymd = `${year}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  return isCalendarDate(ymd) ? ymd : null;
}
