import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import { corpusPage } from '../booklet-corpus/generate';
import { defaultWorkerEntry, ImagingWorker } from '../../main/imaging/worker/imaging-worker-client';

/**
 * The imaging worker as the build ships it: `out/main/imaging-worker.js` is its own entry
 * (electron.vite.config.ts), found by the client from the shared chunk it is bundled into,
 * and recognizes a corpus page off the main thread with no TypeScript loader.
 */
const outMain = resolve(import.meta.dirname, '../../out/main');

test('the built imaging worker is found from the built client and recognizes a corpus page', async () => {
  const workerFile = join(outMain, 'imaging-worker.js');
  expect(existsSync(workerFile), 'npm run build emits out/main/imaging-worker.js').toBe(true);
  // The bundle that holds the client (a shared chunk of index.js and loopback.js).
  const bundles = [...readdirSync(outMain).map((f) => join(outMain, f)), ...readdirSync(join(outMain, 'chunks')).map((f) => join(outMain, 'chunks', f))].filter((f) => f.endsWith('.js') && f !== workerFile);
  const client = bundles.find((f) => readFileSync(f, 'utf8').includes('imaging-worker.js'));
  expect(client, 'a built bundle starts the imaging worker').toBeDefined();
  const { entry, execArgv } = defaultWorkerEntry(pathToFileURL(client!).href);
  expect(entry.pathname).toBe(pathToFileURL(workerFile).pathname);
  expect(execArgv).toEqual([]);

  // A corpus page with stamps, seed and index fixed: a booklet page with its truth.
  let page = await corpusPage(0, { seed: 7, blankShare: 0 });
  for (let i = 1; !page.truth.fields.some((f) => f.stamped); i++) page = await corpusPage(i, { seed: 7, blankShare: 0 });
  const worker = new ImagingWorker({ entry, execArgv });
  try {
    const result = await worker.recognizePage(page.jpeg);
    expect(result.kind).toBe('booklet_page');
    expect(result.pageId).toMatchObject({ bookletId: page.truth.bookletId, program: page.truth.program, page: page.truth.page });
    const decided = result.fields.map((f) => (f.decision === 'unsure' ? 'unsure' : f.decision === 'stamped'));
    // Every field the worker decided matches the truth; unsure ones go to the clerk.
    page.truth.fields.forEach((truth, i) => {
      if (decided[i] !== 'unsure') expect(decided[i], `measure ${truth.measure}`).toBe(truth.stamped);
    });
    expect(result.fields.every((f) => f.crop.length > 500)).toBe(true);
  } finally {
    await worker.stop();
  }
});
