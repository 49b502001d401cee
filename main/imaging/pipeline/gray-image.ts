/** An 8-bit grayscale image, row-major, one byte per pixel. */
export interface GrayImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Averages factor × factor blocks: a cheap, alias-free overview for searching. */
export function downsample(image: GrayImage, factor: number): GrayImage {
  const width = Math.floor(image.width / factor);
  const height = Math.floor(image.height / factor);
  const data = new Uint8Array(width * height);
  const area = factor * factor;
  const src = image.data;
  if (factor === 2) return { data: halve(src, image.width, width, height, data), width, height };
  for (let oy = 0; oy < height; oy++) {
    for (let ox = 0; ox < width; ox++) {
      let sum = 0;
      for (let dy = 0; dy < factor; dy++) {
        const row = (oy * factor + dy) * image.width + ox * factor;
        for (let dx = 0; dx < factor; dx++) sum += src[row + dx]!;
      }
      data[oy * width + ox] = (sum / area + 0.5) | 0;
    }
  }
  return { data, width, height };
}

/** The common case of `downsample` (a 300 dpi scan's overview), two rows at a time: the same means, rounded alike. */
function halve(src: Uint8Array, srcWidth: number, width: number, height: number, out: Uint8Array): Uint8Array {
  for (let oy = 0; oy < height; oy++) {
    let a = 2 * oy * srcWidth;
    let b = a + srcWidth;
    const o = oy * width;
    for (let ox = 0; ox < width; ox++, a += 2, b += 2) out[o + ox] = (src[a]! + src[a + 1]! + src[b]! + src[b + 1]! + 2) >> 2;
  }
  return out;
}

/** The value below which `share` of the pixels lie (histogram based). */
export function percentile(data: Uint8Array, share: number): number {
  const histogram = new Uint32Array(256);
  for (let i = 0; i < data.length; i++) histogram[data[i]!]!++;
  const target = share * data.length;
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += histogram[v]!;
    if (seen >= target) return v;
  }
  return 255;
}

/** A rectangular part of an image (clamped to it). */
export function crop(image: GrayImage, x: number, y: number, width: number, height: number): GrayImage {
  const x0 = Math.max(0, Math.floor(x));
  const y0 = Math.max(0, Math.floor(y));
  const x1 = Math.min(image.width, Math.ceil(x + width));
  const y1 = Math.min(image.height, Math.ceil(y + height));
  const w = Math.max(0, x1 - x0);
  const h = Math.max(0, y1 - y0);
  const data = new Uint8Array(w * h);
  for (let r = 0; r < h; r++) data.set(image.data.subarray((y0 + r) * image.width + x0, (y0 + r) * image.width + x0 + w), r * w);
  return { data, width: w, height: h };
}

/**
 * The mean of the (2r+1)² window around every pixel (clamped at the edges), from one
 * integral image: the local paper level that page overviews threshold against.
 */
export function boxMean(image: GrayImage, r: number): Float32Array {
  const { width, height, data } = image;
  const stride = width + 1;
  // Sums of 8-bit pixels fit 32 bits up to 16 MP; overviews are far smaller, larger images use doubles.
  const integral = width * height <= 16_000_000 ? new Uint32Array(stride * (height + 1)) : new Float64Array(stride * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      row += data[y * width + x]!;
      integral[(y + 1) * stride + x + 1] = integral[y * stride + x + 1]! + row;
    }
  }
  const mean = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const ya = Math.max(0, y - r);
    const yb = Math.min(height, y + r + 1);
    for (let x = 0; x < width; x++) {
      const xa = Math.max(0, x - r);
      const xb = Math.min(width, x + r + 1);
      mean[y * width + x] = (integral[yb * stride + xb]! - integral[ya * stride + xb]! - integral[yb * stride + xa]! + integral[ya * stride + xa]!) / ((yb - ya) * (xb - xa));
    }
  }
  return mean;
}
