import { events, type EventName, type EventPayload } from '../contract';
import type { Logger } from './logger';

export type EventListener = <K extends EventName>(name: K, payload: EventPayload<K>) => void;

/**
 * Main's side of the contract's event streams. Status events are states, so the hub keeps the
 * latest payload of each and replays it to a new subscriber: a window that connects late still
 * shows the card reader's current state. Payloads are validated before they leave main.
 */
export class EventHub {
  private readonly listeners = new Set<EventListener>();
  private readonly internalListeners = new Set<EventListener>();
  private readonly latest = new Map<EventName, unknown>();
  private readonly withheld: ReadonlySet<EventName>;

  /**
   * @param withheld events that stay inside main: they reach internal subscribers (services)
   * but never a transport. A kiosk withholds the raw card sessions, which carry personal data
   * before the member has confirmed who they are.
   */
  constructor(
    private readonly log: Logger,
    options: { withheld?: readonly EventName[] } = {},
  ) {
    this.withheld = new Set(options.withheld ?? []);
  }

  publish<K extends EventName>(name: K, payload: EventPayload<K>): void {
    const parsed = events[name].safeParse(payload);
    if (!parsed.success) {
      this.log.error('dropped event that violates the contract', { event: name });
      return;
    }
    this.latest.set(name, parsed.data);
    const targets = this.withheld.has(name) ? [...this.internalListeners] : [...this.internalListeners, ...this.listeners];
    for (const listener of targets) {
      try {
        listener(name, parsed.data as EventPayload<K>);
      } catch {
        this.log.warn('event listener failed', { event: name });
      }
    }
  }

  /** Whether an event may leave main through a transport. */
  isPublic(name: EventName): boolean {
    return !this.withheld.has(name);
  }

  current<K extends EventName>(name: K): EventPayload<K> | undefined {
    return this.latest.get(name) as EventPayload<K> | undefined;
  }

  /** For transports: subscribes to the public events and immediately replays their latest state. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    for (const [name, payload] of this.latest) if (!this.withheld.has(name)) listener(name, payload as EventPayload<typeof name>);
    return () => this.listeners.delete(listener);
  }

  /** For services inside main: every event, withheld ones included, with the same replay. */
  subscribeInternal(listener: EventListener): () => void {
    this.internalListeners.add(listener);
    for (const [name, payload] of this.latest) listener(name, payload as EventPayload<typeof name>);
    return () => this.internalListeners.delete(listener);
  }
}
