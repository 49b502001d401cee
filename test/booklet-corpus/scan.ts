import sharp from 'sharp';
import type { PageCanvas } from '../../main/imaging/booklet/page-canvas';
import { homographyFrom } from '../../main/imaging/pipeline/homography';
import type { Random } from './marks';

/**
 * What a flatbed or feeder does to a printed page: it lies a little rotated (up to ±5°),
 * shifted and not quite flat on a light lid, the optics scale it slightly, the lid's edge
 * throws a shadow, the sensor adds noise and the scanner's JPEG adds artifacts.
 */
export interface ScanConditions {
  dpi: number;
  rotationDeg: number;
  scale: number;
  shiftMm: { x: number; y: number };
  /** Largest corner displacement (mm) of a page that does not lie flat. */
  keystoneMm: number;
  /** 0 = none; otherwise how much darker the shadowed edge gets (0-1). */
  shadow: number;
  noiseSigma: number;
  jpegQuality: number;
  /** Scanner lid / background gray level. */
  background: number;
  /** Scan upside down (a sheet fed the wrong way round). */
  upsideDown: boolean;
}

export const scanMarginMm = 12;

export function randomScanConditions(random: Random, dpi = 300): ScanConditions {
  const between = (lo: number, hi: number) => lo + random() * (hi - lo);
  return {
    dpi,
    rotationDeg: between(-5, 5),
    scale: between(0.97, 1.03),
    shiftMm: { x: between(-3, 3), y: between(-3, 3) },
    keystoneMm: random() < 0.3 ? between(0, 1.5) : 0,
    shadow: random() < 0.35 ? between(0.1, 0.35) : 0,
    noiseSigma: between(1, 7),
    jpegQuality: Math.round(between(50, 92)),
    background: Math.round(between(215, 245)),
    upsideDown: random() < 0.05,
  };
}

/** Renders the scan of a page as JPEG bytes. */
export async function scanPage(page: PageCanvas, conditions: ScanConditions, random: Random): Promise<Buffer> {
  const s = page.pxPerMm;
  const margin = scanMarginMm * s;
  const width = Math.round(page.width + 2 * margin);
  const height = Math.round(page.height + 2 * margin);

  // Where the page's corners land in the scan.
  const a = (conditions.rotationDeg * Math.PI) / 180 + (conditions.upsideDown ? Math.PI : 0);
  const cx = width / 2 + conditions.shiftMm.x * s;
  const cy = height / 2 + conditions.shiftMm.y * s;
  const corners = [
    { x: 0, y: 0 },
    { x: page.width, y: 0 },
    { x: page.width, y: page.height },
    { x: 0, y: page.height },
  ];
  const landed = corners.map((p) => {
    const u = (p.x - page.width / 2) * conditions.scale + (random() - 0.5) * 2 * conditions.keystoneMm * s;
    const v = (p.y - page.height / 2) * conditions.scale + (random() - 0.5) * 2 * conditions.keystoneMm * s;
    return { x: cx + u * Math.cos(a) - v * Math.sin(a), y: cy + u * Math.sin(a) + v * Math.cos(a) };
  });
  const scanToPage = homographyFrom(landed, corners);

  const shadowSide = Math.floor(random() * 4);
  const shadowWidth = (8 + random() * 20) * s;
  const rgb = Buffer.alloc(width * height * 3);
  const src = page.rgb;
  const pw = page.width;
  const ph = page.height;
  const h = scanToPage;
  // Triangular noise (sum of two uniforms) from a table: close enough to sensor noise, and
  // 15 million random draws per page would dominate the corpus generation.
  const noise = new Float32Array(65_536);
  for (let k = 0; k < noise.length; k++) noise[k] = (random() + random() - 1) * conditions.noiseSigma * 2.45;
  let n = Math.floor(random() * noise.length);
  const bg = conditions.background;
  for (let y = 0; y < height; y++) {
    let light = 1;
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      const w = h[6] * (x + 0.5) + h[7] * (y + 0.5) + h[8];
      const px = (h[0] * (x + 0.5) + h[1] * (y + 0.5) + h[2]) / w - 0.5;
      const py = (h[3] * (x + 0.5) + h[4] * (y + 0.5) + h[5]) / w - 0.5;
      const x0 = Math.floor(px);
      const y0 = Math.floor(py);
      let r = bg;
      let g = bg;
      let b = bg;
      if (x0 >= 0 && y0 >= 0 && x0 + 1 < pw && y0 + 1 < ph) {
        const fx = px - x0;
        const fy = py - y0;
        const i = (y0 * pw + x0) * 3;
        const j = i + pw * 3;
        r = lerp(lerp(src[i]!, src[i + 3]!, fx), lerp(src[j]!, src[j + 3]!, fx), fy);
        g = lerp(lerp(src[i + 1]!, src[i + 4]!, fx), lerp(src[j + 1]!, src[j + 4]!, fx), fy);
        b = lerp(lerp(src[i + 2]!, src[i + 5]!, fx), lerp(src[j + 2]!, src[j + 5]!, fx), fy);
      }
      if (conditions.shadow > 0) {
        const d = shadowSide === 0 ? x : shadowSide === 1 ? width - x : shadowSide === 2 ? y : height - y;
        light = 1 - conditions.shadow * Math.exp(-d / shadowWidth);
      }
      const e = noise[(n = (n + 7919) & 0xffff)]!;
      rgb[o] = clamp(r * light + e);
      rgb[o + 1] = clamp(g * light + e);
      rgb[o + 2] = clamp(b * light + e);
    }
  }
  return sharp(rgb, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: conditions.jpegQuality })
    .withMetadata({ density: conditions.dpi })
    .toBuffer();
}

function lerp(a: number, b: number, t: number): number {
  return a + (b - a) * t;
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : v;
}
