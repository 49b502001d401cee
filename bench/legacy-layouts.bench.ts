// Legacy booklets (issue 16, item 5): pages of the insurer's old forms, without marks, registered
// on the layouts the clerk drew once, by their printed content, and their fields decided. Three
// forms are drawn once on a plain 300 dpi scan; then per condition new pages of those forms
// (random fields stamped) are scanned or photographed and run through what the desk runs:
// recognizePage (decode, blank check, deskew) → prepareScan + registerOnLayouts → the fields
// measured straightened (box-ink). Pages of an unknown form and of a known form with other
// titles (another page of the booklet) must be refused. Target: ≤ 500 ms a page (median),
// 0 confident wrong decisions, 0 pages placed on a wrong layout. Prints one JSON object.
// Usage: npx tsx bench/legacy-layouts.bench.ts [PAGES=12] [PHOTO_PAGES=6] [SEED=5]
import { loadavg } from 'node:os';
import { drawStamp } from '../test/booklet-corpus/marks';
import { photographPages, randomPhotoConditions } from '../test/booklet-corpus/photo';
import { drawnRegions, legacyFormPage, type LegacyForm } from '../test/legacy-corpus/legacy-layout';
import { plainScan, scanLegacyPage } from '../test/legacy-corpus/legacy-scan';
import { seededRandom } from '../test/support/seeded-random';
import { buildLayoutReference, decodeReference, encodeReference } from '../main/imaging/legacy/layout-reference';
import { measureLegacyRegions } from '../main/imaging/legacy/measure-regions';
import { prepareScan, registerOnLayouts, type StoredLayout } from '../main/imaging/legacy/register-layout';
import { recognizePage } from '../main/imaging/recognition/recognize-page';
import { environment, median, round } from './support';

const pages = Number(process.argv[2] ?? 12);
const photoPages = Number(process.argv[3] ?? 6);
const seed = Number(process.argv[4] ?? 5);
const dpi = 300;
const forms: LegacyForm[] = [{ seed: 3 }, { seed: 4 }, { seed: 5, boxRight: false }];

async function layoutOf(form: LegacyForm, index: number): Promise<StoredLayout> {
  const page = legacyFormPage(form, { dpi });
  const archive = (await recognizePage(await scanLegacyPage(page.canvas, plainScan, seededRandom(index + 1)))).archive;
  const regions = drawnRegions(page, plainScan.border);
  const reference = decodeReference(encodeReference(await buildLayoutReference(archive, regions.map((r) => r.rect))));
  return { id: `form-${index}`, reference, regions };
}

type Source = 'scan' | 'scan-turned' | 'photo' | 'unknown-form' | 'other-titles';
const conditions: Source[] = ['scan', 'scan-turned', 'photo', 'unknown-form', 'other-titles'];

async function pageFor(source: Source, i: number): Promise<{ input: Buffer; layoutId: string | null; stamped: boolean[] }> {
  const random = seededRandom(seed * 1000 + conditions.indexOf(source) * 100 + i);
  const index = i % forms.length;
  const form: LegacyForm = source === 'unknown-form' ? { seed: 40 + i } : source === 'other-titles' ? { ...forms[index]!, titlesSeed: 500 + i } : forms[index]!;
  const page = legacyFormPage(form, { dpi });
  const stamped = page.boxes.map(() => random() < 0.5);
  page.boxes.forEach(({ box }, k) => {
    if (stamped[k]) drawStamp(page.canvas, { cx: box.x + box.width / 2 + (random() - 0.5) * 6, cy: box.y + box.height / 2, width: 40 + random() * 12, height: 16 + random() * 6, angle: (random() - 0.5) * 16 }, random, 0.5 + random() * 0.5);
  });
  const between = (lo: number, hi: number) => lo + random() * (hi - lo);
  let input: Buffer;
  if (source === 'photo') {
    const c = { ...randomPhotoConditions(random, { facingShare: 0, maxTiltDeg: 20 }), facing: null };
    input = (await photographPages(page.canvas, null, c, random)).jpeg;
  } else if (source === 'scan-turned') {
    input = await scanLegacyPage(page.canvas, { angleDeg: between(-10, 10), scale: between(0.85, 1.15), keystone: between(0, 0.08), noiseSigma: between(2, 6), quality: Math.round(between(60, 90)), border: 60 }, random);
  } else {
    input = await scanLegacyPage(page.canvas, { ...plainScan, angleDeg: between(-2, 2), noiseSigma: 3 }, random);
  }
  return { input, layoutId: source === 'unknown-form' || source === 'other-titles' ? null : `form-${index}`, stamped };
}

const layouts: StoredLayout[] = [];
for (const [i, form] of forms.entries()) layouts.push(await layoutOf(form, i));
const loadBefore = loadavg();
const results: Record<string, unknown> = {};
for (const source of conditions) {
  const n = source === 'photo' ? photoPages : pages;
  const ms: number[] = [];
  const registerMs: number[] = [];
  const cpuMs: number[] = [];
  const refusals: Record<string, number> = {};
  let registered = 0;
  let wrongLayout = 0;
  let correct = 0;
  let unsure = 0;
  let wrong = 0;
  let fields = 0;
  for (let i = 0; i < n; i++) {
    const { input, layoutId, stamped } = await pageFor(source, i);
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const page = await recognizePage(input);
    const t1 = performance.now();
    const registration = registerOnLayouts(await prepareScan(page.archive), layouts);
    const t2 = performance.now();
    const measured = registration.kind === 'registered' ? await measureLegacyRegions(page.archive, registration.regions, { placement: registration.placement }) : [];
    ms.push(performance.now() - t0);
    const used = process.cpuUsage(cpu);
    cpuMs.push((used.user + used.system) / 1000);
    if (registration.kind !== 'registered') {
      // The refusal of the layout the page belongs to (or, for a foreign page, of the closest one).
      const own = registration.checks.find((c) => c.layoutId === layoutId) ?? [...registration.checks].sort((a, b) => b.inliers - a.inliers)[0];
      const why = own?.refused ?? registration.reason;
      refusals[why] = (refusals[why] ?? 0) + 1;
    }
    registerMs.push(t2 - t1);
    if (registration.kind !== 'registered') continue;
    registered++;
    if (registration.layoutId !== layoutId) {
      wrongLayout++;
      continue;
    }
    for (const [k, m] of measured.entries()) {
      fields++;
      if (m.decision === 'unsure') unsure++;
      else if ((m.decision === 'stamped') === stamped[k]) correct++;
      else wrong++;
    }
  }
  const known = source !== 'unknown-form' && source !== 'other-titles';
  results[source] = {
    pages: n,
    [known ? 'registeredShare' : 'wronglyRegisteredShare']: round(registered / n, 3),
    pagesOnWrongLayout: wrongLayout,
    fields,
    correctShare: fields ? round(correct / fields, 4) : null,
    reviewShare: fields ? round(unsure / fields, 4) : null,
    confidentWrong: wrong,
    medianMsPerPage: round(median(ms), 0),
    maxMsPerPage: round(Math.max(...ms), 0),
    medianMsRegistration: round(median(registerMs), 0),
    /** CPU time of the page (main thread and sharp's threads): what the page costs on an idle machine. */
    medianCpuMsPerPage: round(median(cpuMs), 0),
    refusals,
  };
}
console.log(JSON.stringify({ bench: 'legacy-layouts', ...environment(), pages, photoPages, seed, dpi, layouts: layouts.length, loadavgBefore: loadBefore.map((v) => round(v, 2)), loadavgAfter: loadavg().map((v) => round(v, 2)), conditions: results }, null, 2));
