import type { RectMm } from '../booklet/template';
import type { DecodedPage } from '../pipeline/decode-scan';
import { crop, type GrayImage } from '../pipeline/gray-image';
import type { Homography } from '../pipeline/homography';
import { scanRowsFor, warpRgbToTemplate, type ScanRows } from '../pipeline/warp';

/** The inside of a stamp box, straightened, as the ink measure reads it: RGB (three bytes a pixel) or grey. */
export interface BoxWindow {
  width: number;
  height: number;
  rgb?: Uint8Array;
  gray?: Uint8Array;
}

/**
 * A colour window still to be straightened, by the thread that measures it: the rows of the
 * decoded picture (RGB) it reads and the map. A thread sent this straightens its own box
 * while this one straightens the next, and the rows are a sixth of the picture, so sending
 * them costs little.
 */
export type WindowToWarp = ScanRows;

/** The inside of a stamp box: `inset` mm in from its outline as found. */
export function boxRegion(box: RectMm, inset: number): RectMm {
  return { x: box.x + inset, y: box.y + inset, width: box.width - 2 * inset, height: box.height - 2 * inset };
}

/** The window's size in pixels, before it is straightened (the hole mask is made to it). */
export function windowSize(region: RectMm, pxPerMm: number): { width: number; height: number } {
  return { width: Math.round(region.width * pxPerMm), height: Math.round(region.height * pxPerMm) };
}

/**
 * The window of `region`, straightened now, or (with `later`, for a colour picture) what
 * another thread needs to straighten it itself: in colour from the decoded picture where it
 * has colour, else from the grey page, which is straightened already.
 */
export function boxWindow(decoded: DecodedPage, h: Homography, page: GrayImage, pxPerMm: number, region: RectMm, later = false): BoxWindow | WindowToWarp {
  if (decoded.rgb) {
    const size = { width: decoded.gray.width, height: decoded.gray.height };
    if (later) {
      const { first, end } = scanRowsFor(h, region, size.height);
      return { rows: decoded.rgb.slice(first * size.width * 3, end * size.width * 3), firstRow: first, size, h, region, pxPerMm };
    }
    const { data, width, height } = warpRgbToTemplate(decoded.rgb, size, h, region, pxPerMm);
    return { width, height, rgb: data };
  }
  const part = crop(page, region.x * pxPerMm, region.y * pxPerMm, region.width * pxPerMm, region.height * pxPerMm);
  return { width: part.width, height: part.height, gray: part.data };
}

/** The window straightened (where it was not yet). */
export function straightened(window: BoxWindow | WindowToWarp): BoxWindow {
  if (!('rows' in window)) return window;
  const { data, width, height } = warpRgbToTemplate(window.rows, window.size, window.h, window.region, window.pxPerMm, window.firstRow);
  return { width, height, rgb: data };
}
