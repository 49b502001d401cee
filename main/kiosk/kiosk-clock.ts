import { testDayClock, type TestDayClock } from '../domain';

/**
 * The kiosk's clock. Tests of date rules (§2.1: an earlier year until 30.06.) run the built
 * station with BONUS_STATION_TEST_TODAY=YYYY-MM-DD: the kiosk's day is then that date in Berlin,
 * at Berlin's real time of day (main/domain/calendar/test-day-clock.ts; the reference service's
 * SERVICE_TEST_TODAY pins its date rules to a day the same way). Only the kiosk's rules use it;
 * sync signatures and the audit of other services keep the real time.
 */
export type KioskClock = TestDayClock;

export function kioskClock(env: NodeJS.ProcessEnv, realNow: () => number = Date.now): KioskClock | undefined {
  const value = env.BONUS_STATION_TEST_TODAY;
  return value ? testDayClock('BONUS_STATION_TEST_TODAY', value, realNow) : undefined;
}

/**
 * The screen counts down to the end of a session with the browser's clock, which is the real
 * one: a moment of the kiosk's clock is given to it in real time.
 */
export function realTimeOf(clock: (() => Date) | KioskClock, kioskMs: number): Date {
  return new Date(kioskMs - ('offsetMs' in clock ? clock.offsetMs : 0));
}
