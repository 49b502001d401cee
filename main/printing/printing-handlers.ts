import { ContractError } from '../contract';
import type { Handlers } from '../runtime/dispatcher';
import type { ReceiptDesk } from './receipt-desk';

type PrintingHandlers = Pick<Handlers, 'getReceiptPrinter' | 'kioskPrintReceipt'>;

/** The receipt printer's methods; a station without the kiosk's receipts (clerk, field) refuses them. */
export function createPrintingHandlers(desk: ReceiptDesk | null): PrintingHandlers {
  const need = (): ReceiptDesk => {
    if (!desk) throw new ContractError('forbidden', 'Receipts are printed at kiosk stations only');
    return desk;
  };
  return {
    getReceiptPrinter: () => need().printer(),
    kioskPrintReceipt: ({ reference, language }) => need().print(reference, language),
  };
}

/**
 * The kiosk's handlers that hand out receipts, so that the desk knows each receipt of the
 * session (and nothing else): the result goes to the member unchanged.
 */
export function rememberingReceipts<H extends Pick<Handlers, 'kioskSubmit' | 'kioskApplyPayout'>>(handlers: H, desk: ReceiptDesk | null): Pick<Handlers, 'kioskSubmit' | 'kioskApplyPayout'> {
  if (!desk) return handlers;
  return {
    kioskSubmit: async (input, ctx) => {
      const receipt = await handlers.kioskSubmit(input, ctx);
      desk.remember(receipt);
      return receipt;
    },
    kioskApplyPayout: async (input, ctx) => {
      const receipt = await handlers.kioskApplyPayout(input, ctx);
      desk.remember(receipt);
      return receipt;
    },
  };
}
