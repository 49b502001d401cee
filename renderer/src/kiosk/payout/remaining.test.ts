import { describe, expect, it } from 'vitest';
import { remainingText, spokenRemaining } from './remaining';

describe('a countdown as read and as heard', () => {
  it('reads minutes and seconds, hours beyond an hour', () => {
    expect(remainingText(119_400)).toBe('2:00');
    expect(remainingText(72 * 3600_000 - 30_000)).toBe('71:59:30');
    expect(remainingText(-5)).toBe('0:00');
  });

  it('is silent while there is plenty of time and at the end', () => {
    expect(spokenRemaining(72 * 3600_000)).toBeUndefined();
    expect(spokenRemaining(181_000)).toBeUndefined();
    expect(spokenRemaining(0)).toBeUndefined();
  });

  it('speaks the whole minutes of the last three, then the last half minute, and changes only at those steps', () => {
    expect(spokenRemaining(180_000)).toEqual({ unit: 'minutes', count: 3 });
    expect(spokenRemaining(120_500)).toEqual({ unit: 'minutes', count: 3 });
    expect(spokenRemaining(120_000)).toEqual({ unit: 'minutes', count: 2 });
    expect(spokenRemaining(61_000)).toEqual({ unit: 'minutes', count: 2 });
    expect(spokenRemaining(60_000)).toEqual({ unit: 'minutes', count: 1 });
    expect(spokenRemaining(31_000)).toEqual({ unit: 'minutes', count: 1 });
    expect(spokenRemaining(30_000)).toEqual({ unit: 'seconds', count: 30 });
    expect(spokenRemaining(1_000)).toEqual({ unit: 'seconds', count: 30 });
    const heard = new Set<string>();
    for (let ms = 180_000; ms > 0; ms -= 1000) heard.add(JSON.stringify(spokenRemaining(ms)));
    expect(heard.size).toBe(4);
  });
});
