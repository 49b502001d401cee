import jsQR from 'jsqr';
import type { RectMm } from '../booklet/template';
import type { GrayImage } from '../pipeline/gray-image';
import type { Homography } from '../pipeline/homography';
import { warpToTemplate } from '../pipeline/warp';

/**
 * Reads the page's QR code where the template printed it. Only that small square is
 * resampled (at about 200 dpi, five pixels per module) and handed to jsQR, which is pure
 * JavaScript: nothing is fetched at run time.
 *
 * A code that decodes is not yet proof that the page is registered: a homography a few
 * millimetres off still shows the whole code inside the padded square. So the code's three
 * finder patterns must sit where the template printed them, within `toleranceMm`; a code
 * found elsewhere in the square (the page registered on wrong marks) is reported as
 * `misplaced`, never as read.
 */
const qrPxPerMm = 8;
const pad = 2;

export interface QrRead {
  text: string;
  /** Largest distance of a finder pattern from its printed place, mm. */
  offsetMm: number;
}

export type QrResult = { read: QrRead } | { misplaced: QrRead } | { unreadable: true };

/** Version 3 (29 modules) with four modules of quiet zone: what the booklet prints (booklet-raster.ts, booklet-pdf.ts). */
const modules = 29;
const quiet = 4;

export function readQr(scan: GrayImage, templateToScan: Homography, area: RectMm, toleranceMm = 1.3): QrResult {
  const region = { x: area.x - pad, y: area.y - pad, width: area.width + 2 * pad, height: area.height + 2 * pad };
  const square = warpToTemplate(scan, templateToScan, region, qrPxPerMm);
  const rgba = new Uint8ClampedArray(square.width * square.height * 4);
  for (let i = 0, j = 0; i < square.data.length; i++, j += 4) {
    const v = square.data[i]!;
    rgba[j] = v;
    rgba[j + 1] = v;
    rgba[j + 2] = v;
    rgba[j + 3] = 255;
  }
  const code = jsQR(rgba, square.width, square.height, { inversionAttempts: 'dontInvert' });
  if (!code?.data) return { unreadable: true };
  // Finder pattern centres lie 3.5 modules in from the code's corners.
  const cell = area.width / (modules + 2 * quiet);
  const near = (quiet + 3.5) * cell + pad;
  const far = area.width - (quiet + 3.5) * cell + pad;
  const expected = [
    [code.location.topLeftFinderPattern, near, near],
    [code.location.topRightFinderPattern, far, near],
    [code.location.bottomLeftFinderPattern, near, far],
  ] as const;
  const offsetMm = Math.max(...expected.map(([p, x, y]) => Math.hypot(p.x / qrPxPerMm - x, p.y / qrPxPerMm - y)));
  const result = { text: code.data, offsetMm };
  return offsetMm <= toleranceMm ? { read: result } : { misplaced: result };
}
