import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { berlinDateOf, berlinOffsetHours, berlinStartOfDay, parseInstant } from './berlin-time';

/** The same date as Intl computes it with the ICU time zone data, for a cross-check. */
const intlBerlin = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });

describe('Europe/Berlin without time zone data', () => {
  it('summer time starts and ends at 01:00 UTC on the last Sundays of March and October', () => {
    expect(berlinOffsetHours(Date.parse('2026-03-29T00:59:59Z'))).toBe(1);
    expect(berlinOffsetHours(Date.parse('2026-03-29T01:00:00Z'))).toBe(2);
    expect(berlinOffsetHours(Date.parse('2026-10-25T00:59:59Z'))).toBe(2);
    expect(berlinOffsetHours(Date.parse('2026-10-25T01:00:00Z'))).toBe(1);
  });

  it('agrees with Intl for any instant between 2000 and 2100', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2100-01-01T00:00:00Z') }), (ms) => {
        expect(berlinDateOf(ms)).toBe(intlBerlin.format(ms));
      }),
      { numRuns: 2000 },
    );
  });

  it('a Berlin day starts at 22:00 UTC in summer and 23:00 UTC in winter', () => {
    expect(new Date(berlinStartOfDay('2027-07-01')).toISOString()).toBe('2027-06-30T22:00:00.000Z');
    expect(new Date(berlinStartOfDay('2027-01-01')).toISOString()).toBe('2026-12-31T23:00:00.000Z');
    expect(new Date(berlinStartOfDay('2026-03-30')).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(new Date(berlinStartOfDay('2026-10-26')).toISOString()).toBe('2026-10-25T23:00:00.000Z');
  });

  it('instants need an explicit offset', () => {
    expect(parseInstant('2027-06-30T23:59:00+02:00')).toBe(Date.parse('2027-06-30T21:59:00Z'));
    expect(parseInstant('2027-06-30T23:59:00Z')).not.toBeNull();
    expect(parseInstant('2027-06-30T23:59:00')).toBeNull();
    expect(parseInstant('2027-06-30')).toBeNull();
  });
});
