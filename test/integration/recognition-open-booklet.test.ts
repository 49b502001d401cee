import { describe, expect, it } from 'vitest';
import type { BookletPageId } from '../../main/imaging/booklet/qr-payload';
import { bookletTemplate, pageOf } from '../../main/imaging/booklet/template';
import { decodePage } from '../../main/imaging/pipeline/decode-scan';
import { markHypotheses } from '../../main/imaging/pipeline/fiducials';
import { project } from '../../main/imaging/pipeline/homography';
import { findMarkCandidates } from '../../main/imaging/pipeline/mark-candidates';
import { recognizePage } from '../../main/imaging/recognition/recognize-page';
import { registerPage, verifyHypothesis } from '../../main/imaging/recognition/registration';
import type { PhotoConditions } from '../booklet-corpus/photo';
import { photoCorpusPage } from '../booklet-corpus/photo-corpus';

/**
 * The dangerous case of issue 16: a phone photo of an open booklet, the facing page's corner
 * marks in the frame. Registering on a mix of both pages' marks still decodes the QR code
 * (it sits near one corner), but puts the stamp boxes in the wrong place, where the printed
 * box outline is then measured as ink: empty fields called stamped with confidence. The
 * recognizer must register the photographed page on its own marks, or not at all.
 */
const openBooklet = (facing: 'left' | 'right', overrides: Partial<PhotoConditions>): Partial<PhotoConditions> => ({
  tiltDeg: 5.4,
  azimuthDeg: 300,
  rollDeg: -3,
  fill: 0.8,
  aimOffset: { x: facing === 'left' ? -0.06 : 0.055, y: 0.02 },
  facing: { side: facing, liftDeg: 4.2 },
  exposure: 0.87,
  gradient: 0.1,
  shadow: 0,
  blurSigma: 1,
  noiseSigma: 4,
  jpegQuality: 86,
  ...overrides,
});

const cases = [
  { name: 'facing page on the left, white desk, soft shadow', seed: 1, index: 3, conditions: openBooklet('left', { table: [222, 220, 214], shadow: 0.45 }) },
  { name: 'facing page on the right, grey desk, warm light', seed: 1, index: 5, conditions: openBooklet('right', { table: [88, 90, 96], rollDeg: -9, azimuthDeg: 225, cast: [1, 0.97, 0.86] }) },
];

describe('a phone photo of an open booklet', () => {
  it.each(cases)('$name: the photographed page is registered on its own marks and no field is decided wrongly', { timeout: 60_000 }, async ({ seed, index, conditions }) => {
    const { jpeg, truth } = await photoCorpusPage(index, { seed, conditions });
    const result = await recognizePage(jpeg);
    expect(result.kind).toBe('booklet_page');
    expect(result.pageId).toEqual({ bookletId: truth.bookletId, year: truth.year, program: truth.program, page: truth.page });
    const wrong = result.fields.filter((f) => f.decision !== 'unsure' && (f.decision === 'stamped') !== truth.fields.find((t) => t.measure === f.measure)!.stamped);
    expect(wrong.map((f) => `measure ${f.measure} ${f.decision} at ${f.confidence.toFixed(2)}`)).toEqual([]);
    expect(result.fields.filter((f) => f.decision === 'unsure').length).toBeLessThanOrEqual(1);
  });
});

describe('registration without its geometry check', () => {
  it.each(cases)('$name: the QR code\'s place and the printed boxes alone reject every mix of the two pages\' marks', { timeout: 120_000 }, async ({ seed, index, conditions }) => {
    const { jpeg, truth } = await photoCorpusPage(index, { seed, conditions });
    const { gray } = await decodePage(jpeg);
    const template = bookletTemplate('adult');
    const options = { pxPerMm: 150 / 25.4, layoutFor: (id: BookletPageId) => pageOf(bookletTemplate(id.program), id.page) };
    const strict = await registerPage(gray, template, options);
    expect(strict.kind).toBe('registered');
    if (strict.kind !== 'registered') return;
    const own = template.fiducial.centers.map((m) => project(strict.h, m.x, m.y));
    const isOwn = (p: { x: number; y: number }) => own.some((q) => Math.hypot(p.x - q.x, p.y - q.y) < 2);
    // Every four marks in every order that passes no geometry check at all.
    const loose = markHypotheses(findMarkCandidates(gray), template, gray, { maxError: 10, maxTiltDegrees: 90, maxSizeError: 10, maxHypotheses: 10_000 });
    const mixes = loose.filter((hyp) => hyp.scanPoints.some(isOwn) && !hyp.scanPoints.every(isOwn));
    expect(mixes.length).toBeGreaterThan(10);
    const reasons = new Map<string, number>();
    for (const mix of mixes) {
      const verdict = await verifyHypothesis(gray, mix, template, options);
      expect(verdict.kind).toBe('rejected');
      if (verdict.kind === 'rejected') reasons.set(verdict.reason, (reasons.get(verdict.reason) ?? 0) + 1);
    }
    expect(strict.pageId.page).toBe(truth.page);
    // Some mixes decode the QR code (it sits near the page's own top-right mark): the old failure, now caught by its place.
    expect(reasons.get('qr_misplaced') ?? 0).toBeGreaterThan(0);
    // And with the code's place not checked either, the printed boxes alone reject those mixes.
    for (const mix of mixes) {
      const verdict = await verifyHypothesis(gray, mix, template, { ...options, qrToleranceMm: 1000 });
      expect(verdict.kind).toBe('rejected');
      if (verdict.kind === 'rejected') expect(verdict.reason).not.toBe('qr_misplaced');
    }
  });
});
