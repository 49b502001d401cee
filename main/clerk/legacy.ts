import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { ContractError, type LegacyAssignmentView, type LegacyPageView, type LegacyPlacedLayout, type LegacyRegionProposal } from '../contract';
import { isImagingError } from '../imaging/errors';
import { measureLegacyRegions, type LegacyRegion } from '../imaging/legacy/measure-regions';
import { recognizePage, type PageRecognition } from '../imaging/recognition/recognize-page';
import { getPage, pageBooking, pageImage, verifyDrawnPage } from './batch-store';
import { placedLayout, placementFor, placeOnLayouts } from './legacy-layouts';

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
  /** This stamp's own date; absent or null: the page's date. */
  performedOn?: string | null;
}

export interface LegacyAssignment {
  assignmentId: string;
  pageRef: string;
  bookletId: string;
  regions: SavedRegion[];
  assignedAt: string;
  assignedBy: string;
}

function pageView(pageRef: string, page: StoredPage, assignment: LegacyAssignmentView | null = null, layout: LegacyPlacedLayout | null = null): LegacyPageView {
  return {
    pageRef,
    assignment,
    layout,
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
  // A page of a form drawn before: its fields placed by the stored layout.
  const layout = page.kind === 'unregistered' ? await placeOnLayouts(db, id, page.archive, now) : null;
  return pageView(id, page, null, layout);
}

function storedPage(db: Database, pageRef: string): StoredPage | null {
  const own = db.prepare('SELECT kind, archive, width, height, skew_degrees FROM legacy_page WHERE id = ?').get(pageRef) as
    | { kind: StoredPage['kind']; archive: Buffer; width: number; height: number; skew_degrees: number }
    | undefined;
  if (own) return { kind: own.kind, archive: own.archive, width: own.width, height: own.height, skewDegrees: own.skew_degrees };
  const queued = pageImage(db, pageRef);
  if (queued) return { ...queued, skewDegrees: 0 };
  return null;
}

/** The page for the region editor; a legacy page not yet assigned is fitted to the stored layouts first. */
export async function legacyPageView(db: Database, pageRef: string, now: Date): Promise<LegacyPageView> {
  const page = storedPage(db, pageRef);
  if (!page) throw new ContractError('not_found', 'No page image with this reference', ['pageRef']);
  const assignment = legacyAssignmentFor(db, pageRef);
  const layout = page.kind === 'unregistered' && !assignment ? await placedLayout(db, pageRef, page.archive, now) : null;
  return pageView(pageRef, page, assignment, layout);
}

/** The straightened page image (what the regions are shares of). */
export function legacyPageArchive(db: Database, pageRef: string): Buffer | undefined {
  return storedPage(db, pageRef)?.archive;
}

/** The ink measure's proposal for each of the clerk's rectangles (with its crop when `crops`, for saving). */
export async function proposeRegions(db: Database, pageRef: string, regions: readonly LegacyRegion[], crops?: Map<number, Buffer>): Promise<LegacyRegionProposal[]> {
  const page = storedPage(db, pageRef);
  if (!page) throw new ContractError('not_found', 'No page image with this reference', ['pageRef']);
  const placement = placementFor(db, pageRef, regions);
  const measured = await measureLegacyRegions(page.archive, regions, { crops: crops !== undefined, ...(placement ? { placement } : {}) });
  for (const m of measured) if (m.crop) crops?.set(m.measure, m.crop);
  return measured.map((m) => ({ measure: m.measure, rect: m.rect, decision: m.decision, confidence: m.confidence, inkShare: m.inkShare }));
}

/**
 * Saves (or replaces) the assignment of a page; the caller runs it in the transaction that links
 * the booklet. A page of the batch queue is verified with it: its fields become the regions
 * (proposal, the clerk's decision, date and crop), so the batch books it like a booklet page.
 * A page opened at the desk keeps the region crops for its own booking. A booked page is not
 * assigned again; a verified batch page is reopened first.
 */
export function saveAssignment(
  db: Database,
  input: { pageRef: string; bookletId: string; year: number; program: 'adult' | 'child'; performedOn: string; regions: SavedRegion[]; crops: Map<number, Buffer>; staffId: string; now: Date },
): LegacyAssignmentView {
  const id = randomUUID();
  const at = input.now.toISOString();
  const before = legacyAssignmentFor(db, input.pageRef);
  if (before?.booked) throw new ContractError('conflict', 'This page is booked already');
  const queued = getPage(db, input.pageRef);
  if (queued) {
    if (queued.state !== 'recognized') throw new ContractError('conflict', `A ${queued.state} page cannot be changed; reopen it first`);
    const fields = input.regions.map((r) => ({ measure: r.measure, recognized: r.decision, confidence: r.confidence, inkShare: r.inkShare, decision: r.final, crop: cropOf(input.crops, r.measure), performedOn: r.performedOn ?? null }));
    verifyDrawnPage(db, input.pageRef, { ...input, at }, fields);
  } else {
    db.prepare('DELETE FROM legacy_region_crop WHERE page_ref = ?').run(input.pageRef);
    const insert = db.prepare('INSERT INTO legacy_region_crop (page_ref, measure, crop) VALUES (?, ?, ?)');
    for (const r of input.regions) insert.run(input.pageRef, r.measure, cropOf(input.crops, r.measure));
  }
  db.prepare(
    `INSERT INTO legacy_assignment (id, page_ref, booklet_id, regions, assigned_by, assigned_at, performed_on) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (page_ref) DO UPDATE SET booklet_id = excluded.booklet_id, regions = excluded.regions, assigned_by = excluded.assigned_by, assigned_at = excluded.assigned_at, performed_on = excluded.performed_on`,
  ).run(id, input.pageRef, input.bookletId, JSON.stringify(input.regions), `staff:${input.staffId}`, at, input.performedOn);
  return legacyAssignmentFor(db, input.pageRef)!;
}

function cropOf(crops: Map<number, Buffer>, measure: number): Buffer {
  const crop = crops.get(measure);
  if (!crop) throw new Error(`No crop for measure ${measure}`);
  return crop;
}

/**
 * The clerk's assignment of a legacy page, for booking it: the booklet (memberForBooklet gives
 * the member), the page's date and per measure the final decision (and its own date, if any).
 * Null when the page was not assigned.
 */
export function legacyAssignmentFor(db: Database, pageRef: string): LegacyAssignmentView | null {
  const row = db.prepare('SELECT id, page_ref, booklet_id, regions, assigned_at, performed_on, submission_id, booked_at FROM legacy_assignment WHERE page_ref = ?').get(pageRef) as
    | { id: string; page_ref: string; booklet_id: string; regions: string; assigned_at: string; performed_on: string | null; submission_id: string | null; booked_at: string | null }
    | undefined;
  if (!row) return null;
  // A page of the batch queue is booked with its batch: its booking is the page's.
  const booked = row.booked_at ? { submissionId: row.submission_id, bookedAt: row.booked_at } : (pageBooking(db, pageRef) ?? null);
  return {
    assignmentId: row.id,
    pageRef: row.page_ref,
    bookletId: row.booklet_id,
    performedOn: row.performed_on,
    regions: JSON.parse(row.regions) as SavedRegion[],
    assignedAt: row.assigned_at,
    booked,
  };
}

/** The crops of a desk page's regions, by measure. */
export function legacyCropsOf(db: Database, pageRef: string): Map<number, Buffer> {
  const rows = db.prepare('SELECT measure, crop FROM legacy_region_crop WHERE page_ref = ?').all(pageRef) as { measure: number; crop: Buffer }[];
  return new Map(rows.map((r) => [r.measure, r.crop]));
}

/** The straightened image of a page opened at the desk (evidence), if it is one. */
export function deskPageArchive(db: Database, pageRef: string): Buffer | undefined {
  return (db.prepare('SELECT archive FROM legacy_page WHERE id = ?').get(pageRef) as { archive: Buffer } | undefined)?.archive;
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
