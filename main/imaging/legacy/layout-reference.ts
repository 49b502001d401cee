import sharp from 'sharp';
import { decodeScan } from '../pipeline/decode-scan';
import type { GrayImage } from '../pipeline/gray-image';
import type { InputLimits } from '../safe-input';
import { descriptorWords, detectFeatures, type PageFeatures } from './page-features';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { printMap } from './print-map';

/**
 * What the station keeps of a legacy page whose fields the clerk drew: its printed content at
 * a working size (points with codes, and where it has print), never the picture. The regions
 * are blanked before either is taken, so the member's stamps and handwriting in them are not
 * kept, and they are not mistaken for the layout on the next page.
 */
export interface LayoutReference {
  width: number;
  height: number;
  features: PageFeatures;
  print: Uint8Array;
}

/** Shares (0-1) of the page image, origin top-left. */
export interface ShareRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Width the page is compared at: ~4 px a mm on an A5 page, enough for lines of 8-pt print. */
export const workingWidth = 640;

/** The page (a straightened archive JPEG) in grey at `width`. */
export async function workingImage(archive: Buffer | GrayImage, width = workingWidth, limits: InputLimits = {}): Promise<GrayImage> {
  const gray = Buffer.isBuffer(archive) ? await decodeScan(archive, limits) : archive;
  const { data, info } = await sharp(gray.data, { raw: { width: gray.width, height: gray.height, channels: 1 } })
    .resize({ width, kernel: 'linear' })
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

/** Regions (grown a little) painted with the page's paper: no stamp, signature or box content in the reference. */
export function blankRegions(image: GrayImage, regions: readonly ShareRect[]): { image: GrayImage; mask: Uint8Array } {
  const { width: w, height: h } = image;
  const data = Uint8Array.from(image.data);
  const mask = new Uint8Array(w * h);
  const sorted = Uint8Array.from(image.data).sort();
  const paper = sorted[Math.floor(sorted.length * 0.9)]!;
  for (const r of regions) {
    const grow = 0.01 * w;
    const x0 = Math.max(0, Math.floor(r.x * w - grow));
    const y0 = Math.max(0, Math.floor(r.y * h - grow));
    const x1 = Math.min(w, Math.ceil((r.x + r.width) * w + grow));
    const y1 = Math.min(h, Math.ceil((r.y + r.height) * h + grow));
    for (let y = y0; y < y1; y++) {
      data.fill(paper, y * w + x0, y * w + x1);
      mask.fill(1, y * w + x0, y * w + x1);
    }
  }
  return { image: { data, width: w, height: h }, mask };
}

export async function buildLayoutReference(archive: Buffer, regions: readonly ShareRect[], limits: InputLimits = {}): Promise<LayoutReference> {
  const work = await workingImage(archive, workingWidth, limits);
  const { image, mask } = blankRegions(work, regions);
  // Points right at a region's edge describe the blanked patch: left out with the region.
  const features = detectFeatures(image, { ignore: grown(mask, image.width, image.height, 14) });
  const print = printMap(image);
  for (let i = 0; i < print.length; i++) if (mask[i]) print[i] = 0;
  return { width: image.width, height: image.height, features, print };
}

/** The mask grown by `by` pixels each way (a square): two sweeps per axis for the distance to the nearest set pixel. */
function grown(mask: Uint8Array, w: number, h: number, by: number): Uint8Array {
  const sweep = (src: Uint8Array, n: number, stride: number, lines: number, step: number): Uint8Array => {
    const out = new Uint8Array(src.length);
    for (let l = 0; l < lines; l++) {
      const base = l * step;
      for (let k = 0, last = -1e9; k < n; k++) {
        if (src[base + k * stride]) last = k;
        if (k - last <= by) out[base + k * stride] = 1;
      }
      for (let k = n - 1, next = 1e9; k >= 0; k--) {
        if (src[base + k * stride]) next = k;
        if (next - k <= by) out[base + k * stride] = 1;
      }
    }
    return out;
  };
  return sweep(sweep(mask, w, 1, h, w), h, w, w, 1);
}

const magic = 0x324c4c42; // 'BLL2'

/** The reference as bytes for the database: header, points, codes, print bits. */
export function encodeReference(ref: LayoutReference): Buffer {
  const n = ref.features.x.length;
  const bits = deflateRawSync(ref.print);
  const out = Buffer.alloc(16 + n * 8 + n * descriptorWords * 4 + bits.length);
  out.writeUInt32LE(magic, 0);
  out.writeUInt32LE(ref.width, 4);
  out.writeUInt32LE(ref.height, 8);
  out.writeUInt32LE(n, 12);
  let at = 16;
  for (let i = 0; i < n; i++, at += 8) {
    out.writeFloatLE(ref.features.x[i]!, at);
    out.writeFloatLE(ref.features.y[i]!, at + 4);
  }
  for (let i = 0; i < n * descriptorWords; i++, at += 4) out.writeUInt32LE(ref.features.descriptors[i]!, at);
  Buffer.from(bits).copy(out, at);
  return out;
}

/** Reads what encodeReference wrote; anything else (a damaged row) is an error, not a page. */
export function decodeReference(bytes: Buffer): LayoutReference {
  if (bytes.length < 16 || bytes.readUInt32LE(0) !== magic) throw new Error('Not a layout reference');
  const width = bytes.readUInt32LE(4);
  const height = bytes.readUInt32LE(8);
  const n = bytes.readUInt32LE(12);
  if (width < 32 || width > 4096 || height < 32 || height > 8192 || n > 100_000) throw new Error('Layout reference out of range');
  const pixels = width * height;
  if (bytes.length <= 16 + n * 8 + n * descriptorWords * 4) throw new Error('Layout reference has the wrong length');
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  let at = 16;
  for (let i = 0; i < n; i++, at += 8) {
    x[i] = bytes.readFloatLE(at);
    y[i] = bytes.readFloatLE(at + 4);
  }
  const descriptors = new Uint32Array(n * descriptorWords);
  for (let i = 0; i < descriptors.length; i++, at += 4) descriptors[i] = bytes.readUInt32LE(at);
  const print = new Uint8Array(inflateRawSync(bytes.subarray(at), { maxOutputLength: pixels }));
  if (print.length !== pixels) throw new Error('Layout reference print has the wrong size');
  return { width, height, features: { width, height, x, y, descriptors }, print };
}
