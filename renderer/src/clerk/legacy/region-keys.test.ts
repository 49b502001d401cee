import { describe, expect, it } from 'vitest';
import { clampRect, moveByKey, spanned } from './region-keys';

describe('moving and sizing a legacy region with the keyboard', () => {
  const r = { x: 0.2, y: 0.3, width: 0.4, height: 0.1 };

  it('moves by one percent per arrow key and resizes with Shift', () => {
    const right = moveByKey(r, 'ArrowRight', false)!;
    expect([right.x, right.y, right.width]).toEqual([expect.closeTo(0.21), 0.3, 0.4]);
    expect(moveByKey(r, 'ArrowUp', false)?.y).toBeCloseTo(0.29);
    expect(moveByKey(r, 'ArrowDown', true)?.height).toBeCloseTo(0.11);
    expect(moveByKey(r, 'ArrowLeft', true)?.width).toBeCloseTo(0.39);
    expect(moveByKey(r, 'Enter', false)).toBeNull();
  });

  it('never leaves the page and never shrinks below one percent', () => {
    expect(moveByKey({ x: 0.6, y: 0, width: 0.4, height: 0.1 }, 'ArrowRight', false)).toMatchObject({ x: 0.6 });
    expect(moveByKey({ x: 0, y: 0, width: 0.01, height: 0.01 }, 'ArrowLeft', true)).toMatchObject({ width: 0.01 });
    expect(clampRect({ x: -0.2, y: 0.95, width: 0.3, height: 0.2 })).toEqual({ x: 0, y: 0.8, width: 0.3, height: 0.2 });
  });

  it('takes a drag in any direction as the rectangle between its ends', () => {
    expect(spanned({ x: 0.5, y: 0.6 }, { x: 0.1, y: 0.2 })).toEqual({ x: 0.1, y: 0.2, width: 0.4, height: expect.closeTo(0.4) });
  });
});
