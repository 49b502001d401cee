import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LinkModel, linkProfiles, segmentBytes, type LinkProfile } from './link-model';
import { LinkShaper } from './link-shaper';

/** Offers `bytes` at time `at` in segments and returns the last arrival (the model's virtual clock, no waiting). */
function sendAll(model: LinkModel, bytes: number, at = 0, previous = 0): number {
  let last = previous;
  for (let offset = 0; offset < bytes; offset += segmentBytes) last = model.up.send(Math.min(segmentBytes, bytes - offset), at, last).arrival;
  return last;
}

describe('the link model', () => {
  it('sends at the bandwidth, after the one-way delay and within its jitter', () => {
    const model = new LinkModel(linkProfiles['branch-dsl'], 7);
    const arrival = sendAll(model, 1_000_000);
    // 1 MB at 10 Mbit/s is 800 ms on the wire, then 15 ms ± 1 ms.
    expect(arrival).toBeGreaterThanOrEqual(814);
    expect(arrival).toBeLessThanOrEqual(816);
    expect(model.up.queued(0)).toBeCloseTo(1_000_000, -3);
  });

  it('shares the bandwidth between connections instead of multiplying it', () => {
    const model = new LinkModel(linkProfiles['branch-dsl'], 7);
    let a = 0;
    let b = 0;
    for (let i = 0; i < 32; i++) {
      a = model.up.send(segmentBytes, 0, a).arrival;
      b = model.up.send(segmentBytes, 0, b).arrival;
    }
    // 64 segments of 16 KiB at 10 Mbit/s: both finish near 839 ms, not at half of it.
    expect(Math.max(a, b)).toBeGreaterThan(835);
  });

  it('keeps a connection in order despite jitter, and is the same run for the same seed', () => {
    const run = (seed: number) => {
      const model = new LinkModel(linkProfiles.hotspot, seed);
      const arrivals: number[] = [];
      let last = 0;
      for (let i = 0; i < 2_000; i++) arrivals.push((last = model.up.send(segmentBytes, i * 10, last).arrival));
      return { arrivals, stalls: [...model.stalls()] };
    };
    const first = run(3);
    expect(first.arrivals).toEqual([...first.arrivals].sort((x, y) => x - y));
    expect(run(3)).toEqual(first);
    expect(run(4).arrivals).not.toEqual(first.arrivals);
    // 2,000 × 16 KiB at 2 Mbit/s is about 131 s: a few 2 s stalls on the way.
    expect(first.stalls.filter((s) => s.from < first.arrivals.at(-1)!).length).toBeGreaterThan(0);
  });

  it('holds everything during a stall', () => {
    const model = new LinkModel(linkProfiles.hotspot, 3);
    const stall = (() => {
      for (let t = 0; ; t += 100) {
        const clear = model.clear(t);
        if (clear > t) return { from: t, to: clear };
      }
    })();
    const arrival = model.up.send(1000, stall.from, 0).arrival;
    expect(arrival).toBeGreaterThanOrEqual(stall.to + linkProfiles.hotspot.up.delayMs - linkProfiles.hotspot.up.jitterMs);
  });

  it('resets a connection every few MB on the bad profile', () => {
    const model = new LinkModel(linkProfiles.bad, 11);
    let resets = 0;
    for (let i = 0; i < (20_000_000 / segmentBytes); i++) if (model.up.send(segmentBytes, 0, 0).reset) resets++;
    // Every 2-5 MB: 4 to 10 resets in 20 MB.
    expect(resets).toBeGreaterThanOrEqual(4);
    expect(resets).toBeLessThanOrEqual(10);
  });
});

describe('the link shaper proxy', () => {
  let server: http.Server;
  let upstream: string;
  beforeAll(async () => {
    // Answers the SHA-256 of what it received, then as many random bytes as asked for.
    server = http.createServer((req, res) => {
      const hash = createHash('sha256');
      req.on('data', (c: Buffer) => hash.update(c));
      req.on('end', () => {
        const size = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('answer') ?? 0);
        res.writeHead(200, { 'x-sha256': hash.digest('hex') }).end(randomBytes(size));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    upstream = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const fast: LinkProfile = { name: 'fast', up: { bitsPerSecond: 400e6, delayMs: 1, jitterMs: 1, lossRate: 0.05 }, down: { bitsPerSecond: 400e6, delayMs: 1, jitterMs: 1, lossRate: 0 }, stalls: null, resets: null, queueBytes: 64 * 1024 };

  it('carries every byte intact, in order, in both directions, holding the sender back at its queue', async () => {
    const shaper = LinkShaper.forUrl(upstream, fast, 5);
    const url = await shaper.start();
    try {
      const body = randomBytes(3_000_000);
      const res = await fetch(`${url}/?answer=2000000`, { method: 'PUT', body });
      const answer = Buffer.from(await res.arrayBuffer());
      expect(res.headers.get('x-sha256')).toBe(createHash('sha256').update(body).digest('hex'));
      expect(answer.length).toBe(2_000_000);
      expect(shaper.stats).toMatchObject({ resets: 0 });
      expect(shaper.stats.bytesUp).toBeGreaterThan(3_000_000);
    } finally {
      await shaper.stop();
    }
  });

  it('resets the connection that carries the byte where a reset falls, and only it', async () => {
    const resetting: LinkProfile = { ...fast, up: { ...fast.up, lossRate: 0 }, resets: { minBytes: 200_000, maxBytes: 200_001 } };
    const shaper = LinkShaper.forUrl(upstream, resetting, 5);
    const url = await shaper.start();
    try {
      await expect(fetch(`${url}/`, { method: 'PUT', body: randomBytes(1_000_000) }).then((r) => r.arrayBuffer())).rejects.toThrow();
      expect(shaper.stats.resets).toBe(1);
      // The next connection gets through until the next mark, 200 KB later.
      const small = await fetch(`${url}/?answer=10`, { method: 'PUT', body: randomBytes(50_000) });
      expect(small.status).toBe(200);
    } finally {
      await shaper.stop();
    }
  });
});
