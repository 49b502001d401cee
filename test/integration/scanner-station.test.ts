import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it, test } from 'vitest';
import { runCli } from '../../main/cli/station';
import type { CliIo } from '../../main/cli/command';
import type { EventName, EventPayload, ScanProgress } from '../../main/contract';
import { EventHub } from '../../main/runtime/event-hub';
import { createLogger, memorySink } from '../../main/runtime/logger';
import { ScannerService } from '../../main/scanning/scanner-service';
import { HotFolderScanner } from '../../native/scanner/hot-folder/hot-folder-scanner';
import { sniffImage } from '../../native/scanner/hot-folder/image-kind';
import { SaneScanner } from '../../native/scanner/sane/sane-scanner';
import type { ScannedPage } from '../../native/scanner/scanner';
import { nodeUsbInventory } from '../../native/usb/node-usb-inventory';
import { pngImage } from './scanner-support/images';
import { requireSaneOrSkip, saneTestEnvironment } from './scanner-support/sane-env';

/**
 * The scanner service and the `station scan` CLI on the real SANE test backend. Events go
 * through the real EventHub, which validates every payload against the contract.
 */
const sane = saneTestEnvironment();
const haveSane = requireSaneOrSkip(sane, test);
const work = mkdtempSync(join(tmpdir(), 'scanner-station-'));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  if (sane.ok) sane.cleanup();
});

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

function serviceWith(scanners: ConstructorParameters<typeof ScannerService>[0]['scanners'], onPage?: (batchId: string, page: ScannedPage) => void) {
  const sink = memorySink();
  const hub = new EventHub(createLogger('test', sink));
  const progress: ScanProgress[] = [];
  hub.subscribe((name, payload) => {
    if (name === 'scanProgress') progress.push(payload as ScanProgress);
  });
  const inboxDir = join(work, `inbox-${Math.random().toString(36).slice(2)}`);
  const service = new ScannerService({
    scanners,
    inventory: nodeUsbInventory(),
    publish: <K extends EventName>(name: K, payload: EventPayload<K>) => hub.publish(name, payload),
    log: createLogger('scanner', sink),
    inboxDir,
    saneDeviceOptions: {},
    onPage,
  });
  return { service, hub, progress, sink, inboxDir };
}

async function cli(argv: string[], env: NodeJS.ProcessEnv) {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => (out += t), stderr: (t) => (err += t), readStdin: async () => '', env, cwd: process.cwd() };
  return { code: await runCli(argv, io), out, err };
}

