import { PcscError, pnpNotification, type CardChannel, type CardReader, type CardReaderBackend, type ReaderSnapshot, type WaitResult } from '../../native/card/card-reader';
import type { CardProgram } from './vpcd-link';

const PRESENT = 0x20;
const EMPTY = 0x10;

interface MemoryReader {
  program: CardProgram | null;
  counter: number;
  /** Bumped on each insertion: a channel to an earlier card fails like a pulled card. */
  generation: number;
}

/**
 * An in-memory PC/SC stack for unit tests of the supervisor and the session service: readers,
 * cards (any CardProgram), the event counter, and a service that can be stopped. Integration
 * tests use the real pcscd + vpcd instead.
 */
export class MemoryPcsc {
  private readonly readers = new Map<string, MemoryReader>();
  private serviceUp = true;
  private epoch = 0;
  private readonly waiters = new Set<() => void>();
  /** Delay per transmitted APDU, ms. */
  apduDelayMs = 0;
  /** Runs once at the start of the next SCardGetStatusChange, before it looks (for races). */
  beforeNextWait: (() => void) | null = null;

  constructor(readerNames: string[] = ['Memory Reader 0']) {
    for (const name of readerNames) this.readers.set(name, { program: null, counter: 0, generation: 0 });
  }

  private quiet = false;

  private notify(): void {
    if (this.quiet) return;
    for (const wake of [...this.waiters]) wake();
  }

  /** Runs changes that a waiting SCardGetStatusChange sees only afterwards, all at once. */
  batch(changes: () => void): void {
    this.quiet = true;
    try {
      changes();
    } finally {
      this.quiet = false;
    }
    this.notify();
  }

  addReader(name: string): void {
    this.readers.set(name, { program: null, counter: 0, generation: 0 });
    this.notify();
  }

  removeReader(name: string): void {
    this.readers.delete(name);
    this.notify();
  }

  insert(reader: string, program: CardProgram): void {
    const r = this.readers.get(reader);
    if (!r) throw new Error(`no reader ${reader}`);
    program.reset();
    r.program = program;
    r.counter += 1;
    r.generation += 1;
    this.notify();
  }

  remove(reader: string): void {
    const r = this.readers.get(reader);
    if (!r || !r.program) return;
    r.program = null;
    r.counter += 1;
    this.notify();
  }

  stopService(): void {
    this.serviceUp = false;
    this.epoch += 1;
    for (const r of this.readers.values()) r.program = null;
    this.notify();
  }

  startService(): void {
    this.serviceUp = true;
    this.notify();
  }

  private snapshot(name: string): ReaderSnapshot {
    const r = this.readers.get(name);
    if (!r) return { name, present: false, mute: false, atr: null, state: 0x08, counter: 0 };
    const flags = r.program ? PRESENT : EMPTY;
    return { name, present: !!r.program, mute: false, atr: r.program ? r.program.atr : null, state: ((r.counter << 16) | flags) >>> 0, counter: r.counter };
  }

  backend(): CardReaderBackend {
    return { available: true, binding: 'memory', open: () => this.open() };
  }

  private open(): CardReader {
    if (!this.serviceUp) throw new PcscError('no-service', 'PC/SC service not running');
    const epoch = this.epoch;
    const check = () => {
      if (!this.serviceUp || epoch !== this.epoch) throw new PcscError('no-service', 'PC/SC service stopped');
    };
    let cancelled: (() => void) | null = null;
    return {
      listReaders: () => {
        check();
        return [...this.readers.keys()].map((n) => this.snapshot(n));
      },
      waitForChange: (known, timeoutMs) =>
        new Promise<WaitResult>((resolve, reject) => {
          const hook = this.beforeNextWait;
          this.beforeNextWait = null;
          hook?.();
          // Like pcsc-lite: a reader that is unknown when the call starts fails the whole call.
          if (known.some((k) => k.name !== pnpNotification && !this.readers.has(k.name))) {
            reject(new PcscError('reader-unavailable', 'Unknown reader'));
            return;
          }
          const evaluate = (): boolean => {
            try {
              check();
            } catch (error) {
              reject(error);
              return true;
            }
            const readerCount = this.readers.size;
            const snapshots = known.map((k) => (k.name === pnpNotification ? { name: pnpNotification, present: false, mute: false, atr: null, state: readerCount << 16, counter: 0 } : this.snapshot(k.name)));
            // The PnP pseudo-reader carries the reader count in its upper 16 bits, as in pcsc-lite.
            const changed = snapshots.some((s, i) => s.state !== known[i]!.state);
            if (changed) resolve({ kind: 'changed', readers: snapshots });
            return changed;
          };
          if (evaluate()) return;
          const done = () => {
            clearTimeout(timer);
            this.waiters.delete(wake);
            cancelled = null;
          };
          const wake = () => {
            if (evaluate()) done();
          };
          const timer = setTimeout(() => {
            done();
            resolve({ kind: 'timeout' });
          }, timeoutMs);
          cancelled = () => {
            done();
            resolve({ kind: 'cancelled' });
          };
          this.waiters.add(wake);
        }),
      cancel: () => cancelled?.(),
      connect: async (name) => {
        check();
        const r = this.readers.get(name);
        if (!r) throw new PcscError('reader-unavailable', 'Reader unavailable');
        const program = r.program;
        if (!program) throw new PcscError('no-card', 'No smart card present');
        const generation = r.generation;
        const channel: CardChannel = {
          reader: name,
          atr: program.atr,
          protocol: 'T=1',
          transmit: async (apdu) => {
            if (this.apduDelayMs) await new Promise((resolve) => setTimeout(resolve, this.apduDelayMs));
            check();
            if (r.program !== program || r.generation !== generation) throw new PcscError('card-removed', 'Card was removed');
            return program.transmit(apdu);
          },
          disconnect: () => {},
        };
        return channel;
      },
      close: () => {},
    };
  }
}
