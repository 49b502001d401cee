import { describe, expect, it } from 'vitest';
import { corpusPage } from '../../../test/booklet-corpus/generate';
import { seededRandom } from '../../../test/support/seeded-random';
import { bookletTemplate, pageOf } from '../booklet/template';
import { decodePage } from '../pipeline/decode-scan';
import { boxHelperState, measureBoxes, measureHere, stopBoxHelper, type BoxJob } from './box-ink-pool';
import { defaultInkSettings } from './field-ink';
import { boxJob, templateFor } from './recognize-page';
import { registerPage } from './registration';

const pxPerMm = 150 / 25.4;

/** The stamp boxes of a generated scan (stamps, signatures, empty boxes), straightened as recognition does. */
async function jobsOfAPage(later = false): Promise<BoxJob[]> {
  const { jpeg } = await corpusPage(0, { seed: 11, blankShare: 0 });
  const decoded = await decodePage(jpeg);
  const registration = await registerPage(decoded.gray, bookletTemplate('adult'), { pxPerMm, layoutFor: (id) => pageOf(templateFor(id), id.page) });
  if (registration.kind !== 'registered') throw new Error('the generated page did not register');
  return registration.boxes.map(({ box }) => boxJob(decoded, registration.h, registration.page, pxPerMm, box, defaultInkSettings, [], later));
}

/** A window far larger than a box, full of specks: the helper is still busy with it when it is stopped. */
function slowJob(): BoxJob {
  const [width, height] = [700, 450];
  const random = seededRandom(5);
  const rgb = new Uint8Array(width * height * 3).fill(235);
  for (let i = 0; i < width * height; i++) if (random() < 0.12) rgb.fill(60, i * 3, i * 3 + 3);
  return { window: { width, height, rgb }, pxPerMm, options: { settings: defaultInkSettings } };
}

async function until(ready: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > end) throw new Error('the box helper thread did not come up');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('stamp boxes measured on two threads', () => {
  it('gives every box the measure this thread gives it, with the helper thread measuring every other box', async () => {
    const jobs = await jobsOfAPage();
    expect(jobs).toHaveLength(4);
    const here = jobs.map((job) => measureHere(job));
    expect(here.some((ink) => ink.inkShare > 0.01)).toBe(true);
    // The first call starts the helper and, while it comes up, measures every box here.
    expect(await measureBoxes(jobs.length, (i) => jobs[i]!, true)).toEqual(here);
    await until(() => boxHelperState().state === 'ready', 60_000);
    const before = boxHelperState().measured;
    expect(await measureBoxes(jobs.length, (i) => jobs[i]!, true)).toEqual(here);
    expect(boxHelperState().measured - before).toBe(2);
    // Without `parallel` nothing goes to the helper.
    expect(await measureBoxes(jobs.length, (i) => jobs[i]!, false)).toEqual(here);
    expect(boxHelperState().measured - before).toBe(2);
  }, 120_000);

  it('has the helper straighten its boxes from the rows of the picture they need, with the same measure', async () => {
    await until(() => boxHelperState().state === 'ready', 60_000);
    const straight = await jobsOfAPage();
    const later = await jobsOfAPage(true);
    const here = straight.map((job) => measureHere(job));
    // Sent to the helper: the window's rows, not the window, and far less than the whole picture.
    const sent = later[1]!.window;
    if (!('rows' in sent)) throw new Error('a colour page gives the helper rows to straighten');
    expect(sent.rows.length).toBeLessThan((sent.size.width * sent.size.height * 3) / 3);
    const before = boxHelperState().measured;
    expect(await measureBoxes(later.length, (i, away) => (away ? later[i]! : straight[i]!), true)).toEqual(here);
    expect(boxHelperState().measured - before).toBe(2);
    // Handed over to the helper thread, not copied.
    expect(sent.rows.length).toBe(0);
  }, 120_000);

  it('measures here a box the helper owed when it died, and measures here from then on', async () => {
    await until(() => boxHelperState().state === 'ready', 60_000);
    const [first] = await jobsOfAPage();
    const slow = slowJob();
    const expected = [measureHere(first!), measureHere(slow)];
    const before = boxHelperState().measured;
    const owed = measureBoxes(2, (i) => (i === 0 ? first! : slow), true);
    await stopBoxHelper();
    expect(await owed).toEqual(expected);
    expect(boxHelperState()).toEqual({ state: 'failed', measured: before });
    expect(await measureBoxes(2, (i) => (i === 0 ? first! : slow), true)).toEqual(expected);
    expect(boxHelperState().measured).toBe(before);
  }, 120_000);
});
