import { randomUUID } from 'node:crypto';
import type { CardSession, EventName, EventPayload } from '../contract';
import type { Logger } from '../runtime/logger';
import type { StationService } from '../runtime/service';
import type { CardSupervisor, SupervisorEvent, SupervisorState } from '../../native/card/card-supervisor';
import { cardReaderStatus } from './card-status';
import { readHealthCard, type CardReadResult, type CardReadTiming } from './read-card';
import { localDate, validateCard, type CardPolicy } from './validate-card';

type CardEventName = Extract<EventName, 'cardSessions' | 'cardRemoved' | 'cardStatus'>;
export type CardEventPublisher = <K extends CardEventName>(name: K, payload: EventPayload<K>) => void;

/** Timing of one read, without personal data: for logs and the benchmark. */
export interface CardReadMetrics {
  reader: string;
  outcome: CardSession['state'];
  /** performance.now() when pcscd reported the card, when `reading` and when the result were published. */
  detectedAt: number;
  readingPublishedAt: number;
  resultPublishedAt: number;
  timing: CardReadTiming | null;
}

export interface CardSessionServiceOptions {
  supervisor: CardSupervisor;
  publish: CardEventPublisher;
  policy: CardPolicy;
  log: Logger;
  /** Serve only this reader (exact name); null or absent: all readers. */
  reader?: string | null;
  now?: () => Date;
  /** After a failed transmission, how long to wait for pcscd to report a removal before calling the card unreadable. */
  removalGraceMs?: number;
  extendedLength?: boolean;
  onRead?: (metrics: CardReadMetrics) => void;
}

interface Slot {
  session: CardSession;
  abort: AbortController;
  removed: Promise<void>;
  markRemoved: () => void;
}

/**
 * One card session per inserted card. A session starts as `reading` the moment pcscd reports
 * the card, becomes `ready` or `rejected` (with a reason the UI can state), and is dropped —
 * with all data read from the card — the moment the card leaves the reader.
 */
