import { describe, expect, it } from 'vitest';
import { MemoryPcsc } from '../../test/virtual-egk/memory-pcsc';
import { EventHub } from '../runtime/event-hub';
import { createLogger, memorySink } from '../runtime/logger';
import { createCardHandlers } from './card-handlers';
import { createCardService } from './create-card-service';

const config = { insurerIks: ['109999990'], reader: null };

describe('the card service in the composition root', () => {
  it('starts without a PC/SC binding and says why in the reader status', async () => {
    const sink = memorySink();
    const events = new EventHub(createLogger('test', sink));
    const service = createCardService({ config, events, log: createLogger('card', sink), backend: { available: false, reason: 'PC/SC binding not available (smartcard: not installed)' } });
    await service.start();
    expect(events.current('cardStatus')).toEqual({ state: 'unavailable', readers: [], detail: 'PC/SC binding not available (smartcard: not installed)' });
    expect(createCardHandlers(service, () => undefined).getCardSessions({}, { transport: 'test' })).toEqual({ sessions: [] });
    expect(sink.records.some((r) => r.level === 'warn' && r.message === 'card reading unavailable')).toBe(true);
    await service.stop();
  });

  it('starts while pcscd is down, reports "no-service", and serves once it is up', async () => {
    const pcsc = new MemoryPcsc(['R0']);
    pcsc.stopService();
    const events = new EventHub(createLogger('test', () => {}));
    const service = createCardService({ config, events, log: createLogger('card', () => {}), backend: pcsc.backend() });
    await service.start();
    expect(events.current('cardStatus')?.state).toBe('no-service');
    expect(events.current('cardSessions')).toEqual({ sessions: [] });
    pcsc.startService();
    for (let i = 0; i < 200 && events.current('cardStatus')?.state !== 'ready'; i++) await new Promise((r) => setTimeout(r, 10));
    expect(events.current('cardStatus')).toEqual({ state: 'ready', readers: ['R0'] });
    await service.stop();
    expect(events.current('cardStatus')?.state).toBe('unavailable');
  });
});
