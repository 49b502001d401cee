import type { GrayImage } from './gray-image';
import type { Homography } from './homography';

type Region = { x: number; y: number; width: number; height: number };

/**
 * Resamples the scanned page into template space: output pixel (x, y) at `pxPerMm` shows
 * what the scan has at the template point (x / pxPerMm + origin) mapped through `templateToScan`.
 * Bilinear sampling; outside the scan reads as white paper.
 */
export function warpToTemplate(scan: GrayImage, templateToScan: Homography, region: Region, pxPerMm: number): GrayImage {
  return resample(scan.data, 1, scan, templateToScan, region, pxPerMm);
}

/** The same resampling for RGB pixels (three bytes a pixel), for the ink's colour in a stamp box. */
export function warpRgbToTemplate(rgb: Uint8Array, size: { width: number; height: number }, templateToScan: Homography, region: Region, pxPerMm: number): { data: Uint8Array; width: number; height: number } {
  return resample(rgb, 3, size, templateToScan, region, pxPerMm);
}

function resample(src: Uint8Array, channels: number, size: { width: number; height: number }, h: Homography, region: Region, pxPerMm: number): { data: Uint8Array; width: number; height: number } {
  const width = Math.round(region.width * pxPerMm);
  const height = Math.round(region.height * pxPerMm);
  const data = new Uint8Array(width * height * channels);
  const sw = size.width;
  const sh = size.height;
  const row = sw * channels;
  for (let oy = 0; oy < height; oy++) {
    const my = region.y + (oy + 0.5) / pxPerMm;
    for (let ox = 0; ox < width; ox++) {
      const mx = region.x + (ox + 0.5) / pxPerMm;
      const w = h[6] * mx + h[7] * my + h[8];
      const sx = (h[0] * mx + h[1] * my + h[2]) / w - 0.5;
      const sy = (h[3] * mx + h[4] * my + h[5]) / w - 0.5;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const o = (oy * width + ox) * channels;
      if (x0 < 0 || y0 < 0 || x0 + 1 >= sw || y0 + 1 >= sh) {
        data.fill(255, o, o + channels);
        continue;
      }
      const fx = sx - x0;
      const fy = sy - y0;
      const i = (y0 * sw + x0) * channels;
      for (let k = 0; k < channels; k++) {
        const a = src[i + k]!;
        const b = src[i + channels + k]!;
        const c = src[i + row + k]!;
        const d = src[i + row + channels + k]!;
        const top = a + (b - a) * fx;
        const bottom = c + (d - c) * fx;
        data[o + k] = (top + (bottom - top) * fy + 0.5) | 0;
      }
    }
  }
  return { data, width, height };
}
