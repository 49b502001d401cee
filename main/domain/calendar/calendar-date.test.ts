import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, ageOn, birthdayOfAge, dayNumber, fromDayNumber, halfYearOf, isCalendarDate } from './calendar-date';

describe('calendar dates', () => {
  it.each([
    ['2026-02-28', true],
    ['2026-02-29', false],
    ['2028-02-29', true],
    ['1900-02-29', false],
    ['2000-02-29', true],
    ['2026-13-01', false],
    ['2026-04-31', false],
    ['26-04-01', false],
    ['2026-4-1', false],
  ])('%s is a calendar date: %s', (text, valid) => {
    expect(isCalendarDate(text)).toBe(valid);
  });

  it('day numbers round-trip over four centuries', () => {
    fc.assert(
      fc.property(fc.integer({ min: -50_000, max: 100_000 }), (n) => {
        expect(dayNumber(fromDayNumber(n))).toBe(n);
      }),
    );
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });

  it('a half-year ends on 30.06', () => {
    expect(halfYearOf('2026-06-30')).toBe(1);
    expect(halfYearOf('2026-07-01')).toBe(2);
  });
});

describe('age in completed years of life (a birthday is reached at the start of that day)', () => {
  it.each([
    ['born 31.12: still 14 on 30.12', '2011-12-31', '2026-12-30', 14],
    ['born 31.12: 15 on the birthday 31.12', '2011-12-31', '2026-12-31', 15],
    ['born 01.01: 15 on 01.01', '2011-01-01', '2026-01-01', 15],
    ['born 01.01: 14 on the day before, 31.12', '2011-01-01', '2025-12-31', 14],
    ['born 29.02: 28.02 of a common year is still the old age', '2008-02-29', '2023-02-28', 14],
    ['born 29.02: the new age starts 01.03 in a common year (§188(3) BGB)', '2008-02-29', '2023-03-01', 15],
    ['born 29.02: in a leap year the new age starts on 29.02', '2008-02-29', '2024-02-29', 16],
    ['before birth the age is 0', '2026-05-01', '2026-04-01', 0],
  ])('%s', (_name, birth, on, age) => {
    expect(ageOn(birth, on)).toBe(age);
  });

  it('the day of a birthday is the first day of the new age', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayNumber('1920-01-01'), max: dayNumber('2025-12-31') }), fc.integer({ min: 1, max: 90 }), (n, years) => {
        const birth = fromDayNumber(n);
        const day = birthdayOfAge(birth, years);
        expect(ageOn(birth, day)).toBe(years);
        expect(ageOn(birth, addDays(day, -1))).toBe(years - 1);
      }),
    );
  });
});