export class CardSessionService implements StationService {
  readonly name = 'card-sessions';
  private readonly slots = new Map<string, Slot>();
  private supervisorState: SupervisorState = { kind: 'stopped' };
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly options: CardSessionServiceOptions) {}

  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.options.supervisor.on((event) => this.handle(event));
    // A window that connects before the first card still learns that there is no session.
    this.publishSessions();
    this.options.supervisor.start();
    this.publishStatus();
  }

  async stop(): Promise<void> {
    await this.options.supervisor.stop();
    for (const reader of [...this.slots.keys()]) this.end(reader);
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  sessions(): CardSession[] {
    return [...this.slots.values()].map((s) => s.session);
  }

  private handle(event: SupervisorEvent): void {
    switch (event.type) {
      case 'state':
        this.supervisorState = event.state;
        this.publishStatus();
        if (event.state.kind !== 'running') this.options.log.info('card service state', { state: event.state.kind });
        return;
      case 'reader-attached':
      case 'reader-removed':
        this.options.log.info(event.type, { reader: event.reader });
        return;
      case 'card-inserted':
        if (this.options.reader && event.reader !== this.options.reader) return;
        this.begin(event.reader, event.mute, event.detectedAt);
        return;
      case 'card-removed':
        this.end(event.reader);
        return;
    }
  }

  private publishSessions(): void {
    this.options.publish('cardSessions', { sessions: this.sessions() });
  }

  private publishStatus(): void {
    this.options.publish('cardStatus', cardReaderStatus(this.supervisorState, this.sessions()));
  }

  private begin(reader: string, mute: boolean, detectedAt: number): void {
    if (this.slots.has(reader)) this.end(reader);
    let markRemoved = () => {};
    const removed = new Promise<void>((resolve) => (markRemoved = resolve));
    const now = this.options.now?.() ?? new Date();
    const slot: Slot = { session: { sessionId: randomUUID(), reader, insertedAt: now.toISOString(), state: 'reading' }, abort: new AbortController(), removed, markRemoved };
    this.slots.set(reader, slot);
    this.publishSessions();
    this.publishStatus();
    const readingPublishedAt = performance.now();
    void this.read(slot, mute).then(({ result, session }) => {
      if (this.slots.get(reader) !== slot) return;
      slot.session = session;
      this.publishSessions();
      this.publishStatus();
      const resultPublishedAt = performance.now();
      const timing = result.stats;
      this.options.log.info('card read', {
        reader,
        outcome: session.state,
        reason: session.state === 'rejected' ? session.reason : undefined,
        apdus: timing?.apdus,
        extendedLength: timing?.extendedLength,
        cardIoMs: timing ? Math.round(timing.cardIoMs) : undefined,
        softwareMs: timing ? Math.round(timing.softwareMs * 10) / 10 : undefined,
      });
      this.options.onRead?.({ reader, outcome: session.state, detectedAt, readingPublishedAt, resultPublishedAt, timing });
    });
  }

  /**
   * Reads the card and turns the outcome into the session's next state; never rejects.
   * In shared mode another PC/SC client may select files between two of our APDUs (the binding
   * offers no SCardBeginTransaction), which makes a good card look damaged: such a result gets
   * one more attempt.
   */
  private async read(slot: Slot, mute: boolean): Promise<{ result: CardReadResult; session: CardSession }> {
    let result: CardReadResult = { ok: false, failure: 'unreadable', detail: 'card does not answer (mute)', stats: null };
    for (let attempt = 1; !mute && attempt <= 2; attempt++) {
      result = await this.readOnce(slot);
      if (result.ok || slot.abort.signal.aborted || (result.failure !== 'unreadable' && result.failure !== 'not-health-card')) break;
    }
    if (!result.ok && (result.failure === 'io' || result.failure === 'aborted')) {
      // A failed transmission is usually a pulled card: pcscd reports that within its polling interval.
      await Promise.race([slot.removed, new Promise((resolve) => setTimeout(resolve, this.options.removalGraceMs ?? 1500))]);
    }
    return { result, session: this.settle(slot.session, result) };
  }

  private async readOnce(slot: Slot): Promise<CardReadResult> {
    try {
      const channel = await this.options.supervisor.connect(slot.session.reader);
      try {
        return await readHealthCard(channel, { signal: slot.abort.signal, extendedLength: this.options.extendedLength });
      } finally {
        channel.disconnect();
      }
    } catch (error) {
      return { ok: false, failure: 'io', detail: `connect failed (${(error as { failure?: string }).failure ?? 'other'})`, stats: null };
    }
  }

  private settle(base: CardSession, result: CardReadResult): CardSession {
    const { sessionId, reader, insertedAt } = base;
    const common = { sessionId, reader, insertedAt };
    if (!result.ok) {
      const reason = result.failure === 'not-health-card' ? 'not-health-card' : 'unreadable';
      return { ...common, state: 'rejected', reason, detail: result.detail };
    }
    const { data } = result;
    const verdict = validateCard(data, this.options.policy, localDate(this.options.now?.() ?? new Date()));
    if (!verdict.ok) {
      const { ok: _ok, ...rejection } = verdict;
      return { ...common, state: 'rejected', ...rejection };
    }
    return { ...common, state: 'ready', person: data.person, cover: data.insurance, card: data.card };
  }

  private end(reader: string): void {
    const slot = this.slots.get(reader);
    if (!slot) return;
    this.slots.delete(reader);
    slot.abort.abort();
    slot.markRemoved();
    const duringRead = slot.session.state === 'reading';
    this.publishSessions();
    this.options.publish('cardRemoved', { reader, sessionId: slot.session.sessionId, duringRead, at: (this.options.now?.() ?? new Date()).toISOString() });
    this.publishStatus();
    this.options.log.info('card removed', { reader, duringRead });
  }
}
