import { describe, expect, it } from 'vitest';
import { berlinDateOf } from '../domain';
import { stationClock } from './station-clock';

describe('the station clock (BONUS_STATION_TEST_TODAY)', () => {
  it('is the real clock unless a test day is set', () => {
    expect(stationClock({})).toBeUndefined();
  });

  it('runs on the test day with the real time of day', async () => {
    const clock = stationClock({ BONUS_STATION_TEST_TODAY: '2027-03-15' })!;
    const first = clock();
    expect(berlinDateOf(first.getTime())).toBe('2027-03-15');
    await new Promise((r) => setTimeout(r, 20));
    expect(clock().getTime()).toBeGreaterThan(first.getTime());
  });

  it('is on the test day in Berlin at every hour, also when UTC is on another day than Berlin', () => {
    const at = (real: string, day: string) => {
      const realMs = Date.parse(real);
      const clock = stationClock({ BONUS_STATION_TEST_TODAY: day }, () => realMs)!;
      return clock().getTime();
    };
    // 23:05 UTC is 00:05 the next day in Berlin: the station is at 00:05 on the test day, not a day later.
    expect(new Date(at('2026-12-04T23:05:00Z', '2026-12-03')).toISOString()).toBe('2026-12-02T23:05:00.000Z');
    expect(berlinDateOf(at('2026-12-04T23:05:00Z', '2026-12-03'))).toBe('2026-12-03');
    // Summer to winter: 22:30 UTC is 00:30 in Berlin in July, 00:30 in winter is 23:30 UTC the day before.
    expect(new Date(at('2027-07-01T22:30:00Z', '2027-12-10')).toISOString()).toBe('2027-12-09T23:30:00.000Z');
    // Noon stays noon.
    expect(new Date(at('2026-12-05T11:00:00Z', '2027-06-30')).toISOString()).toBe('2027-06-30T10:00:00.000Z');
    // The day of the spring switch has 23 hours: a late hour of a 24-hour day becomes its last minute.
    expect(new Date(at('2026-12-05T22:59:30Z', '2027-03-28')).toISOString()).toBe('2027-03-28T21:59:00.000Z');
    for (let hour = 0; hour < 24; hour++) {
      const real = `2026-12-05T${String(hour).padStart(2, '0')}:17:00Z`;
      for (const day of ['2026-12-04', '2027-03-28', '2027-06-30', '2027-10-31', '2028-01-01']) expect(berlinDateOf(at(real, day))).toBe(day);
    }
  });

  it('reads only the environment it is given, so only whoever starts main can set a test day', () => {
    // The guard is where it is read: main's environment, never a config file or a contract call.
    expect(stationClock({ BONUS_STATION_TEST_TODAY: '' })).toBeUndefined();
    expect(stationClock({ SERVICE_TEST_TODAY: '2027-03-15' })).toBeUndefined();
  });

  it('refuses a value that is no date', () => {
    expect(() => stationClock({ BONUS_STATION_TEST_TODAY: 'tomorrow' })).toThrow(/YYYY-MM-DD/);
    expect(() => stationClock({ BONUS_STATION_TEST_TODAY: '2027-02-30x' })).toThrow(/YYYY-MM-DD/);
  });
});
