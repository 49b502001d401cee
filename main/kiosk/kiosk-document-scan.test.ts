import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it, test } from 'vitest';
import { requireSaneOrSkip, saneTestEnvironment } from '../../test/integration/scanner-support/sane-env';
import { useTempDir } from '../../test/support/temp-dir';
import type { ScannerDeviceInfo, ScanProgress } from '../contract';
import { setup } from '../../test/support/kiosk-setup';
import { certificatePhoto } from '../../test/support/imaging/fixtures';
import { createLogger, memorySink } from '../runtime/logger';
import { ScannerService } from '../scanning/scanner-service';
import { SaneScanner } from '../../native/scanner/sane/sane-scanner';
import { nodeUsbInventory } from '../../native/usb/node-usb-inventory';
import { batchRequest, chooseDevice } from './kiosk-document-scan';

function device(id: string, adapter: 'sane' | 'hot-folder', sources: ScannerDeviceInfo['sources'], extra: Partial<ScannerDeviceInfo> = {}): ScannerDeviceInfo {
  return { id, adapter, vendor: 'v', model: 'm', type: 't', sources, duplex: false, resolutions: null, modes: [], ...extra };
}

describe('which scanner a kiosk member scans on', () => {
  it('a SANE flatbed first, a feeder-only SANE scanner next, never the staff hot folder', () => {
    const hot = device('hot-folder:default', 'hot-folder', []);
    const feeder = device('sane:feeder:0', 'sane', [{ name: 'ADF', kind: 'adf' }]);
    const flatbed = device('sane:flat:0', 'sane', [{ name: 'Flatbed', kind: 'flatbed' }, { name: 'ADF', kind: 'adf' }]);
    expect(chooseDevice([hot, feeder, flatbed])?.id).toBe('sane:flat:0');
    expect(chooseDevice([hot, feeder])?.id).toBe('sane:feeder:0');
    expect(chooseDevice([hot])).toBeUndefined();
    expect(chooseDevice([])).toBeUndefined();
  });

  it('asks for one page, from the flatbed, at 200 dpi in colour where the scanner offers them', () => {
    const flatbed = device('sane:flat:0', 'sane', [{ name: 'Flatbed', kind: 'flatbed' }], { resolutions: { kind: 'range', min: 50, max: 600 }, modes: ['Lineart', 'Gray', 'Color'] });
    expect(batchRequest(flatbed)).toEqual({ deviceId: 'sane:flat:0', maxPages: 1, source: 'flatbed', resolution: 200, mode: 'Color' });
    const plain = device('sane:pnm:0', 'sane', [], { resolutions: { kind: 'list', values: [75, 150, 300] }, modes: ['Gray'] });
    expect(batchRequest(plain)).toEqual({ deviceId: 'sane:pnm:0', maxPages: 1 });
  });
});

/** The SANE pnm backend feeds a prepared page through the real scanimage. */
const sane = saneTestEnvironment();
const haveSane = requireSaneOrSkip(sane, test);
afterAll(() => {
  if (sane.ok) sane.cleanup();
});

async function writePpm(image: Buffer, path: string): Promise<void> {
  const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  writeFileSync(path, Buffer.concat([Buffer.from(`P6\n${info.width} ${info.height}\n255\n`), data]));
}

describe.skipIf(!haveSane)('a page from the kiosk scanner (SANE pnm backend)', () => {
  const tempDir = useTempDir('kiosk-scan-');

  /** A kiosk (the station's services, a real session) whose document scanner is the SANE pnm backend reading `pagePath`. */
  async function kioskWith(pagePath: string) {
    const sink = memorySink();
    const log = createLogger('test', sink);
    const progress: ScanProgress[] = [];
    const inboxDir = join(tempDir(), 'scan-inbox');
    let scanner: ScannerService | undefined;
    const kiosk = setup({
      scanner: (events) => {
        scanner = new ScannerService({ scanners: [new SaneScanner({ env: sane.ok ? sane.env : {} })], inventory: nodeUsbInventory(), publish: (name, payload) => events.publish(name, payload), log, inboxDir, saneDeviceOptions: { 'pnm:0': { filename: pagePath } } });
        const service = scanner;
        return { listDevices: async () => (await service.listDevices(false)).filter((d) => d.id === 'sane:pnm:0'), startBatch: service.startBatch.bind(service) };
      },
    });
    await scanner!.refresh();
    kiosk.events.subscribe((name, payload) => {
      if (name === 'scanProgress') progress.push(payload as ScanProgress);
    });
    return { scan: kiosk.kiosk.scan!, kiosk, progress, inboxDir, sink };
  }

  it('scans a certificate, gives it back normalized as JPEG with progress, and keeps no file', async () => {
    const page = join(tempDir(), 'certificate.ppm');
    await writePpm(await certificatePhoto(1240, 1754), page);
    const { scan, kiosk, progress, inboxDir } = await kioskWith(page);
    kiosk.confirmed();
    const result = await scan.scanPage();
    expect(result).toMatchObject({ ok: true, page: { width: 1240, height: 1754 } });
    if (!result.ok) return;
    const jpeg = Buffer.from(result.page.jpegBase64, 'base64');
    const meta = await sharp(jpeg).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 1240, height: 1754 });
    expect(meta.exif).toBeUndefined();
    expect(progress.map((p) => p.type)).toEqual(expect.arrayContaining(['batch-started', 'page-scanned', 'batch-ended']));
    expect(existsSync(inboxDir) ? readdirSync(inboxDir) : []).toEqual([]);
  });

  it('a black page is refused as too dark and asked again, its file gone too', async () => {
    const page = join(tempDir(), 'black.ppm');
    writeFileSync(page, Buffer.concat([Buffer.from('P6\n600 800\n255\n'), Buffer.alloc(600 * 800 * 3, 4)]));
    const { scan, kiosk, inboxDir } = await kioskWith(page);
    kiosk.confirmed();
    expect(await scan.scanPage()).toEqual({ ok: false, problem: 'too_dark' });
    expect(existsSync(inboxDir) ? readdirSync(inboxDir) : []).toEqual([]);
  });

  it('scans nothing without a member in session, and shows nothing when the card left during the scan', async () => {
    const page = join(tempDir(), 'certificate.ppm');
    await writePpm(await certificatePhoto(800, 1100), page);
    const { scan, kiosk, progress, inboxDir } = await kioskWith(page);
    await expect(scan.scanPage()).rejects.toMatchObject({ code: 'forbidden' });
    expect(progress.filter((p) => p.type === 'batch-started')).toEqual([]);

    kiosk.confirmed();
    const scanning = scan.scanPage();
    // The card leaves once the scanner has started.
    await new Promise<void>((resolve) => {
      const check = () => (progress.some((p) => p.type === 'batch-started') ? resolve() : setTimeout(check, 5));
      check();
    });
    kiosk.remove();
    await expect(scanning).rejects.toMatchObject({ code: 'forbidden' });
    expect(existsSync(inboxDir) ? readdirSync(inboxDir) : []).toEqual([]);
  });

  it('says "busy" when another scan is running on the station', async () => {
    const page = join(tempDir(), 'certificate.ppm');
    await writePpm(await certificatePhoto(800, 1100), page);
    const { scan, kiosk } = await kioskWith(page);
    kiosk.confirmed();
    const [first, second] = await Promise.all([scan.scanPage(), scan.scanPage()]);
    expect([first.ok, second]).toEqual([true, { ok: false, problem: 'busy' }]);
  });
});
