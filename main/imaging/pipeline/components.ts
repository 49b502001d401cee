/**
 * Connected components (8-neighbourhood) of the pixels a predicate marks, with the
 * statistics the fiducial search and the ink measure need. Two-pass labelling with a
 * union-find, on typed arrays so a page overview takes a few milliseconds.
 */
export interface Component {
  /** The value its pixels carry in `labels`. */
  label: number;
  area: number;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  /** Centroid. */
  cx: number;
  cy: number;
}

export function connectedComponents(mask: Uint8Array, width: number, height: number): { labels: Int32Array; components: Component[] } {
  const labels = new Int32Array(width * height);
  const parent: number[] = [0];
  const find = (a: number): number => {
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]!]!;
      a = parent[a]!;
    }
    return a;
  };
  const union = (a: number, b: number): number => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return ra;
    const [lo, hi] = ra < rb ? [ra, rb] : [rb, ra];
    parent[hi] = lo;
    return lo;
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!mask[i]) continue;
      // Already visited neighbours: W, NW, N, NE (inline: this loop runs per ink pixel).
      let label = 0;
      if (x > 0 && labels[i - 1]) label = find(labels[i - 1]!);
      if (y > 0) {
        const up = i - width;
        if (x > 0 && labels[up - 1]) label = label ? union(label, labels[up - 1]!) : find(labels[up - 1]!);
        if (labels[up]) label = label ? union(label, labels[up]!) : find(labels[up]!);
        if (x + 1 < width && labels[up + 1]) label = label ? union(label, labels[up + 1]!) : find(labels[up + 1]!);
      }
      if (label === 0) {
        label = parent.length;
        parent.push(label);
      }
      labels[i] = label;
    }
  }
  const index = new Map<number, Component>();
  const sums = new Map<number, { sx: number; sy: number }>();
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!labels[i]) continue;
      const root = find(labels[i]!);
      labels[i] = root;
      let c = index.get(root);
      if (!c) {
        c = { label: root, area: 0, minX: x, minY: y, maxX: x, maxY: y, cx: 0, cy: 0 };
        index.set(root, c);
        sums.set(root, { sx: 0, sy: 0 });
      }
      c.area++;
      if (x < c.minX) c.minX = x;
      if (x > c.maxX) c.maxX = x;
      if (y > c.maxY) c.maxY = y;
      const s = sums.get(root)!;
      s.sx += x;
      s.sy += y;
    }
  }
  for (const [root, c] of index) {
    const s = sums.get(root)!;
    c.cx = s.sx / c.area;
    c.cy = s.sy / c.area;
  }
  return { labels, components: [...index.values()] };
}
