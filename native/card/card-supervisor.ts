import { PcscError, pnpNotification, type CardChannel, type CardReader, type CardReaderBackend, type ReaderSnapshot, type WaitResult } from './card-reader';

/**
 * Owns the PC/SC contexts: watches the reader list and the cards in them, and replaces the
 * contexts when pcscd goes away and comes back (the binding does not recover by itself).
 * Every condition becomes a state or an event; nothing here throws at its caller.
 *
 * The watching context only waits for changes: pcsc-lite serialises calls per context, so a
 * transmit on it would wait for the next reader event. Card connections bring their own.
 */

export type SupervisorState =
  /** No PC/SC binding in this installation (package missing or not loadable). */
  | { kind: 'binding-unavailable'; reason: string }
  /** The PC/SC service (pcscd, Windows' SCardSvr) is not reachable; retrying. */
  | { kind: 'no-service' }
  /** The service runs; `readers` may be empty. `lastRemovedReader` names a reader that was unplugged. */
  | { kind: 'running'; readers: ReaderSnapshot[]; lastRemovedReader: string | null }
  | { kind: 'stopped' };

export type SupervisorEvent =
  | { type: 'state'; state: SupervisorState }
  | { type: 'reader-attached'; reader: string }
  | { type: 'reader-removed'; reader: string }
  /** `detectedAt` is performance.now() when pcscd reported the card. */
  | { type: 'card-inserted'; reader: string; atr: Uint8Array | null; mute: boolean; detectedAt: number }
  | { type: 'card-removed'; reader: string };

export interface CardSupervisorOptions {
  backend: CardReaderBackend;
  /** How long one SCardGetStatusChange waits before the supervisor re-checks the reader list. */
  waitTimeoutMs?: number;
  /** Delay between attempts to reach a stopped PC/SC service. */
  retryMs?: number;
  /** Diagnostics without personal data: reader names and failure classes only. */
  onDiagnostic?: (message: string, fields: Record<string, string | number>) => void;
}

export type SupervisorListener = (event: SupervisorEvent) => void;

export class CardSupervisor {
  private readonly listeners = new Set<SupervisorListener>();
  private currentState: SupervisorState = { kind: 'stopped' };
  private readers = new Map<string, ReaderSnapshot>();
  private monitor: CardReader | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private lastRemovedReader: string | null = null;
  private readonly waitTimeoutMs: number;
  private readonly retryMs: number;

  constructor(private readonly options: CardSupervisorOptions) {
    this.waitTimeoutMs = options.waitTimeoutMs ?? 2000;
    this.retryMs = options.retryMs ?? 1000;
  }

  get state(): SupervisorState {
    return this.currentState;
  }

  on(listener: SupervisorListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    if (this.running) return;
    const { backend } = this.options;
    if (!backend.available) {
      this.setState({ kind: 'binding-unavailable', reason: backend.reason });
      return;
    }
    this.running = true;
    this.loop = this.run(backend.open);
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.monitor?.cancel();
    this.wake?.();
    await this.loop;
    this.loop = null;
    this.setState({ kind: 'stopped' });
  }

  /** Connects to the card in `reader` (shared mode, T=1), on a context of the connection's own. */
  async connect(reader: string): Promise<CardChannel> {
    if (!this.monitor) throw new PcscError('no-service', 'PC/SC service not available');
    return this.monitor.connect(reader);
  }

  /** Whether the reader currently reports a card (as of the last status change). */
  cardPresent(reader: string): boolean {
    return this.readers.get(reader)?.present ?? false;
  }

