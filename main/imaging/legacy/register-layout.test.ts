import { describe, expect, it } from 'vitest';
import { drawnRegions, legacyFormPage, type LegacyForm } from '../../../test/legacy-corpus/legacy-layout';
import { plainScan, scanLegacyPage, type LegacyScanConditions } from '../../../test/legacy-corpus/legacy-scan';
import { seededRandom } from '../../../test/support/seeded-random';
import { drawStamp } from '../../../test/booklet-corpus/marks';
import { recognizePage } from '../recognition/recognize-page';
import { buildLayoutReference, decodeReference, encodeReference } from './layout-reference';
import { measureLegacyRegions } from './measure-regions';
import { prepareScan, registerOnLayouts, type StoredLayout } from './register-layout';

/**
 * A legacy form (our generator: logo, print, a table of fields with stamp boxes, no marks) is
 * drawn once by the clerk on a plain scan; later scans of the same form, turned, scaled,
 * keystoned and noisy, are registered by their print and their regions placed and measured.
 * A page of another form, and the same form with other titles (another page of the booklet),
 * must be refused: a region placed on the wrong page is money paid for nothing.
 */
const form: LegacyForm = { seed: 3 };

async function referenceLayout(): Promise<StoredLayout> {
  const page = legacyFormPage(form);
  const archive = (await recognizePage(await scanLegacyPage(page.canvas, plainScan, seededRandom(1)))).archive;
  // The clerk's rectangles: the stamp boxes on the (unturned) reference scan.
  const regions = drawnRegions(page, plainScan.border);
  // Stored and read back, as the station does.
  return { id: 'form-3', reference: decodeReference(encodeReference(await buildLayoutReference(archive, regions.map((r) => r.rect)))), regions };
}

describe('legacy pages registered on a stored layout by their print', () => {
  const layout = referenceLayout();

  const scans: [string, Partial<LegacyScanConditions>, number][] = [
    ['turned 3°', { angleDeg: 3 }, 21],
    ['turned −8°, 80 %, keystoned 8 %, noisy', { angleDeg: -8, scale: 0.8, keystone: 0.08, noiseSigma: 5, quality: 70 }, 22],
    ['turned 12°, 120 %, keystoned 12 %, JPEG 60', { angleDeg: 12, scale: 1.2, keystone: 0.12, noiseSigma: 6, quality: 60 }, 23],
  ];

  it.each(scans)('%s: registered, every region on its box and decided like a printed booklet', async (_name, conditions, seed) => {
    const random = seededRandom(seed);
    const page = legacyFormPage(form);
    // Alternate fields stamped (stamps over the box, as the insurer's practices do).
    const stamped = page.boxes.map((_, i) => (i + seed) % 2 === 0);
    page.boxes.forEach(({ box }, i) => {
      if (stamped[i]) drawStamp(page.canvas, { cx: box.x + box.width / 2, cy: box.y + box.height / 2, width: 44, height: 18, angle: (random() - 0.5) * 12 }, random, 0.8);
    });
    const result = await recognizePage(await scanLegacyPage(page.canvas, { ...plainScan, ...conditions }, random));
    expect(result.kind).toBe('unregistered');

    const registration = registerOnLayouts(await prepareScan(result.archive), [await layout]);
    expect(registration.kind, JSON.stringify(registration.checks)).toBe('registered');
    if (registration.kind !== 'registered') return;
    expect(registration.layoutId).toBe('form-3');
    expect(registration.regions.map((r) => r.measure)).toEqual([1, 2, 3, 4]);

    const measured = await measureLegacyRegions(result.archive, registration.regions, { placement: registration.placement });
    for (const [i, m] of measured.entries()) {
      expect(m.decision, `measure ${m.measure}: ink ${m.inkShare.toFixed(4)}, confidence ${m.confidence.toFixed(2)}`).toBe(stamped[i] ? 'stamped' : 'empty');
    }
  }, 60_000);

  const others: [string, LegacyForm][] = [
    ['another form', { seed: 4 }],
    ['another form with the boxes under the titles', { seed: 5, boxRight: false }],
    ['the same form with other titles (another page of the booklet)', { seed: 3, titlesSeed: 99 }],
  ];

  it.each(others)('%s: unregistered, no region placed', async (_name, other) => {
    const page = legacyFormPage(other);
    const result = await recognizePage(await scanLegacyPage(page.canvas, { ...plainScan, angleDeg: 1.5 }, seededRandom(31)));
    const registration = registerOnLayouts(await prepareScan(result.archive), [await layout]);
    expect(registration.kind, JSON.stringify(registration.checks)).toBe('unregistered');
    expect('regions' in registration).toBe(false);
  }, 60_000);

  it('with no layouts stored, a page is unregistered', async () => {
    const page = legacyFormPage(form);
    const result = await recognizePage(await scanLegacyPage(page.canvas, plainScan, seededRandom(5)));
    expect(registerOnLayouts(await prepareScan(result.archive), [])).toMatchObject({ kind: 'unregistered', reason: 'no layouts' });
  }, 60_000);

  it('refuses a damaged stored reference instead of reading it', async () => {
    const bytes = encodeReference((await layout).reference);
    expect(() => decodeReference(bytes.subarray(0, 40))).toThrow();
    const wrong = Buffer.from(bytes);
    wrong.writeUInt32LE(0, 0);
    expect(() => decodeReference(wrong)).toThrow(/Not a layout reference/);
  }, 60_000);
});
