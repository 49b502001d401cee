import { readdir, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { Logger } from '../runtime/logger';
import type { StationService } from '../runtime/service';
import { readScannedPage } from '../../native/scanner/read-scanned-page';
import type { ScannedPage } from '../../native/scanner/scanner';
import type { BatchEvents } from './batch-events';
import { addScannedPage, ensureOpenBatch } from './batch-store';
import type { RecognitionQueue } from './recognition-queue';

export interface BatchIntakeOptions {
  db: Database;
  queue: RecognitionQueue;
  events: BatchEvents;
  log: Logger;
  /** Who is signed in right now, if anyone: scans arriving from the scanner are theirs. */
  currentStaffId: () => string | null;
  /** The scanner service's inbox: pages a crash left there (scanned, not yet taken) are taken at start. */
  inboxDir?: string;
  now: () => Date;
}

/**
 * Scanned pages into the open batch: inside the encrypted database, off the disk (the scanner's
 * file is removed), and into the recognition queue.
 */
export class BatchIntake implements StationService {
  readonly name = 'clerk-intake';

  constructor(private readonly options: BatchIntakeOptions) {}

  async start(): Promise<void> {
    await this.takeLeftInInbox();
  }

  stop(): void {}

  /** A page the scanner service finished. */
  async take(scanBatchId: string, page: ScannedPage): Promise<void> {
    const { db, log, now } = this.options;
    try {
      const scan = await readScannedPage(page.path);
      const batch = ensureOpenBatch(db, this.options.currentStaffId() ?? 'unknown', now());
      const row = addScannedPage(db, { batchId: batch.id, source: `scan:${scanBatchId}`, scan, now: now() });
      // The scan is health data: once it is in the encrypted database, no copy stays on disk in clear.
      await rm(page.path, { force: true });
      scan.fill(0);
      this.options.events.counts(batch.id, row.id);
      this.options.queue.enqueue([row.id]);
    } catch (error) {
      // Unreadable file, or the station shutting down: the file stays where it is, nothing half-stored.
      log.error('scanned page not taken into the batch', { page: page.page, reason: error instanceof Error ? error.name : 'unknown' });
    }
  }

  /** Pages scanned before a crash but never taken: into the open batch, in the order they were scanned. */
  private async takeLeftInInbox(): Promise<void> {
    const inbox = this.options.inboxDir;
    if (!inbox) return;
    const folders = await readdir(inbox, { withFileTypes: true }).catch(() => []);
    for (const folder of folders.filter((f) => f.isDirectory())) {
      const dir = join(inbox, folder.name);
      const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => /^page-\d+\.(png|pnm|tiff|jpg)$/.test(f)).sort();
      for (const file of files) {
        const format = file.endsWith('.jpg') ? 'jpeg' : (file.slice(file.lastIndexOf('.') + 1) as 'png' | 'pnm' | 'tiff');
        await this.take(folder.name, { page: Number(file.slice(5, file.indexOf('.'))), path: join(dir, file), sizeBytes: 0, format });
      }
      if (files.length > 0) this.options.log.info('pages left in the scan inbox taken', { pages: files.length });
      // An emptied batch folder goes; one still holding something (a half-written page) stays.
      await rmdir(dir).catch(() => undefined);
    }
  }
}
