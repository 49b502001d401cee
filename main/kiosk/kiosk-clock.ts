import { addDays, berlinDateOf, berlinStartOfDay, isCalendarDate } from '../domain';

/**
 * The kiosk's clock. Tests of date rules (§2.1: an earlier year until 30.06.) run the built
 * station with BONUS_STATION_TEST_TODAY=YYYY-MM-DD: the kiosk's day is then that date in Berlin
 * (the day every kiosk rule reads), at Berlin's real time of day, and its seconds run as the real
 * ones, so timers and inactivity behave as usual. The shift is taken on Berlin's wall clock, not
 * on UTC's: between 23:00 and 01:00 UTC the two are on different days, and a UTC shift would give
 * the kiosk the day after the test day. Only the kiosk's rules use it; sync signatures and the
 * audit of other services keep the real time.
 */
export type KioskClock = (() => Date) & {
  /** How far the kiosk's clock runs ahead of the real one (the test day's shift). */
  readonly offsetMs: number;
};

export function kioskClock(env: NodeJS.ProcessEnv, realNow: () => number = Date.now): KioskClock | undefined {
  const value = env.BONUS_STATION_TEST_TODAY;
  if (!value) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !isCalendarDate(value)) throw new Error(`BONUS_STATION_TEST_TODAY must be a date YYYY-MM-DD, not "${value}"`);
  const now = realNow();
  const sinceMidnight = now - berlinStartOfDay(berlinDateOf(now));
  const start = berlinStartOfDay(value);
  // A day of 23 hours (the spring switch) ends before a late hour of a 24-hour day: the last minute of the test day then.
  const latest = berlinStartOfDay(addDays(value, 1)) - start - 60_000;
  const offset = start + Math.min(sinceMidnight, latest) - now;
  return Object.assign(() => new Date(realNow() + offset), { offsetMs: offset });
}

/**
 * The screen counts down to the end of a session with the browser's clock, which is the real
 * one: a moment of the kiosk's clock is given to it in real time.
 */
export function realTimeOf(clock: (() => Date) | KioskClock, kioskMs: number): Date {
  return new Date(kioskMs - ('offsetMs' in clock ? clock.offsetMs : 0));
}
