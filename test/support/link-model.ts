import { seededRandom } from './seeded-random';

/**
 * A network link as a station has it (a branch's DSL uplink, a phone hotspot), modelled per
 * direction: a bottleneck that sends one segment after another at its bandwidth, a one-way delay
 * with jitter, segments lost now and then (TCP hides the loss and delivers them one
 * retransmission timeout late), stalls of the whole link, and resets of the connection that
 * carries data after every few MB. Pure and deterministic: the same seed and the same offered
 * segments at the same times give the same delivery times, stalls and resets. The proxy around
 * it is link-shaper.ts.
 */
export interface DirectionProfile {
  bitsPerSecond: number;
  /** One-way delay; the round trip is the sum of both directions' delays. */
  delayMs: number;
  /** Each segment's delay varies by up to ± this much (the order of a connection's bytes is kept). */
  jitterMs: number;
  /** Share of segments that arrive one retransmission timeout late (TCP's loss recovery). */
  lossRate: number;
}

export interface LinkProfile {
  name: string;
  /** Station → service. */
  up: DirectionProfile;
  /** Service → station. */
  down: DirectionProfile;
  /** Whole-link stalls: on average every `meanEveryMs`, for `durationMs` nothing moves. */
  stalls: { meanEveryMs: number; durationMs: number } | null;
  /** The connection carrying the byte at which this many bytes (drawn between min and max) have passed is reset. */
  resets: { minBytes: number; maxBytes: number } | null;
  /** Bytes the bottleneck buffers per direction before the sender is held back (as TCP's window would be). */
  queueBytes: number;
}

const direction = (mbit: number, rttMs: number, jitterMs: number, lossRate: number): DirectionProfile => ({ bitsPerSecond: mbit * 1_000_000, delayMs: rttMs / 2, jitterMs: jitterMs / 2, lossRate });

/** The profiles of issue 17: a branch's DSL line, a phone hotspot at a company health day, and a bad line. */
export const linkProfiles = {
  'branch-dsl': { name: 'branch-dsl', up: direction(10, 30, 2, 0), down: direction(50, 30, 2, 0), stalls: null, resets: null, queueBytes: 256 * 1024 },
  hotspot: { name: 'hotspot', up: direction(2, 120, 40, 0.002), down: direction(8, 120, 40, 0.002), stalls: { meanEveryMs: 30_000, durationMs: 2_000 }, resets: null, queueBytes: 128 * 1024 },
  bad: { name: 'bad', up: direction(0.5, 300, 40, 0.01), down: direction(1, 300, 40, 0.01), stalls: null, resets: { minBytes: 2_000_000, maxBytes: 5_000_000 }, queueBytes: 64 * 1024 },
} as const satisfies Record<string, LinkProfile>;
export type LinkProfileName = keyof typeof linkProfiles;

/** The largest piece the model sends at once, so that connections sharing the link interleave. */
export const segmentBytes = 16 * 1024;

/** TCP's retransmission timeout after a loss: at least 200 ms, else twice the round trip. */
function retransmitMs(profile: LinkProfile): number {
  return Math.max(200, 2 * (profile.up.delayMs + profile.down.delayMs));
}

export class LinkModel {
  readonly up: DirectionModel;
  readonly down: DirectionModel;
  private readonly random: () => number;
  private readonly stallWindows: { from: number; to: number }[] = [];
  private carried = 0;
  private nextReset: number;

  constructor(
    readonly profile: LinkProfile,
    seed: number,
    readonly startedAt = 0,
  ) {
    this.random = seededRandom(seed);
    this.up = new DirectionModel(this, profile.up);
    this.down = new DirectionModel(this, profile.down);
    this.nextReset = this.drawReset(0);
  }

  /** The first moment at or after `at` when the link is not stalled. */
  clear(at: number): number {
    const stalls = this.profile.stalls;
    if (!stalls) return at;
    // Stall windows drawn as time passes: exponential gaps with the profile's mean, always in the same order.
    while ((this.stallWindows.at(-1)?.to ?? this.startedAt) <= at) {
      const from = (this.stallWindows.at(-1)?.to ?? this.startedAt) - Math.log(1 - this.random()) * stalls.meanEveryMs;
      this.stallWindows.push({ from, to: from + stalls.durationMs });
    }
    for (const window of this.stallWindows) if (at >= window.from && at < window.to) return window.to;
    return at;
  }

  /** Counts bytes carried in either direction; true when a reset falls within them. */
  carry(bytes: number): boolean {
    this.carried += bytes;
    if (!this.profile.resets || this.carried < this.nextReset) return false;
    this.nextReset = this.drawReset(this.carried);
    return true;
  }

  /** Stall windows drawn so far (for the record of a run). */
  stalls(): readonly { from: number; to: number }[] {
    return this.stallWindows;
  }

  draw(): number {
    return this.random();
  }

  retransmitMs(): number {
    return retransmitMs(this.profile);
  }

  private drawReset(from: number): number {
    const resets = this.profile.resets;
    return resets ? from + resets.minBytes + this.random() * (resets.maxBytes - resets.minBytes) : Number.POSITIVE_INFINITY;
  }
}

/** One direction's bottleneck: a FIFO shared by every connection on the link. */
export class DirectionModel {
  /** When the bottleneck has sent everything offered so far. */
  private busyUntil = 0;

  constructor(
    private readonly link: LinkModel,
    readonly profile: DirectionProfile,
  ) {}

  /**
   * A segment offered at `now` after the connection's previous one arrived at `previousArrival`:
   * when it arrives at the other end, and whether the link resets the connection with it.
   */
  send(bytes: number, now: number, previousArrival: number): { arrival: number; reset: boolean } {
    const start = this.link.clear(Math.max(now, this.busyUntil));
    const serialized = (bytes * 8 * 1000) / this.profile.bitsPerSecond;
    // A stall that begins while the segment is on the wire holds it until the stall is over.
    this.busyUntil = this.link.clear(start + serialized);
    const jitter = (this.link.draw() * 2 - 1) * this.profile.jitterMs;
    const lost = this.profile.lossRate > 0 && this.link.draw() < this.profile.lossRate;
    const arrival = Math.max(previousArrival, this.busyUntil + this.profile.delayMs + jitter + (lost ? this.link.retransmitMs() : 0));
    return { arrival, reset: this.link.carry(bytes) };
  }

  /** Bytes waiting in the bottleneck at `now` (offered, not yet sent). */
  queued(now: number): number {
    return Math.max(0, ((this.busyUntil - now) * this.profile.bitsPerSecond) / 8000);
  }

  /** When the queue will have drained to `bytes`. */
  drainedTo(bytes: number): number {
    return this.busyUntil - (bytes * 8000) / this.profile.bitsPerSecond;
  }
}
