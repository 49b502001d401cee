import { z } from 'zod';
import { method } from './define';
import { Language } from './station';

/**
 * The kiosk's receipt printer (CUPS). The renderer asks for its state (to offer printing or
 * say why not) and prints a receipt of the member's own session by its reference: what is
 * printed is made in main from the station's record of that receipt, never from the screen.
 */
export const ReceiptPrinterState = z.enum([
  'ready',
  /** The printer reports that it has no paper (or its roll is at its end). */
  'out-of-paper',
  'paper-jam',
  /** The queue is stopped for another reason (switched off, an error). */
  'stopped',
  /** The configured queue does not exist at the print server. */
  'missing',
  /** The print server (CUPS) cannot be reached. */
  'unreachable',
  /** This kiosk has no receipt printer configured. */
  'not-configured',
]);
export type ReceiptPrinterState = z.infer<typeof ReceiptPrinterState>;

export const ReceiptPrinterView = z.object({
  state: ReceiptPrinterState,
  /** The receipt's layout: an 80 mm roll or an A4 sheet; null when no printer is configured. */
  paper: z.enum(['80mm', 'a4']).nullable(),
});
export type ReceiptPrinterView = z.infer<typeof ReceiptPrinterView>;

export const PrintReceiptResult = z.discriminatedUnion('printed', [
  z.object({ printed: z.literal(true) }),
  /** Not printed: why, so the member is told (and the receipt stays on the screen). */
  z.object({ printed: z.literal(false), problem: z.union([ReceiptPrinterState.exclude(['ready']), z.literal('failed')]) }),
]);
export type PrintReceiptResult = z.infer<typeof PrintReceiptResult>;

/** A receipt reference as the kiosk makes them ("BA-" and 8 characters without I, L, O, U). */
export const ReceiptReference = z.string().max(4096).regex(/^BA-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);

export const printingMethods = {
  getReceiptPrinter: method(z.object({}).strict(), ReceiptPrinterView),
  /** Prints a receipt the current member got in this session, in the language on screen. */
  kioskPrintReceipt: method(z.object({ reference: ReceiptReference, language: Language }).strict(), PrintReceiptResult),
};
