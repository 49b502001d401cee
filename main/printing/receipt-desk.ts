import type { Database } from 'better-sqlite3-multiple-ciphers';
import { ContractError, type KioskReceipt, type Language, type PayoutReceipt, type PrintReceiptResult, type ReceiptPrinterView } from '../contract';
import type { EventHub } from '../runtime/event-hub';
import type { Logger } from '../runtime/logger';
import type { StationService } from '../runtime/service';
import { appendAudit } from '../store/audit-log';
import { mediaOf, receiptPdf, type ReceiptPaper } from './receipt-pdf';
import type { ReceiptPrinter } from './receipt-printer';
import type { PrintableReceipt } from './receipt-texts';

export interface ReceiptDeskOptions {
  db: Database;
  events: EventHub;
  log: Logger;
  branch: string;
  /** Null: this kiosk has no receipt printer. */
  printer: { device: ReceiptPrinter; paper: ReceiptPaper } | null;
}

/**
 * The receipts of the member at the kiosk, and printing them. It keeps the receipts the
 * current session produced (reference, year, what, initials) and forgets them the moment the
 * session changes or ends, so only the member who got a receipt can print it, and only while
 * their card is in. What is printed comes from here, never from the screen.
 */
export class ReceiptDesk implements StationService {
  readonly name = 'receipt-printing';
  private session: string | null = null;
  private readonly receipts = new Map<string, PrintableReceipt>();
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: ReceiptDeskOptions) {}

  start(): void {
    this.unsubscribe = this.options.events.subscribeInternal((name, payload) => {
      if (name !== 'kioskState') return;
      const state = payload as { stage: string; sessionId?: string };
      const session = state.stage === 'member' ? (state.sessionId ?? null) : null;
      if (session !== this.session) {
        this.receipts.clear();
        this.session = session;
      }
    });
  }

  stop(): void {
    this.unsubscribe?.();
    this.receipts.clear();
  }

  /** A receipt the session just got (kioskSubmit, kioskApplyPayout). */
  remember(receipt: KioskReceipt | PayoutReceipt): void {
    if (!this.session) return;
    const base = { reference: receipt.reference, submittedAt: receipt.submittedAt, year: receipt.year, initials: receipt.initials };
    this.receipts.set(receipt.reference, 'amountCents' in receipt ? { kind: 'payout', ...base, amountCents: receipt.amountCents } : { kind: 'submission', ...base, measures: receipt.measures.length });
  }

  async printer(): Promise<ReceiptPrinterView> {
    const printer = this.options.printer;
    if (!printer) return { state: 'not-configured', paper: null };
    return { state: await printer.device.state(), paper: printer.paper };
  }

  async print(reference: string, language: Language): Promise<PrintReceiptResult> {
    const receipt = this.receipts.get(reference);
    if (!receipt || !this.session) throw new ContractError('not_found', 'No such receipt in this session');
    const printer = this.options.printer;
    if (!printer) return { printed: false, problem: 'not-configured' };
    const { pdf, heightMm } = await receiptPdf(receipt, language, this.options.branch, printer.paper);
    const outcome = await printer.device.print(pdf, { title: `${receipt.kind === 'payout' ? 'Auszahlung' : 'Beleg'} ${receipt.reference}`, media: mediaOf(printer.paper, heightMm) });
    appendAudit(this.options.db, { actor: 'member', action: 'kiosk.receipt.print', subject: `receipt:${reference}`, detail: outcome.ok ? `job=${outcome.jobId}` : `problem=${outcome.problem}` });
    if (!outcome.ok) {
      this.options.log.warn('receipt not printed', { problem: outcome.problem });
      return { printed: false, problem: outcome.problem };
    }
    return { printed: true };
  }
}
