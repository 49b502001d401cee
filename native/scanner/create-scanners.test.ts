import { describe, expect, it } from 'vitest';
import { createScanners } from './create-scanners';

describe('scanner adapters per platform', () => {
  it('Linux gets SANE and the hot folder', () => {
    expect(createScanners({ platform: 'linux', sane: true, hotFolder: { folder: '/srv/scans' } }).map((s) => s.adapter)).toEqual(['sane', 'hot-folder']);
  });

  it('Windows and macOS get the hot folder only, even when SANE is asked for', () => {
    expect(createScanners({ platform: 'win32', sane: true, hotFolder: { folder: 'C:\\Scans' } }).map((s) => s.adapter)).toEqual(['hot-folder']);
    expect(createScanners({ platform: 'darwin', sane: true, hotFolder: null })).toEqual([]);
  });

  it('SANE can be switched off, and no hot folder means none', () => {
    expect(createScanners({ platform: 'linux', sane: false, hotFolder: null })).toEqual([]);
  });
});
