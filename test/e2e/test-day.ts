import { berlinDateOf, testDayClock } from '../../main/domain';

/**
 * The business day of the specs that date a member's entries (a measure on 15.01., a dental
 * check on 10.02.): they would fail from 1 January to 10 February on the real day, when those
 * dates are still ahead and the kiosk refuses them. The station (BONUS_STATION_TEST_TODAY) and
 * the reference service (SERVICE_TEST_TODAY, its date rules only) run on `testToday` instead:
 * 15 July of the real year, after every entry date these specs use and after the 30.06. deadline,
 * so no earlier year's booklet is offered beside this one. Signatures, nonces and audit times
 * keep the real clock in both.
 */

/** The real year in Berlin (not UTC's: from 23:00 UTC on 31.12. Berlin is in the next year, as are the back office's payment dates). */
export const year = Number(berlinDateOf(Date.now()).slice(0, 4));
export const testToday = `${year}-07-15`;
/** The station's environment for the test day (startStation's second argument). */
export const stationOnTestDay = { BONUS_STATION_TEST_TODAY: testToday };
/** The service's environment for the test day (startCentralService's `env`). */
export const serviceOnTestDay = { SERVICE_TEST_TODAY: testToday };
/** This moment on the test day, as a station on it dates what it sends (a submission's createdAt). */
export const nowOnTestDay = testDayClock('testToday', testToday);
