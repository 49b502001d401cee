import { describe, expect, it } from 'vitest';
import { kioskClock } from './kiosk-clock';

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

  it('refuses a value that is no date', () => {
    expect(() => kioskClock({ BONUS_STATION_TEST_TODAY: 'tomorrow' })).toThrow(/YYYY-MM-DD/);
    expect(() => kioskClock({ BONUS_STATION_TEST_TODAY: '2027-02-30x' })).toThrow(/YYYY-MM-DD/);
  });
});
