import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { DeviceInventoryView, EventPayload, ScannerDeviceInfo, StartScanBatch } from '../contract';
import { ContractError } from '../contract';
import type { Logger } from '../runtime/logger';
import type { StationService } from '../runtime/service';
import type { DeviceInventory } from '../../native/usb/device-inventory';
import { parseDeviceId, ScannerError, type BatchEvent, type BatchResult, type DeviceCapabilities, type ScanBatch, type ScannedPage, type Scanner } from '../../native/scanner/scanner';

type ScannerEventName = 'scannerStatus' | 'scanProgress';

export interface ScannerServiceOptions {
  scanners: Scanner[];
  inventory: DeviceInventory;
  publish: <K extends ScannerEventName>(name: K, payload: EventPayload<K>) => void;
  log: Logger;
  /** SANE pages go to a folder per batch below this one (0700: scans are health data). */
  inboxDir: string;
  /** Per SANE device name, scanimage options from the station's configuration (e.g. the pnm backend's file). */
  saneDeviceOptions?: Record<string, Record<string, string>>;
  /** Every finished page of a batch started without its own receiver (the clerk's batch queue takes them). */
  onPage?: (batchId: string, page: ScannedPage) => void;
  /** The device list is read again this often while no batch runs, so a scanner plugged in later shows up. Default 60 s. */
  refreshIntervalMs?: number;
}

interface ActiveBatch {
  id: string;
  deviceId: string;
  batch: ScanBatch;
  /** Where this batch's pages go, if its starter takes them itself (the kiosk's document scan). */
  pages?: (page: ScannedPage) => void;
}

/**
 * The station's scanners: lists devices from every adapter, publishes `scannerStatus`, runs one
 * batch at a time (a station has one person at its scanner) and reports each page as
 * `scanProgress`. A missing scanimage or an empty device list is a state, never a failed start.
 */
