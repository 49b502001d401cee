import { addDays, isCalendarDate, type CalendarDate } from './calendar-date';
import { berlinDateOf, berlinStartOfDay } from './berlin-time';

/**
 * A clock pinned to a test day, for end-to-end tests of date rules that must pass on every day
 * of the year (the station's BONUS_STATION_TEST_TODAY, the service's SERVICE_TEST_TODAY): its
 * day is `day` in Berlin (the day every rule reads), at Berlin's real time of day, and its
 * seconds run as the real ones, so timers and time-outs behave as usual. The shift is taken on
 * Berlin's wall clock, not on UTC's: between 23:00 and 01:00 UTC the two are on different days,
 * and a UTC shift would give the day after the test day. Only date rules may read it; what is
 * security (signatures, nonces, replay windows, tokens, audit) keeps the real clock.
 */
export type TestDayClock = (() => Date) & {
  /** How far the clock runs ahead of the real one (the test day's shift). */
  readonly offsetMs: number;
};

/** The clock on `day` (YYYY-MM-DD); `setting` names where it came from, for the error on a malformed value. */
export function testDayClock(setting: string, day: string, realNow: () => number = Date.now): TestDayClock {
  if (!isCalendarDate(day)) throw new Error(`${setting} must be a date YYYY-MM-DD, not "${day}"`);
  const now = realNow();
  const sinceMidnight = now - berlinStartOfDay(berlinDateOf(now));
  const start = berlinStartOfDay(day as CalendarDate);
  // A day of 23 hours (the spring switch) ends before a late hour of a 24-hour day: the last minute of the test day then.
  const latest = berlinStartOfDay(addDays(day, 1)) - start - 60_000;
  const offset = start + Math.min(sinceMidnight, latest) - now;
  return Object.assign(() => new Date(realNow() + offset), { offsetMs: offset });
}
