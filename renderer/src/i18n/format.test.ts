import { describe, expect, it } from 'vitest';
import { formatsFor, localeOf } from './format';

describe('dates and money in the language on screen, never the browser locale', () => {
  it('writes German dates as TT.MM.JJJJ and English ones day first', () => {
    expect(formatsFor('de').date('2026-01-15')).toBe('15.01.2026');
    expect(formatsFor('en').date('2026-01-15')).toBe('15/01/2026');
    expect(localeOf('en-US')).toBe('en-GB');
  });

  it('gives an instant its day and time in Berlin, whatever the machine zone', () => {
    // 23:30 UTC on 31.12. is already the next year in Berlin.
    expect(formatsFor('de').instantDate('2026-12-31T23:30:00Z')).toBe('01.01.2027');
    expect(formatsFor('de').time('2026-07-01T08:05:00Z')).toBe('10:05');
    expect(formatsFor('en').dateTime('2026-07-01T08:05:00Z')).toBe('01/07/2026, 10:05');
  });

  it('writes euros and decimal numbers as each language does', () => {
    expect(formatsFor('de').euros(12000)).toBe('120,00\u00a0€');
    expect(formatsFor('en').euros(12000)).toBe('€120.00');
    expect(formatsFor('de').number(23.45, 1)).toBe('23,5');
    expect(formatsFor('de').monthName(3)).toBe('März');
  });
});
