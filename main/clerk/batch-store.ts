import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { ClerkBatchCounts, ClerkBatchListEntry, ClerkFieldDecision, ClerkPageKind, ClerkPageState, ClerkPageSummary } from '../contract';
import type { PageRecognition } from '../imaging/recognition/recognize-page';

/**
 * The batch queue's rows in the encrypted station database (migration 7). Plain functions on
 * the database; the service decides when to call them and publishes what changed.
 */

export interface BatchRow {
  id: string;
  state: 'open' | 'closed';
  created_at: string;
  created_by: string;
}

export interface PageRow {
  id: string;
  batch_id: string;
  seq: number;
  state: ClerkPageState;
  error: string | null;
  kind: ClerkPageKind | null;
  booklet_id: string | null;
  year: number | null;
  program: 'adult' | 'child' | null;
  page_no: number | null;
  reassigned: number;
  upside_down: number;
  archive_width: number | null;
  archive_height: number | null;
  performed_on: string | null;
  flagged: number;
  flag_note: string | null;
  submission_id: string | null;
}

export interface FieldRow {
  measure: number;
  recognized: ClerkFieldDecision;
  confidence: number;
  ink_share: number;
  decision: 'stamped' | 'empty' | null;
  /** The clerk's date for this stamp; null: the page's date. */
  performed_on: string | null;
}

const pageColumns =
  'id, batch_id, seq, state, error, kind, booklet_id, year, program, page_no, reassigned, upside_down, archive_width, archive_height, performed_on, flagged, flag_note, submission_id';

export function openBatch(db: Database): BatchRow | undefined {
  return db.prepare("SELECT id, state, created_at, created_by FROM clerk_batch WHERE state = 'open'").get() as BatchRow | undefined;
}

export function getBatch(db: Database, batchId: string): BatchRow | undefined {
  return db.prepare('SELECT id, state, created_at, created_by FROM clerk_batch WHERE id = ?').get(batchId) as BatchRow | undefined;
}

/** The open batch, or a new one: at most one is open (a unique index makes sure). */
export function ensureOpenBatch(db: Database, createdBy: string, now: Date): BatchRow {
  return db.transaction(() => {
    const open = openBatch(db);
    if (open) return open;
    const row: BatchRow = { id: randomUUID(), state: 'open', created_at: now.toISOString(), created_by: createdBy };
    db.prepare('INSERT INTO clerk_batch (id, state, created_at, created_by) VALUES (?, ?, ?, ?)').run(row.id, row.state, row.created_at, row.created_by);
    return row;
  }).immediate();
}

export function closeBatch(db: Database, batchId: string, now: Date): void {
  db.prepare("UPDATE clerk_batch SET state = 'closed', closed_at = ? WHERE id = ? AND state = 'open'").run(now.toISOString(), batchId);
}

/** Batches to show: the open one and every batch with pages not yet booked, newest first, plus the last few done. */
export function listBatches(db: Database): ClerkBatchListEntry[] {
  const rows = db
    .prepare(
      `SELECT id, state, created_at FROM clerk_batch b
        WHERE state = 'open' OR EXISTS (SELECT 1 FROM clerk_page p WHERE p.batch_id = b.id AND p.state <> 'booked')
           OR id IN (SELECT id FROM clerk_batch ORDER BY created_at DESC LIMIT 5)
        ORDER BY created_at DESC`,
    )
    .all() as { id: string; state: 'open' | 'closed'; created_at: string }[];
  return rows.map((r) => ({ id: r.id, state: r.state, createdAt: r.created_at, counts: countsOf(db, r.id) }));
}

