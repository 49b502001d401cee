import sharp from 'sharp';
import { deflateSync } from 'node:zlib';
import { seededRandom } from '../seeded-random';

/**
 * Images for the imaging tests, made on the fly so nothing binary is committed.
 */

export { seededRandom };

/** Something shaped like a photographed certificate: lines of dark "words" on off-white paper. */
export async function certificatePhoto(width: number, height: number, seed = 7): Promise<Buffer> {
  const random = seededRandom(seed);
  const rgb = Buffer.alloc(width * height * 3, 236);
  const line = Math.max(8, Math.round(height / 40));
  const glyph = Math.max(2, Math.round(line * 0.45));
  for (let y = line * 2; y < height - line * 2; y += line) {
    let x = Math.round(width * 0.08);
    while (x < width * 0.9) {
      const wordLength = Math.round((2 + random() * 8) * glyph * 0.8);
      for (let yy = y; yy < y + glyph; yy++) {
        for (let xx = x; xx < Math.min(width, x + wordLength); xx++) {
          // Gaps between letters keep edges inside words, as real text has.
          if (((xx - x) / Math.max(1, Math.round(glyph * 0.6))) % 2 < 1.3) rgb.fill(30, (yy * width + xx) * 3, (yy * width + xx) * 3 + 3);
        }
      }
      x += wordLength + glyph * 2;
    }
  }
  return sharp(rgb, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
}

/** The same picture tagged with an EXIF orientation, a camera name, GPS position and an ICC profile. */
export async function withExifAndGps(jpeg: Buffer, orientation: number): Promise<Buffer> {
  return sharp(jpeg)
    .withMetadata({ orientation })
    .withExifMerge({
      IFD0: { Make: 'Bonus Test Camera', Model: 'Serial 0815' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 8/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '11/1 34/1 0/1' },
    })
    .withIccProfile('p3')
    .jpeg({ quality: 90 })
    .toBuffer();
}

/**
 * A decompression bomb: a valid 1-bit grayscale PNG of width × height white pixels that
 * deflates to a few hundred kilobytes.
 */
export function pngBomb(width: number, height: number): Buffer {
  const rowBytes = 1 + Math.ceil(width / 8);
  const raw = Buffer.alloc(rowBytes * height, 0xff);
  for (let y = 0; y < height; y++) raw[y * rowBytes] = 0; // filter type "none" per row
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // grayscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
