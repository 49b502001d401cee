import { afterEach, describe, expect, it, vi } from 'vitest';
import { berlinDateOf } from '../domain';
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
afterEach(() => {
  opened.splice(0).forEach((s) => s.store.close());
  vi.unstubAllEnvs();
});

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

describe("a station's business day", () => {
  const today = async (config: StationConfigInput) => {
    const station = createStation(options(config));
    opened.push(station);
    const info = await station.dispatch('getStationInfo', {}, { transport: 'test' });
    const asked = await station.dispatch('getToday', {}, { transport: 'test' });
    return { info: info.ok ? (info.value as { today: string }).today : info, asked: asked.ok ? (asked.value as { today: string }).today : asked };
  };

  it("is the real day in Berlin, given to every mode's screen through the contract", async () => {
    const real = berlinDateOf(Date.now());
    for (const mode of ['kiosk', 'clerk', 'field'] as const) expect(await today({ mode })).toEqual({ info: real, asked: real });
  });

  it('is the test day of BONUS_STATION_TEST_TODAY for the clerk station as for the kiosk: its desk and batch get that clock', async () => {
    vi.stubEnv('BONUS_STATION_TEST_TODAY', '2031-07-15');
    for (const mode of ['kiosk', 'clerk', 'field'] as const) expect(await today({ mode })).toEqual({ info: '2031-07-15', asked: '2031-07-15' });
    const built = base({ mode: 'clerk' });
    expect(berlinDateOf(built.clock().getTime())).toBe('2031-07-15');
  });

  it('refuses to start on a malformed test day instead of running on some other day', () => {
    vi.stubEnv('BONUS_STATION_TEST_TODAY', '15.07.2031');
    expect(() => createStationBase(options({ mode: 'clerk' }))).toThrow(/BONUS_STATION_TEST_TODAY must be a date YYYY-MM-DD/);
  });
});