export function countsOf(db: Database, batchId: string): ClerkBatchCounts {
  const rows = db.prepare('SELECT state, count(*) AS n FROM clerk_page WHERE batch_id = ? GROUP BY state').all(batchId) as { state: ClerkPageState; n: number }[];
  const counts: ClerkBatchCounts = { total: 0, scanned: 0, recognized: 0, verified: 0, booked: 0, error: 0, flagged: 0 };
  for (const r of rows) {
    counts[r.state] = r.n;
    counts.total += r.n;
  }
  counts.flagged = (db.prepare('SELECT count(*) AS n FROM clerk_page WHERE batch_id = ? AND flagged = 1').get(batchId) as { n: number }).n;
  return counts;
}

export function addScannedPage(db: Database, input: { batchId: string; source: string; scan: Buffer; now: Date }): PageRow {
  return db.transaction(() => {
    const { seq } = db.prepare('SELECT coalesce(max(seq), 0) + 1 AS seq FROM clerk_page WHERE batch_id = ?').get(input.batchId) as { seq: number };
    const id = randomUUID();
    db.prepare("INSERT INTO clerk_page (id, batch_id, seq, state, source, scanned_at, scan) VALUES (?, ?, ?, 'scanned', ?, ?, ?)").run(
      id,
      input.batchId,
      seq,
      input.source,
      input.now.toISOString(),
      input.scan,
    );
    return getPage(db, id)!;
  }).immediate();
}

export function getPage(db: Database, pageId: string): PageRow | undefined {
  return db.prepare(`SELECT ${pageColumns} FROM clerk_page WHERE id = ?`).get(pageId) as PageRow | undefined;
}

export function pagesOf(db: Database, batchId: string): PageRow[] {
  return db.prepare(`SELECT ${pageColumns} FROM clerk_page WHERE batch_id = ? ORDER BY seq`).all(batchId) as PageRow[];
}

/** Pages whose recognition has not happened yet (also after a restart), oldest first. */
export function unrecognizedPageIds(db: Database): string[] {
  return (db.prepare("SELECT id FROM clerk_page WHERE state = 'scanned' ORDER BY scanned_at, seq").all() as { id: string }[]).map((r) => r.id);
}

export function scanOf(db: Database, pageId: string): Buffer | undefined {
  return (db.prepare('SELECT scan FROM clerk_page WHERE id = ?').get(pageId) as { scan: Buffer | null } | undefined)?.scan ?? undefined;
}

export function archiveOf(db: Database, pageId: string): Buffer | undefined {
  return (db.prepare('SELECT archive FROM clerk_page WHERE id = ?').get(pageId) as { archive: Buffer | null } | undefined)?.archive ?? undefined;
}

/** A recognized page's straightened image and its size, for the legacy desk; undefined before recognition. */
export function pageImage(db: Database, pageId: string): { kind: ClerkPageKind; archive: Buffer; width: number; height: number } | undefined {
  const row = db.prepare('SELECT kind, archive, archive_width, archive_height FROM clerk_page WHERE id = ? AND archive IS NOT NULL').get(pageId) as
    | { kind: ClerkPageKind; archive: Buffer; archive_width: number; archive_height: number }
    | undefined;
  return row && { kind: row.kind, archive: row.archive, width: row.archive_width, height: row.archive_height };
}

/** How the batch booked a page: its submission (null for a page without stamps) and when; undefined until booked. */
export function pageBooking(db: Database, pageId: string): { submissionId: string | null; bookedAt: string } | undefined {
  const row = db.prepare("SELECT submission_id, booked_at FROM clerk_page WHERE id = ? AND state = 'booked'").get(pageId) as { submission_id: string | null; booked_at: string } | undefined;
  return row && { submissionId: row.submission_id, bookedAt: row.booked_at };
}

export function cropsOf(db: Database, pageId: string): Map<number, Buffer> {
  const rows = db.prepare('SELECT measure, crop FROM clerk_field WHERE page_id = ?').all(pageId) as { measure: number; crop: Buffer }[];
  return new Map(rows.map((r) => [r.measure, r.crop]));
}

