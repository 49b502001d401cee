import { describe, expect, it } from 'vitest';
import { parseTypedDate } from './typed-date';

describe('a date typed at a desk keyboard', () => {
  it('reads the German way of typing it, with or without dots, and ISO', () => {
    expect(parseTypedDate('04.05.2026')).toBe('2026-05-04');
    expect(parseTypedDate('4.5.26')).toBe('2026-05-04');
    expect(parseTypedDate('04052026')).toBe('2026-05-04');
    expect(parseTypedDate('040526')).toBe('2026-05-04');
    expect(parseTypedDate('04/05/2026')).toBe('2026-05-04');
    expect(parseTypedDate(' 2026-05-04 ')).toBe('2026-05-04');
  });

  it('refuses what is no calendar date', () => {
    expect(parseTypedDate('31.02.2026')).toBeNull();
    expect(parseTypedDate('2026-13-01')).toBeNull();
    expect(parseTypedDate('Mai 2026')).toBeNull();
    expect(parseTypedDate('')).toBeNull();
  });
});
