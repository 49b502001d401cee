import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nodeUsbInventory } from './node-usb-inventory';

describe('USB inventory on node-usb', () => {
  it('loads the real binding and answers: devices where USB is reachable, an empty list with a reason where not', async () => {
    const inventory = await nodeUsbInventory().list();
    if (process.platform === 'linux' && !existsSync('/sys/bus/usb/devices')) {
      // Containers without USB (as in CI here): the real getDevices() fails, quietly.
      expect(inventory).toEqual({ available: false, reason: expect.stringMatching(/no USB access here/), devices: [] });
    } else if (inventory.available) {
      for (const device of inventory.devices) expect(['card-reader', 'scanner']).toContain(device.kind);
    } else {
      expect(inventory.reason).not.toBe('');
    }
  });

  it('degrades quietly when the binding cannot be loaded', async () => {
    const inventory = await nodeUsbInventory(() => {
      throw new Error("Cannot find module '@node-usb/usb-linux-x64-gnu'\nRequire stack: ...");
    }).list();
    expect(inventory).toEqual({ available: false, reason: "USB binding not available (usb: Cannot find module '@node-usb/usb-linux-x64-gnu')", devices: [] });
  });

  it('classifies what a binding stand-in reports, reading interfaces of every configuration', async () => {
    const standIn = {
      usb: {
        getDevices: async () => [
          { vendorId: 0x04e6, productId: 0x5116, deviceClass: 0, bus: '1-2', productName: 'Reader\u0000', configurations: [{ interfaces: [{ alternates: [{ interfaceClass: 0x0b }] }] }] },
          { vendorId: 0x0781, productId: 0x5567, deviceClass: 0, configurations: [{ interfaces: [{ alternates: [{ interfaceClass: 0x08 }] }] }] },
        ],
      },
    };
    expect(await nodeUsbInventory(() => standIn).list()).toEqual({
      available: true,
      devices: [{ kind: 'card-reader', basis: 'ccid-class', usbId: '04e6:5116', manufacturer: null, product: 'Reader', location: '1-2' }],
    });
  });
});
