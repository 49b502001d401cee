import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import {
  parseDeviceId,
  ScannerError,
  type BatchEvent,
  type BatchRequest,
  type BatchResult,
  type DeviceCapabilities,
  type ScanBatch,
  type ScannedPage,
  type Scanner,
  type ScannerDevice,
} from '../scanner';
import { LineSplitter, parseStderrLine } from './batch-output';
import { batchArgument, planBatch } from './batch-args';
import { deriveCapabilities } from './capabilities';
import { deviceListFormat, parseDeviceList } from './device-list';
import { parseDeviceOptions, type SaneOption } from './device-options';
import { classifyExit, lastScanimageMessage } from './scanimage-status';
import { runScanimage, spawnError, spawnScanimage, type ScanimageCommand } from './scanimage-process';

export interface SaneScannerOptions {
  /** Default "scanimage" from PATH. */
  command?: string;
  /** Default process.env; SANE_CONFIG_DIR in it selects the backends. */
  env?: NodeJS.ProcessEnv;
  /** Listing can take seconds when network backends probe; default 30 s. */
  listTimeoutMs?: number;
  /** How long a cancelled scanimage gets to stop the scanner before it is killed; default 5 s. */
  cancelGraceMs?: number;
  /**
   * A batch with no output from scanimage for this long is stopped as hung; default 120 s, long
   * enough for a lamp to warm up and for the pause before a feeder's first sheet.
   */
  stallTimeoutMs?: number;
}

/** Progress events are sent in steps of this many percent: enough for a bar, not a flood. */
const progressStep = 5;

/** SANE through the `scanimage` command line tool (sane-utils). */
export class SaneScanner implements Scanner {
  readonly adapter = 'sane' as const;
  private readonly cmd: ScanimageCommand;
  private readonly listTimeoutMs: number;
  private readonly cancelGraceMs: number;
  private readonly stallTimeoutMs: number;

  constructor(options: SaneScannerOptions = {}) {
    this.cmd = { command: options.command ?? 'scanimage', env: options.env ?? process.env };
    this.listTimeoutMs = options.listTimeoutMs ?? 30_000;
    this.cancelGraceMs = options.cancelGraceMs ?? 5_000;
    this.stallTimeoutMs = options.stallTimeoutMs ?? 120_000;
  }

  async listDevices(signal?: AbortSignal): Promise<ScannerDevice[]> {
    const out = await runScanimage(this.cmd, [`--formatted-device-list=${deviceListFormat}`], this.listTimeoutMs, signal);
    if (out.code !== 0) throw classifyExit(out, out.stderr);
    return parseDeviceList(out.stdout);
  }

  async capabilities(id: string, signal?: AbortSignal): Promise<DeviceCapabilities> {
    return deriveCapabilities(await this.deviceOptions(this.saneName(id), signal));
  }

  startBatch(request: BatchRequest, onEvent: (event: BatchEvent) => void): ScanBatch {
    const run = new SaneBatchRun(this.cmd, { cancelGraceMs: this.cancelGraceMs, stallTimeoutMs: this.stallTimeoutMs }, onEvent);
    const id = randomUUID();
    const done = this.runBatch(run, request).catch(
      (error: unknown): BatchResult => ({
        end: run.cancelled ? 'cancelled' : 'failed',
        pages: run.pages,
        outDir: run.outDir ?? '',
        error: error instanceof ScannerError ? error : new ScannerError('unavailable', `scan could not start (${(error as NodeJS.ErrnoException)?.code ?? (error instanceof Error ? error.name : typeof error)})`),
      }),
    );
    return { id, done, cancel: () => run.cancel() };
  }

  private async runBatch(run: SaneBatchRun, request: BatchRequest): Promise<BatchResult> {
    const name = this.saneName(request.deviceId);
    const options = await this.deviceOptions(name);
    // Checked before anything is created or the scanner moves.
    const plan = planBatch(name, request, options);
    const outDir = request.outDir ? resolve(request.outDir) : await mkdtemp(join(tmpdir(), 'bonus-scan-'));
    // Scanned pages are health data: only this user may read the folder.
    await mkdir(outDir, { recursive: true, mode: 0o700 });
    // scanimage would overwrite pages of an earlier batch without a word.
    if ((await readdir(outDir)).some((name) => name.startsWith('page-'))) {
      throw new ScannerError('invalid-request', `the folder ${outDir} already holds scanned pages; choose an empty one`);
    }
    run.outDir = outDir;
    return run.execute([...plan.args, batchArgument(outDir, plan.format)], plan.format);
  }

  private saneName(id: string): string {
    const { adapter, name } = parseDeviceId(id);
    if (adapter !== 'sane') throw new ScannerError('invalid-request', `${id} is not a SANE device`);
    return name;
  }

  private async deviceOptions(name: string, signal?: AbortSignal): Promise<SaneOption[]> {
    const out = await runScanimage(this.cmd, ['--all-options', `--device-name=${name}`], this.listTimeoutMs, signal);
    if (out.code === 0 && out.stdout.includes('All options specific to device')) return parseDeviceOptions(out.stdout);
    // An unknown device prints "open of device ... failed" (exit 1) and lists no options.
    if (out.signal === null && !lastScanimageMessage(out.stderr)) throw new ScannerError('no-device', `the scanner ${name} lists no options`);
    throw classifyExit({ code: out.code === 0 ? 1 : out.code, signal: out.signal }, out.stderr);
  }
}

