/**
 * A 0/1 mask grown by `reach` pixels each way (a square of side 2·reach + 1): a pixel is set
 * when any pixel within `reach` along both axes is. Two one-dimensional passes of running
 * counts, so the cost does not grow with the reach.
 */
export function dilateSquare(mask: Uint8Array, w: number, h: number, reach: number): Uint8Array {
  const rows = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const line = y * w;
    let count = 0;
    for (let x = -reach; x < w; x++) {
      if (x + reach < w) count += mask[line + x + reach]!;
      if (x - reach - 1 >= 0) count -= mask[line + x - reach - 1]!;
      if (x >= 0) rows[line + x] = count > 0 ? 1 : 0;
    }
  }
  const out = new Uint8Array(w * h);
  for (let x = 0; x < w; x++) {
    let count = 0;
    for (let y = -reach; y < h; y++) {
      if (y + reach < h) count += rows[(y + reach) * w + x]!;
      if (y - reach - 1 >= 0) count -= rows[(y - reach - 1) * w + x]!;
      if (y >= 0) out[y * w + x] = count > 0 ? 1 : 0;
    }
  }
  return out;
}
