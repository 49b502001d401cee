import sharp from 'sharp';
import type { PageCanvas } from '../../main/imaging/booklet/page-canvas';
import type { Random } from './marks';

/**
 * What a phone camera does to a booklet page lying on a table: a pinhole camera (12 MP,
 * about 26 mm equivalent) looks at the page from a tilt of up to ~25° in any direction,
 * turned in the hand, from a distance at which the page fills part of the frame. An open
 * booklet is two pages hinged at the spine, not quite flat; the facing page with its own
 * corner marks and QR code is in the frame too. Light falls unevenly (a gradient across the
 * page, the phone's or the hand's soft shadow, a warm or cool cast, vignetting), the lens
 * blurs a little, the sensor adds noise and the phone saves a JPEG.
 */
export interface PhotoConditions {
  width: number;
  height: number;
  /** Angle between the camera's axis and the page's normal, degrees. */
  tiltDeg: number;
  /** Direction of the tilt in the page plane, degrees. */
  azimuthDeg: number;
  /** Turn of the phone about its axis, degrees. */
  rollDeg: number;
  /** Share of the frame's height the photographed page spans (roughly). */
  fill: number;
  /** Where the camera aims, as a share of the page size from its centre. */
  aimOffset: { x: number; y: number };
  /** The facing page of an open booklet: which side it is on, and how far it rises from flat (degrees). */
  facing: { side: 'left' | 'right'; liftDeg: number } | null;
  /** Brightness: overall exposure, and the light's fall-off across the frame (0 = even). */
  exposure: number;
  gradient: number;
  gradientDeg: number;
  /** 0 = none; else how much of the light the soft shadow takes away (0-1). */
  shadow: number;
  /** Colour of the light (multipliers for r, g, b). */
  cast: [number, number, number];
  blurSigma: number;
  noiseSigma: number;
  jpegQuality: number;
  /** The table under the booklet. */
  table: [number, number, number];
}

export function randomPhotoConditions(random: Random, options: { facingShare?: number; maxTiltDeg?: number } = {}): PhotoConditions {
  const between = (lo: number, hi: number) => lo + random() * (hi - lo);
  const tables: [number, number, number][] = [
    [150, 108, 70], // wood
    [88, 90, 96], // grey desk
    [222, 220, 214], // white desk: the hardest, paper on paper-coloured ground
    [40, 44, 52], // dark counter
  ];
  const facing = random() < (options.facingShare ?? 0.4) ? { side: random() < 0.5 ? ('left' as const) : ('right' as const), liftDeg: between(0, 18) } : null;
  const warm = random() < 0.5;
  return {
    width: 3000,
    height: 4000,
    tiltDeg: between(0, options.maxTiltDeg ?? 20),
    azimuthDeg: between(0, 360),
    rollDeg: random() < 0.1 ? 180 + between(-10, 10) : between(-12, 12),
    fill: between(0.62, 0.88),
    aimOffset: { x: between(-0.06, 0.06), y: between(-0.05, 0.05) },
    facing,
    exposure: between(0.82, 1.05),
    gradient: between(0, 0.4),
    gradientDeg: between(0, 360),
    shadow: random() < 0.4 ? between(0.2, 0.5) : 0,
    cast: warm ? [1, between(0.93, 0.98), between(0.8, 0.9)] : [between(0.92, 0.98), between(0.97, 1), 1],
    blurSigma: between(0.5, 1.4),
    noiseSigma: between(2, 6),
    jpegQuality: Math.round(between(80, 94)),
    table: tables[Math.floor(random() * tables.length)]!,
  };
}

type Vec3 = [number, number, number];
type Mat3 = [number, number, number, number, number, number, number, number, number];

const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const unit = (a: Vec3): Vec3 => {
  const n = Math.hypot(...a);
  return [a[0] / n, a[1] / n, a[2] / n];
};
const rad = (d: number) => (d * Math.PI) / 180;

/** A page in the world: origin (its top-left corner) and the directions of its x and y axes, per mm. */
interface PlacedPage {
  canvas: PageCanvas;
  origin: Vec3;
  ex: Vec3;
  ey: Vec3;
}

function invert(m: Mat3): Mat3 {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return [A / det, -(b * i - c * h) / det, (b * f - c * e) / det, B / det, (a * i - c * g) / det, -(a * f - c * d) / det, C / det, -(a * h - b * g) / det, (a * e - b * d) / det];
}

