import { ContractError, type scannerMethods } from '../contract';
import type { Handlers } from '../runtime/dispatcher';
import type { ScannerService } from './scanner-service';

/**
 * The contract's scanner methods, on the scanner service. A field station has no document
 * scanner (service null): there they are refused, and the status bar says "not set up".
 * Elsewhere `guard` runs first and throws unless the caller has a staff session that may use
 * the scanner: a scan without sign-in would land in the batch queue with nobody answerable for
 * it, and the inventory names the station's devices. A scan starts only on a device the station
 * listed, never on an id the caller made up.
 */
export function createScannerHandlers(service: ScannerService | null, guard: () => void): Pick<Handlers, keyof typeof scannerMethods> {
  const need = (): ScannerService => {
    if (!service) throw new ContractError('forbidden', 'Document scanners are available on kiosk and clerk stations only');
    guard();
    return service;
  };
  return {
    listScanners: async ({ refresh }) => ({ devices: await need().listDevices(refresh === true) }),
    startScanBatch: async (request) => {
      const scanner = need();
      const listed = (devices: { id: string }[]) => devices.some((d) => d.id === request.deviceId);
      if (!listed(await scanner.listDevices(false)) && !listed(await scanner.listDevices(true))) {
        throw new ContractError('not_found', 'No such scanner at this station; list the scanners again', ['deviceId']);
      }
      return scanner.startBatch(request);
    },
    cancelScanBatch: ({ batchId }) => ({ cancelled: need().cancelBatch(batchId) }),
    getDeviceInventory: () => need().inventory(),
  };
}
