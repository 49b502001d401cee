import jsQR from 'jsqr';
import type { RectMm } from '../booklet/template';
import type { GrayImage } from '../pipeline/gray-image';
import type { Homography } from '../pipeline/homography';
import { warpToTemplate } from '../pipeline/warp';

/**
 * Reads the page's QR code where the template printed it. Only that small square is
 * resampled (at about 200 dpi, five pixels per module) and handed to jsQR, which is pure
 * JavaScript: nothing is fetched at run time.
 */
const qrPxPerMm = 8;

export function readQr(scan: GrayImage, templateToScan: Homography, area: RectMm): string | undefined {
  const pad = 2;
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
  return code?.data || undefined;
}
