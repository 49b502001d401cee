import type { RectMm } from '../booklet/template';
import type { GrayImage } from '../pipeline/gray-image';
import type { Homography } from '../pipeline/homography';
import { scanRowsFor, warpedSize, warpRowsToTemplate, warpToTemplate, type ScanRows } from '../pipeline/warp';
import { readyHelper } from './box-ink-pool';

/**
 * Straightening the whole page (for the printed lines, the punched holes, the crops and the
 * archive) is the largest step of a page's registration, about 7 ms on one thread while the
 * other core waits for the stamp boxes. When the box helper thread is up, it straightens the
 * lower part of the page from the scan's rows that part reads, while this thread straightens
 * the upper part; every row is computed as the whole warp computes it, so the page is the
 * same bytes either way (page-split.test.ts). Without the helper, or when it fails, this
 * thread straightens all of it. The helper is sent the scan's rows its part reads (handed over).
 */
export interface RowsToStraighten extends ScanRows {
  /** The straightened page's rows to make: from, to before. */
  from: number;
  to: number;
}

/** Share of the page's rows the helper takes: it also receives and returns them. */
const helperShare = 0.45;

export async function straightenPage(scan: GrayImage, h: Homography, region: RectMm, pxPerMm: number): Promise<GrayImage> {
  const helper = readyHelper();
  if (!helper) return warpToTemplate(scan, h, region, pxPerMm);
  const { width, height } = warpedSize(region, pxPerMm);
  const split = Math.round(height * (1 - helperShare));
  const lower = { x: region.x, y: region.y + split / pxPerMm, width: region.width, height: region.height - split / pxPerMm };
  const { first, end } = scanRowsFor(h, lower, scan.height);
  const part: RowsToStraighten = { rows: scan.data.slice(first * scan.width, end * scan.width), firstRow: first, size: { width: scan.width, height: scan.height }, h, region, pxPerMm, from: split, to: height };
  const away = helper.call<RowsToStraighten, Uint8Array>('straightenRows', part, [part.rows.buffer as ArrayBuffer]).catch(() => undefined);
  const upper = warpRowsToTemplate(scan.data, 0, scan, h, region, pxPerMm, 0, split);
  const page = new Uint8Array(width * height);
  page.set(upper.data);
  const done = await away;
  const fromHelper = done !== undefined && done.length === width * (height - split);
  if (fromHelper) straightenedByHelper++;
  page.set(fromHelper ? done : warpRowsToTemplate(scan.data, 0, scan, h, region, pxPerMm, split, height).data, width * split);
  return { data: page, width, height };
}

let straightenedByHelper = 0;

/** Pages whose lower part the helper straightened (for the tests: that the split happened). */
export function pagesSplit(): number {
  return straightenedByHelper;
}

/** The helper's side: its rows of the straightened page. */
export function straightenHere(part: RowsToStraighten): Uint8Array {
  return warpRowsToTemplate(part.rows, part.firstRow, part.size, part.h, part.region, part.pxPerMm, part.from, part.to).data;
}