describe.skipIf(!haveSane)('scanner service on SANE', () => {
  it('publishes the devices, runs a batch with progress into its inbox, and refuses a second one meanwhile', async () => {
    const folder = join(work, 'hot');
    mkdirSync(folder);
    const pages: ScannedPage[] = [];
    const { service, hub, progress, inboxDir, sink } = serviceWith([new SaneScanner({ env: sane.ok ? sane.env : {} }), new HotFolderScanner({ folder })], (_id, page) => pages.push(page));
    service.start();
    await until(() => hub.current('scannerStatus')?.state === 'ready');
    expect(hub.current('scannerStatus')?.devices).toEqual(expect.arrayContaining(['sane:test:0', 'sane:pnm:0', 'hot-folder:default']));
    const listed = await service.listDevices(false);
    expect(listed.find((d) => d.id === 'sane:test:0')).toMatchObject({ adapter: 'sane', sources: [{ kind: 'flatbed' }, { kind: 'adf' }] });

    const { batchId } = service.startBatch({ deviceId: 'sane:test:0', source: 'adf', maxPages: 2, resolution: 50 });
    expect(hub.current('scannerStatus')?.state).toBe('scanning');
    expect(() => service.startBatch({ deviceId: 'sane:test:0' })).toThrow(expect.objectContaining({ code: 'conflict' }));
    await until(() => progress.some((p) => p.type === 'batch-ended'));
    expect(progress.at(-1)).toEqual({ batchId, type: 'batch-ended', end: 'completed', pages: 2 });
    expect(progress.filter((p) => p.type === 'page-scanned').map((p) => p.type === 'page-scanned' && p.page)).toEqual([1, 2]);
    expect(pages.map((p) => dirname(dirname(p.path)))).toEqual([inboxDir, inboxDir]);
    // Complete PNGs, the form the image pipeline reads.
    for (const page of pages) {
      const bytes = readFileSync(page.path);
      expect(page.format).toBe('png');
      expect(sniffImage(bytes.subarray(0, 16), bytes.subarray(-64), bytes.length)).toEqual({ ok: true, kind: 'png', complete: true });
    }
    expect(hub.current('scannerStatus')?.state).toBe('ready');
    // Nothing the hub refused as off-contract.
    expect(sink.records.filter((r) => r.level === 'error')).toEqual([]);
    await service.stop();
  });

  it('cancels a running batch through the service', async () => {
    const { service, progress } = serviceWith([new SaneScanner({ env: sane.ok ? sane.env : {} })]);
    service.start();
    const { batchId } = service.startBatch({ deviceId: 'sane:test:0', source: 'adf', resolution: 50 });
    expect(service.cancelBatch('not-this-one')).toBe(false);
    expect(service.cancelBatch(batchId)).toBe(true);
    await until(() => progress.some((p) => p.type === 'batch-ended'));
    expect(progress.at(-1)).toMatchObject({ type: 'batch-ended', end: 'cancelled' });
    await service.stop();
  });

  it('stops at once even while a slow SANE listing is under way (a stand-in scanimage that sleeps 60 s)', async () => {
    const standIn = join(work, 'slow-scanimage');
    writeFileSync(standIn, '#!/bin/sh\nexec sleep 60\n');
    chmodSync(standIn, 0o755);
    const { service, hub } = serviceWith([new SaneScanner({ command: standIn, env: {} })]);
    service.start();
    await service.stop();
    // The aborted listing publishes nothing: the station is gone.
    expect(hub.current('scannerStatus')).toBeUndefined();
  }, 10_000);

  it('says "unavailable" with the reason when scanimage is missing, and the USB inventory answers anyway', async () => {
    const { service, hub } = serviceWith([new SaneScanner({ command: join(work, 'no-scanimage'), env: {} })]);
    service.start();
    await until(() => hub.current('scannerStatus')?.detail !== undefined);
    expect(hub.current('scannerStatus')).toMatchObject({ state: 'unavailable', devices: [], detail: expect.stringMatching(/sane-utils/) });
    const inventory = await service.inventory();
    expect(inventory.available || inventory.reason).toBeTruthy();
    await service.stop();
  });
});

describe.skipIf(!haveSane)('station scan (CLI)', () => {
  const env = () => ({ ...(sane.ok ? sane.env : {}), BONUS_STATION_DATA_DIR: join(work, 'cli-data') });

  it('scan devices lists the SANE devices and the USB inventory', async () => {
    const result = await cli(['scan', 'devices'], env());
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/sane:test:0 {2}Noname frontend-tester/);
    expect(result.out).toMatch(/USB inventory: /);
  });

  it('scan batch prints a line per page and its progress', async () => {
    const out = join(work, 'cli-batch');
    const result = await cli(['scan', 'batch', '--device', 'test:0', '--source', 'ADF', '--pages', '2', '--resolution', '50', '--out', out], env());
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/page 1: scanning\n/);
    expect(result.out).toMatch(/page 2: done, .*page-0002\.png/);
    expect(result.out).toMatch(/Batch completed: 2 page\(s\)/);
    expect(readdirSync(out)).toHaveLength(2);
  });

  it('scan batch names a missing device clearly', async () => {
    const result = await cli(['scan', 'batch', '--device', 'test:9', '--out', join(work, 'cli-missing')], env());
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/not found/);
  });

  it('scan watch takes a file from the folder', async () => {
    const folder = join(work, 'cli-watch');
    mkdirSync(folder);
    writeFileSync(join(folder, 'page.png'), pngImage(16, 16));
    const result = await cli(['scan', 'watch', '--folder', folder, '--stable-ms', '200', '--max-files', '1'], env());
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/taken page\.png \(png, \d+ bytes\)/);
  });
});
