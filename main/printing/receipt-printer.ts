import type { ReceiptPrinterState } from '../contract';

export type QueueState = Exclude<ReceiptPrinterState, 'not-configured'>;

export type PrintOutcome = { ok: true; jobId: string } | { ok: false; problem: Exclude<QueueState, 'ready'> | 'failed' };

/**
 * The kiosk's receipt printer, small on purpose: its state, and printing one PDF. The CUPS
 * adapter (cups-printer.ts) is the one real implementation; a platform without CUPS gets its
 * own adapter behind the same two methods.
 */
export interface ReceiptPrinter {
  state(): Promise<QueueState>;
  /** Prints and waits until the printer has taken the job or reports a fault (then the job is cancelled). */
  print(pdf: Uint8Array, options: { title: string; media: string }): Promise<PrintOutcome>;
}
