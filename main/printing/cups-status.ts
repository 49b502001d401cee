import type { ReceiptPrinterState } from '../contract';

/**
 * What `lpstat -l -p QUEUE` (run with LC_ALL=C) says about a queue, as the kiosk tells the
 * member: ready, out of paper, jammed, stopped, missing, or no print server at all. Pure, so
 * that every answer CUPS gives is tested on its own.
 */
export function queueState(exitCode: number, stdout: string, stderr: string, schedulerRunning: () => boolean): Exclude<ReceiptPrinterState, 'not-configured'> {
  if (exitCode !== 0 || !/^printer /m.test(stdout)) {
    // lpstat says "invalid destination" also when it reached no scheduler at all: ask which it is.
    if (/invalid destination|does not exist|no destinations/i.test(stderr) && schedulerRunning()) return 'missing';
    return 'unreachable';
  }
  const alerts = /^\s*Alerts:\s*(.*)$/m.exec(stdout)?.[1]?.split(/\s+/) ?? [];
  if (alerts.some((a) => /^media-(empty|needed|low-error)/.test(a) || /^marker-supply-empty/.test(a))) return 'out-of-paper';
  if (alerts.some((a) => /^media-jam/.test(a))) return 'paper-jam';
  if (/^printer \S+ disabled/m.test(stdout)) return 'stopped';
  return 'ready';
}

/** `lpstat -r` (C locale): whether the scheduler answered. */
export function schedulerIsRunning(stdout: string): boolean {
  return /scheduler is running/.test(stdout);
}

/** The job id in lp's answer: "request id is Bon-12 (1 file(s))". */
export function jobIdOf(stdout: string): string | null {
  return /request id is (\S+)/.exec(stdout)?.[1] ?? null;
}
