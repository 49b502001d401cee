/**
 * What is plugged in, for the station's health page: card readers and scanners seen on USB,
 * independent of whether PC/SC or SANE can use them (a reader that pcscd does not know still
 * shows up here, which is exactly what staff need to know).
 */
export type UsbDeviceKind = 'card-reader' | 'scanner';

/** Why a device was counted as what it is. */
export type UsbClassification =
  | 'ccid-class'
  | 'still-image-class'
  /** A vendor-specific interface from a maker of document scanners. */
  | 'known-scanner-vendor'
  /** As above, next to a printer interface: most likely a multifunction device's scan unit. */
  | 'multifunction-guess';

export interface InventoryDevice {
  kind: UsbDeviceKind;
  basis: UsbClassification;
  /** "04e6:5116": vendor and product id in hex. */
  usbId: string;
  manufacturer: string | null;
  product: string | null;
  /** Bus position such as "1-1.4"; stable while the device stays in the same port. */
  location: string | null;
}

export type Inventory = { available: true; devices: InventoryDevice[] } | { available: false; reason: string; devices: [] };

export interface DeviceInventory {
  /** Never throws: where the OS offers no USB access the answer says so. */
  list(): Promise<Inventory>;
}

/** A USB device's descriptors, as far as classification needs them (independent of the binding). */
export interface UsbDescriptor {
  vendorId: number;
  productId: number;
  deviceClass: number;
  manufacturerName: string | null;
  productName: string | null;
  location: string | null;
  /** Class of every interface (all alternate settings) of every configuration. */
  interfaceClasses: number[];
}
