import { ContractError } from '../contract';
import type { Handlers } from '../runtime/dispatcher';
import type { PayoutService } from './payout-service';

type PayoutHandlers = Pick<Handlers, 'getKioskPayout' | 'kioskApplyPayout' | 'kioskRequestBankChange' | 'kioskRequestAddressChange' | 'getKioskChangeStatus' | 'kioskDismissChange'>;

/** The kiosk's payout screen; on a clerk or field station (payout null) it is refused. */
export function createPayoutHandlers(payout: PayoutService | null): PayoutHandlers {
  const need = (): PayoutService => {
    if (!payout) throw new ContractError('forbidden', 'Self-service is available on kiosk stations only');
    return payout;
  };
  return {
    getKioskPayout: ({ year }) => need().view(year),
    kioskApplyPayout: ({ year, earlyRequest }) => need().apply(year, earlyRequest),
    kioskRequestBankChange: (input) => need().requestBankChange(input),
    kioskRequestAddressChange: (input) => need().requestAddressChange(input),
    getKioskChangeStatus: () => need().status(),
    kioskDismissChange: () => ({ dismissed: need().dismiss() }),
  };
}
