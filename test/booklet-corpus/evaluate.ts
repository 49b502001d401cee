import type { PageRecognition } from '../../main/imaging/recognition/recognize-page';
import type { PageTruth } from './generate';

/**
 * Scores recognition against the corpus truth the way the issue states its targets: fields
 * decided correctly, wrong decisions (a decided field whose decision is not the truth), and
 * fields sent to review. Page-level mistakes (a missed blank, a wrong page id) are counted
 * on their own.
 */
export interface FieldOutcome {
  page: number;
  measure: number;
  truth: 'stamped' | 'empty';
  decision: 'stamped' | 'empty' | 'unsure' | 'missing';
  confidence: number;
  inkShare: number;
}

export interface CorpusScore {
  pages: number;
  fields: number;
  correct: number;
  wrong: FieldOutcome[];
  unsure: FieldOutcome[];
  /** Fields of pages that were not recognised as booklet pages at all. */
  missing: FieldOutcome[];
  pageErrors: string[];
}

export function emptyScore(): CorpusScore {
  return { pages: 0, fields: 0, correct: 0, wrong: [], unsure: [], missing: [], pageErrors: [] };
}

export function scorePage(score: CorpusScore, truth: PageTruth, result: PageRecognition): void {
  score.pages++;
  if (truth.blank) {
    if (result.kind !== 'blank') score.pageErrors.push(`page ${truth.index}: blank back recognised as ${result.kind}`);
    return;
  }
  const idOk =
    result.kind === 'booklet_page' &&
    result.pageId?.bookletId === truth.bookletId &&
    result.pageId?.page === truth.page &&
    result.pageId?.program === truth.program &&
    result.pageId?.year === truth.year &&
    result.upsideDown === truth.upsideDown;
  if (!idOk) score.pageErrors.push(`page ${truth.index}: recognised as ${result.kind} ${JSON.stringify(result.pageId)} upsideDown=${result.upsideDown}`);
  for (const field of truth.fields) {
    score.fields++;
    const found = idOk ? result.fields.find((f) => f.measure === field.measure) : undefined;
    const outcome: FieldOutcome = {
      page: truth.index,
      measure: field.measure,
      truth: field.stamped ? 'stamped' : 'empty',
      decision: found?.decision ?? 'missing',
      confidence: found?.confidence ?? 0,
      inkShare: found?.inkShare ?? 0,
    };
    if (outcome.decision === 'missing') score.missing.push(outcome);
    else if (outcome.decision === 'unsure') score.unsure.push(outcome);
    else if (outcome.decision === outcome.truth) score.correct++;
    else score.wrong.push(outcome);
  }
}
