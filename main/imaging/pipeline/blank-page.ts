import { boxMean, downsample, type GrayImage } from './gray-image';

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
  const mean = boxMean(small, 8);
  let content = 0;
  for (let i = 0; i < data.length; i++) if (data[i]! < mean[i]! - minContrast) content++;
  const contentShare = content / (width * height);
  return { blank: contentShare < maxContentShare, contentShare };
}
