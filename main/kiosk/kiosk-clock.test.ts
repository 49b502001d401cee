import { describe, expect, it } from 'vitest';
import { testDayClock } from '../domain';
import { realTimeOf } from './kiosk-clock';

describe('the kiosk clock', () => {
  it('gives the screen its moments in real time, since the browser counts down with the real clock', () => {
    const clock = testDayClock('BONUS_STATION_TEST_TODAY', '2027-03-15');
    const inKioskTime = clock().getTime() + 90_000;
    expect(Math.abs(realTimeOf(clock, inKioskTime).getTime() - (Date.now() + 90_000))).toBeLessThan(1_000);
    const handClock = () => new Date('2026-11-22T09:00:00Z');
    expect(realTimeOf(handClock, Date.parse('2026-11-22T09:01:30Z')).toISOString()).toBe('2026-11-22T09:01:30.000Z');
  });
});
