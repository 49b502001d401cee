import { type CalendarDate, dayNumber, daysInMonth, formatCalendarDate, fromDayNumber } from './calendar-date';

/**
 * Europe/Berlin wall-clock arithmetic without time zone data: CET (UTC+1), and CEST (UTC+2)
 * from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October
 * (EU rule since 1996). Deadlines must not depend on the station's zone or on ICU data.
 */

const msPerDay = 86_400_000;
const msPerHour = 3_600_000;

function lastSundayOf(year: number, month: number): CalendarDate {
  const last = formatCalendarDate(year, month, daysInMonth(year, month));
  const n = dayNumber(last);
  // 1970-01-01 was a Thursday: (n + 4) % 7 is 0 on Sundays.
  const weekday = (((n + 4) % 7) + 7) % 7;
  return fromDayNumber(n - weekday);
}

function utcMsOf(date: CalendarDate, hour: number): number {
  return dayNumber(date) * msPerDay + hour * msPerHour;
}

/** The offset of Berlin's wall clock from UTC at an instant, in hours (1 or 2). */
export function berlinOffsetHours(instantMs: number): 1 | 2 {
  const year = new Date(instantMs).getUTCFullYear();
  const summerStart = utcMsOf(lastSundayOf(year, 3), 1);
  const summerEnd = utcMsOf(lastSundayOf(year, 10), 1);
  return instantMs >= summerStart && instantMs < summerEnd ? 2 : 1;
}

/** The Berlin calendar date of an instant. */
export function berlinDateOf(instantMs: number): CalendarDate {
  const local = instantMs + berlinOffsetHours(instantMs) * msPerHour;
  return fromDayNumber(Math.floor(local / msPerDay));
}

/**
 * The instant at which a Berlin calendar day begins (00:00 local). Midnight is never inside a
 * DST switch in Berlin (switches happen at 02:00/03:00 local), so the offset is unambiguous.
 */
export function berlinStartOfDay(date: CalendarDate): number {
  const guess = dayNumber(date) * msPerDay - msPerHour;
  return dayNumber(date) * msPerDay - berlinOffsetHours(guess) * msPerHour;
}

const instantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Milliseconds of an ISO 8601 instant with an explicit offset ("2027-06-30T23:59:00+02:00"),
 * or null. An instant without offset is refused: it would mean the reader's local time.
 */
export function parseInstant(text: string): number | null {
  if (!instantPattern.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}
