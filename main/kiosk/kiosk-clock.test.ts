import { describe, expect, it } from 'vitest';
import { kioskClock, realTimeOf } from './kiosk-clock';

describe('the kiosk clock', () => {
  it('is the real clock unless a test day is set', () => {
    expect(kioskClock({})).toBeUndefined();
  });

  it('runs on the test day with the real time of day', async () => {
    const clock = kioskClock({ BONUS_STATION_TEST_TODAY: '2027-03-15' })!;
    const first = clock();
    expect(first.toISOString().slice(0, 10)).toBe('2027-03-15');
    expect(Math.abs(first.getTime() - Date.parse(`2027-03-15T${new Date().toISOString().slice(11)}`))).toBeLessThan(1_000);
    await new Promise((r) => setTimeout(r, 20));
    expect(clock().getTime()).toBeGreaterThan(first.getTime());
  });

  it('gives the screen its moments in real time, since the browser counts down with the real clock', () => {
    const clock = kioskClock({ BONUS_STATION_TEST_TODAY: '2027-03-15' })!;
    const inKioskTime = clock().getTime() + 90_000;
    expect(Math.abs(realTimeOf(clock, inKioskTime).getTime() - (Date.now() + 90_000))).toBeLessThan(1_000);
    const handClock = () => new Date('2026-11-22T09:00:00Z');
    expect(realTimeOf(handClock, Date.parse('2026-11-22T09:01:30Z')).toISOString()).toBe('2026-11-22T09:01:30.000Z');
  });

  it('refuses a value that is no date', () => {
    expect(() => kioskClock({ BONUS_STATION_TEST_TODAY: 'tomorrow' })).toThrow(/YYYY-MM-DD/);
    expect(() => kioskClock({ BONUS_STATION_TEST_TODAY: '2027-02-30x' })).toThrow(/YYYY-MM-DD/);
  });
});
