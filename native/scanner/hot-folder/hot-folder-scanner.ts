import { randomUUID } from 'node:crypto';
import { basename, join, resolve } from 'node:path';
import { deviceId, parseDeviceId, ScannerError, type BatchEvent, type BatchRequest, type BatchResult, type DeviceCapabilities, type ScanBatch, type Scanner, type ScannerDevice } from '../scanner';
import { HotFolderWatcher, processedFolder, rejectedFolder, type HotFolderOptions } from './hot-folder-watcher';
import { SafeDir, UnsafeFolderError } from './safe-dir';

export interface HotFolderScannerOptions extends Pick<HotFolderOptions, 'stableMs' | 'pollMs' | 'incompleteTimeoutMs' | 'maxBytes'> {
  folder: string;
}

const deviceName = 'default';

/**
 * Any scanner whose own software saves files (Windows TWAIN/WIA tools, network scanners that
 * "scan to folder") as one device. A batch takes the files arriving in the folder until it is
 * cancelled or has `maxPages`; source, duplex and resolution are set in that software, so the
 * request's settings for them do not apply. Pages stay in the folder's `processed/` subfolder.
 */
export class HotFolderScanner implements Scanner {
  readonly adapter = 'hot-folder' as const;
  private readonly folder: string;

  constructor(private readonly options: HotFolderScannerOptions) {
    this.folder = resolve(options.folder);
  }

  /** The device, or ScannerError 'unsafe-folder' when the folder or a subfolder is a link (a missing folder is waited for). */
  async listDevices(): Promise<ScannerDevice[]> {
    await this.checkSafe();
    return [{ id: deviceId('hot-folder', deviceName), adapter: 'hot-folder', name: deviceName, vendor: 'scanner software', model: basename(this.folder), type: 'hot folder' }];
  }

  async capabilities(id: string): Promise<DeviceCapabilities> {
    this.check(id);
    return { sources: [{ name: 'hot folder', kind: 'other' }], duplex: false, resolutions: null, modes: [] };
  }

  startBatch(request: BatchRequest, onEvent: (event: BatchEvent) => void): ScanBatch {
    const id = randomUUID();
    const outDir = join(this.folder, processedFolder);
    const pages: BatchResult['pages'] = [];
    let finish: (result: BatchResult) => void = () => undefined;
    const done = new Promise<BatchResult>((r) => {
      finish = r;
    });
    try {
      this.check(request.deviceId);
      if (request.maxPages !== undefined && !(Number.isInteger(request.maxPages) && request.maxPages >= 1)) throw new ScannerError('invalid-request', 'maxPages must be a whole number of at least 1');
    } catch (error) {
      finish({ end: 'failed', pages, outDir, error: error as ScannerError });
      return { id, done, cancel: () => undefined };
    }
    let ended = false;
    const end = (how: BatchResult['end'], error?: ScannerError) => {
      if (ended) return;
      ended = true;
      void watcher.stop().then(() => finish({ end: how, pages, outDir, ...(error ? { error } : {}) }));
    };
    const watcher = new HotFolderWatcher({
      ...this.options,
      folder: this.folder,
      onFile: (file) => {
        if (ended) return;
        const page = { page: pages.length + 1, path: file.path, sizeBytes: file.sizeBytes, format: file.kind };
        pages.push(page);
        onEvent({ type: 'page-scanned', page });
        if (request.maxPages !== undefined && pages.length >= request.maxPages) end('completed');
      },
      onReject: (file) => onEvent({ type: 'page-rejected', file: file.originalName, reason: file.reason }),
      onState: (state, detail) => {
        if (state === 'unsafe') end('failed', new ScannerError('unsafe-folder', detail ?? 'the hot folder is not safe to use'));
      },
    });
    watcher.start();
    return { id, done, cancel: () => end('cancelled') };
  }

  private async checkSafe(): Promise<void> {
    let dir: SafeDir;
    try {
      dir = await SafeDir.open(this.folder);
    } catch (error) {
      if (error instanceof UnsafeFolderError) throw new ScannerError('unsafe-folder', error.message);
      return; // Missing: the batch waits for it.
    }
    try {
      await dir.hasSubfolder(processedFolder);
      await dir.hasSubfolder(rejectedFolder);
    } catch (error) {
      if (error instanceof UnsafeFolderError) throw new ScannerError('unsafe-folder', error.message);
    } finally {
      await dir.close();
    }
  }

  private check(id: string): void {
    const { adapter, name } = parseDeviceId(id);
    if (adapter !== 'hot-folder' || name !== deviceName) throw new ScannerError('no-device', `no hot folder device ${id}`);
  }
}
