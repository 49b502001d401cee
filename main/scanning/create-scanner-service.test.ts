import { describe, expect, it } from 'vitest';
import { defaultStationConfig, parseStationConfig } from '../config/station-config';
import { hotFolderPath } from './create-scanner-service';

describe('scanner configuration', () => {
  it('a fresh station uses SANE and no hot folder', () => {
    expect(defaultStationConfig.scanner).toEqual({ sane: true, hotFolder: null, saneDeviceOptions: {} });
  });

  it('takes a relative hot folder from the configuration file folder, like the data folder', () => {
    const config = parseStationConfig({ scanner: { hotFolder: 'scans' } }, '/etc/bonus/station.json');
    expect(hotFolderPath({ config, source: '/etc/bonus/station.json', dataDir: '/var/lib/bonus' })).toBe('/etc/bonus/scans');
    const absolute = parseStationConfig({ scanner: { hotFolder: '/srv/scans' } }, 'x');
    expect(hotFolderPath({ config: absolute, source: '/etc/bonus/station.json', dataDir: '/var/lib/bonus' })).toBe('/srv/scans');
  });

  it('refuses unknown scanner fields and malformed device option names', () => {
    expect(() => parseStationConfig({ scanner: { hotfolder: '/x' } }, 'station.json')).toThrow(/scanner/);
    expect(() => parseStationConfig({ scanner: { saneDeviceOptions: { 'pnm:0': { '--filename': '/x' } } } }, 'station.json')).toThrow(/scanner.saneDeviceOptions.pnm:0.--filename: Invalid key/);
  });
});