export function fieldsOf(db: Database, pageId: string): FieldRow[] {
  return db.prepare('SELECT measure, recognized, confidence, ink_share, decision, performed_on FROM clerk_field WHERE page_id = ? ORDER BY measure').all(pageId) as FieldRow[];
}

/**
 * Stores what recognition found, in one transaction with the state change: the straightened
 * page and field crops replace the raw scan, which is dropped.
 */
export function saveRecognition(db: Database, pageId: string, result: PageRecognition): void {
  db.transaction(() => {
    db.prepare(
      `UPDATE clerk_page SET state = 'recognized', error = NULL, scan = CASE WHEN ? = 'unidentified' THEN scan ELSE NULL END, kind = ?, booklet_id = ?, year = ?, program = ?, page_no = ?, upside_down = ?,
              archive = ?, archive_width = ?, archive_height = ? WHERE id = ? AND state = 'scanned'`,
      // A page whose code was unreadable keeps its scan until the clerk identifies it.
    ).run(
      result.kind,
      result.kind,
      result.pageId?.bookletId ?? null,
      result.pageId?.year ?? null,
      result.pageId?.program ?? null,
      result.pageId?.page ?? null,
      result.upsideDown ? 1 : 0,
      result.archive,
      result.archiveSize.width,
      result.archiveSize.height,
      pageId,
    );
    db.prepare('DELETE FROM clerk_field WHERE page_id = ?').run(pageId);
    const insert = db.prepare('INSERT INTO clerk_field (page_id, measure, recognized, confidence, ink_share, crop) VALUES (?, ?, ?, ?, ?, ?)');
    for (const f of result.fields) insert.run(pageId, f.measure, f.decision, f.confidence, f.inkShare, f.crop);
  }).immediate();
}

export function saveRecognitionError(db: Database, pageId: string, code: string): void {
  db.prepare("UPDATE clerk_page SET state = 'error', error = ? WHERE id = ? AND state = 'scanned'").run(code, pageId);
}

/** The clerk's reading of an unidentified page: back to the queue with booklet and page. */
export function identifyPage(db: Database, pageId: string, id: { bookletId: string; year: number; program: 'adult' | 'child'; pageNo: number }): boolean {
  return (
    db
      .prepare("UPDATE clerk_page SET state = 'scanned', booklet_id = ?, year = ?, program = ?, page_no = ?, reassigned = 1 WHERE id = ? AND state = 'recognized' AND kind = 'unidentified' AND scan IS NOT NULL")
      .run(id.bookletId, id.year, id.program, id.pageNo, pageId).changes === 1
  );
}

/** Back to the queue: a page in error whose scan is still there is recognized again. */
export function requeuePage(db: Database, pageId: string): boolean {
  return db.prepare("UPDATE clerk_page SET state = 'scanned', error = NULL WHERE id = ? AND state = 'error' AND scan IS NOT NULL").run(pageId).changes === 1;
}

export function summaryOf(db: Database, row: PageRow): ClerkPageSummary {
  const fields = fieldsOf(db, row.id);
  return {
    id: row.id,
    seq: row.seq,
    state: row.state,
    kind: row.kind,
    bookletId: row.booklet_id,
    year: row.year,
    program: row.program,
    pageNo: row.page_no,
    flagged: row.flagged === 1,
    undecided: fields.filter((f) => effectiveDecision(f) === 'unsure').length,
    stamped: fields.filter((f) => effectiveDecision(f) === 'stamped').length,
    errorCode: row.error,
  };
}

/** The clerk's decision where there is one, else what recognition decided ('unsure' stays until decided). */
export function effectiveDecision(field: Pick<FieldRow, 'recognized' | 'decision'>): ClerkFieldDecision {
  return field.decision ?? field.recognized;
}

// ------------------------------------------------------------------ the clerk's edits

