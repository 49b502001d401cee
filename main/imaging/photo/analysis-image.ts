/**
 * A small grayscale copy of decoded RGB pixels for the sharpness/exposure check, made by
 * box-averaging in whole pixel blocks. Done here rather than by a second sharp pipeline
 * because the pixels are already in memory and one pass over them is cheaper than libvips'
 * setup for another resize.
 */
export interface GrayImage {
  data: Uint8Array;
  width: number;
  height: number;
}

export function analysisImage(rgb: Uint8Array, width: number, height: number, channels: number, maxSide: number): GrayImage {
  const factor = Math.max(1, Math.ceil(Math.max(width, height) / maxSide));
  const outWidth = Math.floor(width / factor);
  const outHeight = Math.floor(height / factor);
  const data = new Uint8Array(outWidth * outHeight);
  const area = factor * factor;
  for (let oy = 0; oy < outHeight; oy++) {
    for (let ox = 0; ox < outWidth; ox++) {
      let sum = 0;
      for (let dy = 0; dy < factor; dy++) {
        let i = ((oy * factor + dy) * width + ox * factor) * channels;
        for (let dx = 0; dx < factor; dx++, i += channels) {
          // Rec. 601 luma in fixed point.
          sum += channels >= 3 ? (77 * rgb[i]! + 150 * rgb[i + 1]! + 29 * rgb[i + 2]!) >> 8 : rgb[i]!;
        }
      }
      data[oy * outWidth + ox] = Math.round(sum / area);
    }
  }
  return { data, width: outWidth, height: outHeight };
}
