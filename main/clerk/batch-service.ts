import { readdir, rm, rmdir } from 'node:fs/promises';
import { readScannedPage } from '../../native/scanner/read-scanned-page';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { ClerkBatchListEntry, ClerkBatchView, ClerkBookingResult, ClerkPageDetail, EventPayload, StaffSessionView } from '../contract';
import { ContractError } from '../contract';
import { berlinDateOf, catalogFor, ruleSet2026 } from '../domain';
import { bookletTemplate, pageOf } from '../imaging/booklet/template';
import { isImagingError } from '../imaging/errors';
import type { BookletPageId } from '../imaging/booklet/qr-payload';
import type { PageRecognition } from '../imaging/recognition/recognize-page';
import type { Logger } from '../runtime/logger';
import type { StationService } from '../runtime/service';
import { appendAudit } from '../store/audit-log';
import type { ScannedPage } from '../../native/scanner/scanner';
import { bookBatch } from './batch-booking';
import {
  addScannedPage,
  closeBatch,
  countsOf,
  effectiveDecision,
  ensureOpenBatch,
  fieldsOf,
  getBatch,
  getPage,
  identifyPage,
  listBatches,
  openBatch,
  pagesOf,
  requeuePage,
  saveRecognition,
  saveRecognitionError,
  scanOf,
  summaryOf,
  unrecognizedPageIds,
  type PageRow,
} from './batch-store';
import { pageDetail, type BookletOwnerLookup } from './batch-view';

/** Recognizes one scanned page; in the station the imaging worker thread. */
export interface PageRecognizer {
  recognizePage(input: Buffer, options?: { pageId?: BookletPageId }): Promise<PageRecognition>;
  /** Ends the worker thread, if there is one. */
  stop?(): Promise<void>;
}

export interface ClerkBatchServiceOptions {
  db: Database;
  publish: (name: 'clerkBatch', payload: EventPayload<'clerkBatch'>) => void;
  log: Logger;
  recognizer: PageRecognizer;
  /** The signed-in clerk (or admin), or a forbidden error. */
  requireStaff: () => StaffSessionView;
  /** Who is signed in right now, if anyone: scans arriving from the scanner are theirs. */
  currentStaffId: () => string | null;
  ownerOf: BookletOwnerLookup;
  /**
   * Asks beyond this station for a booklet it does not know (BookletLinkSync.lookup: the
   * service, whose answer is kept in the register so ownerOf finds it from then on). Absent on
   * a station without a service.
   */
  resolveBooklet?: (bookletId: string) => Promise<'found' | 'unknown' | 'offline'>;
  /** The scanner service's inbox: pages a crash left there (scanned, not yet taken) are taken at start. */
  inboxDir?: string;
  now?: () => Date;
  /** How long opening a page waits for the service before it shows the lookup as pending (default 1.5 s). */
  openPageWaitMs?: number;
  /** How long booking waits for each lookup before the page waits as 'member-offline' (default 4 s). */
  bookingWaitMs?: number;
}

