import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultStampDate, followToday, yearOf } from './today';

afterEach(() => vi.useRealTimers());

describe("a screen's today", () => {
  it('gives the year of the business day and the default stamp date of a booklet year', () => {
    expect(yearOf('2027-07-15')).toBe(2027);
    expect(defaultStampDate('2027-07-15', 2027)).toBe('2027-07-15');
    // A booklet of another year: its last day, never a day outside the booklet's year.
    expect(defaultStampDate('2027-01-05', 2026)).toBe('2026-12-31');
    expect(defaultStampDate('2027-01-05', null)).toBe('2027-01-05');
  });

  it("follows main's day: asks at once and again every interval, keeps the last day when an ask fails, and stops", async () => {
    vi.useFakeTimers();
    // A stand-in for the transport: main's answers in turn (the real handler is in main/station/create-station.test.ts).
    const answers: (string | Error)[] = ['2027-07-15', new Error('disconnected'), '2027-07-16'];
    const getToday = vi.fn(async () => {
      const next = answers.shift()!;
      if (next instanceof Error) throw next;
      return { today: next };
    });
    const days: string[] = [];
    const stop = followToday({ call: { getToday } } as never, (d) => days.push(d), 1_000);
    await vi.advanceTimersByTimeAsync(0);
    expect(days).toEqual(['2027-07-15']);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(days).toEqual(['2027-07-15']);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(days).toEqual(['2027-07-15', '2027-07-16']);
    stop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(getToday).toHaveBeenCalledTimes(3);
  });

  it('drops an answer that arrives after the stop', async () => {
    let answer: (v: { today: string }) => void = () => undefined;
    const getToday = () => new Promise<{ today: string }>((resolve) => (answer = resolve));
    const days: string[] = [];
    const stop = followToday({ call: { getToday } } as never, (d) => days.push(d));
    stop();
    answer({ today: '2027-07-15' });
    await Promise.resolve();
    expect(days).toEqual([]);
  });
});
