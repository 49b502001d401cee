import { describe, expect, it } from 'vitest';
import { LinkEstimate } from './link-estimate';

/** Feeds the estimate requests on a virtual clock: `bytes` taking `ms` each, `parallel` at a time. */
function measure(link: LinkEstimate, requests: { bytes: number; ms: number }[]): void {
  let t = 0;
  for (const { bytes, ms } of requests) {
    const done = link.start(bytes, () => t);
    t += ms;
    done();
  }
}

describe('the link estimate', () => {
  const serviceChunk = 512 * 1024;

  it('assumes a fast link until it has measured one', () => {
    expect(new LinkEstimate().figures(serviceChunk)).toEqual({ rttMs: null, bytesPerSecond: null, windowBytes: 4 * serviceChunk, chunkBytes: serviceChunk });
    expect(new LinkEstimate().compressWorth(100_000)).toBe(false);
  });

  it('sizes window and chunk for a branch DSL line (10 Mbit/s, 30 ms)', () => {
    const link = new LinkEstimate();
    measure(link, [
      { bytes: 400, ms: 31 },
      { bytes: 300_000, ms: 30 + 240 },
      { bytes: 300_000, ms: 30 + 240 },
    ]);
    const figures = link.figures(serviceChunk);
    expect(figures.rttMs).toBe(31);
    expect(figures.bytesPerSecond).toBeGreaterThan(1_000_000);
    expect(figures.chunkBytes).toBe(512 * 1024);
    // Four chunks in flight, so that each one's answer hides behind the others' bytes.
    expect(figures.windowBytes).toBe(4 * 512 * 1024);
    expect(link.compressWorth(4096)).toBe(true);
    expect(link.compressWorth(1000)).toBe(false);
  });

  it('keeps four chunks of about a second in flight on a phone hotspot (2 Mbit/s, 120 ms)', () => {
    const link = new LinkEstimate();
    measure(link, [
      { bytes: 400, ms: 120 },
      { bytes: 128 * 1024, ms: 120 + 524 },
    ]);
    const figures = link.figures(serviceChunk);
    expect(figures.chunkBytes).toBe(128 * 1024);
    expect(figures.windowBytes).toBe(4 * 128 * 1024);
  });

  it('takes small chunks and a small window on a bad line (0.5 Mbit/s, 300 ms), and keeps compressing', () => {
    const link = new LinkEstimate();
    measure(link, [
      { bytes: 500, ms: 300 },
      { bytes: 64 * 1024, ms: 300 + 1050 },
    ]);
    const figures = link.figures(serviceChunk);
    expect(figures.chunkBytes).toBe(64 * 1024);
    expect(figures.windowBytes).toBe(256 * 1024);
  });

  it('does not compress on a LAN, where the CPU costs more than the bytes', () => {
    const link = new LinkEstimate();
    measure(link, [
      { bytes: 500, ms: 1 },
      { bytes: 512 * 1024, ms: 5 },
    ]);
    expect(link.compressWorth(50_000)).toBe(false);
    expect(link.figures(serviceChunk).chunkBytes).toBe(serviceChunk);
  });

  it('counts what parallel uploads delivered together, not one request alone', () => {
    const link = new LinkEstimate();
    let t = 0;
    const now = () => t;
    // Four 256 KiB uploads share a 2 MB/s line: each takes about 0.5 s, together 1 MiB in 0.5 s.
    const finishing = [0, 1, 2, 3].map(() => link.start(256 * 1024, now));
    t = 500;
    for (const done of finishing) done();
    expect(link.figures(serviceChunk).bytesPerSecond).toBeGreaterThan(1.9 * 1024 * 1024);
  });
});
