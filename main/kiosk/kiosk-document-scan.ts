import { rm } from 'node:fs/promises';
import { readScannedPage } from '../../native/scanner/read-scanned-page';
import { dirname } from 'node:path';
import { ContractError, type EventName, type EventPayload, type KioskScanProblem, type KioskScanResult, type ScanFailure, type ScannerDeviceInfo, type StartScanBatch } from '../contract';
import type { Handlers } from '../runtime/dispatcher';
import { isImagingError } from '../imaging/errors';
import { normalizePhoto } from '../imaging/normalize';
import { errorName, type Logger } from '../runtime/logger';
import type { ScannedPage } from '../../native/scanner/scanner';

type BatchEnded = Extract<EventPayload<'scanProgress'>, { type: 'batch-ended' }>;

export interface KioskDocumentScanDeps {
  /** The station's scanner service: one batch at a time, progress published as `scanProgress`. */
  scanner: { listDevices(refresh: boolean): Promise<ScannerDeviceInfo[]>; startBatch(request: StartScanBatch): { batchId: string } };
  /** Where the end of a batch is seen (the station's EventHub). */
  subscribe: (listener: <K extends EventName>(name: K, payload: EventPayload<K>) => void) => () => void;
  /** Throws unless a member is in session (second factor confirmed). */
  requireMember: () => void;
  log: Logger;
}

/** A certificate is read at 200 dpi where the scanner offers it: sharp enough, and a page stays small. */
const preferredDpi = 200;

/**
 * The kiosk's document scanner as a source of evidence: one page per scan on the first SANE
 * scanner, normalized in main like a camera photo and checked for readability. The scanned
 * file is deleted as soon as it is read; the page reaches a member's draft only when they keep
 * it (`kioskAddEvidence`), and nothing of it stays here.
 */
export class KioskDocumentScan {
  private readonly pages = new Map<string, ScannedPage[]>();
  private readonly waiting = new Set<string>();

  constructor(private readonly deps: KioskDocumentScanDeps) {}

  /** Every scanned page of the station (ScannerService's onPage); only the kiosk's own batches are taken. */
  onPage(batchId: string, page: ScannedPage): void {
    if (!this.waiting.has(batchId)) return;
    this.pages.set(batchId, [...(this.pages.get(batchId) ?? []), page]);
  }

  async scanPage(): Promise<KioskScanResult> {
    this.deps.requireMember();
    const device = chooseDevice(await this.deps.scanner.listDevices(false));
    if (!device) throw new ContractError('not_available', 'No document scanner at this kiosk');
    const ended = new Map<string, BatchEnded>();
    let notify: (() => void) | undefined;
    const unsubscribe = this.deps.subscribe((name, payload) => {
      if (name !== 'scanProgress') return;
      const progress = payload as EventPayload<'scanProgress'>;
      if (progress.type !== 'batch-ended') return;
      ended.set(progress.batchId, progress);
      notify?.();
    });
    let batchId: string | undefined;
    try {
      batchId = this.deps.scanner.startBatch(batchRequest(device)).batchId;
      this.waiting.add(batchId);
      const id = batchId;
      const end = ended.get(id) ?? (await new Promise<BatchEnded>((resolve) => (notify = () => ended.has(id) && resolve(ended.get(id)!))));
      return await this.takePage(end, this.pages.get(id) ?? []);
    } catch (error) {
      // Another scan is running (the scanner service allows one at a time).
      if (error instanceof ContractError && error.code === 'conflict') return { ok: false, problem: 'busy' };
      throw error;
    } finally {
      unsubscribe();
      if (batchId) {
        this.waiting.delete(batchId);
        this.pages.delete(batchId);
      }
    }
  }

  private async takePage(end: BatchEnded, pages: ScannedPage[]): Promise<KioskScanResult> {
    const page = pages[0];
    try {
      if (!page || (end.end !== 'completed' && end.end !== 'feeder-empty')) {
        this.deps.log.warn('kiosk scan ended without a page', { end: end.end, failure: end.failure });
        return { ok: false, problem: scanProblem(end.failure) };
      }
      const data = await readScannedPage(page.path);
      // The card may have left the reader while the scanner was busy: the page is not shown.
      this.deps.requireMember();
      try {
        const photo = await normalizePhoto(data);
        data.fill(0);
        if (photo.quality.verdict !== 'ok') return { ok: false, problem: photo.quality.verdict };
        return { ok: true, page: { jpegBase64: photo.jpeg.toString('base64'), width: photo.width, height: photo.height } };
      } catch (error) {
        if (isImagingError(error) && error.code !== 'worker_failed') return { ok: false, problem: error.code };
        throw error;
      }
    } finally {
      // The scan is health data: its folder goes at once, whatever happened.
      for (const scanned of pages) await rm(dirname(scanned.path), { recursive: true, force: true }).catch((error: unknown) => this.deps.log.warn('scan folder not removed', { error: errorName(error) }));
    }
  }
}

/** The first SANE scanner, a flatbed preferred; a hot folder is for staff's scanner software, not for members. */
export function chooseDevice(devices: ScannerDeviceInfo[]): ScannerDeviceInfo | undefined {
  const sane = devices.filter((d) => d.adapter === 'sane');
  return sane.find((d) => d.sources.some((s) => s.kind === 'flatbed')) ?? sane[0];
}

export function batchRequest(device: ScannerDeviceInfo): StartScanBatch {
  const flatbed = device.sources.some((s) => s.kind === 'flatbed');
  const res = device.resolutions;
  const dpiOffered = res?.kind === 'list' ? res.values.includes(preferredDpi) : res?.kind === 'range' ? res.min <= preferredDpi && preferredDpi <= res.max : false;
  const colour = device.modes.find((m) => /^colou?r$/i.test(m));
  return {
    deviceId: device.id,
    maxPages: 1,
    ...(flatbed ? { source: 'flatbed' as const } : {}),
    ...(dpiOffered ? { resolution: preferredDpi } : {}),
    // Colour keeps a practice's coloured stamp and signature apart from the print.
    ...(colour ? { mode: colour } : {}),
  };
}

function scanProblem(failure: ScanFailure | undefined): KioskScanProblem {
  switch (failure) {
    case 'busy':
    case 'jammed':
    case 'cover-open':
    case 'feeder-empty':
      return failure;
    default:
      return 'failed';
  }
}

/** `kioskScanPage`; refused where there is no kiosk. */
export function createKioskScanHandlers(scan: KioskDocumentScan | null): Pick<Handlers, 'kioskScanPage'> {
  return {
    kioskScanPage: () => {
      if (!scan) throw new ContractError('forbidden', 'Document scanning for members is available on kiosk stations only');
      return scan.scanPage();
    },
  };
}
