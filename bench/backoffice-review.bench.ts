// A reviewer scripted through 100 submissions in the back office (issue 18): Debian's Chromium
// against the reference service (PGlite in memory, in this process), each submission a kiosk
// photo of a certificate; the reviewer opens the oldest with P and accepts each with A, Enter.
// Measures per decision the UI seconds (from the submission shown with its photo to the next one
// shown) and the keystrokes. Target: ≤ 2 keystrokes per accepted submission.
// Baseline in the same run: a page round trip without a decision (Escape, P), and the ratio to it.
// Prints one JSON object with the load average.
// Usage: npx tsx bench/backoffice-review.bench.ts   (BENCH_REVIEW_N=100; CHROMIUM_PATH, default /usr/bin/chromium;
// BENCH_REVIEW_SHOTS=dir writes screenshots of the review page at 1920×1080 and 1366×768)
import { chromium } from '@playwright/test';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { BlobStatus, SubmissionReceipt } from '../main/contract/service-api';
import { totpCode } from '../service/backoffice/auth/totp';
import { openPglite } from '../service/db/database';
import { certificatePhoto } from '../test/support/imaging/fixtures';
import { staffAccount } from '../test/integration/backoffice-support/staff-browser';
import { member, submission } from '../test/integration/sync-support/fixtures';
import { adminHeaders, enrollStation, startService } from '../test/integration/sync-support/service-harness';
import { environment, median, round } from './support';

const count = Number(process.env.BENCH_REVIEW_N ?? 100);
const shots = process.env.BENCH_REVIEW_SHOTS;
const baselineRuns = 10;

/** The page's globals as the predicate below uses them (this file is type-checked without the DOM library). */
type PageGlobals = { location: { hash: string }; document: { querySelector(selector: string): { textContent: string | null; complete?: boolean; naturalWidth?: number } | null } };

/**
 * In the page: another submission than `previous` is shown, with its photo loaded. A function,
 * not a string: the back office's CSP forbids evaluating strings in the page.
 */
function shownAfter(previous: string): boolean {
  const { location, document } = globalThis as unknown as PageGlobals;
  const heading = document.querySelector('h1')?.textContent ?? '';
  const img = document.querySelector('.evidence img');
  return location.hash !== previous && heading.includes('Nachweise') && img !== null && img.complete === true && (img.naturalWidth ?? 0) > 0;
}

async function main(): Promise<void> {
  const db = await openPglite();
  const running = await startService(db);
  const { client } = await enrollStation(running, 'kiosk-bench');
  await running.admin.json('PUT', '/v1/admin/members', z.unknown(), member, adminHeaders);
  // Five different certificate photos, as a day's kiosk submissions would bring.
  const photos = await Promise.all([1, 2, 3, 4, 5].map(async (seed) => {
    const data = await certificatePhoto(1200, 900, seed);
    return { data, sha256: createHash('sha256').update(data).digest('hex') };
  }));
  for (const p of photos) {
    await client.json('PUT', `/v1/blobs/${p.sha256}`, BlobStatus, { size: p.data.length, mediaType: 'image/jpeg' });
    for (let i = 0; i * 512 * 1024 < p.data.length; i++) await client.bytes('PUT', `/v1/blobs/${p.sha256}/chunks/${i}`, BlobStatus, p.data.subarray(i * 512 * 1024, (i + 1) * 512 * 1024));
  }
  for (let i = 0; i < count; i++) {
    const p = photos[i % photos.length]!;
    const s = submission({ measures: [{ measure: 1 + (i % 12), performedOn: '2026-03-04', evidence: [{ kind: 'photo', blob: { sha256: p.sha256, size: p.data.length, mediaType: 'image/jpeg' } }] }] });
    await client.json('PUT', `/v1/submissions/${s.id}`, SubmissionReceipt, s);
  }
  const account = await staffAccount(db, 'bench.pruef', ['reviewer']);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    await page.goto(`${running.url}/bo/`);
    await page.getByLabel('Benutzername').fill(account.id);
    await page.getByLabel('Passwort').fill(account.password);
    await page.getByLabel('Code aus der Authenticator-App (6 Ziffern)').fill(totpCode(account.totpSecret, new Date()));
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('heading', { name: 'Prüfung: wartende Einreichungen' }).waitFor();
    let keystrokes = 0;
    await page.keyboard.press('p');
    keystrokes++;
    // The baseline in the same run and browser: a page round trip without a decision (Escape to the
    // queue, P to open the oldest again, until its photo is shown), so the ratio says what a
    // decision costs beyond moving between pages on this (loaded) machine.
    await page.waitForFunction(shownAfter, '');
    const roundTrips: number[] = [];
    for (let i = 0; i < baselineRuns; i++) {
      const t0 = performance.now();
      await page.keyboard.press('Escape');
      await page.getByRole('heading', { name: 'Prüfung: wartende Einreichungen' }).waitFor();
      await page.keyboard.press('p');
      await page.waitForFunction(shownAfter, '#/queue');
      roundTrips.push((performance.now() - t0) / 1000);
    }
    const perDecision: number[] = [];
    const keysPerDecision: number[] = [];
    let shown = '';
    for (let i = 0; i < count; i++) {
      // Shown: this submission's heading and its photo.
      await page.waitForFunction(shownAfter, shown);
      const t0 = performance.now();
      if (i === 0 && shots) {
        for (const size of [{ width: 1920, height: 1080 }, { width: 1366, height: 768 }]) {
          await page.setViewportSize(size);
          await page.screenshot({ path: join(shots, `review-${size.width}.png`) });
        }
        await page.setViewportSize({ width: 1920, height: 1080 });
      }
      shown = await page.evaluate(() => (globalThis as unknown as PageGlobals).location.hash);
      let keys = 0;
      await page.keyboard.press('a');
      keys++;
      await page.keyboard.press('Enter');
      keys++;
      keystrokes += keys;
      keysPerDecision.push(keys);
      if (i < count - 1) {
        await page.waitForFunction(shownAfter, shown);
      } else {
        await page.getByText('Keine Einreichung wartet.').waitFor();
      }
      perDecision.push((performance.now() - t0) / 1000);
    }
    const accepted = (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM submissions WHERE state = 'accepted'")).rows[0]?.n ?? 0;
    const result = {
      benchmark: 'backoffice-review',
      database: 'pglite',
      submissions: count,
      accepted,
      uiSecondsPerDecision: { median: round(median(perDecision), 3), max: round(Math.max(...perDecision), 3), total: round(perDecision.reduce((a, b) => a + b, 0), 1) },
      baselinePageRoundTripSeconds: { median: round(median(roundTrips), 3), max: round(Math.max(...roundTrips), 3), runs: baselineRuns },
      ratioToBaseline: round(median(perDecision) / median(roundTrips), 2),
      keystrokesPerAcceptedSubmission: round(median(keysPerDecision), 2),
      keystrokesTotal: keystrokes,
      targetKeystrokes: 2,
      meetsTarget: accepted === count && median(keysPerDecision) <= 2,
      ...environment(),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await browser.close();
    client.close();
    await running.stop();
    await db.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
