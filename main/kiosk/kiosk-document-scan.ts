import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ContractError, type EventName, type EventPayload, type KioskScanProblem, type KioskScanResult, type ScanFailure, type ScannerDeviceInfo, type StartScanBatch } from '../contract';
import { errorName, type Logger } from '../runtime/logger';
import { readScannedPage } from '../../native/scanner/read-scanned-page';
import type { ScannedPage } from '../../native/scanner/scanner';
import type { KioskSessionPort } from './kiosk-session-port';
import { readablePhoto, type KioskImaging } from './readable-photo';

type BatchEnded = Extract<EventPayload<'scanProgress'>, { type: 'batch-ended' }>;

/** The station's scanner service as the kiosk uses it: one batch at a time, its pages handed to the caller. */
export interface DocumentScanner {
  listDevices(refresh: boolean): Promise<ScannerDeviceInfo[]>;
  startBatch(request: StartScanBatch, pages: (page: ScannedPage) => void): { batchId: string };
}

export interface KioskDocumentScanDeps {
  scanner: DocumentScanner;
  /** Where the end of a batch is seen (the station's EventHub). */
  subscribe: (listener: <K extends EventName>(name: K, payload: EventPayload<K>) => void) => () => void;
  session: KioskSessionPort;
  imaging: KioskImaging;
  log: Logger;
}

/** A certificate is read at 200 dpi where the scanner offers it: sharp enough, and a page stays small. */
const preferredDpi = 200;

/**
 * The kiosk's document scanner as a source of evidence: one page per scan on the first SANE
 * scanner, normalized in the imaging worker like a camera photo and checked for readability. The
 * scanned file is deleted as soon as it is read; the page reaches a member's draft only when they
 * keep it (`kioskAddEvidence`), and nothing of it stays here.
 */
export class KioskDocumentScan {
  constructor(private readonly deps: KioskDocumentScanDeps) {}

  async scanPage(): Promise<KioskScanResult> {
    const open = this.deps.session.member();
    const scanned = await this.scanOne(async (data) => {
      // The card may have left the reader while the scanner or the worker was busy: the page is not shown.
      const photo = await this.deps.session.whileCurrent(open, readablePhoto(this.deps.imaging, data));
      if ('problem' in photo) return { ok: false as const, problem: photo.problem };
      return { ok: true as const, page: { jpegBase64: photo.jpeg.toString('base64'), width: photo.width, height: photo.height } };
    });
    return 'scannerProblem' in scanned ? { ok: false, problem: scanned.scannerProblem } : scanned;
  }

  /**
   * Scans one page and hands its bytes to `take` (zeroed afterwards), or says why the scanner
   * gave none. Another use of the scanned page than evidence (a booklet page to recognize) uses it too.
   */
  async scanOne<T>(take: (data: Buffer) => Promise<T>): Promise<T | { scannerProblem: KioskScanProblem }> {
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
    const pages: ScannedPage[] = [];
    try {
      const { batchId } = this.deps.scanner.startBatch(batchRequest(device), (page) => pages.push(page));
      const end = ended.get(batchId) ?? (await new Promise<BatchEnded>((resolve) => (notify = () => ended.has(batchId) && resolve(ended.get(batchId)!))));
      const page = pages[0];
      if (!page || (end.end !== 'completed' && end.end !== 'feeder-empty')) {
        this.deps.log.warn('kiosk scan ended without a page', { end: end.end, failure: end.failure });
        return { scannerProblem: scanProblem(end.failure) };
      }
      const data = await readScannedPage(page.path);
      try {
        return await take(data);
      } finally {
        data.fill(0);
      }
    } catch (error) {
      // Another scan is running (the scanner service allows one at a time).
      if (error instanceof ContractError && error.code === 'conflict') return { scannerProblem: 'busy' };
      throw error;
    } finally {
      unsubscribe();
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
