import type { InventoryDevice, UsbClassification, UsbDescriptor, UsbDeviceKind } from './device-inventory';

/** USB class codes (usb.org "Defined Class Codes"). */
export const usbClass = { stillImage: 0x06, smartCard: 0x0b, vendorSpecific: 0xff, printer: 0x07 } as const;

/**
 * Vendors whose document scanners use vendor-specific USB interfaces rather than the still
 * image class (most sheetfed and flatbed scanners). A vendor-specific interface of one of these
 * is counted as a scanner; it may be a multifunction device's scan part, which is still a scanner.
 */
export const scannerVendors: ReadonlyMap<number, string> = new Map([
  [0x03f0, 'HP'],
  [0x040a, 'Kodak'],
  [0x29cc, 'Kodak Alaris'],
  [0x04a7, 'Visioneer'],
  [0x04a9, 'Canon'],
  [0x04b8, 'Epson'],
  [0x04c5, 'Fujitsu/PFU'],
  [0x04da, 'Panasonic'],
  [0x04f9, 'Brother'],
  [0x055f, 'Mustek'],
  [0x05da, 'Microtek'],
  [0x0638, 'Avision'],
  [0x07b3, 'Plustek'],
  [0x0924, 'Xerox'],
  [0x1083, 'Canon Electronics'],
]);

export function classifyUsbDevice(descriptor: UsbDescriptor): InventoryDevice | null {
  const classes = new Set([descriptor.deviceClass, ...descriptor.interfaceClasses]);
  let kind: UsbDeviceKind | null = null;
  let basis: UsbClassification | null = null;
  if (classes.has(usbClass.smartCard)) [kind, basis] = ['card-reader', 'ccid-class'];
  else if (classes.has(usbClass.stillImage)) [kind, basis] = ['scanner', 'still-image-class'];
  else if (classes.has(usbClass.vendorSpecific) && scannerVendors.has(descriptor.vendorId)) {
    [kind, basis] = ['scanner', classes.has(usbClass.printer) ? 'multifunction-guess' : 'known-scanner-vendor'];
  }
  if (!kind || !basis) return null;
  return {
    kind,
    basis,
    usbId: `${hex4(descriptor.vendorId)}:${hex4(descriptor.productId)}`,
    manufacturer: descriptor.manufacturerName,
    product: descriptor.productName,
    location: descriptor.location,
  };
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}
