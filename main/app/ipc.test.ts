import { beforeEach, describe, expect, it, vi } from 'vitest';
import { electronStandIn } from '../../test/support/electron-stand-in';
import { ipcChannel, methodNames } from '../contract';
import { createDispatcher, type Handlers } from '../runtime/dispatcher';
import { createLogger, memorySink } from '../runtime/logger';

// Electron's binary cannot be installed here: ipcMain is the named stand-in from test/support.
vi.mock('electron', async () => (await import('../../test/support/electron-stand-in')).electronStandIn.module);

const info = { stationId: 's', branch: 'b', mode: 'kiosk', language: 'de', appVersion: '1', transport: 'electron', inactivityTimeoutSeconds: 90, appInstall: null, today: '2027-07-15' };

describe('the Electron IPC transport', () => {
  let sink: ReturnType<typeof memorySink>;
  beforeEach(async () => {
    electronStandIn.reset();
    sink = memorySink();
    vi.resetModules();
    const { registerIpc } = await import('./ipc');
    const log = createLogger('ipc', sink);
    registerIpc(createDispatcher({ getStationInfo: () => info } as unknown as Handlers, log), log);
  });

  const call = (name: string, input: unknown, url: string | null = 'app://bonus/index.html') =>
    electronStandIn.handlers.get(ipcChannel.method(name as never))!({ senderFrame: url === null ? null : { url } }, input);

  it('registers one handler per contract method and nothing else', () => {
    expect([...electronStandIn.handlers.keys()].sort()).toEqual(methodNames.map((n) => ipcChannel.method(n)).sort());
  });

  it('answers the app origin', async () => {
    expect(await call('getStationInfo', {})).toEqual({ ok: true, value: info });
  });

  it('rejects an invalid payload and logs it without its values', async () => {
    expect(await call('getStationInfo', { name: 'Erika Mustermann' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(sink.records.some((r) => r.message === 'rejected call with invalid payload' && r.fields?.transport === 'electron')).toBe(true);
    expect(JSON.stringify(sink.records)).not.toContain('Mustermann');
  });

  it('refuses calls from frames that are not the app, and logs them', async () => {
    for (const url of ['https://evil.example/', 'file:///tmp/x.html', null]) {
      expect(await call('getStationInfo', {}, url)).toEqual({ ok: false, error: { code: 'forbidden', message: 'Untrusted sender' } });
    }
    expect(sink.records.filter((r) => r.message === 'refused IPC call from untrusted frame')).toHaveLength(3);
  });
});
