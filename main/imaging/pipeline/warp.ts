import type { GrayImage } from './gray-image';
import type { Homography } from './homography';

/**
 * Resamples the scanned page into template space: output pixel (x, y) at `pxPerMm` shows
 * what the scan has at the template point (x / pxPerMm + origin) mapped through `templateToScan`.
 * Bilinear sampling; outside the scan reads as white paper.
 */
export function warpToTemplate(
  scan: GrayImage,
  templateToScan: Homography,
  region: { x: number; y: number; width: number; height: number },
  pxPerMm: number,
): GrayImage {
  const width = Math.round(region.width * pxPerMm);
  const height = Math.round(region.height * pxPerMm);
  const data = new Uint8Array(width * height);
  const src = scan.data;
  const sw = scan.width;
  const sh = scan.height;
  const h = templateToScan;
  for (let oy = 0; oy < height; oy++) {
    const my = region.y + (oy + 0.5) / pxPerMm;
    for (let ox = 0; ox < width; ox++) {
      const mx = region.x + (ox + 0.5) / pxPerMm;
      const w = h[6] * mx + h[7] * my + h[8];
      const sx = (h[0] * mx + h[1] * my + h[2]) / w - 0.5;
      const sy = (h[3] * mx + h[4] * my + h[5]) / w - 0.5;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= sw || y0 + 1 >= sh) {
        data[oy * width + ox] = 255;
        continue;
      }
      const fx = sx - x0;
      const fy = sy - y0;
      const i = y0 * sw + x0;
      const top = src[i]! + (src[i + 1]! - src[i]!) * fx;
      const bottom = src[i + sw]! + (src[i + sw + 1]! - src[i + sw]!) * fx;
      data[oy * width + ox] = (top + (bottom - top) * fy + 0.5) | 0;
    }
  }
  return { data, width, height };
}
