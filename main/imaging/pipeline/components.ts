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
    if (ra < rb) {
      parent[rb] = ra;
      return ra;
    }
    parent[ra] = rb;
    return rb;
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
  // Second pass: statistics per root in typed arrays (a Map lookup per ink pixel costs more than the labelling).
  const n = parent.length;
  const area = new Int32Array(n);
  const minX = new Int32Array(n);
  const maxX = new Int32Array(n);
  const minY = new Int32Array(n);
  const maxY = new Int32Array(n);
  const sx = new Float64Array(n);
  const sy = new Float64Array(n);
  const order: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!labels[i]) continue;
      const root = find(labels[i]!);
      labels[i] = root;
      if (area[root] === 0) {
        order.push(root);
        minX[root] = x;
        maxX[root] = x;
        minY[root] = y;
      }
      area[root]!++;
      if (x < minX[root]!) minX[root] = x;
      if (x > maxX[root]!) maxX[root] = x;
      maxY[root] = y;
      sx[root]! += x;
      sy[root]! += y;
    }
  }
  const components = order.map((root): Component => ({ label: root, area: area[root]!, minX: minX[root]!, minY: minY[root]!, maxX: maxX[root]!, maxY: maxY[root]!, cx: sx[root]! / area[root]!, cy: sy[root]! / area[root]! }));
  return { labels, components };
}
