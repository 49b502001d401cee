/**
 * Calendar dates as 'YYYY-MM-DD' strings. The rules speak of days, never of instants, so a
 * date never passes through `Date` in the machine's time zone: comparison is string order.
 */
export type CalendarDate = string;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

/** Digit value of a character code, or -1. */
function digit(text: string, index: number): number {
  const c = text.charCodeAt(index) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/**
 * The parts of a valid date, or null for anything else (including 2026-02-30). Parsed by
 * character codes: this runs for every record of every participant, a regex was the hot spot.
 */
export function parseCalendarDate(text: string): DateParts | null {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return null;
  const y0 = digit(text, 0);
  const y1 = digit(text, 1);
  const y2 = digit(text, 2);
  const y3 = digit(text, 3);
  const m0 = digit(text, 5);
  const m1 = digit(text, 6);
  const d0 = digit(text, 8);
  const d1 = digit(text, 9);
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0) return null;
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = m0 * 10 + m1;
  const day = d0 * 10 + d1;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

export function isCalendarDate(text: string): boolean {
  return parseCalendarDate(text) !== null;
}

function partsOf(date: CalendarDate): DateParts {
  const parts = parseCalendarDate(date);
  if (!parts) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${date}`);
  return parts;
}

export function formatCalendarDate(year: number, month: number, day: number): CalendarDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function yearOf(date: CalendarDate): number {
  return Number(date.slice(0, 4));
}

/** 1 for January-June, 2 for July-December ("Kalenderhalbjahr"). */
export function halfYearOf(date: CalendarDate): 1 | 2 {
  return Number(date.slice(5, 7)) <= 6 ? 1 : 2;
}

export function startOfYear(year: number): CalendarDate {
  return formatCalendarDate(year, 1, 1);
}

export function endOfYear(year: number): CalendarDate {
  return formatCalendarDate(year, 12, 31);
}

export function minDate(a: CalendarDate, b: CalendarDate): CalendarDate {
  return a <= b ? a : b;
}

export function maxDate(a: CalendarDate, b: CalendarDate): CalendarDate {
  return a >= b ? a : b;
}

/** Day count since 1970-01-01 (proleptic Gregorian), for day arithmetic without `Date`. */
export function dayNumber(date: CalendarDate): number {
  const { year, month, day } = partsOf(date);
  // Howard Hinnant's days_from_civil.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function fromDayNumber(days: number): CalendarDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return formatCalendarDate(year, month, day);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromDayNumber(dayNumber(date) + days);
}

/**
 * The day on which a person born on `birthDate` completes `years` years of life: a birthday
 * is reached at the start of that day. For a 29 February birthday in a common year that day
 * is 1 March: under §187(2), §188(3) BGB the year of life ends with 28 February.
 */
export function birthdayOfAge(birthDate: CalendarDate, years: number): CalendarDate {
  const { year, month, day } = partsOf(birthDate);
  const target = year + years;
  if (month === 2 && day === 29 && !isLeapYear(target)) return formatCalendarDate(target, 3, 1);
  return formatCalendarDate(target, month, day);
}

/** Completed years of life on `date` (0 before the first birthday). */
export function ageOn(birthDate: CalendarDate, date: CalendarDate): number {
  const birth = partsOf(birthDate);
  const on = partsOf(date);
  let month = birth.month;
  let day = birth.day;
  // Same rule as birthdayOfAge: a 29 February birthday falls on 1 March in a common year.
  if (month === 2 && day === 29 && !isLeapYear(on.year)) {
    month = 3;
    day = 1;
  }
  const reached = on.month > month || (on.month === month && on.day >= day);
  return Math.max(0, on.year - birth.year - (reached ? 0 : 1));
}

/**
 * A date as the language writes it in a sentence: German 30.06.2027, English (British, day
 * first) 30/06/2027. Not ISO, which members do not read as a date. Empty for none.
 */
export function writtenDate(date: CalendarDate | undefined, lang: 'de' | 'en'): string {
  if (!date) return '';
  const [y, m, d] = [date.slice(0, 4), date.slice(5, 7), date.slice(8, 10)];
  return lang === 'de' ? `${d}.${m}.${y}` : `${d}/${m}/${y}`;
}
