import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { StationConfigInput } from '../../main/config/station-config';
import { createStation } from '../../main/station/create-station';
import type { Station } from '../../main/station/station-options';
import { saneTestEnvironment } from '../integration/scanner-support/sane-env';
import { addStaffAccount, testStationOptions } from '../support/station-setup';
import { useTempDir } from '../support/temp-dir';

/**
 * Hole 9 (devices and diagnostics): on a clerk or field station nobody is signed in to, anyone
 * at the screen — or a second tab on the loopback host — could list the scanners, read the
 * device inventory and the station info (service URL, config path, versions), and start a scan
 * that landed in the batch queue as actor "unknown", on any SANE device id they typed (a
 * `net:` id makes the station connect to a host of the caller's choosing).
 */
const tempDir = useTempDir('h09-');
const sane = saneTestEnvironment();
if (sane.ok) process.env.SANE_CONFIG_DIR = sane.configDir;
afterAll(() => {
  if (sane.ok) sane.cleanup();
});
const stations: Station[] = [];
afterEach(async () => {
  for (const station of stations.splice(0)) await station.stop();
});

const password = 'Sommer-Kaffee-42';

async function station(config: StationConfigInput, role: 'clerk' | 'field') {
  const built = createStation(testStationOptions({ card: { reader: 'h09 no reader' }, ...config }, tempDir()));
  stations.push(built);
  await built.start();
  await addStaffAccount(built.store.db, config.mode ?? 'clerk', { staffId: 's1', displayName: 'Staff Eins', role, password });
  const call = (method: string, input: unknown = {}) => built.dispatch(method, input, { transport: 'loopback' });
  return { built, call };
}

const deviceMethods: [string, unknown][] = [
  ['listScanners', { refresh: true }],
  ['getDeviceInventory', {}],
  ['startScanBatch', { deviceId: 'sane:test:0' }],
  ['cancelScanBatch', { batchId: 'b1' }],
  ['getDiagnostics', {}],
];

describe('hole 9: scanners, device inventory and station info need a staff session', () => {
  for (const [mode, role] of [
    ['clerk', 'clerk'],
    ['field', 'field'],
  ] as const) {
    it(`refuses every device and diagnostics method on a ${mode} station nobody is signed in to`, async () => {
      const { built, call } = await station({ mode, scanner: { sane: sane.ok } }, role);
      const started: unknown[] = [];
      built.events.subscribe((name, payload) => {
        if (name === 'scanProgress') started.push(payload);
      });
      for (const [method, input] of deviceMethods) {
        expect(await call(method, input), method).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      }
      expect(started).toEqual([]);

      expect((await call('staffSignIn', { staffId: 's1', password })).ok).toBe(true);
      expect(await call('getDiagnostics')).toMatchObject({ ok: true });
      // A field station has no document scanner at all; a clerk's is there once signed in.
      expect(await call('listScanners')).toMatchObject(mode === 'clerk' ? { ok: true } : { ok: false, error: { code: 'forbidden' } });
    });
  }

  it.skipIf(!sane.ok)('starts a scan only on a device the station listed, never on a made-up SANE id', async () => {
    const { built, call } = await station({ mode: 'clerk', scanner: { sane: true } }, 'clerk');
    const started: unknown[] = [];
    built.events.subscribe((name, payload) => {
      if (name === 'scanProgress') started.push(payload);
    });
    expect((await call('staffSignIn', { staffId: 's1', password })).ok).toBe(true);
    const listed = await call('listScanners', { refresh: true });
    expect(listed).toMatchObject({ ok: true, value: { devices: expect.arrayContaining([expect.objectContaining({ id: 'sane:test:0' })]) } });
    expect(await call('startScanBatch', { deviceId: 'sane:net:192.0.2.1:test:0' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(started).toEqual([]);
  });
});
