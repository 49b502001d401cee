import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { LinkModel, segmentBytes, type DirectionModel, type LinkProfile } from './link-model';

export { linkProfiles, type LinkProfile, type LinkProfileName } from './link-model';

/** What went through the shaper, for a benchmark's or a test's record. */
export interface ShaperStats {
  connections: number;
  resets: number;
  bytesUp: number;
  bytesDown: number;
  stalls: number;
}

/**
 * A userspace TCP proxy on loopback that imposes a link profile (link-model.ts) between a
 * station and the service: this machine's kernel has no netem, and `tc` has no delay here. Every
 * connection through it shares the one link, as a branch's connections share its DSL line:
 * parallel connections do not get more bandwidth, they only keep the line busy. A sender is held
 * back (its socket paused) while the bottleneck holds more than the profile's queue.
 */
export class LinkShaper {
  readonly stats: ShaperStats = { connections: 0, resets: 0, bytesUp: 0, bytesDown: 0, stalls: 0 };
  private server: net.Server | null = null;
  private readonly model: LinkModel;
  private readonly sockets = new Set<net.Socket>();
  private readonly epoch = performance.now();

  constructor(
    private readonly upstream: { host: string; port: number },
    readonly profile: LinkProfile,
    seed = 1,
  ) {
    this.model = new LinkModel(profile, seed, 0);
  }

  static forUrl(url: string, profile: LinkProfile, seed = 1): LinkShaper {
    const target = new URL(url);
    return new LinkShaper({ host: target.hostname, port: Number(target.port) }, profile, seed);
  }

  async start(): Promise<string> {
    this.server = net.createServer((client) => this.connect(client));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.stats.stalls = this.model.stalls().filter((s) => s.from < this.now()).length;
  }

  private now(): number {
    return performance.now() - this.epoch;
  }

  private connect(client: net.Socket): void {
    this.stats.connections++;
    const server = net.connect(this.upstream);
    for (const socket of [client, server]) {
      this.sockets.add(socket);
      socket.setNoDelay(true);
      socket.on('close', () => this.sockets.delete(socket));
      // A reset or a closed peer: the other side goes too, as a broken line would take both.
      socket.on('error', () => undefined);
    }
    const reset = () => {
      this.stats.resets++;
      client.resetAndDestroy();
      server.resetAndDestroy();
    };
    this.pipe(client, server, this.model.up, 'bytesUp', reset);
    this.pipe(server, client, this.model.down, 'bytesDown', reset);
    // A peer that breaks (not one that closes after its answer): the other side goes too.
    client.on('error', () => server.destroy());
    server.on('error', () => client.destroy());
  }

  /** Carries `from`'s bytes to `to` through one direction of the link, in order. */
  private pipe(from: net.Socket, to: net.Socket, direction: DirectionModel, counter: 'bytesUp' | 'bytesDown', reset: () => void): void {
    let lastArrival = 0;
    let broken = false;
    let ended = false;
    // Segments on their way, in the order sent; one timer for the head (timers of different lengths may fire out of order).
    const inFlight: { at: number; segment: Buffer | 'reset' }[] = [];
    let timer: NodeJS.Timeout | null = null;
    const deliver = () => {
      timer = null;
      while (inFlight.length > 0 && inFlight[0]!.at <= this.now()) {
        const { segment } = inFlight.shift()!;
        if (segment === 'reset') return reset();
        if (to.destroyed) return;
        this.stats[counter] += segment.length;
        to.write(segment);
      }
      if (inFlight.length > 0) timer = setTimeout(deliver, Math.max(0, inFlight[0]!.at - this.now()));
      else if (ended && !to.destroyed) to.end();
    };
    const schedule = () => {
      if (!timer && inFlight.length > 0) timer = setTimeout(deliver, Math.max(0, inFlight[0]!.at - this.now()));
    };
    from.on('data', (data: Buffer) => {
      for (let offset = 0; offset < data.length && !broken; offset += segmentBytes) {
        const segment = data.subarray(offset, offset + segmentBytes);
        const sent = direction.send(segment.length, this.now(), lastArrival);
        lastArrival = sent.arrival;
        // The segment that crosses the mark never arrives; the connection breaks when it would have.
        broken = sent.reset;
        inFlight.push({ at: sent.arrival, segment: sent.reset ? 'reset' : segment });
      }
      schedule();
      this.holdBack(from, direction);
    });
    // Closed after its last bytes: the other side hears of it once they have arrived.
    const finish = () => {
      ended = true;
      if (inFlight.length === 0 && !to.destroyed) to.end();
    };
    from.on('end', finish);
    from.on('close', finish);
  }

  /** Pauses a sender while the bottleneck is fuller than the profile's queue, as TCP's flow control would. */
  private holdBack(from: net.Socket, direction: DirectionModel): void {
    if (direction.queued(this.now()) <= this.profile.queueBytes || from.isPaused()) return;
    from.pause();
    const resume = () => {
      if (from.destroyed) return;
      const wait = direction.drainedTo(this.profile.queueBytes) - this.now();
      if (wait > 0) setTimeout(resume, wait);
      else from.resume();
    };
    resume();
  }
}
