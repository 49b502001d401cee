import { describe, expect, it } from 'vitest';
import { decodePageId, encodePageId } from './qr-payload';

describe('the page QR code payload', () => {
  it('carries booklet id, year, program and page, and nothing else', () => {
    const text = encodePageId({ bookletId: 'K7M2Q9X4TR', year: 2026, program: 'child', page: 2 });
    expect(text).toBe('BABC1|K7M2Q9X4TR|2026|C|2');
    expect(decodePageId(text)).toEqual({ bookletId: 'K7M2Q9X4TR', year: 2026, program: 'child', page: 2 });
  });

  it('refuses ids that could hold other data, and codes that are not ours', () => {
    expect(() => encodePageId({ bookletId: 'Müller', year: 2026, program: 'adult', page: 1 })).toThrow();
    expect(() => encodePageId({ bookletId: 'ABCDEF', year: 26, program: 'adult', page: 1 })).toThrow();
    expect(decodePageId('https://example.org/')).toBeUndefined();
    expect(decodePageId('BABC1|K7M2Q9X4TR|2026|X|1')).toBeUndefined();
    expect(decodePageId('BABC1|K7M2Q9X4TR|2026|A|0')).toBeUndefined();
    expect(decodePageId('BABC2|K7M2Q9X4TR|2026|A|1')).toBeUndefined();
  });
});
