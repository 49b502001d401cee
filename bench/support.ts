/** Small helpers shared by the benchmarks. */
import { loadavg } from 'node:os';
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function environment() {
  return { node: process.versions.node, platform: `${process.platform}-${process.arch}`, date: new Date().toISOString(), loadAverage: loadavg().map((l) => round(l, 2)) };
}
