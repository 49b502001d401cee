import { describe, expect, it } from 'vitest';
import { fieldSeparator as s, parseDeviceList } from './device-list';

describe('SANE device list', () => {
  it('splits name, vendor, model and type, including names with colons and spaces in the model', () => {
    const out = [`test:0${s}Noname${s}frontend-tester${s}virtual device`, `fujitsu:fi-7160:100312${s}FUJITSU${s}fi-7160${s}sheetfed scanner`, `hpaio:/usb/OfficeJet_Pro_9010?serial=TH0000${s}HP${s}OfficeJet Pro 9010 series${s}all-in-one`, ''].join('\n');
    expect(parseDeviceList(out)).toEqual([
      { id: 'sane:test:0', adapter: 'sane', name: 'test:0', vendor: 'Noname', model: 'frontend-tester', type: 'virtual device' },
      { id: 'sane:fujitsu:fi-7160:100312', adapter: 'sane', name: 'fujitsu:fi-7160:100312', vendor: 'FUJITSU', model: 'fi-7160', type: 'sheetfed scanner' },
      { id: 'sane:hpaio:/usb/OfficeJet_Pro_9010?serial=TH0000', adapter: 'sane', name: 'hpaio:/usb/OfficeJet_Pro_9010?serial=TH0000', vendor: 'HP', model: 'OfficeJet Pro 9010 series', type: 'all-in-one' },
    ]);
  });

  it('is empty when scanimage finds nothing (it then prints nothing for -f)', () => {
    expect(parseDeviceList('')).toEqual([]);
  });

  it('skips malformed lines and duplicates instead of inventing devices', () => {
    const out = [`only-two${s}fields`, `bad\u0007name${s}V${s}M${s}T`, `test:0${s}A${s}B${s}C`, `test:0${s}A${s}B${s}C`].join('\n');
    expect(parseDeviceList(out).map((d) => d.name)).toEqual(['test:0']);
  });
});
