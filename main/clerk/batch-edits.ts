import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { ClerkBatchListEntry, ClerkBatchView, ClerkBookingResult, ClerkPageDetail, StaffSessionView } from '../contract';
import { ContractError } from '../contract';
import { berlinDateOf, catalogFor, ruleSet2026 } from '../domain';
import { bookletTemplate, pageOf } from '../imaging/booklet/template';
import type { Logger } from '../runtime/logger';
import { appendAudit } from '../store/audit-log';
import { bookBatch } from './batch-booking';
import type { BatchEvents } from './batch-events';
import * as store from './batch-store';
import { pageDetail, type BookletOwnerLookup } from './batch-view';
import type { BookletLookup } from './booklet-lookup';
import type { RecognitionQueue } from './recognition-queue';

export interface BatchEditsOptions {
  db: Database;
  events: BatchEvents;
  lookup: BookletLookup;
  queue: RecognitionQueue;
  ownerOf: BookletOwnerLookup;
  /** The signed-in clerk (or admin), or a forbidden error. */
  requireStaff: () => StaffSessionView;
  log: Logger;
  now: () => Date;
  /** How long opening a page waits for the service before it shows the lookup as pending (default 1.5 s). */
  openPageWaitMs?: number;
  /** How long booking waits for each lookup before the page waits as 'member-offline' (default 4 s). */
  bookingWaitMs?: number;
}

/**
 * What the clerk does with a batch: open and close it, verify its pages field by field
 * (keyboard-first on the screen), correct what recognition got wrong, and book it. Only signed-in
 * staff; every change is audited with the staff id and publishes the batch's counts.
 */
export class BatchEdits {
  static readonly openPageWaitMs = 1_500;
  static readonly bookingWaitMs = 4_000;

  constructor(private readonly options: BatchEditsOptions) {}

  openBatch(): ClerkBatchView {
    const staff = this.options.requireStaff();
    return this.batchView(store.ensureOpenBatch(this.options.db, staff.staffId, this.options.now()).id);
  }

  listBatches(): ClerkBatchListEntry[] {
    this.options.requireStaff();
    return store.listBatches(this.options.db);
  }

  getBatch(batchId: string): ClerkBatchView {
    this.options.requireStaff();
    return this.batchView(batchId);
  }

  closeBatch(batchId: string): ClerkBatchListEntry {
    const { db } = this.options;
    const staff = this.options.requireStaff();
    const batch = this.batchRow(batchId);
    store.closeBatch(db, batch.id, this.options.now());
    this.audit(staff, 'clerk.batch.close', `batch:${batch.id}`);
    return store.listBatches(db).find((b) => b.id === batchId) ?? { id: batch.id, state: 'closed', createdAt: batch.created_at, counts: store.countsOf(db, batch.id) };
  }

  getPage(pageId: string): ClerkPageDetail {
    this.options.requireStaff();
    return this.detail(this.pageRow(pageId));
  }

  /**
   * The page for the verifier, after asking the service about its booklet if this station does
   * not know it – but for a short while only: a service that does not answer (packets lost, not
   * refused) must not keep the clerk waiting. The page then says the lookup is pending, and when
   * the answer comes the page's batch event goes out, so the desk shows the page again.
   */
  async openPage(pageId: string): Promise<ClerkPageDetail> {
    const page = this.getPage(pageId);
    if (page.bookletId && !page.member) await this.options.lookup.resolveWithin(page.bookletId, this.openPageWait(), page.batchId, page.id);
    return this.getPage(pageId);
  }

  /**
   * A booklet id the clerk typed for a page (reassign, identify): asked at the service when this
   * station does not know it, for as long as opening a page waits. The change itself needs no
   * owner; if the answer is late, the page says the lookup is pending and its event goes out
   * when the answer comes, as for an opened page.
   */
  async lookupForClerk(bookletId: string, pageId: string): Promise<void> {
    this.options.requireStaff();
    const page = store.getPage(this.options.db, pageId);
    if (page) await this.options.lookup.resolveWithin(bookletId, this.openPageWait(), page.batch_id, pageId);
  }

