import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deriveCapabilities, duplexMethod, sourceKind } from './capabilities';
import { parseDeviceOptions } from './device-options';

/** Captured from sane-backends 1.1.1 (Debian 12) with SANE_CONFIG_DIR enabling test and pnm. */
const captured = (name: string) => readFileSync(new URL(`./fixtures/${name}.options.txt`, import.meta.url), 'utf8');
/** Written by hand after the option names of the fujitsu and epson2 backends; not captured from a device. */
const handwritten = (name: string) => readFileSync(new URL(`./fixtures/${name}.handwritten.options.txt`, import.meta.url), 'utf8');

describe('scanimage -A parsing', () => {
  const testBackend = parseDeviceOptions(captured('test-backend'));
  const byName = (name: string) => testBackend.find((o) => o.name === name);

  it('reads lists with spaces in values, and the current value', () => {
    expect(byName('source')).toMatchObject({ constraint: { kind: 'list', values: ['Flatbed', 'Automatic Document Feeder'] }, current: 'Flatbed', inactive: false });
    expect(byName('mode')).toMatchObject({ constraint: { kind: 'list', values: ['Gray', 'Color'] }, current: 'Gray' });
  });

  it('reads ranges with unit and step, including single-dash geometry options', () => {
    expect(byName('resolution')).toMatchObject({ constraint: { kind: 'range', min: 1, max: 1200, step: 1, unit: 'dpi' }, current: '50' });
    expect(byName('l')).toMatchObject({ constraint: { kind: 'range', min: 0, max: 200, unit: 'mm' }, current: '0' });
  });

  it('reads bools, inactive and advanced flags, arrays and buttons', () => {
    expect(byName('hand-scanner')).toMatchObject({ constraint: { kind: 'bool', values: ['yes', 'no'] }, current: 'no' });
    expect(byName('three-pass')).toMatchObject({ constraint: { kind: 'bool' }, current: null, inactive: true });
    expect(byName('gamma-table')).toMatchObject({ isArray: true, advanced: true, constraint: { kind: 'range', min: 0, max: 255 } });
    expect(byName('print-options')).toMatchObject({ constraint: { kind: 'button' } });
    expect(byName('read-return-value')?.constraint).toMatchObject({ kind: 'list', values: expect.arrayContaining(['SANE_STATUS_JAMMED']) });
  });

  it('reads the pnm backend: a string option for the file and a resolution list with "auto" and a trailing unit', () => {
    const pnm = parseDeviceOptions(captured('pnm-backend'));
    expect(pnm.find((o) => o.name === 'filename')).toMatchObject({ constraint: { kind: 'free', type: 'string' }, current: '/tmp/input.ppm' });
    const resolution = pnm.find((o) => o.name === 'resolution');
    expect(resolution?.constraint).toMatchObject({ kind: 'list', unit: 'dpi' });
    expect(resolution?.constraint.kind === 'list' && resolution.constraint.values.slice(-2)).toEqual(['285', '300']);
    expect(pnm.find((o) => o.name === 'read-only')).toMatchObject({ readOnly: true, current: '0' });
  });

  it('ignores lines that are not options', () => {
    expect(parseDeviceOptions('All options specific to device `x:0\':\n  Geometry:\n        just a description\n')).toEqual([]);
  });
});

describe('device capabilities', () => {
  it('test backend: flatbed and feeder, no duplex, a resolution range, gray and colour', () => {
    expect(deriveCapabilities(parseDeviceOptions(captured('test-backend')))).toEqual({
      sources: [
        { name: 'Flatbed', kind: 'flatbed' },
        { name: 'Automatic Document Feeder', kind: 'adf' },
      ],
      duplex: false,
      resolutions: { kind: 'range', min: 1, max: 1200 },
      modes: ['Gray', 'Color'],
    });
  });

  it('pnm backend: no source option at all, resolutions as a list without "auto"', () => {
    const caps = deriveCapabilities(parseDeviceOptions(captured('pnm-backend')));
    expect(caps.sources).toEqual([]);
    expect(caps.resolutions?.kind === 'list' && caps.resolutions.values[0]).toBe(75);
  });

  it('a sheetfed scanner with an "ADF Duplex" source reads both sides through that source', () => {
    const options = parseDeviceOptions(handwritten('duplex-sheetfed'));
    expect(deriveCapabilities(options).duplex).toBe(true);
    expect(duplexMethod(options)).toEqual({ kind: 'source', source: 'ADF Duplex' });
  });

  it('a scanner with an adf-mode switch reads both sides through that switch', () => {
    expect(duplexMethod(parseDeviceOptions(handwritten('adf-mode')))).toEqual({ kind: 'adf-mode', value: 'Duplex' });
  });

  it('names sources by what they are', () => {
    expect(['Flatbed', 'ADF Front', 'ADF Back', 'ADF Duplex', 'Automatic Document Feeder', 'Transparency Adapter'].map(sourceKind)).toEqual([
      'flatbed',
      'adf',
      'adf',
      'adf-duplex',
      'adf',
      'other',
    ]);
  });
});