/**
 * Renders the photo. `target` is the page the member means (the camera aims at it);
 * `facingPage` the other page of the open booklet, when conditions.facing is set.
 * Returns the JPEG and, per page, where its corners landed (for the tests' own checks).
 */
export async function photographPages(target: PageCanvas, facingPage: PageCanvas | null, c: PhotoConditions, random: Random, keepInFrame = true): Promise<{ jpeg: Buffer; targetCorners: { x: number; y: number }[] }> {
  const pw = target.width / target.pxPerMm;
  const ph = target.height / target.pxPerMm;
  const pages: PlacedPage[] = [{ canvas: target, origin: [0, 0, 0], ex: [1, 0, 0], ey: [0, 1, 0] }];
  if (facingPage && c.facing) {
    // Hinged at the spine, rising towards the camera (z is away from the camera).
    const lift = rad(c.facing.liftDeg);
    if (c.facing.side === 'left') pages.push({ canvas: facingPage, origin: [-pw * Math.cos(lift), 0, -pw * Math.sin(lift)], ex: [Math.cos(lift), 0, Math.sin(lift)], ey: [0, 1, 0] });
    else pages.push({ canvas: facingPage, origin: [pw, 0, 0], ex: [Math.cos(lift), 0, -Math.sin(lift)], ey: [0, 1, 0] });
  }

  // Camera: focal length of a 26 mm-equivalent lens; distance so that the page fills `fill` of the frame.
  const f = 0.75 * Math.max(c.width, c.height);
  const aim: Vec3 = [pw * (0.5 + c.aimOffset.x), ph * (0.5 + c.aimOffset.y), 0];
  const tilt = rad(c.tiltDeg);
  const az = rad(c.azimuthDeg);
  const toCamera: Vec3 = [Math.sin(tilt) * Math.cos(az), Math.sin(tilt) * Math.sin(az), -Math.cos(tilt)];
  const zc = unit(sub(aim, [aim[0] + toCamera[0], aim[1] + toCamera[1], aim[2] + toCamera[2]]));
  let xc = unit(sub([1, 0, 0], [zc[0] * zc[0], zc[0] * zc[1], zc[0] * zc[2]]));
  let yc = cross(zc, xc);
  const roll = rad(c.rollDeg);
  [xc, yc] = [
    [xc[0] * Math.cos(roll) + yc[0] * Math.sin(roll), xc[1] * Math.cos(roll) + yc[1] * Math.sin(roll), xc[2] * Math.cos(roll) + yc[2] * Math.sin(roll)],
    [yc[0] * Math.cos(roll) - xc[0] * Math.sin(roll), yc[1] * Math.cos(roll) - xc[1] * Math.sin(roll), yc[2] * Math.cos(roll) - xc[2] * Math.sin(roll)],
  ];
  const cx = c.width / 2;
  const cy = c.height / 2;
  // Page (mm) → image (px): K [R ex | R ey | R (origin - position)].
  const toImage = (p: PlacedPage, position: Vec3): Mat3 => {
    const o = sub(p.origin, position);
    const col = (v: Vec3): Vec3 => [dot(xc, v), dot(yc, v), dot(zc, v)];
    const [a, b, t] = [col(p.ex), col(p.ey), col(o)];
    return [f * a[0] + cx * a[2], f * b[0] + cx * b[2], f * t[0] + cx * t[2], f * a[1] + cy * a[2], f * b[1] + cy * b[2], f * t[1] + cy * t[2], a[2], b[2], t[2]];
  };
  const cornersOf = (m: Mat3) =>
    [
      [0, 0],
      [pw, 0],
      [pw, ph],
      [0, ph],
    ].map(([x, y]) => {
      const w = m[6] * x! + m[7] * y! + m[8];
      return { x: (m[0] * x! + m[1] * y! + m[2]) / w, y: (m[3] * x! + m[4] * y! + m[5]) / w };
    });
  // A member sees the page on the phone's screen and steps back until all of it is in the frame.
  let distance = (f * ph) / (c.fill * c.height);
  let position: Vec3 = [0, 0, 0];
  let targetCorners: { x: number; y: number }[] = [];
  const margin = 0.015 * c.width;
  for (let attempt = 0; attempt < 40; attempt++) {
    position = [aim[0] + distance * toCamera[0], aim[1] + distance * toCamera[1], aim[2] + distance * toCamera[2]];
    targetCorners = cornersOf(toImage(pages[0]!, position));
    if (!keepInFrame || targetCorners.every((p) => p.x >= margin && p.y >= margin && p.x <= c.width - margin && p.y <= c.height - margin)) break;
    distance *= 1.04;
  }
  const inverses = pages.map((p) => ({ page: p, h: invert(toImage(p, position)) }));

  const { width, height } = c;
  const rgb = Buffer.alloc(width * height * 3);
  const noise = new Float32Array(65_536);
  for (let k = 0; k < noise.length; k++) noise[k] = (random() + random() - 1) * c.noiseSigma * 2.45;
  let n = Math.floor(random() * noise.length);
  const g = rad(c.gradientDeg);
  const gx = Math.cos(g) / Math.hypot(width, height);
  const gy = Math.sin(g) / Math.hypot(width, height);
  // The soft shadow: a straight edge through a random point, darkening one side over a soft band.
  const shadowAngle = random() * 2 * Math.PI;
  const shadowAt = { x: width * (0.2 + 0.6 * random()), y: height * (0.2 + 0.6 * random()) };
  const shadowSoftness = 40 + random() * 160;
  const textureWaves = Array.from({ length: 3 }, () => ({ fx: 0.002 + random() * 0.02, fy: 0.002 + random() * 0.02, p: random() * 6.3 }));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let r = -1;
      let gg = 0;
      let b = 0;
      for (const { page, h } of inverses) {
        const w = h[6] * (x + 0.5) + h[7] * (y + 0.5) + h[8];
        const px = ((h[0] * (x + 0.5) + h[1] * (y + 0.5) + h[2]) / w) * page.canvas.pxPerMm - 0.5;
        const py = ((h[3] * (x + 0.5) + h[4] * (y + 0.5) + h[5]) / w) * page.canvas.pxPerMm - 0.5;
        const x0 = Math.floor(px);
        const y0 = Math.floor(py);
        const cw = page.canvas.width;
        if (w <= 0 || x0 < 0 || y0 < 0 || x0 + 1 >= cw || y0 + 1 >= page.canvas.height) continue;
        const fx = px - x0;
        const fy = py - y0;
        const src = page.canvas.rgb;
        const i = (y0 * cw + x0) * 3;
        const j = i + cw * 3;
        r = lerp(lerp(src[i]!, src[i + 3]!, fx), lerp(src[j]!, src[j + 3]!, fx), fy);
        gg = lerp(lerp(src[i + 1]!, src[i + 4]!, fx), lerp(src[j + 1]!, src[j + 4]!, fx), fy);
        b = lerp(lerp(src[i + 2]!, src[i + 5]!, fx), lerp(src[j + 2]!, src[j + 5]!, fx), fy);
        break;
      }
      if (r < 0) {
        let t = 0;
        for (const wv of textureWaves) t += Math.sin(x * wv.fx + y * wv.fy + wv.p);
        const k = 1 + t * 0.03;
        [r, gg, b] = [c.table[0] * k, c.table[1] * k, c.table[2] * k];
      }
      const d = (x - shadowAt.x) * Math.cos(shadowAngle) + (y - shadowAt.y) * Math.sin(shadowAngle);
      const inShadow = c.shadow > 0 ? c.shadow / (1 + Math.exp(-d / shadowSoftness)) : 0;
      const rr = (x - cx) / cx;
      const ry = (y - cy) / cy;
      const light = c.exposure * (1 - c.gradient * (0.5 + (x - cx) * gx + (y - cy) * gy)) * (1 - 0.12 * (rr * rr + ry * ry)) * (1 - inShadow);
      const e = noise[(n = (n + 7919) & 0xffff)]!;
      const o = (y * width + x) * 3;
      rgb[o] = clamp(r * light * c.cast[0] + e);
      rgb[o + 1] = clamp(gg * light * c.cast[1] + e);
      rgb[o + 2] = clamp(b * light * c.cast[2] + e);
    }
  }
  const jpeg = await sharp(rgb, { raw: { width, height, channels: 3 } }).blur(c.blurSigma).jpeg({ quality: c.jpegQuality }).toBuffer();
  return { jpeg, targetCorners };
}

function lerp(a: number, b: number, t: number): number {
  return a + (b - a) * t;
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : v;
}
