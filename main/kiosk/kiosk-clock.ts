import type { TestDayClock } from '../domain';

/**
 * The kiosk's clock: the station's (main/station/station-clock.ts, a test day under
 * BONUS_STATION_TEST_TODAY), or the real one. Only the kiosk's rules use it; sync signatures and
 * the audit of other services keep the real time.
 */
export type KioskClock = TestDayClock;

/**
 * The screen counts down to the end of a session with the browser's clock, which is the real
 * one: a moment of the kiosk's clock is given to it in real time.
 */
export function realTimeOf(clock: (() => Date) | KioskClock, kioskMs: number): Date {
  return new Date(kioskMs - ('offsetMs' in clock ? clock.offsetMs : 0));
}
