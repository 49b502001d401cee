/** A region on the page image, in shares (0-1) of its width and height. */
export interface ShareRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const minSide = 0.01;
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Keeps a rectangle on the page and at least 1 % wide and high. */
export function clampRect(r: ShareRect): ShareRect {
  const width = clamp(r.width, minSide, 1);
  const height = clamp(r.height, minSide, 1);
  return { x: clamp(r.x, 0, 1 - width), y: clamp(r.y, 0, 1 - height), width, height };
}

/**
 * The keyboard alternative to drawing: arrow keys move the region by `step`, with Shift they
 * change its size (right/down grow, left/up shrink). Returns null for any other key.
 */
export function moveByKey(r: ShareRect, key: string, resize: boolean, step = 0.01): ShareRect | null {
  const d = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[key];
  if (!d) return null;
  const [dx, dy] = d as [number, number];
  return clampRect(resize ? { ...r, width: r.width + dx, height: r.height + dy } : { ...r, x: r.x + dx, y: r.y + dy });
}

/** The rectangle spanned by two points (a drag in either direction). */
export function spanned(a: { x: number; y: number }, b: { x: number; y: number }): ShareRect {
  return clampRect({ x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.abs(a.x - b.x), height: Math.abs(a.y - b.y) });
}
