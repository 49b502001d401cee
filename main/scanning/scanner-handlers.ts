import { ContractError, type scannerMethods } from '../contract';
import type { Handlers } from '../runtime/dispatcher';
import type { ScannerService } from './scanner-service';

/**
 * The contract's scanner methods, on the scanner service. A field station has no document
 * scanner (service null): there they are refused, and the status bar says "not set up".
 */
export function createScannerHandlers(service: ScannerService | null): Pick<Handlers, keyof typeof scannerMethods> {
  const need = (): ScannerService => {
    if (!service) throw new ContractError('forbidden', 'Document scanners are available on kiosk and clerk stations only');
    return service;
  };
  return {
    listScanners: async ({ refresh }) => ({ devices: await need().listDevices(refresh === true) }),
    startScanBatch: (request) => need().startBatch(request),
    cancelScanBatch: ({ batchId }) => ({ cancelled: need().cancelBatch(batchId) }),
    getDeviceInventory: () => need().inventory(),
  };
}
