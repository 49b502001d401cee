import { describe, expect, it } from 'vitest';
import { normalizeAnswer } from '../domain';

describe('second-factor answers', () => {
  it('reads postal codes with spaces and foreign letters', () => {
    expect(normalizeAnswer('postalCode', ' 70 173 ')).toBe('70173');
    expect(normalizeAnswer('postalCode', '1012 ab')).toBe('1012AB');
    expect(normalizeAnswer('postalCode', '12')).toBeNull();
  });

  it('reads birth dates the way people type them', () => {
    expect(normalizeAnswer('birthDate', '12.3.1967')).toBe('1967-03-12');
    expect(normalizeAnswer('birthDate', '12031967')).toBe('1967-03-12');
    expect(normalizeAnswer('birthDate', '1967-03-12')).toBe('1967-03-12');
    expect(normalizeAnswer('birthDate', '12/03/1967')).toBeNull();
  });
});
