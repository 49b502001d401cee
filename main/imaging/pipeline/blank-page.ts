import { downsample, type GrayImage } from './gray-image';

/**
 * Is this the empty back of a sheet? Counts pixels clearly darker than their surroundings
 * on a small overview; the local mean (not a global level) keeps the lid's shadow and the
 * page edge from counting as content. Show-through from the other side is faint and stays
 * under the contrast needed.
 */
export interface BlankCheck {
  blank: boolean;
  /** Share of overview pixels that look like ink or print. */
  contentShare: number;
}

export function checkBlank(scan: GrayImage, maxContentShare = 0.0015, minContrast = 45): BlankCheck {
  const factor = Math.max(1, Math.round(Math.max(scan.width, scan.height) / 500));
  const small = downsample(scan, factor);
  const { width, height, data } = small;
  // Integral image for the local mean over a (2r+1)² window.
  const integral = new Float64Array((width + 1) * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      row += data[y * width + x]!;
      integral[(y + 1) * (width + 1) + x + 1] = integral[y * (width + 1) + x + 1]! + row;
    }
  }
  const r = 8;
  let content = 0;
  for (let y = 0; y < height; y++) {
    const ya = Math.max(0, y - r);
    const yb = Math.min(height, y + r + 1);
    for (let x = 0; x < width; x++) {
      const xa = Math.max(0, x - r);
      const xb = Math.min(width, x + r + 1);
      const sum = integral[yb * (width + 1) + xb]! - integral[ya * (width + 1) + xb]! - integral[yb * (width + 1) + xa]! + integral[ya * (width + 1) + xa]!;
      const mean = sum / ((yb - ya) * (xb - xa));
      if (data[y * width + x]! < mean - minContrast) content++;
    }
  }
  const contentShare = content / (width * height);
  return { blank: contentShare < maxContentShare, contentShare };
}
