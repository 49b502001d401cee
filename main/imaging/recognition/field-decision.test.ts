import { describe, expect, it } from 'vitest';
import { decideField, defaultDecisionThresholds as t } from './field-decision';

const ink = (inkShare: number, largestBlobShare = inkShare, faintShare = inkShare) => ({ inkShare, largestBlobShare, faintShare, paper: 240 });

describe('deciding a field from its ink', () => {
  it('a clean box is empty with full confidence, a well stamped box stamped with high confidence', () => {
    expect(decideField(ink(0))).toEqual({ decision: 'empty', confidence: 1 });
    const stamped = decideField(ink(0.1, 0.05));
    expect(stamped.decision).toBe('stamped');
    expect(stamped.confidence).toBeGreaterThan(0.9);
  });

  it('between the thresholds nothing is decided silently: the field goes to review', () => {
    const between = (t.emptyBelow + t.stampedFrom) / 2;
    expect(decideField(ink(between)).decision).toBe('unsure');
  });

  it('a box with only faint ink (a dried-out stamp pad) is never called empty', () => {
    expect(decideField(ink(0, 0, 0.03))).toEqual({ decision: 'unsure', confidence: 0 });
    expect(decideField(ink(0, 0, t.faintUnsureFrom / 2)).decision).toBe('empty');
  });

  it('scattered specks without one real stroke are not a stamp', () => {
    expect(decideField(ink(0.02, t.minLargestBlob / 2)).decision).toBe('unsure');
  });

  it('a stricter review threshold sends borderline decisions to review', () => {
    const justStamped = ink(t.stampedFrom * 1.2);
    expect(decideField(justStamped).decision).toBe('stamped');
    expect(decideField(justStamped, { ...t, minConfidence: 0.8 }).decision).toBe('unsure');
  });

  it('every decision carries at least the default review threshold of confidence', () => {
    for (const share of [0, 0.0005, 0.001, 0.0014, 0.006, 0.01, 0.3]) {
      const d = decideField(ink(share));
      if (d.decision !== 'unsure') expect(d.confidence).toBeGreaterThanOrEqual(t.minConfidence);
    }
  });
});
