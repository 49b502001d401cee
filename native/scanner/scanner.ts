/**
 * Document scanners behind one small interface, so that the clerk's batch queue and the kiosk's
 * evidence capture do not care whether a page came from SANE or from a scanner's own software
 * saving into a hot folder. Pages arrive as files in a folder the caller owns afterwards.
 */

export type ScannerAdapterKind = 'sane' | 'hot-folder';

/** Where the paper lies: the glass, the feeder, or the feeder reading both sides. */
export type SourceKind = 'flatbed' | 'adf' | 'adf-duplex' | 'other';

export interface ScanSource {
  /** The device's own name for it, e.g. "Automatic Document Feeder" or "ADF Duplex". */
  name: string;
  kind: SourceKind;
}

export interface ScannerDevice {
  /** Unique across adapters: `<adapter>:<device name>`, e.g. "sane:test:0", "hot-folder:inbox". */
  id: string;
  adapter: ScannerAdapterKind;
  /** The adapter's own name, e.g. the SANE device name "epson2:libusb:001:004". */
  name: string;
  vendor: string;
  model: string;
  /** e.g. "flatbed scanner", "sheetfed scanner", "hot folder". */
  type: string;
}

export interface DeviceCapabilities {
  sources: ScanSource[];
  /** The feeder can read both sides, by a duplex source or a duplex switch. */
  duplex: boolean;
  /** Offered resolutions in dpi: a list, or a range; null when the device does not say. */
  resolutions: { kind: 'list'; values: number[] } | { kind: 'range'; min: number; max: number } | null;
  /** Colour modes as the device names them, e.g. ["Lineart", "Gray", "Color"]. */
  modes: string[];
}

export type PageFormat = 'pnm' | 'png' | 'tiff' | 'jpeg';

export interface BatchRequest {
  deviceId: string;
  /** Which kind of source to use; the device's own source name is looked up. Default: flatbed if offered. */
  source?: 'flatbed' | 'adf';
  duplex?: boolean;
  resolution?: number;
  /** The device's own mode name, e.g. "Gray". */
  mode?: string;
  /** Stop after this many pages. A flatbed batch is one page unless this says more. */
  maxPages?: number;
  /** Folder for the pages; created 0700 if missing. Default: a new temporary folder. */
  outDir?: string;
  /** Default PNG (SANE); the hot folder keeps whatever the scanner software saved. */
  format?: PageFormat;
  /**
   * Further device options by name (without dashes), e.g. { filename: "/x.pnm" } for SANE's pnm
   * backend. Only options the device itself lists are passed on.
   */
  deviceOptions?: Record<string, string>;
}

export interface ScannedPage {
  /** 1-based page number within the batch. */
  page: number;
  path: string;
  sizeBytes: number;
  format: PageFormat;
}

/**
 * Events of one batch. A page's 'page-started' may come before the previous page's
 * 'page-scanned': scanimage reports the two on different streams.
 */
export type BatchEvent =
  | { type: 'page-started'; page: number }
  | { type: 'page-progress'; page: number; percent: number }
  | { type: 'page-scanned'; page: ScannedPage }
  /** Hot folder: a file was refused and moved to `rejected/`; the batch goes on. */
  | { type: 'page-rejected'; file: string; reason: string };

export type BatchEnd =
  /** The requested number of pages, or the one flatbed page. */
  | 'completed'
  /** The feeder ran out of paper after at least one page: the normal end of an ADF batch. */
  | 'feeder-empty'
  | 'cancelled'
  | 'failed';

export interface BatchResult {
  end: BatchEnd;
  /** Pages finished before the end; kept also when the batch was cancelled or failed. */
  pages: ScannedPage[];
  outDir: string;
  error?: ScannerError;
}

export interface ScanBatch {
  readonly id: string;
  /** Settles with the result; never rejects: failures are `end: 'failed'` with an error. */
  readonly done: Promise<BatchResult>;
  /** Ends the batch; pages already finished are kept, a half-scanned page is discarded. */
  cancel(): void;
}

export interface Scanner {
  readonly adapter: ScannerAdapterKind;
  /**
   * Attached devices; [] when there is none. Throws ScannerError when the adapter itself cannot
   * run. `signal` stops a slow listing (SANE's network backends can take seconds).
   */
  listDevices(signal?: AbortSignal): Promise<ScannerDevice[]>;
  capabilities(deviceId: string, signal?: AbortSignal): Promise<DeviceCapabilities>;
  /** Starts a batch; request errors (unknown device, busy) arrive through `done`. */
  startBatch(request: BatchRequest, onEvent: (event: BatchEvent) => void): ScanBatch;
}

/** Why scanning failed, as a code the UI translates; `message` is for staff and logs. */
export type ScannerFailure =
  | 'not-installed'
  | 'no-device'
  | 'busy'
  | 'jammed'
  | 'feeder-empty'
  | 'cover-open'
  | 'access-denied'
  | 'io-error'
  | 'invalid-request'
  | 'crashed'
  | 'unavailable'
  /** A hot folder (or its processed/ or rejected/) is a link or not a folder. */
  | 'unsafe-folder';

export class ScannerError extends Error {
  constructor(
    readonly failure: ScannerFailure,
    message: string,
  ) {
    super(message);
    this.name = 'ScannerError';
  }
}

export function deviceId(adapter: ScannerAdapterKind, name: string): string {
  return `${adapter}:${name}`;
}

/** Splits "sane:test:0" into adapter and name; a bare SANE name ("test:0") is taken as SANE. */
export function parseDeviceId(id: string): { adapter: ScannerAdapterKind; name: string } {
  for (const adapter of ['sane', 'hot-folder'] as const) {
    if (id.startsWith(`${adapter}:`)) return { adapter, name: id.slice(adapter.length + 1) };
  }
  return { adapter: 'sane', name: id };
}
