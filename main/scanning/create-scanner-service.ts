import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { LoadedConfig } from '../config/load';
import type { EventHub } from '../runtime/event-hub';
import type { Logger } from '../runtime/logger';
import { createScanners } from '../../native/scanner/create-scanners';
import { nodeUsbInventory } from '../../native/usb/node-usb-inventory';
import type { Scanner } from '../../native/scanner/scanner';
import type { DeviceInventory } from '../../native/usb/device-inventory';
import { ScannerService, type ScannerServiceOptions } from './scanner-service';

export interface ScannerServiceDeps {
  loaded: LoadedConfig;
  events: Pick<EventHub, 'publish'>;
  log: Logger;
  platform?: NodeJS.Platform;
  /** Adapters and inventory; the real ones from the configuration unless a test gives others. */
  scanners?: Scanner[];
  inventory?: DeviceInventory;
  onPage?: ScannerServiceOptions['onPage'];
}

/** Scan pages wait here until the batch queue or the evidence capture takes them on. */
export const scanInboxFolder = 'scan-inbox';

/** A relative hot folder is taken from the configuration file's folder, like the data folder. */
export function hotFolderPath(loaded: LoadedConfig): string | null {
  const folder = loaded.config.scanner.hotFolder;
  if (!folder) return null;
  if (isAbsolute(folder)) return folder;
  return isAbsolute(loaded.source) ? resolve(dirname(loaded.source), folder) : resolve(folder);
}

export function createScannerService(deps: ScannerServiceDeps): ScannerService {
  const { config } = deps.loaded;
  const hotFolder = hotFolderPath(deps.loaded);
  const scanners = deps.scanners ?? createScanners({ platform: deps.platform ?? process.platform, sane: config.scanner.sane, hotFolder: hotFolder ? { folder: hotFolder } : null });
  return new ScannerService({
    scanners,
    inventory: deps.inventory ?? nodeUsbInventory(),
    publish: (name, payload) => deps.events.publish(name, payload),
    log: deps.log,
    inboxDir: join(deps.loaded.dataDir, scanInboxFolder),
    saneDeviceOptions: config.scanner.saneDeviceOptions,
    onPage: deps.onPage,
  });
}
