import { describe, expect, it } from 'vitest';
import { drawSignature, drawStamp } from '../../../test/booklet-corpus/marks';
import type { RectMm } from '../booklet/template';
import { recognizePage } from '../recognition/recognize-page';
import { seededRandom } from '../../../test/support/imaging/fixtures';
import { scanOf } from '../../../test/support/imaging/scans';
import { legacyPage } from './legacy-pages';
import { measureLegacyRegions, type LegacyRegion } from './measure-regions';

/**
 * Where a point of the rendered page (mm) lands in the pipeline's straightened archive copy:
 * scanOf adds a 60 px lid border and turns the page by `angle` about its centre; recognizePage
 * levels it by the measured skew (again about the centre) and scales it down to the archive
 * width. Both turns keep the centre, so the page's offset from the centre is turned by the
 * difference and scaled.
 */
function toArchive(p: { x: number; y: number }, page: { width: number; height: number; pxPerMm: number }, angle: number, skew: number, archive: { width: number; height: number }) {
  const rad = (d: number) => (d * Math.PI) / 180;
  const w1 = page.width + 120;
  const h1 = page.height + 120;
  const a = rad(angle);
  const w2 = w1 * Math.abs(Math.cos(a)) + h1 * Math.abs(Math.sin(a));
  const h2 = w1 * Math.abs(Math.sin(a)) + h1 * Math.abs(Math.cos(a));
  const s = rad(skew);
  const w3 = w2 * Math.abs(Math.cos(s)) + h2 * Math.abs(Math.sin(s));
  const scale = archive.width / w3;
  const dx = p.x * page.pxPerMm + 60 - w1 / 2;
  const dy = p.y * page.pxPerMm + 60 - h1 / 2;
  const t = rad(angle - skew);
  return { x: (dx * Math.cos(t) - dy * Math.sin(t)) * scale + archive.width / 2, y: (dx * Math.sin(t) + dy * Math.cos(t)) * scale + archive.height / 2 };
}

/** The clerk's rectangle around a stamp box: the box as it lies in the archive, drawn a little off by hand. */
function regionAround(box: RectMm, jitterMm: number, map: (p: { x: number; y: number }) => { x: number; y: number }, archive: { width: number; height: number }) {
  const corners = [
    map({ x: box.x - jitterMm, y: box.y + jitterMm }),
    map({ x: box.x + box.width + jitterMm, y: box.y - jitterMm }),
    map({ x: box.x + box.width - jitterMm, y: box.y + box.height + jitterMm }),
    map({ x: box.x + jitterMm, y: box.y + box.height - jitterMm }),
  ];
  const xs = corners.map((c) => c.x);
  const ys = corners.map((c) => c.y);
  const x0 = Math.min(...xs);
  const y0 = Math.min(...ys);
  return { x: x0 / archive.width, y: y0 / archive.height, width: (Math.max(...xs) - x0) / archive.width, height: (Math.max(...ys) - y0) / archive.height };
}

describe('measureLegacyRegions on corpus pages printed without marks', () => {
  const cases = [
    { program: 'adult' as const, page: 1, angle: 0, seed: 11 },
    { program: 'adult' as const, page: 2, angle: 1.8, seed: 12 },
    { program: 'adult' as const, page: 3, angle: -2.6, seed: 13 },
    { program: 'child' as const, page: 1, angle: 3.2, seed: 14 },
    { program: 'child' as const, page: 2, angle: -0.7, seed: 15 },
  ];

  it.each(cases)('$program page $page turned $angle°: the pipeline levels it and every region gets the decision of its truth', async ({ program, page, angle, seed }) => {
    const random = seededRandom(seed);
    const { canvas, template } = legacyPage(program, page);
    const layout = template.pages[page - 1]!;
    // Known truth: alternate stamped and empty fields, stamps and signatures of varied darkness.
    const truth = layout.fields.map((field, i) => {
      const stamped = (i + seed) % 2 === 0;
      const b = field.stampBox;
      if (stamped && i % 3 !== 2) drawStamp(canvas, { cx: b.x + b.width / 2, cy: b.y + b.height / 2, width: 40, height: 18, angle: (random() - 0.5) * 10 }, random, 0.5 + random() * 0.5);
      if (stamped && i % 3 !== 0) drawSignature(canvas, { x: b.x + 12, y: b.y + b.height - 8, width: 30 }, random, 0.6);
      return { measure: field.measure, stamped, box: b };
    });

    const result = await recognizePage(await scanOf(canvas, { angle, quality: 85 }));
    expect(result.kind).toBe('unregistered');
    expect(Math.abs((result.skewDegrees ?? 0) - angle)).toBeLessThan(0.6);

    const map = (p: { x: number; y: number }) => toArchive(p, canvas, angle, result.skewDegrees ?? 0, result.archiveSize);
    const regions: LegacyRegion[] = truth.map((t, i) => ({ measure: t.measure, rect: regionAround(t.box, i % 2 === 0 ? 0.6 : -0.6, map, result.archiveSize) }));
    const measured = await measureLegacyRegions(result.archive, regions);

    expect(measured.map((m) => m.measure)).toEqual(truth.map((t) => t.measure));
    for (const [i, m] of measured.entries()) {
      const expected = truth[i]!.stamped ? 'stamped' : 'empty';
      expect(m.decision, `measure ${m.measure}: ink ${m.inkShare.toFixed(4)}, confidence ${m.confidence.toFixed(2)}`).toBe(expected);
      expect(m.confidence).toBeGreaterThanOrEqual(0.5);
    }
  });

  it('leaves a faint, barely inked region unsure instead of deciding it', async () => {
    const { canvas, template } = legacyPage('adult', 1);
    const b = template.pages[0]!.fields[0]!.stampBox;
    // A few specks of a dried-out pad: more than paper, far less than a stamp.
    for (let k = 0; k < 6; k++) canvas.fillRect(b.x + 10 + k * 9, b.y + 12, 1.1, 1.1, [120, 120, 190], 0.8);
    const result = await recognizePage(await scanOf(canvas, { quality: 90 }));
    const map = (p: { x: number; y: number }) => toArchive(p, canvas, 0, result.skewDegrees ?? 0, result.archiveSize);
    const [m] = await measureLegacyRegions(result.archive, [{ measure: 1, rect: regionAround(b, 0, map, result.archiveSize) }]);
    expect(m!.decision).toBe('unsure');
  });

  it('refuses what is not an image with the imaging error, not a guess', async () => {
    await expect(measureLegacyRegions(Buffer.from('not an image at all, just text'), [{ measure: 1, rect: { x: 0.1, y: 0.1, width: 0.5, height: 0.2 } }])).rejects.toMatchObject({ code: 'not_an_image' });
  });
});
