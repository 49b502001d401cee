/**
 * What the station knows about its link to the service, measured from its own requests: the
 * round trip (the shortest a small request took, which includes the service's quickest answer)
 * and the bottleneck bandwidth (the highest delivery rate seen: bytes of all uploads that
 * completed while one upload was under way, over its duration, as BBR samples it). From them
 * the upload window (bytes in flight that keep the link busy without a long queue in front of
 * small requests), the chunk size (what one request may lose to a broken connection) and
 * whether compressing a body pays. Until it has measured, it assumes a fast link.
 */
export interface LinkFigures {
  rttMs: number | null;
  bytesPerSecond: number | null;
  windowBytes: number;
  chunkBytes: number;
}

const kib = 1024;
/** Smallest and largest window by bandwidth-delay; no more than a fast LAN needs. */
const minWindow = 256 * kib;
const maxWindow = 16 * 1024 * kib;
const minChunk = 64 * kib;
/** A chunk is about this much link time: a reset loses at most that, and the request overhead stays small. */
const chunkSeconds = 1;
/**
 * Chunks in flight at least. A chunk's answer comes a round trip plus the service's durable write
 * after its last byte; with two in flight the line idled meanwhile (hotspot: 0.77 of the link),
 * with four the others' bytes cover it (0.84, same run; bench/sync-link.bench.ts).
 */
const chunksInFlight = 4;
/** Bodies are compressed only on links slower than this (on a LAN the CPU costs more than the bytes). */
const compressBelowBytesPerSecond = 12.5 * 1024 * kib;
const samples = 16;

export class LinkEstimate {
  private readonly rtts: number[] = [];
  private readonly rates: number[] = [];
  /** Bytes of upload requests completed so far, and per request in flight what it was when it started. */
  private delivered = 0;

  /** A request is about to send `bytes`; call the returned function when its answer has arrived. */
  start(bytes: number, now: () => number = performance.now.bind(performance)): () => void {
    const startedAt = now();
    const deliveredAtStart = this.delivered;
    return () => {
      const elapsedMs = Math.max(0.001, now() - startedAt);
      this.delivered += bytes;
      if (bytes <= 2 * kib) push(this.rtts, elapsedMs);
      // Large requests say what the link carries; a small one's rate is mostly its round trip.
      if (bytes >= 32 * kib) push(this.rates, ((this.delivered - deliveredAtStart) * 1000) / elapsedMs);
    };
  }

  figures(serviceChunk: number): LinkFigures {
    const rttMs = this.rtts.length > 0 ? Math.min(...this.rtts) : null;
    const bytesPerSecond = this.rates.length > 0 ? Math.max(...this.rates) : null;
    if (rttMs === null || bytesPerSecond === null) return { rttMs, bytesPerSecond, windowBytes: 4 * serviceChunk, chunkBytes: serviceChunk };
    // Twice the bandwidth-delay product keeps the link busy while answers travel back.
    const windowBytes = clamp(2 * bytesPerSecond * (rttMs / 1000), minWindow, maxWindow);
    const chunkBytes = Math.min(serviceChunk, Math.max(minChunk, powerOfTwoBelow(bytesPerSecond * chunkSeconds)));
    return { rttMs, bytesPerSecond, windowBytes: Math.max(windowBytes, chunksInFlight * chunkBytes), chunkBytes };
  }

  /** Whether to compress a compressible body of `bytes` on this link. */
  compressWorth(bytes: number): boolean {
    const rate = this.rates.length > 0 ? Math.max(...this.rates) : null;
    return bytes >= 2 * kib && rate !== null && rate < compressBelowBytesPerSecond;
  }
}

function push(list: number[], value: number): void {
  list.push(value);
  if (list.length > samples) list.shift();
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function powerOfTwoBelow(value: number): number {
  return 2 ** Math.floor(Math.log2(Math.max(1, value)));
}
