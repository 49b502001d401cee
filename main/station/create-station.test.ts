import { afterEach, describe, expect, it } from 'vitest';
import { testStationOptions } from '../../test/support/station-setup';
import { useTempDir } from '../../test/support/temp-dir';
import type { StationConfigInput } from '../config/station-config';
import { clerkStation } from './clerk-station';
import { createStation } from './create-station';
import { fieldStation } from './field-station';
import { kioskStation } from './kiosk-station';
import { createStationBase, type StationBase } from './station-base';
import type { StationOptions } from './station-options';

const tempDir = useTempDir('station-');
const opened: { store: { close(): void } }[] = [];
afterEach(() => opened.splice(0).forEach((s) => s.store.close()));

function options(config: StationConfigInput): StationOptions {
  return testStationOptions({ scanner: { sane: false }, ...config }, tempDir());
}

function base(config: StationConfigInput): StationBase {
  const built = createStationBase(options(config));
  opened.push(built);
  return built;
}

describe('a station assembled by its mode', () => {
  it('lists each mode\'s services in start order on one base: the imaging worker first (stopped last), listeners before the card reader', () => {
    const names = (mode: ReturnType<typeof kioskStation>) => mode.services.map((s) => s.name);
    expect(names(kioskStation(base({ mode: 'kiosk' })))).toEqual(['imaging-worker', 'kiosk-session', 'kiosk-identification', 'kiosk-protected-changes', 'receipt-printing', 'card-sessions', 'staff', 'scanner']);
    expect(names(kioskStation(base({ mode: 'kiosk', service: { url: 'https://bonus.example' } })))).toEqual(['service-api', 'imaging-worker', 'kiosk-session', 'kiosk-identification', 'kiosk-protected-changes', 'receipt-printing', 'card-sessions', 'staff', 'sync', 'scanner']);
    expect(names(clerkStation(base({ mode: 'clerk' })))).toEqual(['imaging-worker', 'card-sessions', 'staff', 'booklet-links', 'booklet-desk', 'scanner', 'clerk-recognition', 'clerk-intake']);
    expect(names(fieldStation(base({ mode: 'field' })))).toEqual(['imaging-worker', 'field', 'card-sessions', 'staff']);
  });

  it('answers another mode\'s methods with a clear refusal, and keeps raw card sessions inside kiosk and field stations', async () => {
    const call = async (config: StationConfigInput, method: string, input: unknown = {}) => {
      const station = createStation(options(config));
      opened.push(station);
      return station.dispatch(method, input, { transport: 'test' });
    };
    expect(await call({ mode: 'clerk' }, 'getKioskBooklet')).toMatchObject({ ok: false, error: { code: 'forbidden', message: /kiosk stations only/ } });
    // A field station builds no document scanner: its methods are refused, its status says "not set up".
    expect(await call({ mode: 'field' }, 'listScanners')).toMatchObject({ ok: false, error: { code: 'forbidden', message: /kiosk and clerk stations only/ } });
    expect(await call({ mode: 'field' }, 'getDeviceInventory')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call({ mode: 'kiosk' }, 'listClerkBatches')).toMatchObject({ ok: false, error: { code: 'forbidden', message: /clerk stations only/ } });
    expect(await call({ mode: 'kiosk' }, 'getCardSessions')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call({ mode: 'field' }, 'getCardSessions')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // A clerk station hands them out to a signed-in clerk only (test/security/h07-clerk-card-data.test.ts).
    expect(await call({ mode: 'clerk' }, 'getCardSessions')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
