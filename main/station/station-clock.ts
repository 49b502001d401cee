import { testDayClock, type TestDayClock } from '../domain';

/**
 * The station's business day, the one its date rules read (a stamp not in the future, the
 * booklet years offered, the kiosk's earlier year until 30.06.). Tests of those rules run the
 * built station with BONUS_STATION_TEST_TODAY=YYYY-MM-DD: the day is then that date in Berlin,
 * at Berlin's real time of day (main/domain/calendar/test-day-clock.ts; the reference service's
 * SERVICE_TEST_TODAY pins its date rules the same way). It is read from the environment of the
 * main process only, the one the station's operator starts it with: never from the config file,
 * a contract call or the screen, so nobody at a kiosk or clerk desk can move a station's day.
 * Undefined: the real clock.
 */
export function stationClock(env: NodeJS.ProcessEnv, realNow: () => number = Date.now): TestDayClock | undefined {
  const value = env.BONUS_STATION_TEST_TODAY;
  return value ? testDayClock('BONUS_STATION_TEST_TODAY', value, realNow) : undefined;
}
