import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('retry backoff', () => {
  it('grows exponentially up to the maximum, with full jitter below the ceiling', () => {
    const options = { baseMs: 100, maxMs: 10_000 };
    expect(backoffDelay(0, options, () => 0.999)).toBe(99);
    expect(backoffDelay(3, options, () => 0.999)).toBe(799);
    expect(backoffDelay(20, options, () => 0.999)).toBe(9990);
    expect(backoffDelay(3, options, () => 0)).toBe(0);
  });
});
