import type { InkMeasure } from './field-ink';

/**
 * Stamped, empty or unsure, with a confidence. Between the two thresholds nothing is
 * decided: the clerk looks. Every decision carries a confidence of at least 0.5 (the
 * default review threshold); raising `minConfidence` sends more borderline boxes to review.
 */
export type FieldDecision = 'stamped' | 'empty' | 'unsure';

export interface DecisionThresholds {
  /** Below this ink share a box is empty. */
  emptyBelow: number;
  /** From this ink share (with a blob at least `minLargestBlob`) a box is stamped. */
  stampedFrom: number;
  /** A stamp or signature is one connected stroke of some size, not scattered specks. */
  minLargestBlob: number;
  /** Decisions with lower confidence go to review as unsure. */
  minConfidence: number;
  /** A box this much covered by faint ink is not called empty (a dried-out stamp pad). */
  faintUnsureFrom: number;
}

/**
 * Calibrated on the generated corpus: empty boxes measure no ink at all after the printed
 * outline and specks are removed, while the least ink a provider leaves (initials of about
 * 10 mm) covers about 0.5 % of the box. Real booklets should confirm these before they are
 * trusted further; raising `minConfidence` is the safe dial meanwhile.
 */
export const defaultDecisionThresholds: DecisionThresholds = {
  emptyBelow: 0.0005,
  stampedFrom: 0.003,
  minLargestBlob: 0.0012,
  minConfidence: 0.5,
  faintUnsureFrom: 0.004,
};

export function decideField(ink: InkMeasure, t: DecisionThresholds = defaultDecisionThresholds): { decision: FieldDecision; confidence: number } {
  const share = ink.inkShare;
  let decided: { decision: FieldDecision; confidence: number } | undefined;
  // Confidence runs from 0.5 at a threshold to 1 far from it: no ink at all, or many times the ink needed.
  if (share < t.emptyBelow) {
    if (ink.faintShare >= t.faintUnsureFrom) return { decision: 'unsure', confidence: 0 };
    decided = { decision: 'empty', confidence: 1 - (0.5 * share) / t.emptyBelow };
  }
  else if (share >= t.stampedFrom && ink.largestBlobShare >= t.minLargestBlob) decided = { decision: 'stamped', confidence: 1 - (0.5 * t.stampedFrom) / share };
  if (decided && decided.confidence >= t.minConfidence) return decided;
  return { decision: 'unsure', confidence: decided ? decided.confidence : 0 };
}
