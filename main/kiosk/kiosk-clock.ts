import type { TestDayClock } from '../domain';

/**
 * The kiosk's rules read the station's clock (main/station/station-clock.ts: a test day under
 * BONUS_STATION_TEST_TODAY, or the real one); sync signatures and the audit of other services
 * keep the real time. The screen counts down to the end of a session with the browser's clock,
 * which is the real one: a moment of the kiosk's clock is given to it in real time.
 */
export function realTimeOf(clock: (() => Date) | TestDayClock, kioskMs: number): Date {
  return new Date(kioskMs - ('offsetMs' in clock ? clock.offsetMs : 0));
}
