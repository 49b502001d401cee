import { describe, expect, it } from 'vitest';
import { canStep, startDate, stepDate } from './date-steps';

describe('the date entry steppers', () => {
  const min = '2026-01-01';
  const max = '2026-03-10';

  it('steps a day across the end of a month, and a month keeping the day where it can', () => {
    expect(stepDate('2026-01-31', 'day', 1, min, max)).toBe('2026-02-01');
    expect(stepDate('2026-01-31', 'month', 1, min, max)).toBe('2026-02-28');
    expect(stepDate('2026-03-01', 'day', -1, min, max)).toBe('2026-02-28');
  });

  it('stops at the last allowed day instead of refusing the step', () => {
    expect(stepDate('2026-02-20', 'month', 1, min, max)).toBe('2026-03-10');
    expect(stepDate('2026-03-10', 'day', 1, min, max)).toBeNull();
    expect(canStep('2026-03-10', 'month', 1, min, max)).toBe(false);
    expect(stepDate('2026-01-05', 'month', -1, min, max)).toBe('2026-01-01');
    expect(stepDate('2026-02-05', 'year', 1, min, max)).toBe('2026-03-10');
    expect(canStep('2026-02-05', 'year', -1, min, max)).toBe(true);
    expect(stepDate('2026-01-01', 'year', -1, min, max)).toBeNull();
  });

  it('knows leap years and starts from today within the range', () => {
    expect(stepDate('2028-02-28', 'day', 1, '2028-01-01', '2028-12-31')).toBe('2028-02-29');
    expect(stepDate('2028-02-29', 'year', 1, '2028-01-01', '2029-12-31')).toBe('2029-02-28');
    expect(startDate(min, max, '2026-12-05')).toBe(max);
    expect(startDate(min, max, '2026-02-01')).toBe('2026-02-01');
  });
});
