import type { scannerMethods } from '../contract';
import type { Handlers } from '../runtime/dispatcher';
import type { ScannerService } from './scanner-service';

/** The contract's scanner methods, on the scanner service. */
export function createScannerHandlers(service: ScannerService): Pick<Handlers, keyof typeof scannerMethods> {
  return {
    listScanners: async ({ refresh }) => ({ devices: await service.listDevices(refresh === true) }),
    startScanBatch: (request) => service.startBatch(request),
    cancelScanBatch: ({ batchId }) => ({ cancelled: service.cancelBatch(batchId) }),
    getDeviceInventory: () => service.inventory(),
  };
}
