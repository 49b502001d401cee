import { dilateSquare } from '../pipeline/mask-dilation';

/**
 * Where a mark's edges may be lent by something else. A mark's edge steepness tells ink on
 * the paper's surface (sharp) from the back of the sheet seen through it (blurred); but where
 * a blurred mark touches a fold's crease, a coffee rim, the printed outline or a punched
 * hole, the Sobel gradient there is theirs, and one such crossing can lift a whole
 * show-through mark over the ink line. So the pixels taken out as something else (the
 * `taken` mask: lines removed, stain pixels, holes) and everything within `reach` pixels of
 * them do not vote on a mark's edge.
 */
export function lentEdges(taken: Uint8Array, w: number, h: number, reach: number): Uint8Array {
  return dilateSquare(taken, w, h, reach);
}

/**
 * The steepness sample of a mark: its gradients away from lent edges, unless too few remain
 * (a mark that lies along a line is judged by all its pixels: `all` has one slot a pixel, zero
 * where the window's border has no gradient).
 */
export function edgeSample(all: Float32Array, free: Float32Array, freeN: number): Float32Array {
  return freeN >= Math.max(5, all.length / 4) ? free.subarray(0, freeN) : all;
}