  setFieldDecision(pageId: string, measure: number, decision: 'stamped' | 'empty' | null): ClerkPageDetail {
    const staff = this.options.requireStaff();
    const page = this.editable(pageId);
    if (!store.decideField(this.options.db, page.id, measure, decision)) throw new ContractError('not_found', 'This page has no such field');
    this.audit(staff, 'clerk.field.decide', `page:${page.id}`, `measure=${measure} decision=${decision ?? 'recognized'}`);
    return this.changed(page.id);
  }

  /** A stamp of another day than the page's: its own date (null: the page's date again). */
  setFieldDate(pageId: string, measure: number, performedOn: string | null): ClerkPageDetail {
    const staff = this.options.requireStaff();
    const page = this.editable(pageId);
    if (performedOn !== null) this.checkDate(page, performedOn);
    if (!store.dateField(this.options.db, page.id, measure, performedOn)) throw new ContractError('not_found', 'This page has no such field');
    this.audit(staff, 'clerk.field.date', `page:${page.id}`, `measure=${measure} date=${performedOn ?? 'page'}`);
    return this.changed(page.id);
  }

  /** The one-key accept: the recognition stands for every decided field, the page is verified with its date. */
  verifyPage(pageId: string, performedOn: string): ClerkPageDetail {
    const staff = this.options.requireStaff();
    const page = this.editable(pageId);
    if (page.kind !== 'booklet_page') throw new ContractError('conflict', 'Only a recognized booklet page can be verified');
    if (store.fieldsOf(this.options.db, page.id).some((f) => store.effectiveDecision(f) === 'unsure')) throw new ContractError('conflict', 'Unsure fields must be decided first', ['fields']);
    this.checkDate(page, performedOn);
    store.verifyPage(this.options.db, page.id, { performedOn, staffId: staff.staffId, at: this.options.now() });
    this.audit(staff, 'clerk.page.verify', `page:${page.id}`);
    return this.changed(page.id);
  }

  reopenPage(pageId: string): ClerkPageDetail {
    const staff = this.options.requireStaff();
    const page = this.pageRow(pageId);
    if (page.state !== 'verified') throw new ContractError('conflict', 'Only a verified page can be reopened');
    store.reopenPage(this.options.db, page.id);
    this.audit(staff, 'clerk.page.reopen', `page:${page.id}`);
    return this.changed(page.id);
  }

  /** The page belongs to another booklet than its code says (or the code was unreadable). */
  reassignPage(pageId: string, bookletId: string): ClerkPageDetail {
    const staff = this.options.requireStaff();
    const page = this.editable(pageId);
    if (page.kind !== 'booklet_page') throw new ContractError('conflict', 'Only a booklet page with recognized fields can be reassigned');
    if (page.booklet_id === bookletId) return this.detail(page);
    store.reassignPage(this.options.db, page.id, bookletId);
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
    if (!store.identifyPage(this.options.db, page.id, { bookletId, year: owner.year, program: owner.program, pageNo })) throw new ContractError('conflict', 'The scan of this page is no longer there');
    this.audit(staff, 'clerk.page.identify', `page:${page.id}`, `booklet=${bookletId} page=${pageNo}`);
    this.options.queue.enqueue([page.id]);
    return this.changed(page.id);
  }

  flagPage(pageId: string, flagged: boolean, note?: string): ClerkPageDetail {
    const staff = this.options.requireStaff();
    const page = this.pageRow(pageId);
    if (page.state === 'booked') throw new ContractError('conflict', 'A booked page cannot be flagged');
    store.flagPage(this.options.db, page.id, flagged, note ?? null);
    this.audit(staff, flagged ? 'clerk.page.flag' : 'clerk.page.unflag', `page:${page.id}`);
    return this.changed(page.id);
  }

  retryPage(pageId: string): ClerkPageDetail {
    this.options.requireStaff();
    const page = this.pageRow(pageId);
    if (!store.requeuePage(this.options.db, page.id)) throw new ContractError('conflict', 'Only a page in error with its scan can be recognized again');
    this.options.queue.enqueue([page.id]);
    return this.changed(page.id);
  }

