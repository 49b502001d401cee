import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { ContractError, type LegacyAssignmentView, type LegacyPageView, type LegacyRegionProposal } from '../contract';
import { isImagingError } from '../imaging/errors';
import { measureLegacyRegions, type LegacyRegion } from '../imaging/legacy/measure-regions';
import { recognizePage, type PageRecognition } from '../imaging/recognition/recognize-page';

/**
 * Legacy booklets at the clerk desk: the page image (straightened by the pipeline) on which
 * the clerk draws a rectangle per measure, the ink measure's proposal per rectangle, and the
 * saved assignment. A page comes either from the batch queue (clerk_page of kind
 * 'unregistered', by its id) or from a file the clerk opens here (legacy_page).
 */
interface StoredPage {
  kind: LegacyPageView['kind'];
  archive: Buffer;
  width: number;
  height: number;
  skewDegrees: number;
}

export interface SavedRegion extends LegacyRegionProposal {
  final: 'stamped' | 'empty';
}

export interface LegacyAssignment {
  assignmentId: string;
  pageRef: string;
  bookletId: string;
  regions: SavedRegion[];
  assignedAt: string;
  assignedBy: string;
}

function pageView(pageRef: string, page: StoredPage): LegacyPageView {
  return {
    pageRef,
    kind: page.kind,
    image: `data:image/jpeg;base64,${page.archive.toString('base64')}`,
    imageSize: { width: page.width, height: page.height },
    skewDegrees: page.skewDegrees,
  };
}

/** What the pipeline says about the file: imaging errors become the clerk's input error. */
export async function openLegacyPage(db: Database, imageBase64: string, staffId: string, now: Date, recognize: (input: Buffer) => Promise<PageRecognition> = recognizePage): Promise<LegacyPageView> {
  const input = Buffer.from(imageBase64, 'base64');
  let result;
  try {
    result = await recognize(input);
  } catch (error) {
    if (isImagingError(error)) throw new ContractError('invalid_input', `The file is not a usable page image (${error.code})`, ['imageBase64']);
    throw error;
  }
  const id = randomUUID();
  const page: StoredPage = { kind: result.kind, archive: result.archive, width: result.archiveSize.width, height: result.archiveSize.height, skewDegrees: result.skewDegrees ?? 0 };
  db.prepare('INSERT INTO legacy_page (id, kind, archive, width, height, skew_degrees, opened_by, opened_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    id,
    page.kind,
    page.archive,
    page.width,
    page.height,
    page.skewDegrees,
    staffId,
    now.toISOString(),
  );
  return pageView(id, page);
}

function storedPage(db: Database, pageRef: string): StoredPage | null {
  const own = db.prepare('SELECT kind, archive, width, height, skew_degrees FROM legacy_page WHERE id = ?').get(pageRef) as
    | { kind: StoredPage['kind']; archive: Buffer; width: number; height: number; skew_degrees: number }
    | undefined;
  if (own) return { kind: own.kind, archive: own.archive, width: own.width, height: own.height, skewDegrees: own.skew_degrees };
  const queued = db.prepare('SELECT kind, archive, archive_width, archive_height FROM clerk_page WHERE id = ? AND archive IS NOT NULL').get(pageRef) as
    | { kind: StoredPage['kind']; archive: Buffer; archive_width: number; archive_height: number }
    | undefined;
  if (queued) return { kind: queued.kind, archive: queued.archive, width: queued.archive_width, height: queued.archive_height, skewDegrees: 0 };
  return null;
}

export function legacyPageView(db: Database, pageRef: string): LegacyPageView {
  const page = storedPage(db, pageRef);
  if (!page) throw new ContractError('not_found', 'No page image with this reference', ['pageRef']);
  return pageView(pageRef, page);
}

/** The ink measure's proposal for each of the clerk's rectangles. */
export async function proposeRegions(db: Database, pageRef: string, regions: readonly LegacyRegion[]): Promise<LegacyRegionProposal[]> {
  const page = storedPage(db, pageRef);
  if (!page) throw new ContractError('not_found', 'No page image with this reference', ['pageRef']);
  const measured = await measureLegacyRegions(page.archive, regions);
  return measured.map((m) => ({ measure: m.measure, rect: m.rect, decision: m.decision, confidence: m.confidence, inkShare: m.inkShare }));
}

/** Saves (or replaces) the assignment of a page; the caller runs it in the transaction that links the booklet. */
export function saveAssignment(db: Database, input: { pageRef: string; bookletId: string; regions: SavedRegion[]; staffId: string; now: Date }): LegacyAssignmentView {
  const id = randomUUID();
  const at = input.now.toISOString();
  db.prepare(
    `INSERT INTO legacy_assignment (id, page_ref, booklet_id, regions, assigned_by, assigned_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (page_ref) DO UPDATE SET booklet_id = excluded.booklet_id, regions = excluded.regions, assigned_by = excluded.assigned_by, assigned_at = excluded.assigned_at`,
  ).run(id, input.pageRef, input.bookletId, JSON.stringify(input.regions), `staff:${input.staffId}`, at);
  return legacyAssignmentFor(db, input.pageRef)!;
}

/**
 * The clerk's assignment of a legacy page, for booking it: the booklet (memberForBooklet gives
 * the member) and per measure the final decision. Null when the page was not assigned.
 */
export function legacyAssignmentFor(db: Database, pageRef: string): LegacyAssignmentView | null {
  const row = db.prepare('SELECT id, page_ref, booklet_id, regions, assigned_at FROM legacy_assignment WHERE page_ref = ?').get(pageRef) as
    | { id: string; page_ref: string; booklet_id: string; regions: string; assigned_at: string }
    | undefined;
  if (!row) return null;
  return { assignmentId: row.id, pageRef: row.page_ref, bookletId: row.booklet_id, regions: JSON.parse(row.regions) as SavedRegion[], assignedAt: row.assigned_at };
}

/** Whether a page may be assigned by hand: only pages without marks (a booklet of ours is read from its QR code). */
export function assertLegacyKind(db: Database, pageRef: string): void {
  const page = storedPage(db, pageRef);
  if (!page) throw new ContractError('not_found', 'No page image with this reference', ['pageRef']);
  if (page.kind !== 'unregistered') throw new ContractError('conflict', `A page of kind ${page.kind} is not a legacy page`);
}

/**
 * Pages opened at the desk but never assigned are scans of health data with no purpose left:
 * they go after `days` (assigned pages stay, they are the evidence for booking).
 */
export function purgeAbandonedLegacyPages(db: Database, now: Date, days = 7): number {
  const before = new Date(now.getTime() - days * 86_400_000).toISOString();
  return db.prepare('DELETE FROM legacy_page WHERE opened_at < ? AND id NOT IN (SELECT page_ref FROM legacy_assignment)').run(before).changes;
}