/** The clerk's decision on one field (null: back to what recognition decided); false when the page has no such field. */
export function decideField(db: Database, pageId: string, measure: number, decision: 'stamped' | 'empty' | null): boolean {
  return db.prepare('UPDATE clerk_field SET decision = ? WHERE page_id = ? AND measure = ?').run(decision, pageId, measure).changes > 0;
}

/** A stamp's own date (null: the page's date); false when the page has no such field. */
export function dateField(db: Database, pageId: string, measure: number, performedOn: string | null): boolean {
  return db.prepare('UPDATE clerk_field SET performed_on = ? WHERE page_id = ? AND measure = ?').run(performedOn, pageId, measure).changes > 0;
}

export function verifyPage(db: Database, pageId: string, input: { performedOn: string; staffId: string; at: Date }): void {
  db.prepare("UPDATE clerk_page SET state = 'verified', performed_on = ?, verified_by = ?, verified_at = ? WHERE id = ?").run(input.performedOn, input.staffId, input.at.toISOString(), pageId);
}

export function reopenPage(db: Database, pageId: string): void {
  db.prepare("UPDATE clerk_page SET state = 'recognized', verified_by = NULL, verified_at = NULL WHERE id = ?").run(pageId);
}

export function reassignPage(db: Database, pageId: string, bookletId: string): void {
  db.prepare('UPDATE clerk_page SET booklet_id = ?, reassigned = 1 WHERE id = ?').run(bookletId, pageId);
}

export function flagPage(db: Database, pageId: string, flagged: boolean, note: string | null): void {
  db.prepare('UPDATE clerk_page SET flagged = ?, flag_note = ? WHERE id = ?').run(flagged ? 1 : 0, flagged ? note : null, pageId);
}

/**
 * A recognized page without marks, verified with the regions the clerk drew on it at the
 * legacy desk (main/clerk/legacy.ts): the regions become its fields, so the batch books it like
 * a booklet page. The caller runs it in the transaction that saves the assignment.
 */
export function verifyDrawnPage(
  db: Database,
  pageId: string,
  input: { bookletId: string; year: number; program: 'adult' | 'child'; performedOn: string; staffId: string; at: string },
  fields: readonly { measure: number; recognized: ClerkFieldDecision; confidence: number; inkShare: number; decision: 'stamped' | 'empty'; crop: Buffer; performedOn: string | null }[],
): void {
  db.prepare("UPDATE clerk_page SET state = 'verified', booklet_id = ?, year = ?, program = ?, performed_on = ?, verified_by = ?, verified_at = ? WHERE id = ? AND state = 'recognized'").run(
    input.bookletId,
    input.year,
    input.program,
    input.performedOn,
    input.staffId,
    input.at,
    pageId,
  );
  db.prepare('DELETE FROM clerk_field WHERE page_id = ?').run(pageId);
  const insert = db.prepare('INSERT INTO clerk_field (page_id, measure, recognized, confidence, ink_share, decision, crop, performed_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  for (const f of fields) insert.run(pageId, f.measure, f.recognized, f.confidence, f.inkShare, f.decision, f.crop, f.performedOn);
}

// ------------------------------------------------------------------ booking

/** A verified page booked (with its submission, or none for a page without stamps); 1 when it was booked now. */
export function markPageBooked(db: Database, pageId: string, input: { submissionId: string | null; staffId: string; at: string }): number {
  return db.prepare("UPDATE clerk_page SET state = 'booked', submission_id = ?, booked_by = ?, booked_at = ? WHERE id = ? AND state = 'verified'").run(input.submissionId, input.staffId, input.at, pageId).changes;
}

/** Empty backs of sheets: nothing to verify or book, they are done with the batch. */
export function markBlankPagesDone(db: Database, batchId: string, staffId: string, at: string): void {
  db.prepare("UPDATE clerk_page SET state = 'booked', booked_by = ?, booked_at = ? WHERE batch_id = ? AND state = 'recognized' AND kind = 'blank'").run(staffId, at, batchId);
}
