import { expect, type Locator, type Page } from '@playwright/test';
import sharp from 'sharp';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { join } from 'node:path';
import { SubmissionUpload } from '../../main/contract/service-api';
import type { PageCanvas } from '../../main/imaging/booklet/page-canvas';
import { openStationDatabase } from '../../main/store/database';
import { loadAuditKey, loadDatabaseKey } from '../../main/store/key-file';
import type { RunningStation } from './station-host';
import { year as testYear } from './test-day';
import { scannedBookletPage, type PageMark } from '../support/imaging/booklet-pages';
export { scannedBookletPage, type PageMark };

/** Opens the running station's encrypted database with its key files, for a look from outside; closed again after `fn`. */
export function withStationDatabase<T>(station: RunningStation, fn: (db: Database) => T): T {
  const { key } = loadDatabaseKey({ keyFile: join(station.dataDir, 'station.key'), databaseExists: true, env: {} });
  const auditKey = (chainKeyed: boolean) => loadAuditKey({ keyFile: join(station.dataDir, 'audit.key'), chainKeyed, env: {} });
  const store = openStationDatabase({ path: join(station.dataDir, 'station.db'), key, auditKey, create: false });
  try {
    return fn(store.db);
  } finally {
    store.close();
  }
}

export interface OutboxEntry {
  submission: SubmissionUpload;
  /** The evidence the submission waits to upload, in the outbox's order. */
  blobs: { type: string; size: number }[];
}

/** What the station's sync outbox holds: every queued submission (checked against the contract) with its evidence. */
export function readOutbox(station: RunningStation): OutboxEntry[] {
  return withStationDatabase(station, (db) => {
    const rows = db.prepare('SELECT submission_id, payload FROM sync_outbox').all() as { submission_id: string; payload: string }[];
    const blobs = db.prepare('SELECT b.media_type AS type, b.size FROM sync_outbox_blobs ob JOIN sync_blobs b ON b.sha256 = ob.sha256 WHERE ob.submission_id = ?');
    return rows.map((r) => ({ submission: SubmissionUpload.parse(JSON.parse(r.payload)), blobs: blobs.all(r.submission_id) as OutboxEntry['blobs'] }));
  });
}

type Box = { x: number; y: number; width: number; height: number };

/**
 * Where a box of the legacy page (in mm) lies on the straightened page the region editor shows,
 * as shares of the editor's image: the scan has a 60 px lid border around the page, and the
 * editor scales the archive copy to its viewBox.
 */
export async function legacyBoxShare(image: Locator, canvas: PageCanvas): Promise<(box: Box) => Box> {
  const size = await image.evaluate((svg) => ({ width: (svg as SVGSVGElement).viewBox.baseVal.width, height: (svg as SVGSVGElement).viewBox.baseVal.height }));
  const scale = size.width / (canvas.width + 120);
  return (box) => ({
    x: ((box.x * canvas.pxPerMm + 60) * scale) / size.width,
    y: ((box.y * canvas.pxPerMm + 60) * scale) / size.height,
    width: (box.width * canvas.pxPerMm * scale) / size.width,
    height: (box.height * canvas.pxPerMm * scale) / size.height,
  });
}

/**
 * A booklet page of the issued booklet with marks in the given fields (0-based), scanned with corpus conditions, as the pnm backend reads it (binary PGM).
 * Its code names the test day's year (test/e2e/test-day.ts) unless another is given: the year of the booklets the specs issue.
 */
export async function scannedPage(bookletId: string, page: number, marks: Record<number, PageMark>, seed: number, smudgedCode = false, year = testYear): Promise<Buffer> {
  const { data, info } = await sharp(await scannedBookletPage(bookletId, page, marks, seed, smudgedCode, year)).greyscale().raw().toBuffer({ resolveWithObject: true });
  return Buffer.concat([Buffer.from(`P5\n${info.width} ${info.height}\n255\n`), data]);
}

/**
 * Chooses the workstation's scanner in the scanner view (`deviceId` as "sane:pnm:0") and goes
 * back to verifying; scanning itself is in the strip beside the queue.
 */
export async function chooseScanner(page: Page, deviceId: string) {
  await page.getByRole('tab', { name: /Scanner/ }).click();
  await expect(page.getByLabel('Gerät')).toContainText(deviceId.replace(/^sane:/, ''), { timeout: 30_000 });
  await page.getByLabel('Gerät').selectOption(deviceId);
  await page.getByRole('tab', { name: /Prüfen/ }).click();
}