export class ScannerService implements StationService {
  readonly name = 'scanner';
  private devices: ScannerDeviceInfo[] = [];
  /**
   * Capabilities by device id. Reading them opens the device (sane_open), which makes some
   * scanners move their head, so a device is asked once while it stays attached.
   */
  private readonly capabilityCache = new Map<string, DeviceCapabilities>();
  private problems: string[] = [];
  private allNotInstalled = false;
  private active: ActiveBatch | null = null;
  private refreshing: Promise<ScannerDeviceInfo[]> | null = null;
  private stopped = false;
  /** Aborted on stop, so that a slow SANE listing never holds up the station's shutdown. */
  private lifetime = new AbortController();
  private refreshTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: ScannerServiceOptions) {}

  start(): void {
    this.stopped = false;
    this.lifetime = new AbortController();
    // Not awaited: SANE's network backends can take seconds to answer, the station starts anyway.
    void this.refresh();
    // Not while scanning: some SANE backends do not like being probed by a second process meanwhile.
    this.refreshTimer = setInterval(() => {
      if (!this.active) void this.refresh();
    }, this.options.refreshIntervalMs ?? 60_000);
    this.refreshTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    this.refreshTimer = null;
    this.lifetime.abort();
    const active = this.active;
    if (active) {
      active.batch.cancel();
      await active.batch.done;
    }
    await this.refreshing;
  }

  async listDevices(refresh: boolean): Promise<ScannerDeviceInfo[]> {
    return refresh || this.refreshing ? this.refresh() : this.devices;
  }

  refresh(): Promise<ScannerDeviceInfo[]> {
    this.refreshing ??= this.collectDevices().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /** Starts a batch; its pages go to `pages` where given, else to the station's `onPage`. */
  startBatch(request: StartScanBatch, pages?: (page: ScannedPage) => void): { batchId: string } {
    if (this.stopped) throw new ContractError('not_available', 'The scanner service is stopped');
    if (this.active) throw new ContractError('conflict', 'A scan is already running');
    const { adapter, name } = parseDeviceId(request.deviceId);
    const scanner = this.options.scanners.find((s) => s.adapter === adapter);
    if (!scanner) throw new ContractError('not_found', 'No scanner adapter for this device');
    const batchId = { current: '' };
    const batch = scanner.startBatch(
      {
        ...request,
        deviceOptions: adapter === 'sane' ? this.options.saneDeviceOptions?.[name] : undefined,
        outDir: adapter === 'sane' ? join(this.options.inboxDir, randomUUID()) : undefined,
      },
      (event) => this.onBatchEvent(batchId.current, event),
    );
    batchId.current = batch.id;
    this.active = { id: batch.id, deviceId: request.deviceId, batch, ...(pages ? { pages } : {}) };
    this.options.publish('scanProgress', { batchId: batch.id, type: 'batch-started', deviceId: request.deviceId });
    this.publishStatus();
    void batch.done.then((result) => this.onBatchEnded(batch.id, result));
    return { batchId: batch.id };
  }

  cancelBatch(batchId: string): boolean {
    if (this.active?.id !== batchId) return false;
    this.active.batch.cancel();
    return true;
  }

  async inventory(): Promise<DeviceInventoryView> {
    const result = await this.options.inventory.list();
    return result.available ? { available: true, devices: result.devices } : { available: false, reason: result.reason, devices: [] };
  }

  private async collectDevices(): Promise<ScannerDeviceInfo[]> {
    const devices: ScannerDeviceInfo[] = [];
    const problems: string[] = [];
    let notInstalled = 0;
    const { signal } = this.lifetime;
    for (const scanner of this.options.scanners) {
      try {
        for (const device of await scanner.listDevices(signal)) {
          try {
            const caps = this.capabilityCache.get(device.id) ?? (await scanner.capabilities(device.id, signal));
            this.capabilityCache.set(device.id, caps);
            devices.push({ id: device.id, adapter: device.adapter, vendor: device.vendor, model: device.model, type: device.type, ...caps });
          } catch {
            // A device that cannot describe itself (busy with another program) is left out until the next refresh.
            problems.push(`${device.id}: options could not be read`);
          }
        }
      } catch (error) {
        if (error instanceof ScannerError && error.failure === 'not-installed') notInstalled += 1;
        problems.push(`${scanner.adapter}: ${error instanceof ScannerError ? error.message : 'listing failed'}`);
      }
    }
    if (signal.aborted) return this.devices;
    for (const id of [...this.capabilityCache.keys()]) if (!devices.some((d) => d.id === id)) this.capabilityCache.delete(id);
    this.devices = devices;
    this.problems = problems;
    this.allNotInstalled = this.options.scanners.length > 0 && notInstalled === this.options.scanners.length;
    this.options.log.info('scanners listed', { devices: devices.length, problems: problems.length });
    this.publishStatus();
    return devices;
  }

  private publishStatus(): void {
    const ids = this.devices.map((d) => d.id);
    const detail = this.problems.length > 0 ? this.problems.join('; ').slice(0, 500) : undefined;
    const withDetail = detail ? { detail } : {};
    if (this.options.scanners.length === 0) {
      this.options.publish('scannerStatus', { state: 'unavailable', devices: [], detail: 'no scanner adapter configured' });
    } else if (this.active) {
      this.options.publish('scannerStatus', { state: 'scanning', devices: ids, ...withDetail });
    } else if (ids.length > 0) {
      this.options.publish('scannerStatus', { state: 'ready', devices: ids, ...withDetail });
    } else if (this.allNotInstalled) {
      this.options.publish('scannerStatus', { state: 'unavailable', devices: [], ...withDetail });
    } else {
      this.options.publish('scannerStatus', { state: this.problems.length > 0 ? 'error' : 'none', devices: [], ...withDetail });
    }
  }

  private onBatchEvent(batchId: string, event: BatchEvent): void {
    switch (event.type) {
      case 'page-started':
      case 'page-progress':
        this.options.publish('scanProgress', { batchId, ...event });
        break;
      case 'page-scanned':
        this.options.publish('scanProgress', { batchId, type: 'page-scanned', page: event.page.page, sizeBytes: event.page.sizeBytes, format: event.page.format });
        if (this.active?.id === batchId && this.active.pages) this.active.pages(event.page);
        else this.options.onPage?.(batchId, event.page);
        break;
      case 'page-rejected':
        this.options.publish('scanProgress', { batchId, type: 'page-rejected', file: event.file.slice(0, 255), reason: event.reason });
        break;
    }
  }

  private onBatchEnded(batchId: string, result: BatchResult): void {
    if (this.active?.id === batchId) this.active = null;
    const failure = result.error ? { failure: result.error.failure, detail: result.error.message } : {};
    this.options.publish('scanProgress', { batchId, type: 'batch-ended', end: result.end, pages: result.pages.length, ...failure });
    this.options.log.info('scan batch ended', { end: result.end, pages: result.pages.length, failure: result.error?.failure });
    this.publishStatus();
  }
}
