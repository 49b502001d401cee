import { describe, expect, it } from 'vitest';
import { maskIban } from '../routes/members';
import { canonicalJson } from './canonical-json';
import { openApiPath } from './openapi';

describe('service helpers', () => {
  it('canonical JSON ignores key order, so a retried submission has the same digest', () => {
    expect(canonicalJson({ b: 1, a: [{ y: 2, x: 1 }], c: undefined })).toBe(canonicalJson({ a: [{ x: 1, y: 2 }], b: 1 }));
  });
  it('masks an IBAN down to country, check digits and the last two digits', () => {
    expect(maskIban('DE89370400440532013000')).toBe('DE89 **** **** **** **** 00');
  });
  it("writes Fastify's path parameters the OpenAPI way", () => {
    expect(openApiPath('/v1/blobs/:sha256/chunks/:index')).toBe('/v1/blobs/{sha256}/chunks/{index}');
  });
});