  private emit(event: SupervisorEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        this.options.onDiagnostic?.('supervisor listener failed', { event: event.type });
      }
    }
  }

  private setState(state: SupervisorState): void {
    this.currentState = state;
    this.emit({ type: 'state', state });
  }

  private publishRunning(): void {
    this.setState({ kind: 'running', readers: [...this.readers.values()], lastRemovedReader: this.readers.size === 0 ? this.lastRemovedReader : null });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private closeContexts(): void {
    this.monitor?.close();
    this.monitor = null;
  }

  private async run(open: () => CardReader): Promise<void> {
    let reportedNoService = false;
    while (this.running) {
      try {
        this.monitor = open();
      } catch (error) {
        this.closeContexts();
        if (!reportedNoService) {
          this.options.onDiagnostic?.('PC/SC service not reachable', { failure: error instanceof PcscError ? error.failure : 'other' });
          this.dropAll();
          this.setState({ kind: 'no-service' });
          reportedNoService = true;
        }
        await this.sleep(this.retryMs);
        continue;
      }
      reportedNoService = false;
      try {
        await this.watch(this.monitor);
      } catch (error) {
        const failure = error instanceof PcscError ? error.failure : 'other';
        this.options.onDiagnostic?.('PC/SC context failed; recreating it', { failure });
        this.closeContexts();
        if (this.running) {
          this.dropAll();
          this.setState({ kind: 'no-service' });
          reportedNoService = true;
          await this.sleep(failure === 'no-service' ? this.retryMs : Math.min(this.retryMs, 250));
        }
      }
    }
    this.closeContexts();
    this.dropAll();
  }

  /** Cards and readers are gone for this process once the service is: say so. */
  private dropAll(): void {
    for (const snapshot of this.readers.values()) if (snapshot.present) this.emit({ type: 'card-removed', reader: snapshot.name });
    this.readers.clear();
    // Readers that vanish with the service were not unplugged.
    this.lastRemovedReader = null;
  }

  private async watch(context: CardReader): Promise<void> {
    this.applyList(context.listReaders(), performance.now());
    this.publishRunning();
    let pnpState = 0;
    while (this.running) {
      const known = [...this.readers.values()].map((r) => ({ name: r.name, state: r.state }));
      let result: WaitResult;
      try {
        result = await context.waitForChange([...known, { name: pnpNotification, state: pnpState }], this.waitTimeoutMs);
      } catch (error) {
        // A reader unplugged after the last listing makes the wait fail as a whole: re-list, do
        // not treat it as a dead service (that would drop the cards in the other readers).
        if (!(error instanceof PcscError && error.failure === 'reader-unavailable')) throw error;
        if (this.applyList(context.listReaders(), performance.now())) this.publishRunning();
        continue;
      }
      if (!this.running || result.kind === 'cancelled') return;
      const detectedAt = performance.now();
      if (result.kind === 'timeout') {
        // Readers whose drivers miss PnP notifications still show up: re-list now and then.
        if (this.applyList(context.listReaders(), detectedAt)) this.publishRunning();
        continue;
      }
      let listChanged = false;
      let cardsChanged = false;
      for (const snapshot of result.readers) {
        if (snapshot.name === pnpNotification) {
          if (snapshot.state !== pnpState) listChanged = true;
          pnpState = snapshot.state;
          continue;
        }
        const previous = this.readers.get(snapshot.name);
        // A reader that went away reports "unknown"/"unavailable" without PRESENT: re-list.
        if (!previous || (snapshot.state & 0x0c) !== 0) {
          listChanged = true;
          continue;
        }
        cardsChanged = this.applyReader(previous, snapshot, detectedAt) || cardsChanged;
      }
      if (listChanged) cardsChanged = this.applyList(context.listReaders(), detectedAt) || cardsChanged;
      if (cardsChanged || listChanged) this.publishRunning();
    }
  }

  /** Applies a fresh reader list: attached/removed readers and their cards. Returns whether anything changed. */
  private applyList(list: ReaderSnapshot[], detectedAt: number): boolean {
    let changed = false;
    const names = new Set(list.map((r) => r.name));
    for (const [name, previous] of this.readers) {
      if (names.has(name)) continue;
      if (previous.present) this.emit({ type: 'card-removed', reader: name });
      this.readers.delete(name);
      this.lastRemovedReader = name;
      this.emit({ type: 'reader-removed', reader: name });
      changed = true;
    }
    for (const snapshot of list) {
      const previous = this.readers.get(snapshot.name);
      if (!previous) {
        this.readers.set(snapshot.name, { ...snapshot, present: false, counter: -1 });
        this.emit({ type: 'reader-attached', reader: snapshot.name });
        this.applyReader(this.readers.get(snapshot.name) as ReaderSnapshot, snapshot, detectedAt);
        changed = true;
      } else {
        changed = this.applyReader(previous, snapshot, detectedAt) || changed;
      }
    }
    return changed;
  }

  /**
   * Compares a reader's new state with the known one. The event counter in the upper 16 bits
   * reveals a card swapped between two looks (removed and inserted again): both events are sent.
   */
  private applyReader(previous: ReaderSnapshot, next: ReaderSnapshot, detectedAt: number): boolean {
    this.readers.set(next.name, next);
    const counterJump = previous.counter >= 0 && next.counter !== previous.counter && ((next.counter - previous.counter) & 0xffff) >= 2;
    if (previous.present && (!next.present || counterJump)) this.emit({ type: 'card-removed', reader: next.name });
    if (next.present && (!previous.present || counterJump)) this.emit({ type: 'card-inserted', reader: next.name, atr: next.atr, mute: next.mute, detectedAt });
    return previous.present !== next.present || counterJump || previous.state !== next.state;
  }
}