  /**
   * Books the batch after asking the service once more about every booklet still unknown here,
   * all at once and each for a few seconds at most: a page whose booklet is still unanswered
   * then waits as 'member-offline' (verified, nothing lost) for the next booking.
   */
  async bookResolving(batchId: string): Promise<ClerkBookingResult> {
    this.options.requireStaff();
    const batch = this.batchRow(batchId);
    const { ownerOf, lookup } = this.options;
    const unknown = new Set(store.pagesOf(this.options.db, batch.id).flatMap((p) => (p.state === 'verified' && p.booklet_id && !ownerOf(p.booklet_id) ? [p.booklet_id] : [])));
    const wait = this.options.bookingWaitMs ?? BatchEdits.bookingWaitMs;
    await Promise.all([...unknown].map((id) => lookup.resolveWithin(id, wait, batch.id, undefined, true)));
    return this.book(batchId);
  }

  book(batchId: string): ClerkBookingResult {
    const staff = this.options.requireStaff();
    const batch = this.batchRow(batchId);
    const result = bookBatch(this.options.db, { batchId: batch.id, ownerOf: this.options.ownerOf, offline: (id) => this.options.lookup.isOffline(id), staffId: staff.staffId, now: this.options.now() });
    this.options.log.info('batch booked', { submissions: result.submissions, pages: result.pagesBooked, measures: result.measuresBooked, skipped: result.skipped.length });
    this.options.events.counts(batch.id);
    return result;
  }

  // ------------------------------------------------------------------ helpers

  private batchView(batchId: string): ClerkBatchView {
    const { db } = this.options;
    const batch = this.batchRow(batchId);
    return { id: batch.id, state: batch.state, createdAt: batch.created_at, counts: store.countsOf(db, batch.id), pages: store.pagesOf(db, batch.id).map((p) => store.summaryOf(db, p)) };
  }

  private batchRow(batchId: string): store.BatchRow {
    const batch = store.getBatch(this.options.db, batchId);
    if (!batch) throw new ContractError('not_found', 'No such batch');
    return batch;
  }

  private pageRow(pageId: string): store.PageRow {
    const page = store.getPage(this.options.db, pageId);
    if (!page) throw new ContractError('not_found', 'No such page');
    return page;
  }

  /** Decisions change only before verification; a verified page is reopened first, a booked one never. */
  private editable(pageId: string): store.PageRow {
    const page = this.pageRow(pageId);
    if (page.state !== 'recognized') throw new ContractError('conflict', `A ${page.state} page cannot be changed`);
    return page;
  }

  private detail(page: store.PageRow): ClerkPageDetail {
    const owner = page.booklet_id ? this.options.ownerOf(page.booklet_id) : null;
    const lookup = page.booklet_id && !owner ? this.options.lookup.stateOf(page.booklet_id) : null;
    return pageDetail(this.options.db, page, owner, this.options.now(), lookup);
  }

  /** A stamp's date lies in the booklet's year and not in the future. */
  private checkDate(page: store.PageRow, performedOn: string): void {
    if (page.year && !performedOn.startsWith(`${page.year}-`)) throw new ContractError('invalid_input', 'The date must lie in the booklet year', ['performedOn']);
    if (performedOn > this.today()) throw new ContractError('invalid_input', 'The date must not lie in the future', ['performedOn']);
  }

  private changed(pageId: string): ClerkPageDetail {
    const page = this.pageRow(pageId);
    this.options.events.counts(page.batch_id, page.id);
    return this.detail(page);
  }

  private today(): string {
    return berlinDateOf(this.options.now().getTime());
  }

  private openPageWait(): number {
    return this.options.openPageWaitMs ?? BatchEdits.openPageWaitMs;
  }

  private audit(staff: StaffSessionView, action: string, subject: string, detail?: string): void {
    appendAudit(this.options.db, { actor: `staff:${staff.staffId}`, action, subject, ...(detail ? { detail } : {}) }, this.options.now());
  }
}
