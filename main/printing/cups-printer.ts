import { execFile, spawn } from 'node:child_process';
import { jobIdOf, queueState, schedulerIsRunning } from './cups-status';
import type { PrintOutcome, QueueState, ReceiptPrinter } from './receipt-printer';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CupsPrinterOptions {
  queue: string;
  /** "host:port" or a socket path; null: the machine's default (CUPS_SERVER, client.conf, localhost). */
  server: string | null;
  /** How long a job may take to leave the queue before the kiosk stops waiting (it still prints). */
  jobWaitMs?: number;
  pollMs?: number;
}

/**
 * A CUPS queue through the standard client programs (`lpstat`, `lp`, `cancel`), run with the
 * C locale so their answers can be read. The PDF goes to `lp` on stdin: no copy of the receipt
 * is written to disk by the station.
 */
export class CupsPrinter implements ReceiptPrinter {
  constructor(private readonly options: CupsPrinterOptions) {}

  private run(command: string, args: string[], input?: Uint8Array): Promise<Run> {
    const all = [...(this.options.server ? ['-h', this.options.server] : []), ...args];
    const env = { ...process.env, LC_ALL: 'C', LANG: 'C' };
    return new Promise((resolve) => {
      if (!input) {
        execFile(command, all, { env, timeout: 10_000 }, (error, stdout, stderr) => {
          const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : 127) : 0;
          resolve({ code, stdout: String(stdout), stderr: String(stderr) || (error && code === 127 ? error.message : '') });
        });
        return;
      }
      const child = spawn(command, all, { env, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      const timer = setTimeout(() => child.kill(), 10_000);
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', (e) => {
        clearTimeout(timer);
        resolve({ code: 127, stdout, stderr: e.message });
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code: code ?? 1, stdout, stderr });
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(Buffer.from(input));
    });
  }

  async state(): Promise<QueueState> {
    const r = await this.run('lpstat', ['-l', '-p', this.options.queue]);
    const scheduler = r.code === 0 ? null : await this.run('lpstat', ['-r']);
    return queueState(r.code, r.stdout, r.stderr, () => scheduler !== null && schedulerIsRunning(scheduler.stdout));
  }

  async print(pdf: Uint8Array, options: { title: string; media: string }): Promise<PrintOutcome> {
    const before = await this.state();
    if (before !== 'ready') return { ok: false, problem: before };
    const r = await this.run('lp', ['-d', this.options.queue, '-t', options.title, '-o', `media=${options.media}`, '-o', 'fit-to-page=false', '-'], pdf);
    const jobId = jobIdOf(r.stdout);
    if (r.code !== 0 || !jobId) return { ok: false, problem: 'failed' };
    // Wait until the printer has the job, or it reports a fault: then the job is cancelled, so
    // that a member's receipt does not come out later for whoever stands there when the paper is in.
    const deadline = Date.now() + (this.options.jobWaitMs ?? 15_000);
    for (;;) {
      const pending = await this.run('lpstat', ['-W', 'not-completed', '-o', this.options.queue]);
      if (pending.code === 0 && !pending.stdout.split('\n').some((line) => line.startsWith(`${jobId} `))) return { ok: true, jobId };
      const now = await this.state();
      if (now !== 'ready') {
        await this.run('cancel', [jobId]);
        return { ok: false, problem: now };
      }
      if (Date.now() > deadline) return { ok: true, jobId };
      await new Promise((resolve) => setTimeout(resolve, this.options.pollMs ?? 250));
    }
  }
}
