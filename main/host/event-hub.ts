import { events, type EventName, type EventPayload } from '../contract';
import type { Logger } from '../log/logger';

export type EventListener = <K extends EventName>(name: K, payload: EventPayload<K>) => void;

/**
 * Main's side of the contract's event streams. Status events are states, so the hub keeps the
 * latest payload of each and replays it to a new subscriber: a window that connects late still
 * shows the card reader's current state. Payloads are validated before they leave main.
 */
export class EventHub {
  private readonly listeners = new Set<EventListener>();
  private readonly latest = new Map<EventName, unknown>();

  constructor(private readonly log: Logger) {}

  publish<K extends EventName>(name: K, payload: EventPayload<K>): void {
    const parsed = events[name].safeParse(payload);
    if (!parsed.success) {
      this.log.error('dropped event that violates the contract', { event: name });
      return;
    }
    this.latest.set(name, parsed.data);
    for (const listener of this.listeners) {
      try {
        listener(name, parsed.data as EventPayload<K>);
      } catch {
        this.log.warn('event listener failed', { event: name });
      }
    }
  }

  current<K extends EventName>(name: K): EventPayload<K> | undefined {
    return this.latest.get(name) as EventPayload<K> | undefined;
  }

  /** Subscribes and immediately replays the latest state of every event. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    for (const [name, payload] of this.latest) listener(name, payload as EventPayload<typeof name>);
    return () => this.listeners.delete(listener);
  }
}
