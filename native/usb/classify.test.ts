import { describe, expect, it } from 'vitest';
import { classifyUsbDevice } from './classify';
import { descriptorFixtures as fx } from './fixtures/usb-descriptors.fixture';

describe('USB inventory classification (device-descriptor fixtures)', () => {
  it('counts CCID interfaces as card readers, also inside a keyboard', () => {
    expect(classifyUsbDevice(fx.ccidReader)).toEqual({
      kind: 'card-reader',
      basis: 'ccid-class',
      usbId: '04e6:5116',
      manufacturer: 'SCM Microsystems Inc.',
      product: 'SCR3310 USB Smart Card Reader',
      location: '1-1',
    });
    expect(classifyUsbDevice(fx.keyboardWithReader)).toMatchObject({ kind: 'card-reader', usbId: '08e6:3438' });
  });

  it('counts still-image class devices and vendor-specific devices of scanner makers as scanners, saying why', () => {
    expect(classifyUsbDevice(fx.stillImageScanner)).toMatchObject({ kind: 'scanner', basis: 'still-image-class' });
    expect(classifyUsbDevice(fx.fujitsuSheetfed)).toMatchObject({ kind: 'scanner', basis: 'known-scanner-vendor', usbId: '04c5:132e' });
    expect(classifyUsbDevice(fx.hpMultifunction)).toMatchObject({ kind: 'scanner', basis: 'multifunction-guess' });
  });

  it('leaves out everything else', () => {
    expect(classifyUsbDevice(fx.serialAdapter)).toBeNull();
    expect(classifyUsbDevice(fx.hub)).toBeNull();
    expect(classifyUsbDevice(fx.stick)).toBeNull();
  });
});
