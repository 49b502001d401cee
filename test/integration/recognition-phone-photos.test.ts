import { describe, expect, it } from 'vitest';
import { bookletTemplate } from '../../main/imaging/booklet/template';
import { recognizePage, type PageRecognition } from '../../main/imaging/recognition/recognize-page';
import type { FieldTruth } from '../booklet-corpus/generate';
import type { PhotoConditions } from '../booklet-corpus/photo';
import { photoCorpusPage } from '../booklet-corpus/photo-corpus';

/**
 * Phone photos of booklet pages (test/booklet-corpus/photo.ts: a pinhole camera over the
 * page, uneven light, shadows, an open booklet). 3 MP frames here to keep the suite quick,
 * one at 12 MP; the benchmark runs the full-size corpus. What must hold: the page is
 * registered on its own marks (or not at all), and no field is decided against its truth.
 */
const small = { width: 1500, height: 2000 };
const even: Partial<PhotoConditions> = { ...small, rollDeg: 0, aimOffset: { x: 0, y: 0 }, fill: 0.8, facing: null, exposure: 0.95, gradient: 0, shadow: 0, blurSigma: 0.6, noiseSigma: 3, jpegQuality: 88, table: [150, 108, 70] };

function wrongFields(result: PageRecognition, truth: readonly FieldTruth[]): string[] {
  return result.fields
    .filter((f) => f.decision !== 'unsure' && (f.decision === 'stamped') !== truth.find((t) => t.measure === f.measure)!.stamped)
    .map((f) => `measure ${f.measure} ${f.decision} at ${f.confidence.toFixed(2)}`);
}

describe('phone photos of a booklet page', () => {
  it.each([0, 90, 180, 270])('registers a page photographed at a 20° tilt from azimuth %i°, with light falling off and a soft shadow', { timeout: 60_000 }, async (azimuthDeg) => {
    const { jpeg, truth } = await photoCorpusPage(azimuthDeg + 1, { seed: 16, conditions: { ...even, tiltDeg: 20, azimuthDeg, rollDeg: 7, gradient: 0.4, gradientDeg: azimuthDeg + 40, shadow: 0.45, cast: [1, 0.95, 0.84] } });
    const result = await recognizePage(jpeg);
    expect(result.kind).toBe('booklet_page');
    expect(result.pageId).toEqual({ bookletId: truth.bookletId, year: truth.year, program: truth.program, page: truth.page });
    expect(wrongFields(result, truth.fields)).toEqual([]);
  });

  it('turns a page photographed upside down the right way round (12 MP)', { timeout: 60_000 }, async () => {
    const { jpeg, truth } = await photoCorpusPage(5, { seed: 16, conditions: { ...even, width: 3000, height: 4000, tiltDeg: 12, azimuthDeg: 200, rollDeg: 183 } });
    const result = await recognizePage(jpeg);
    expect(result.upsideDown).toBe(true);
    expect(result.pageId?.page).toBe(truth.page);
    expect(wrongFields(result, truth.fields)).toEqual([]);
  });

  it('reads the page the camera aims at when the whole open booklet is in the frame', { timeout: 60_000 }, async () => {
    for (const side of ['left', 'right'] as const) {
      const { jpeg, truth, facing } = await photoCorpusPage(side === 'left' ? 6 : 7, { seed: 16, conditions: { ...even, fill: 0.5, tiltDeg: 8, azimuthDeg: 30, facing: { side, liftDeg: 10 } } });
      expect(facing).toBeDefined();
      const result = await recognizePage(jpeg);
      expect(result.pageId).toEqual({ bookletId: truth.bookletId, year: truth.year, program: truth.program, page: truth.page });
      expect(wrongFields(result, truth.fields)).toEqual([]);
    }
  });

  it('never reads the photographed page on the facing page\'s marks when its own are cut off', { timeout: 60_000 }, async () => {
    // The camera aims past the page's outer edge: its outer marks are outside the frame, the facing page is whole.
    for (const side of ['left', 'right'] as const) {
      const aimX = side === 'left' ? -0.63 : 0.63;
      const { jpeg, truth, facing } = await photoCorpusPage(side === 'left' ? 8 : 9, { seed: 16, keepInFrame: false, conditions: { ...even, fill: 0.6, tiltDeg: 6, azimuthDeg: 90, aimOffset: { x: aimX, y: 0 }, facing: { side, liftDeg: 3 } } });
      const result = await recognizePage(jpeg);
      if (result.kind === 'booklet_page') {
        // Only the page that is wholly in the picture may be read, with its own fields.
        expect(result.pageId?.page).toBe(facing!.page);
        expect(wrongFields(result, facing!.fields)).toEqual([]);
      } else {
        expect(['unregistered', 'unidentified']).toContain(result.kind);
        expect(result.fields).toEqual([]);
      }
      expect(result.pageId?.page === truth.page && result.kind === 'booklet_page').toBe(false);
    }
  });

  it('says the page is ours but unidentified when its QR code is covered, and decides no field', { timeout: 60_000 }, async () => {
    const qr = bookletTemplate('adult').qr;
    const { jpeg } = await photoCorpusPage(10, { seed: 16, conditions: { ...even, tiltDeg: 10, azimuthDeg: 120 }, alter: (canvas) => canvas.cover(qr.x + 3, qr.y + 3, qr.width - 6, qr.height - 6, [245, 245, 242]) });
    const result = await recognizePage(jpeg);
    expect(result.kind).toBe('unidentified');
    expect(result.fields).toEqual([]);
  });
});
