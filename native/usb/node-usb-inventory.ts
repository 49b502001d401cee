import { createRequire } from 'node:module';
import { classifyUsbDevice } from './classify';
import type { DeviceInventory, Inventory, UsbDescriptor } from './device-inventory';

/**
 * The inventory on node-usb (package `usb` 3.x: N-API, prebuilt per platform, no install script).
 * Only the few members used here are typed, structurally, so the package stays replaceable and a
 * missing or broken binding is a state, not a crash.
 */
interface NativeAlternate {
  interfaceClass: number;
}
interface NativeInterface {
  alternates?: NativeAlternate[];
  alternate?: NativeAlternate;
}
interface NativeConfiguration {
  interfaces?: NativeInterface[];
}
interface NativeDevice {
  vendorId: number;
  productId: number;
  deviceClass: number;
  bus?: string;
  ports?: number[];
  readonly manufacturerName?: string | null;
  readonly productName?: string | null;
  readonly configurations?: NativeConfiguration[];
}
interface UsbModule {
  usb?: { getDevices(): Promise<NativeDevice[]> };
}

export function nodeUsbInventory(load: () => unknown = () => createRequire(import.meta.url)('usb')): DeviceInventory {
  let module: UsbModule;
  try {
    module = load() as UsbModule;
    if (typeof module?.usb?.getDevices !== 'function') throw new Error('the usb module has no usb.getDevices');
  } catch (error) {
    const reason = `USB binding not available (usb: ${firstLine(error)})`;
    return { list: async () => unavailable(reason) };
  }
  const usb = module.usb as NonNullable<UsbModule['usb']>;
  return {
    async list(): Promise<Inventory> {
      let devices: NativeDevice[];
      try {
        devices = await usb.getDevices();
      } catch (error) {
        // E.g. a container without /sys/bus/usb, or a sandbox without USB permission.
        return unavailable(`no USB access here (${firstLine(error)})`);
      }
      const found = [];
      for (const device of devices) {
        const descriptor = describe(device);
        const classified = descriptor && classifyUsbDevice(descriptor);
        if (classified) found.push(classified);
      }
      return { available: true, devices: found };
    },
  };
}

/** Reads one device's descriptors; a device that fails to answer (unplugged meanwhile) is skipped. */
function describe(device: NativeDevice): UsbDescriptor | null {
  try {
    const interfaceClasses: number[] = [];
    for (const configuration of device.configurations ?? []) {
      for (const iface of configuration.interfaces ?? []) {
        for (const alt of iface.alternates ?? (iface.alternate ? [iface.alternate] : [])) interfaceClasses.push(alt.interfaceClass);
      }
    }
    return {
      vendorId: device.vendorId,
      productId: device.productId,
      deviceClass: device.deviceClass,
      manufacturerName: safeString(() => device.manufacturerName),
      productName: safeString(() => device.productName),
      location: device.bus ?? (device.ports ? device.ports.join('.') : null),
      interfaceClasses,
    };
  } catch {
    return null;
  }
}

/** String descriptors come from the device itself: keep them short and printable. */
function safeString(read: () => string | null | undefined): string | null {
  try {
    const value = read();
    return typeof value === 'string' && value.trim() !== '' ? value.replace(/[^\x20-\x7e\u00a0-\u024f]/g, '').trim().slice(0, 80) : null;
  } catch {
    return null;
  }
}

function unavailable(reason: string): Inventory {
  return { available: false, reason, devices: [] };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]?.slice(0, 200) ?? 'unknown';
}
