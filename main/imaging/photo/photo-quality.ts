/**
 * Is a photo of a certificate readable? Judged on a downscaled grayscale copy: the variance
 * of the Laplacian falls when the picture is blurred (text edges go soft), the mean and the
 * share of clipped pixels tell an under- or overexposed shot. The kiosk asks for a retake
 * on any verdict other than 'ok'.
 */
export type PhotoVerdict = 'ok' | 'blurry' | 'too_dark' | 'too_bright';

export interface PhotoQuality {
  verdict: PhotoVerdict;
  /** Variance of the 4-neighbour Laplacian on the analysis image (higher is sharper). */
  sharpness: number;
  /** Mean luma 0-255. */
  meanLuma: number;
  /** Share of pixels at or below 5 (crushed shadows). */
  darkClipped: number;
  /** Share of pixels at or above 250 (burnt highlights). */
  brightClipped: number;
}

export interface PhotoQualityThresholds {
  minSharpness: number;
  minMeanLuma: number;
  maxMeanLuma: number;
  maxClipped: number;
}

/**
 * Calibrated on the analysis size (longest side 1024 px) with synthetic certificates: sharp
 * text scores several hundred, a Gaussian blur of sigma 3 at that size drops below 40.
 */
export const defaultPhotoQualityThresholds: PhotoQualityThresholds = {
  minSharpness: 60,
  minMeanLuma: 50,
  maxMeanLuma: 235,
  maxClipped: 0.5,
};

export function assessPhotoQuality(
  gray: Uint8Array,
  width: number,
  height: number,
  thresholds: PhotoQualityThresholds = defaultPhotoQualityThresholds,
): PhotoQuality {
  let sum = 0;
  let dark = 0;
  let bright = 0;
  for (let i = 0; i < gray.length; i++) {
    const v = gray[i]!;
    sum += v;
    if (v <= 5) dark++;
    else if (v >= 250) bright++;
  }
  const n = Math.max(1, gray.length);
  const meanLuma = sum / n;
  const sharpness = laplacianVariance(gray, width, height);
  const darkClipped = dark / n;
  const brightClipped = bright / n;
  let verdict: PhotoVerdict = 'ok';
  if (meanLuma < thresholds.minMeanLuma || darkClipped > thresholds.maxClipped) verdict = 'too_dark';
  else if (meanLuma > thresholds.maxMeanLuma || brightClipped > thresholds.maxClipped) verdict = 'too_bright';
  else if (sharpness < thresholds.minSharpness) verdict = 'blurry';
  return { verdict, sharpness, meanLuma, darkClipped, brightClipped };
}

export function laplacianVariance(gray: Uint8Array, width: number, height: number): number {
  if (width < 3 || height < 3) return 0;
  let sum = 0;
  let sumSq = 0;
  let count = 0;
  for (let y = 1; y < height - 1; y++) {
    const row = y * width;
    for (let x = 1; x < width - 1; x++) {
      const i = row + x;
      const lap = gray[i - 1]! + gray[i + 1]! + gray[i - width]! + gray[i + width]! - 4 * gray[i]!;
      sum += lap;
      sumSq += lap * lap;
      count++;
    }
  }
  const mean = sum / count;
  return sumSq / count - mean * mean;
}
