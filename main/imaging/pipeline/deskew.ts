import { downsample, percentile, type GrayImage } from './gray-image';

/**
 * The skew of a page without corner marks (a legacy booklet), from its lines of print:
 * rows of text give the sharpest row profile when the page is level. Tries angles within
 * ±maxDegrees on a small overview and returns the one whose row sums of dark pixels vary
 * most (the projection-profile method).
 */
export function skewAngle(scan: GrayImage, maxDegrees = 6, stepDegrees = 0.25): number {
  const factor = Math.max(1, Math.round(Math.max(scan.width, scan.height) / 600));
  const small = downsample(scan, factor);
  const threshold = percentile(small.data, 0.9) * 0.6;
  const dark: number[] = [];
  for (let y = 0; y < small.height; y++) {
    for (let x = 0; x < small.width; x++) if (small.data[y * small.width + x]! < threshold) dark.push(x, y);
  }
  if (dark.length < 40) return 0;
  const rows = new Float64Array(small.height * 2);
  let best = { angle: 0, score: -1 };
  for (let degrees = -maxDegrees; degrees <= maxDegrees + 1e-9; degrees += stepDegrees) {
    const t = Math.tan((degrees * Math.PI) / 180);
    rows.fill(0);
    for (let i = 0; i < dark.length; i += 2) {
      // Row of the point once the page is turned by -degrees (small-angle shear suffices).
      const row = Math.round(dark[i + 1]! - dark[i]! * t) + (small.height >> 1);
      if (row >= 0 && row < rows.length) rows[row]!++;
    }
    let sumSq = 0;
    for (let r = 0; r < rows.length; r++) sumSq += rows[r]! * rows[r]!;
    if (sumSq > best.score) best = { angle: degrees, score: sumSq };
  }
  return best.angle;
}
