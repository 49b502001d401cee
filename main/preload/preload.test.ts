import { describe, expect, it, vi } from 'vitest';
import { electronStandIn } from '../../test/support/electron-stand-in';
import { eventNames, ipcChannel, methodNames } from '../contract';

// Electron's binary cannot be installed here: contextBridge and ipcRenderer are the named stand-in.
vi.mock('electron', async () => (await import('../../test/support/electron-stand-in')).electronStandIn.module);

async function loadPreload() {
  electronStandIn.reset();
  vi.resetModules();
  await import('./index');
  return electronStandIn;
}

describe('the preload', () => {
  it('exposes exactly one named function per contract method and one subscribe function per event, frozen', async () => {
    const s = await loadPreload();
    const api = s.exposed.bonusStation as { methods: Record<string, unknown>; events: Record<string, unknown> };
    expect(Object.keys(s.exposed)).toEqual(['bonusStation']);
    expect(Object.keys(api).sort()).toEqual(['events', 'methods']);
    expect(Object.keys(api.methods).sort()).toEqual([...methodNames].sort());
    expect(Object.keys(api.events).sort()).toEqual([...eventNames].sort());
    expect(Object.isFrozen(api) && Object.isFrozen(api.methods) && Object.isFrozen(api.events)).toBe(true);
    expect('invoke' in api || 'send' in api || 'ipcRenderer' in api).toBe(false);
  });

  it('sends a method call on that method\'s own channel only', async () => {
    const s = await loadPreload();
    const api = s.exposed.bonusStation as { methods: Record<string, (input: unknown) => Promise<unknown>> };
    await api.methods.getStationInfo!({});
    expect(s.invoked).toEqual([{ channel: ipcChannel.method('getStationInfo'), args: [{}] }]);
  });

  it('delivers events to subscribers and stops after unsubscribe', async () => {
    const s = await loadPreload();
    const api = s.exposed.bonusStation as { events: Record<string, (l: (p: unknown) => void) => () => void> };
    const seen: unknown[] = [];
    const off = api.events.cardStatus!((p) => seen.push(p));
    s.emitToRenderer(ipcChannel.event('cardStatus'), { state: 'ready', readers: [] });
    off();
    s.emitToRenderer(ipcChannel.event('cardStatus'), { state: 'no-reader', readers: [] });
    expect(seen).toEqual([{ state: 'ready', readers: [] }]);
  });
});