/** The promise's answer, or 'pending' when it has none within `ms` (it goes on running). */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | 'pending'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'pending'>((resolve) => {
    timer = setTimeout(() => resolve('pending'), ms);
    timer.unref?.();
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The clerk's batch queue: scanned pages land in the open batch (inside the encrypted
 * database, the scanner's file is removed), are recognized one after the other off the main
 * thread, verified by the clerk and booked as submissions. Every change publishes the batch's
 * counts as `clerkBatch`. Pages left unrecognized by a restart are recognized at start.
 */
export class ClerkBatchService implements StationService {
  readonly name = 'clerk-batch';
  private readonly queue: string[] = [];
  private running: Promise<void> | null = null;
  private stopped = true;
  private readonly now: () => Date;
  /** The last answer for booklets nobody here knows, and lookups in flight: asked again after `lookupRetryMs`. */
  private readonly lookups = new Map<string, { result: 'unknown' | 'offline'; at: number }>();
  private readonly inFlight = new Map<string, Promise<'found' | 'unknown' | 'offline'>>();
  static readonly lookupRetryMs = 30_000;
  static readonly openPageWaitMs = 1_500;
  static readonly bookingWaitMs = 4_000;

  constructor(private readonly options: ClerkBatchServiceOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async start(): Promise<void> {
    this.stopped = false;
    const left = unrecognizedPageIds(this.options.db);
    if (left.length > 0) this.options.log.info('resuming recognition', { pages: left.length });
    this.enqueue(left);
    await this.takeLeftInInbox();
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
        await this.takeScannedPage(folder.name, { page: Number(file.slice(5, file.indexOf('.'))), path: join(dir, file), sizeBytes: 0, format });
      }
      if (files.length > 0) this.options.log.info('pages left in the scan inbox taken', { pages: files.length });
      // An emptied batch folder goes; one still holding something (a half-written page) stays.
      await rmdir(dir).catch(() => undefined);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.queue.length = 0;
    // Ending the worker ends a recognition in flight; its page stays 'scanned' for the next start.
    await this.options.recognizer.stop?.();
    await this.running;
  }

  /** Resolves when every queued page has been recognized (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  // ------------------------------------------------------------------ pages from the scanner

  /** A page the scanner service finished: into the open batch, off the disk, into the queue. */
  async takeScannedPage(scanBatchId: string, page: ScannedPage): Promise<void> {
    const { db, log } = this.options;
    try {
      const scan = await readScannedPage(page.path);
      const batch = ensureOpenBatch(db, this.options.currentStaffId() ?? 'unknown', this.now());
      const row = addScannedPage(db, { batchId: batch.id, source: `scan:${scanBatchId}`, scan, now: this.now() });
      // The scan is health data: once it is in the encrypted database, no copy stays on disk in clear.
      await rm(page.path, { force: true });
      scan.fill(0);
      this.publishCounts(batch.id, row.id);
      this.enqueue([row.id]);
    } catch (error) {
      // Unreadable file, or the station shutting down: the file stays where it is, nothing half-stored.
      log.error('scanned page not taken into the batch', { page: page.page, reason: error instanceof Error ? error.name : 'unknown' });
    }
  }

  private enqueue(pageIds: string[]): void {
    if (this.stopped) return;
    this.queue.push(...pageIds);
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
  }

  private async drain(): Promise<void> {
    for (let pageId = this.queue.shift(); pageId !== undefined && !this.stopped; pageId = this.queue.shift()) await this.recognize(pageId);
    const open = openBatch(this.options.db);
    if (open) this.publishCounts(open.id, undefined, false);
  }

  private async recognize(pageId: string): Promise<void> {
    const { db, log } = this.options;
    const page = getPage(db, pageId);
    const scan = scanOf(db, pageId);
    if (!page || page.state !== 'scanned' || !scan) return;
    try {
      // A page the clerk identified by hand (its code unreadable) is recognized with that id.
      const hint: BookletPageId | undefined =
        page.kind === 'unidentified' && page.booklet_id && page.year && page.program && page.page_no ? { bookletId: page.booklet_id, year: page.year, program: page.program, page: page.page_no } : undefined;
      const result = await this.options.recognizer.recognizePage(scan, hint ? { pageId: hint } : undefined);
      saveRecognition(db, pageId, result);
      // A booklet printed at another station: asked in the background, the queue does not wait for the service.
      const bookletId = result.pageId?.bookletId;
      if (bookletId && !this.options.ownerOf(bookletId)) void this.resolveBooklet(bookletId).then(() => this.publishLate(page.batch_id, pageId));
      log.info('page recognized', { kind: result.kind, fields: result.fields.length, unsure: result.fields.filter((f) => f.decision === 'unsure').length });
    } catch (error) {
      if (this.stopped) return;
      // A corrupt or oversized file, or a crashed worker: the page says why, the batch goes on.
      const code = isImagingError(error) ? error.code : 'internal';
      saveRecognitionError(db, pageId, code);
      log.warn('page recognition failed', { code });
    }
    this.publishCounts(page.batch_id, pageId, this.queue.length > 0);
  }

  private publishCounts(batchId: string, pageId?: string, recognizing = this.running !== null || this.queue.length > 0): void {
    this.options.publish('clerkBatch', { batchId, counts: countsOf(this.options.db, batchId), recognizing, ...(pageId ? { pageId } : {}) });
  }

  // ------------------------------------------------------------------ clerk's methods

  openBatch(): ClerkBatchView {
    const staff = this.options.requireStaff();
    return this.batchView(ensureOpenBatch(this.options.db, staff.staffId, this.now()).id);
  }

  listBatches(): ClerkBatchListEntry[] {
    this.options.requireStaff();
    return listBatches(this.options.db);
  }

  getBatch(batchId: string): ClerkBatchView {
    this.options.requireStaff();
    return this.batchView(batchId);
  }

  closeBatch(batchId: string): ClerkBatchListEntry {
    const staff = this.options.requireStaff();
    const batch = this.batchRow(batchId);
    closeBatch(this.options.db, batch.id, this.now());
    this.audit(staff, 'clerk.batch.close', `batch:${batch.id}`);
    return listBatches(this.options.db).find((b) => b.id === batchId) ?? { id: batch.id, state: 'closed', createdAt: batch.created_at, counts: countsOf(this.options.db, batch.id) };
  }

  getPage(pageId: string): ClerkPageDetail {
    this.options.requireStaff();
    return this.detail(this.pageRow(pageId));
  }

  setFieldDecision(pageId: string, measure: number, decision: 'stamped' | 'empty' | null): ClerkPageDetail {
    const staff = this.options.requireStaff();
    const page = this.editable(pageId);
    const changed = this.options.db.prepare('UPDATE clerk_field SET decision = ? WHERE page_id = ? AND measure = ?').run(decision, page.id, measure).changes;
    if (changed === 0) throw new ContractError('not_found', 'This page has no such field');
    this.audit(staff, 'clerk.field.decide', `page:${page.id}`, `measure=${measure} decision=${decision ?? 'recognized'}`);
    return this.changed(page.id);
  }

  /** A stamp of another day than the page's: its own date (null: the page's date again). */
  setFieldDate(pageId: string, measure: number, performedOn: string | null): ClerkPageDetail {
    const staff = this.options.requireStaff();
    const page = this.editable(pageId);
    if (performedOn !== null) this.checkDate(page, performedOn);
    const changed = this.options.db.prepare('UPDATE clerk_field SET performed_on = ? WHERE page_id = ? AND measure = ?').run(performedOn, page.id, measure).changes;
    if (changed === 0) throw new ContractError('not_found', 'This page has no such field');
    this.audit(staff, 'clerk.field.date', `page:${page.id}`, `measure=${measure} date=${performedOn ?? 'page'}`);
    return this.changed(page.id);
  }

  /**
   * The member of a booklet this station does not know, from the service (kept in the register).
   * A recent 'unknown' or 'offline' answer is reused unless `force` (booking asks again).
   */
  async resolveBooklet(bookletId: string, force = false): Promise<'found' | 'unknown' | 'offline'> {
    if (this.options.ownerOf(bookletId)) return 'found';
    const resolve = this.options.resolveBooklet;
    if (!resolve) return 'offline';
    const last = this.lookups.get(bookletId);
    if (!force && last && this.now().getTime() - last.at < ClerkBatchService.lookupRetryMs) return last.result;
    let flight = this.inFlight.get(bookletId);
    if (!flight) {
      flight = resolve(bookletId)
        .catch(() => 'offline' as const)
        .then((result) => {
          if (result === 'found') this.lookups.delete(bookletId);
          else this.lookups.set(bookletId, { result, at: this.now().getTime() });
          return result;
        })
        .finally(() => this.inFlight.delete(bookletId));
      this.inFlight.set(bookletId, flight);
    }
    return flight;
  }

  /**
   * A booklet id the clerk typed for a page (reassign, identify): asked at the service when this
   * station does not know it, for as long as opening a page waits. The change itself needs no
   * owner; if the answer is late, the page says the lookup is pending and its event goes out
   * when the answer comes, as for an opened page.
   */
  async lookupForClerk(bookletId: string, pageId: string): Promise<void> {
    this.options.requireStaff();
    const page = getPage(this.options.db, pageId);
    if (page) await this.resolveWithin(bookletId, this.options.openPageWaitMs ?? ClerkBatchService.openPageWaitMs, page.batch_id, pageId);
  }

  /**
   * The page for the verifier, after asking the service about its booklet if this station does
   * not know it – but for a short while only: a service that does not answer (packets lost, not
   * refused) must not keep the clerk waiting. The page then says the lookup is pending, and when
   * the answer comes the page's batch event goes out, so the desk shows the page again.
   */
  async openPage(pageId: string): Promise<ClerkPageDetail> {
    const page = this.getPage(pageId);
    if (page.bookletId && !page.member) await this.resolveWithin(page.bookletId, this.options.openPageWaitMs ?? ClerkBatchService.openPageWaitMs, page.batchId, page.id);
    return this.getPage(pageId);
  }

  /**
   * Books the batch after asking the service once more about every booklet still unknown here,
   * all at once and each for a few seconds at most: a page whose booklet is still unanswered
   * then waits as 'member-offline' (verified, nothing lost) for the next booking.
   */
  async bookResolving(batchId: string): Promise<ClerkBookingResult> {
    this.options.requireStaff();
    const batch = this.batchRow(batchId);
    const unknown = new Set(pagesOf(this.options.db, batch.id).flatMap((p) => (p.state === 'verified' && p.booklet_id && !this.options.ownerOf(p.booklet_id) ? [p.booklet_id] : [])));
    const wait = this.options.bookingWaitMs ?? ClerkBatchService.bookingWaitMs;
    await Promise.all([...unknown].map((id) => this.resolveWithin(id, wait, batch.id, undefined, true)));
    return this.book(batchId);
  }

  /**
   * Asks about a booklet (resolveBooklet) for `ms` at most; an answer that comes later goes out
   * as the batch's event (naming the page, if one waits for it) when it comes.
   */
  private async resolveWithin(bookletId: string, ms: number, batchId: string, pageId?: string, force = false): Promise<void> {
    const flight = this.resolveBooklet(bookletId, force);
    if ((await within(flight, ms)) === 'pending') void flight.then(() => this.publishLate(batchId, pageId));
  }

  /** A lookup answered after its caller stopped waiting: the batch's counts (and the page) go out, unless the station stopped meanwhile. */
  private publishLate(batchId: string, pageId?: string): void {
    if (this.stopped) return;
    try {
      this.publishCounts(batchId, pageId);
    } catch (error) {
      this.options.log.warn('late booklet lookup not published', { reason: error instanceof Error ? error.name : 'unknown' });
    }
  }

  /** Another part of the desk changed a page (a legacy page assigned): the batch's counts go out. */
  pageChanged(pageId: string): void {
    const page = getPage(this.options.db, pageId);
    if (page) this.publishCounts(page.batch_id, page.id);
  }

  /** The one-key accept: the recognition stands for every decided field, the page is verified with its date. */
  verifyPage(pageId: string, performedOn: string): ClerkPageDetail {
    const staff = this.options.requireStaff();
    const page = this.editable(pageId);
    if (page.kind !== 'booklet_page') throw new ContractError('conflict', 'Only a recognized booklet page can be verified');
    if (fieldsOf(this.options.db, page.id).some((f) => effectiveDecision(f) === 'unsure')) throw new ContractError('conflict', 'Unsure fields must be decided first', ['fields']);
    this.checkDate(page, performedOn);
    this.options.db
      .prepare("UPDATE clerk_page SET state = 'verified', performed_on = ?, verified_by = ?, verified_at = ? WHERE id = ?")
      .run(performedOn, staff.staffId, this.now().toISOString(), page.id);
    this.audit(staff, 'clerk.page.verify', `page:${page.id}`);
    return this.changed(page.id);
  }

  reopenPage(pageId: string): ClerkPageDetail {
    const staff = this.options.requireStaff();
    const page = this.pageRow(pageId);
    if (page.state !== 'verified') throw new ContractError('conflict', 'Only a verified page can be reopened');
    this.options.db.prepare("UPDATE clerk_page SET state = 'recognized', verified_by = NULL, verified_at = NULL WHERE id = ?").run(page.id);
    this.audit(staff, 'clerk.page.reopen', `page:${page.id}`);
    return this.changed(page.id);
  }

  /** The page belongs to another booklet than its code says (or the code was unreadable). */
  reassignPage(pageId: string, bookletId: string): ClerkPageDetail {
    const staff = this.options.requireStaff();
    const page = this.editable(pageId);
    if (page.kind !== 'booklet_page') throw new ContractError('conflict', 'Only a booklet page with recognized fields can be reassigned');
    if (page.booklet_id === bookletId) return this.detail(page);
    this.options.db.prepare('UPDATE clerk_page SET booklet_id = ?, reassigned = 1 WHERE id = ?').run(bookletId, page.id);
    this.audit(staff, 'clerk.page.reassign', `page:${page.id}`, `booklet=${bookletId}`);
    return this.changed(page.id);
  }

  /**
   * A page with corner marks whose code could not be read: the clerk reads booklet number and
   * page number off the paper, and the page is recognized again with them.
   */
  identifyPage(pageId: string, bookletId: string, pageNo: number): ClerkPageDetail {
    const staff = this.options.requireStaff();
    const page = this.editable(pageId);
    if (page.kind !== 'unidentified') throw new ContractError('conflict', 'Only a page whose code was unreadable is identified by hand');
    const owner = this.options.ownerOf(bookletId);
    if (!owner?.year || !owner.program) throw new ContractError('not_found', 'This booklet is not registered', ['bookletId']);
    const layout = pageOf(bookletTemplate(owner.program, catalogFor(`${owner.year}-12-31`) ?? ruleSet2026), pageNo);
    if (!layout) throw new ContractError('invalid_input', 'The booklet has no such page', ['pageNo']);
    if (!identifyPage(this.options.db, page.id, { bookletId, year: owner.year, program: owner.program, pageNo })) throw new ContractError('conflict', 'The scan of this page is no longer there');
    this.audit(staff, 'clerk.page.identify', `page:${page.id}`, `booklet=${bookletId} page=${pageNo}`);
    this.enqueue([page.id]);
    return this.changed(page.id);
  }

  flagPage(pageId: string, flagged: boolean, note?: string): ClerkPageDetail {
    const staff = this.options.requireStaff();
    const page = this.pageRow(pageId);
    if (page.state === 'booked') throw new ContractError('conflict', 'A booked page cannot be flagged');
    this.options.db.prepare('UPDATE clerk_page SET flagged = ?, flag_note = ? WHERE id = ?').run(flagged ? 1 : 0, flagged ? (note ?? null) : null, page.id);
    this.audit(staff, flagged ? 'clerk.page.flag' : 'clerk.page.unflag', `page:${page.id}`);
    return this.changed(page.id);
  }

  retryPage(pageId: string): ClerkPageDetail {
    this.options.requireStaff();
    const page = this.pageRow(pageId);
    if (!requeuePage(this.options.db, page.id)) throw new ContractError('conflict', 'Only a page in error with its scan can be recognized again');
    this.enqueue([page.id]);
    return this.changed(page.id);
  }

  book(batchId: string): ClerkBookingResult {
    const staff = this.options.requireStaff();
    const batch = this.batchRow(batchId);
    // A lookup still running counts as offline: the page waits and booking asks again.
    const offline = (id: string) => this.inFlight.has(id) || this.lookups.get(id)?.result === 'offline';
    const result = bookBatch(this.options.db, { batchId: batch.id, ownerOf: this.options.ownerOf, offline, staffId: staff.staffId, now: this.now() });
    this.options.log.info('batch booked', { submissions: result.submissions, pages: result.pagesBooked, measures: result.measuresBooked, skipped: result.skipped.length });
    this.publishCounts(batch.id);
    return result;
  }

  // ------------------------------------------------------------------ helpers

  private batchView(batchId: string): ClerkBatchView {
    const batch = this.batchRow(batchId);
    const { db } = this.options;
    return { id: batch.id, state: batch.state, createdAt: batch.created_at, counts: countsOf(db, batch.id), pages: pagesOf(db, batch.id).map((p) => summaryOf(db, p)) };
  }

  private batchRow(batchId: string) {
    const batch = getBatch(this.options.db, batchId);
    if (!batch) throw new ContractError('not_found', 'No such batch');
    return batch;
  }

  private pageRow(pageId: string): PageRow {
    const page = getPage(this.options.db, pageId);
    if (!page) throw new ContractError('not_found', 'No such page');
    return page;
  }

  /** Decisions change only before verification; a verified page is reopened first, a booked one never. */
  private editable(pageId: string): PageRow {
    const page = this.pageRow(pageId);
    if (page.state !== 'recognized') throw new ContractError('conflict', `A ${page.state} page cannot be changed`);
    return page;
  }

  private detail(page: PageRow): ClerkPageDetail {
    const owner = page.booklet_id ? this.options.ownerOf(page.booklet_id) : null;
    const lookup = page.booklet_id && !owner ? (this.inFlight.has(page.booklet_id) ? 'pending' : (this.lookups.get(page.booklet_id)?.result ?? (this.options.resolveBooklet ? null : 'offline'))) : null;
    return pageDetail(this.options.db, page, owner, berlinDateOf(this.now().getTime()), lookup);
  }

  /** A stamp's date lies in the booklet's year and not in the future. */
  private checkDate(page: PageRow, performedOn: string): void {
    if (page.year && !performedOn.startsWith(`${page.year}-`)) throw new ContractError('invalid_input', 'The date must lie in the booklet year', ['performedOn']);
    if (performedOn > berlinDateOf(this.now().getTime())) throw new ContractError('invalid_input', 'The date must not lie in the future', ['performedOn']);
  }

  private changed(pageId: string): ClerkPageDetail {
    const page = this.pageRow(pageId);
    this.publishCounts(page.batch_id, page.id);
    return this.detail(page);
  }

  private audit(staff: StaffSessionView, action: string, subject: string, detail?: string): void {
    appendAudit(this.options.db, { actor: `staff:${staff.staffId}`, action, subject, ...(detail ? { detail } : {}) }, this.now());
  }
}
