import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { LegacyPlacedLayout, LegacyRegionProposal } from '../contract';
import type { Homography } from '../imaging/pipeline/homography';
import { buildLayoutReference, decodeReference, encodeReference, type ShareRect } from '../imaging/legacy/layout-reference';
import { measureLegacyRegions, type LegacyRegion, type LegacyRegionMeasure, type RegionPlacement } from '../imaging/legacy/measure-regions';
import { prepareScan, registerOnLayouts, type StoredLayout } from '../imaging/legacy/register-layout';
import type { Logger } from '../runtime/logger';

/**
 * Layouts of legacy booklets at the clerk desk: the fields the clerk drew on one page of a
 * form are kept with the page's printed content (regions blanked), and every later page of a
 * form is registered on the stored layouts by its print (main/imaging/legacy). A page that
 * fits gets its fields placed and measured straightened; the clerk checks and corrects them
 * as before. A page that fits none (or two differently) is drawn by hand.
 */
interface StoredFit {
  referenceToPage: number[];
  referenceAspect: number;
  /** Per measure: where the layout put it on this page, and where it is on the reference. */
  placed: { measure: number; rect: ShareRect; reference: ShareRect }[];
}

/** The layouts in use; a row that does not decode (damaged) is left out and logged, never read as a page. */
export function storedLayouts(db: Database, log?: Logger): StoredLayout[] {
  const rows = db.prepare('SELECT id, reference, regions FROM legacy_layout WHERE retired_at IS NULL ORDER BY created_at').all() as { id: string; reference: Buffer; regions: string }[];
  const out: StoredLayout[] = [];
  for (const row of rows) {
    try {
      out.push({ id: row.id, reference: decodeReference(row.reference), regions: JSON.parse(row.regions) as StoredLayout['regions'] });
    } catch (error) {
      log?.warn('legacy layout unreadable, left out', { layoutId: row.id, error: String(error) });
    }
  }
  return out;
}

/**
 * Registers the page on the stored layouts; when one fits, keeps the fit with the page and
 * returns the placed regions with their proposals. Null when none fits (the fit of an earlier
 * try is dropped).
 */
export async function placeOnLayouts(db: Database, pageRef: string, archive: Buffer, now: Date, log?: Logger): Promise<LegacyPlacedLayout | null> {
  const layouts = storedLayouts(db, log);
  if (layouts.length === 0) return null;
  const registration = registerOnLayouts(await prepareScan(archive), layouts);
  if (registration.kind !== 'registered') {
    db.prepare('DELETE FROM legacy_page_fit WHERE page_ref = ?').run(pageRef);
    return null;
  }
  const layout = layouts.find((l) => l.id === registration.layoutId)!;
  const fit: StoredFit = {
    referenceToPage: [...registration.placement.referenceToPage],
    referenceAspect: registration.placement.referenceAspect,
    placed: registration.regions.map((r) => ({ measure: r.measure, rect: r.rect, reference: layout.regions.find((l) => l.measure === r.measure)!.rect })),
  };
  db.prepare(
    `INSERT INTO legacy_page_fit (page_ref, layout_id, fit, fitted_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (page_ref) DO UPDATE SET layout_id = excluded.layout_id, fit = excluded.fit, fitted_at = excluded.fitted_at`,
  ).run(pageRef, registration.layoutId, JSON.stringify(fit), now.toISOString());
  return { layoutId: registration.layoutId, regions: proposals(await measureLegacyRegions(archive, registration.regions, { placement: registration.placement })) };
}

/** The page's placed fields: from its stored fit when it has one (measured again, no second registration), else registered now. */
export async function placedLayout(db: Database, pageRef: string, archive: Buffer, now: Date, log?: Logger): Promise<LegacyPlacedLayout | null> {
  const row = db.prepare('SELECT layout_id FROM legacy_page_fit WHERE page_ref = ?').get(pageRef) as { layout_id: string } | undefined;
  const fit = row ? fitOf(db, pageRef) : null;
  if (!row || !fit) return placeOnLayouts(db, pageRef, archive, now, log);
  const regions = fit.placed.map((p) => ({ measure: p.measure, rect: p.rect }));
  return { layoutId: row.layout_id, regions: proposals(await measureLegacyRegions(archive, regions, { placement: placementFor(db, pageRef, regions)! })) };
}

function proposals(measured: readonly LegacyRegionMeasure[]): LegacyRegionProposal[] {
  return measured.map((m) => ({ measure: m.measure, rect: m.rect, decision: m.decision, confidence: m.confidence, inkShare: m.inkShare }));
}

function fitOf(db: Database, pageRef: string): StoredFit | null {
  const row = db.prepare('SELECT fit FROM legacy_page_fit WHERE page_ref = ?').get(pageRef) as { fit: string } | undefined;
  return row ? (JSON.parse(row.fit) as StoredFit) : null;
}

/**
 * The layout's placement for the regions the clerk left where the layout put them (same
 * measure, same rectangle): those are measured straightened, as proposed. A region the clerk
 * drew or moved is measured as drawn.
 */
export function placementFor(db: Database, pageRef: string, regions: readonly LegacyRegion[]): RegionPlacement | undefined {
  const fit = fitOf(db, pageRef);
  if (!fit) return undefined;
  const same = (a: ShareRect, b: ShareRect) => Math.abs(a.x - b.x) < 1e-6 && Math.abs(a.y - b.y) < 1e-6 && Math.abs(a.width - b.width) < 1e-6 && Math.abs(a.height - b.height) < 1e-6;
  const rects = new Map<number, ShareRect>();
  for (const r of regions) {
    const placed = fit.placed.find((p) => p.measure === r.measure);
    if (placed && same(placed.rect, r.rect)) rects.set(r.measure, placed.reference);
  }
  return { referenceToPage: fit.referenceToPage as unknown as Homography, referenceAspect: fit.referenceAspect, rects };
}

/**
 * After the clerk saved a page drawn by hand: its form becomes a layout (the page's print with
 * the regions blanked, and the regions). A page that a layout placed adds none. Returns the
 * new layout's id, to be inserted with `insertLayout` in the saving transaction.
 */
export async function layoutFromPage(db: Database, pageRef: string, archive: Buffer, regions: readonly LegacyRegion[]): Promise<{ reference: Buffer; regions: LegacyRegion[] } | null> {
  if (fitOf(db, pageRef)) return null;
  const reference = await buildLayoutReference(archive, regions.map((r) => r.rect));
  return { reference: encodeReference(reference), regions: regions.map((r) => ({ measure: r.measure, rect: r.rect })) };
}

export function insertLayout(db: Database, layout: { reference: Buffer; regions: LegacyRegion[] }, pageRef: string, staffId: string, now: Date): string {
  const id = randomUUID();
  db.prepare('INSERT INTO legacy_layout (id, reference, regions, from_page, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    id,
    layout.reference,
    JSON.stringify(layout.regions),
    pageRef,
    `staff:${staffId}`,
    now.toISOString(),
  );
  return id;
}
