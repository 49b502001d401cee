import { addDays, daysInMonth, formatCalendarDate } from '../../../../main/domain/calendar/calendar-date';

/** One step of the date entry: a day, a month or a year, earlier or later. */
export type DatePart = 'day' | 'month' | 'year';

function parts(ymd: string): [number, number, number] {
  return ymd.split('-').map(Number) as [number, number, number];
}

/**
 * The date one step on, kept within [min, max]: a day step crosses into the next month; a
 * month or year step keeps the day where the month has it (31.03. one month on is 30.04.)
 * and stops at the bound (from 20.02. with 10.03. as the last day, one month on is 10.03.).
 * Null when the value is at the bound already.
 */
export function stepDate(value: string, part: DatePart, direction: 1 | -1, min: string, max: string): string | null {
  let next: string;
  if (part === 'day') next = addDays(value, direction);
  else {
    const [y, m, d] = parts(value);
    const months = y * 12 + (m - 1) + (part === 'month' ? direction : 12 * direction);
    const year = Math.floor(months / 12);
    const month = (months % 12) + 1;
    next = formatCalendarDate(year, month, Math.min(d, daysInMonth(year, month)));
  }
  if (next > max) next = max;
  if (next < min) next = min;
  return next === value ? null : next;
}

/** Whether a step leads anywhere (its button is enabled). */
export function canStep(value: string, part: DatePart, direction: 1 | -1, min: string, max: string): boolean {
  return stepDate(value, part, direction, min, max) !== null;
}

/** The date to start from when the member has not set one: the latest allowed day (today, mostly). */
export function startDate(min: string, max: string, today: string): string {
  return today < min ? min : today > max ? max : today;
}
