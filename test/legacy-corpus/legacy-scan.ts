import sharp from 'sharp';
import type { PageCanvas } from '../../main/imaging/booklet/page-canvas';
import { homographyFrom, project } from '../../main/imaging/pipeline/homography';
import type { Random } from '../booklet-corpus/marks';

/**
 * A flatbed scan (or a photo held square) of a legacy page: the page turned, scaled, its far
 * edge a little shorter than the near one (a page not lying flat, or a camera tilt), on the
 * scanner lid's grey, with sensor noise and JPEG. Inverse mapping with bilinear sampling.
 */
export interface LegacyScanConditions {
  angleDeg: number;
  /** Output pixels per page pixel. */
  scale: number;
  /** Share by which the top edge is shorter than the bottom edge (0 = none, 0.1 = 10 %). */
  keystone: number;
  noiseSigma: number;
  quality: number;
  /** Lid border around the page, output px. */
  border: number;
}

export const plainScan: LegacyScanConditions = { angleDeg: 0, scale: 1, keystone: 0, noiseSigma: 2, quality: 85, border: 40 };

export async function scanLegacyPage(page: PageCanvas, c: LegacyScanConditions, random: Random): Promise<Buffer> {
  const pw = page.width;
  const ph = page.height;
  const a = (c.angleDeg * Math.PI) / 180;
  // Where the page's corners land: the top edge shortened by the keystone (a true perspective), then turned and scaled.
  const k = (c.keystone * pw) / 2;
  const bent = [
    { x: k, y: 0 },
    { x: pw - k, y: 0 },
    { x: pw, y: ph },
    { x: 0, y: ph },
  ].map((p) => ({ x: (p.x - pw / 2) * c.scale, y: (p.y - ph / 2) * c.scale }));
  const turned = bent.map((p) => ({ x: p.x * Math.cos(a) - p.y * Math.sin(a), y: p.x * Math.sin(a) + p.y * Math.cos(a) }));
  const minX = Math.min(...turned.map((p) => p.x));
  const minY = Math.min(...turned.map((p) => p.y));
  const out = turned.map((p) => ({ x: p.x - minX + c.border, y: p.y - minY + c.border }));
  const outW = Math.ceil(Math.max(...out.map((p) => p.x)) + c.border);
  const outH = Math.ceil(Math.max(...out.map((p) => p.y)) + c.border);
  const back = homographyFrom(out, [
    { x: 0, y: 0 },
    { x: pw, y: 0 },
    { x: pw, y: ph },
    { x: 0, y: ph },
  ]);
  const lid = [226, 226, 222];
  const rgb = Buffer.alloc(outW * outH * 3);
  const src = page.rgb;
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      const p = project(back, x + 0.5, y + 0.5);
      const px = p.x - 0.5;
      const qy = p.y - 0.5;
      const x0 = Math.floor(px);
      const y0 = Math.floor(qy);
      const o = (y * outW + x) * 3;
      const n = c.noiseSigma * (random() + random() + random() - 1.5) * 2;
      if (x0 < 0 || y0 < 0 || x0 + 1 >= pw || y0 + 1 >= ph) {
        for (let ch = 0; ch < 3; ch++) rgb[o + ch] = Math.max(0, Math.min(255, lid[ch]! + n));
        continue;
      }
      const fx = px - x0;
      const fy = qy - y0;
      const i = (y0 * pw + x0) * 3;
      const j = i + pw * 3;
      for (let ch = 0; ch < 3; ch++) {
        const top = src[i + ch]! + (src[i + 3 + ch]! - src[i + ch]!) * fx;
        const bottom = src[j + ch]! + (src[j + 3 + ch]! - src[j + ch]!) * fx;
        rgb[o + ch] = Math.max(0, Math.min(255, top + (bottom - top) * fy + n));
      }
    }
  }
  return sharp(rgb, { raw: { width: outW, height: outH, channels: 3 } }).jpeg({ quality: c.quality }).toBuffer();
}
