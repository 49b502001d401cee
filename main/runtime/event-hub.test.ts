import { describe, expect, it } from 'vitest';
import { createLogger, memorySink } from './logger';
import { EventHub } from './event-hub';

describe('the event hub', () => {
  it('replays the latest state of each event to a late subscriber', () => {
    const hub = new EventHub(createLogger('t', memorySink()));
    hub.publish('cardStatus', { state: 'no-reader', readers: [] });
    hub.publish('cardStatus', { state: 'ready', readers: ['Virtual PCD 00 00'] });
    const seen: unknown[] = [];
    hub.subscribe((name, payload) => seen.push([name, payload]));
    expect(seen).toEqual([['cardStatus', { state: 'ready', readers: ['Virtual PCD 00 00'] }]]);
  });

  it('delivers new events to subscribers until they unsubscribe', () => {
    const hub = new EventHub(createLogger('t', memorySink()));
    const seen: string[] = [];
    const off = hub.subscribe((name) => seen.push(name));
    hub.publish('syncStatus', { state: 'idle', queueLength: 0, bytesPending: 0, lastSuccessAt: null, lastError: null });
    off();
    hub.publish('scannerStatus', { state: 'none', devices: [] });
    expect(seen).toEqual(['syncStatus']);
  });

  it('drops an event that violates its schema and logs it', () => {
    const sink = memorySink();
    const hub = new EventHub(createLogger('t', sink));
    const seen: unknown[] = [];
    hub.subscribe((_n, p) => seen.push(p));
    hub.publish('cardStatus', { state: 'melting', readers: [] } as never);
    expect(seen).toEqual([]);
    expect(hub.current('cardStatus')).toBeUndefined();
    expect(sink.records[0]?.message).toBe('dropped event that violates the contract');
  });
});

describe('withheld events', () => {
  it('reach services inside main but never a transport, live or replayed', () => {
    const hub = new EventHub(createLogger('t', memorySink()), { withheld: ['cardSessions'] });
    hub.publish('cardSessions', { sessions: [] });
    const transport: string[] = [];
    const internal: string[] = [];
    hub.subscribe((name) => transport.push(name));
    hub.subscribeInternal((name) => internal.push(name));
    hub.publish('cardSessions', { sessions: [] });
    hub.publish('scannerStatus', { state: 'none', devices: [] });
    expect(transport).toEqual(['scannerStatus']);
    expect(internal).toEqual(['cardSessions', 'cardSessions', 'scannerStatus']);
    expect(hub.isPublic('cardSessions')).toBe(false);
  });
});