/** One scanimage batch process: follows its output, and stops it cleanly on cancel. */
class SaneBatchRun {
  cancelled = false;
  private stalled = false;
  private stallTimer: NodeJS.Timeout | null = null;
  outDir: string | null = null;
  readonly pages: ScannedPage[] = [];
  private child: ReturnType<typeof spawnScanimage> | null = null;
  private pending: Promise<void> = Promise.resolve();
  private currentPage = 0;
  private lastStep = -1;

  constructor(
    private readonly cmd: ScanimageCommand,
    private readonly timing: { cancelGraceMs: number; stallTimeoutMs: number },
    private readonly onEvent: (event: BatchEvent) => void,
  ) {}

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.stopProcess();
  }

  private stopProcess(): void {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    // scanimage answers the first SIGTERM with sane_cancel(), which stops the scanner and ejects
    // the sheet; only if that hangs is it killed.
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), this.timing.cancelGraceMs);
    child.once('close', () => clearTimeout(timer));
  }

  /** Any output shows scanimage is alive; silence past the limit means a hung backend. */
  private watchForStall(): void {
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = setTimeout(() => {
      this.stalled = true;
      this.stopProcess();
    }, this.timing.stallTimeoutMs);
  }

  execute(args: string[], format: ScannedPage['format']): Promise<BatchResult> {
    const outDir = this.outDir as string;
    if (this.cancelled) return Promise.resolve({ end: 'cancelled', pages: [], outDir });
    return new Promise((resolveResult) => {
      const child = spawnScanimage(this.cmd, args);
      this.child = child;
      let stderr = '';
      const stdoutLines = new LineSplitter((line) => this.pageFinished(line, outDir, format));
      const stderrLines = new LineSplitter((line) => this.stderrLine(line));
      this.watchForStall();
      child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        this.watchForStall();
        stdoutLines.push(chunk);
      });
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
        this.watchForStall();
        if (stderr.length < 1_000_000) stderr += chunk;
        stderrLines.push(chunk);
      });
      let settled = false;
      const settle = (exit: { code: number | null; signal: NodeJS.Signals | null }, spawnFailure: ScannerError | null) => {
        if (settled) return;
        settled = true;
        if (this.stallTimer) clearTimeout(this.stallTimer);
        stdoutLines.end();
        stderrLines.end();
        void this.pending.then(() => removePartFiles(outDir)).then(() => resolveResult(this.result(exit, stderr, spawnFailure)));
      };
      // A process that never started gets no 'close' on every Node version: settle on the error.
      child.on('error', (error) => settle({ code: null, signal: null }, spawnError(error)));
      child.on('close', (code, signal) => settle({ code, signal }, null));
    });
  }

  private result(exit: { code: number | null; signal: NodeJS.Signals | null }, stderr: string, spawnFailure: ScannerError | null): BatchResult {
    const base = { pages: this.pages, outDir: this.outDir as string };
    if (spawnFailure) return { ...base, end: 'failed', error: spawnFailure };
    if (this.cancelled) return { ...base, end: 'cancelled' };
    if (this.stalled) {
      return { ...base, end: 'failed', error: new ScannerError('io-error', `the scanner stopped responding (no progress for ${Math.round(this.timing.stallTimeoutMs / 1000)} s); scanimage was stopped`) };
    }
    const feederEmpty = /Document feeder out of documents/i.test(stderr);
    if (exit.code === 0 && feederEmpty && this.pages.length === 0) {
      // scanimage exits 0 when the feeder is empty at the first sheet; for the person at the scanner that is an error.
      return { ...base, end: 'failed', error: classifyExit({ code: 7, signal: null }, stderr) };
    }
    if (exit.code === 0) return { ...base, end: feederEmpty ? 'feeder-empty' : 'completed' };
    const error = classifyExit(exit, stderr);
    // An empty feeder after at least one page is how a feeder batch ends, whichever call noticed it.
    if (error.failure === 'feeder-empty' && this.pages.length > 0) return { ...base, end: 'feeder-empty' };
    return { ...base, end: 'failed', error };
  }

  private stderrLine(line: string): void {
    const parsed = parseStderrLine(line);
    if (parsed.kind === 'page-started') {
      this.currentPage = parsed.page;
      this.lastStep = -1;
      this.onEvent({ type: 'page-started', page: parsed.page });
    } else if (parsed.kind === 'progress' && this.currentPage > 0) {
      const step = Math.floor(parsed.percent / progressStep);
      if (step === this.lastStep) return;
      this.lastStep = step;
      this.onEvent({ type: 'page-progress', page: this.currentPage, percent: Math.round(parsed.percent) });
    }
  }

  /** `--batch-print` names a finished page; only files in our own folder are taken. */
  private pageFinished(line: string, outDir: string, format: ScannedPage['format']): void {
    const path = resolve(line.trim());
    if (dirname(path) !== outDir) return;
    this.pending = this.pending.then(async () => {
      try {
        const info = await stat(path);
        if (!info.isFile()) return;
        const page: ScannedPage = { page: this.pages.length + 1, path, sizeBytes: info.size, format };
        this.pages.push(page);
        this.onEvent({ type: 'page-scanned', page });
      } catch {
        // Named but gone: nothing to hand on.
      }
    });
  }
}

/** A cancelled or failed page leaves "<file>.part"; it is never a page. */
async function removePartFiles(outDir: string): Promise<void> {
  try {
    for (const name of await readdir(outDir)) if (name.endsWith('.part')) await unlink(join(outDir, name)).catch(() => undefined);
  } catch {
    // The folder is the caller's; if it went away there is nothing to clean.
  }
}
