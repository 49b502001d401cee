import { describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../contract';
import { createLogger, memorySink } from '../runtime/logger';
import { ScannerError, type Scanner } from '../../native/scanner/scanner';
import { ScannerService } from './scanner-service';

/** Scanner stand-ins: only what the status logic needs. The real adapters are tested in test/integration/scanner-*. */
function standIn(adapter: Scanner['adapter'], list: () => Promise<{ id: string; name: string }[]>): Scanner {
  return {
    adapter,
    listDevices: async () => (await list()).map((d) => ({ ...d, adapter, vendor: 'V', model: 'M', type: 't' })),
    capabilities: async () => ({ sources: [], duplex: false, resolutions: null, modes: [] }),
    startBatch: () => {
      throw new Error('not used');
    },
  };
}

function serviceFor(scanners: Scanner[], published: { name: EventName; payload: unknown }[], refreshIntervalMs?: number) {
  return new ScannerService({
    scanners,
    refreshIntervalMs,
    inventory: { list: async () => ({ available: false, reason: 'none here', devices: [] }) },
    publish: <K extends EventName>(name: K, payload: EventPayload<K>) => published.push({ name, payload }),
    log: createLogger('test', memorySink()),
    inboxDir: '/nonexistent',
  });
}

async function statusAfterStart(scanners: Scanner[]) {
  const published: { name: EventName; payload: unknown }[] = [];
  const service = serviceFor(scanners, published);
  service.start();
  await service.refresh();
  await service.stop();
  return published.filter((p) => p.name === 'scannerStatus').at(-1)?.payload;
}

describe('scanner status', () => {
  it('is "unavailable" on a station with no scanner adapter', async () => {
    expect(await statusAfterStart([])).toEqual({ state: 'unavailable', devices: [], detail: 'no scanner adapter configured' });
  });

  it('is "none" when the adapters work but nothing is attached', async () => {
    expect(await statusAfterStart([standIn('sane', async () => [])])).toEqual({ state: 'none', devices: [] });
  });

  it('is "ready" with the devices, and names an adapter that failed next to them', async () => {
    const failing = standIn('sane', async () => {
      throw new ScannerError('io-error', 'listing failed');
    });
    expect(await statusAfterStart([failing, standIn('hot-folder', async () => [{ id: 'hot-folder:default', name: 'default' }])])).toEqual({
      state: 'ready',
      devices: ['hot-folder:default'],
      detail: 'sane: listing failed',
    });
  });

  it('is "error" when listing fails, "unavailable" when scanimage is not installed', async () => {
    const failing = standIn('sane', async () => {
      throw new ScannerError('io-error', 'listing failed');
    });
    expect(await statusAfterStart([failing])).toMatchObject({ state: 'error' });
    const missing = standIn('sane', async () => {
      throw new ScannerError('not-installed', 'scanimage is not installed');
    });
    expect(await statusAfterStart([missing])).toMatchObject({ state: 'unavailable', detail: 'sane: scanimage is not installed' });
  });

  it('notices a scanner plugged in after the start, opens it only once for its options, and stops looking once stopped', async () => {
    let attached: { id: string; name: string }[] = [];
    let listings = 0;
    let capabilityReads = 0;
    const published: { name: EventName; payload: unknown }[] = [];
    const sane = standIn('sane', async () => {
      listings += 1;
      return attached;
    });
    const readCapabilities = sane.capabilities.bind(sane);
    sane.capabilities = (id) => {
      capabilityReads += 1;
      return readCapabilities(id);
    };
    const service = serviceFor([sane], published, 20);
    service.start();
    await service.refresh();
    expect(published.at(-1)?.payload).toMatchObject({ state: 'none' });
    attached = [{ id: 'sane:epson2:libusb:001:004', name: 'epson2:libusb:001:004' }];
    await expect.poll(() => published.at(-1)?.payload).toMatchObject({ state: 'ready', devices: ['sane:epson2:libusb:001:004'] });
    // Listed again and again, but its options (which opens the device) are read once.
    await expect.poll(() => listings).toBeGreaterThan(3);
    expect(capabilityReads).toBe(1);
    await service.stop();
    const after = listings;
    await new Promise((r) => setTimeout(r, 100));
    expect(listings).toBe(after);
  });
});
