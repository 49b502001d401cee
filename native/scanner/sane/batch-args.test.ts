import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { batchArgument, planBatch } from './batch-args';
import { parseDeviceOptions } from './device-options';

const options = (file: string) => parseDeviceOptions(readFileSync(new URL(`./fixtures/${file}.options.txt`, import.meta.url), 'utf8'));
const testBackend = options('test-backend');

describe('scanimage arguments for a batch', () => {
  it('a flatbed batch is one page unless asked for more', () => {
    const plan = planBatch('test:0', { deviceId: 'sane:test:0' }, testBackend);
    expect(plan.args).toEqual(['--device-name=test:0', '--format=png', '--batch-start=1', '--batch-print', '--progress', '--source=Flatbed', '--batch-count=1']);
    expect(plan.untilFeederEmpty).toBe(false);
  });

  it('a feeder batch runs until the feeder is empty, or to maxPages', () => {
    expect(planBatch('test:0', { deviceId: 'sane:test:0', source: 'adf' }, testBackend)).toMatchObject({ untilFeederEmpty: true });
    const limited = planBatch('test:0', { deviceId: 'sane:test:0', source: 'adf', maxPages: 3, resolution: 100, mode: 'Color', format: 'tiff' }, testBackend);
    expect(limited.args).toEqual(expect.arrayContaining(['--source=Automatic Document Feeder', '--resolution=100', '--mode=Color', '--format=tiff', '--batch-count=3']));
  });

  it('duplex uses the device own way: a duplex source or the adf-mode switch', () => {
    expect(planBatch('f:0', { deviceId: 'f:0', duplex: true }, options('duplex-sheetfed.handwritten')).args).toContain('--source=ADF Duplex');
    expect(planBatch('e:0', { deviceId: 'e:0', duplex: true }, options('adf-mode.handwritten')).args).toEqual(
      expect.arrayContaining(['--source=Automatic Document Feeder', '--adf-mode=Duplex']),
    );
  });

  it('refuses what the device does not offer, before anything moves', () => {
    expect(() => planBatch('test:0', { deviceId: 'test:0', duplex: true }, testBackend)).toThrow(/both sides/);
    expect(() => planBatch('test:0', { deviceId: 'test:0', resolution: 5000 }, testBackend)).toThrow(/5000 dpi/);
    expect(() => planBatch('test:0', { deviceId: 'test:0', mode: 'Lineart' }, testBackend)).toThrow(/Lineart/);
    expect(() => planBatch('pnm:0', { deviceId: 'pnm:0', source: 'adf' }, options('pnm-backend'))).toThrow(/no document feeder/);
    expect(() => planBatch('test:0', { deviceId: 'test:0', maxPages: 0 }, testBackend)).toThrow(/maxPages/);
  });

  it('passes device options only when the device lists them and they are not the adapter own', () => {
    expect(planBatch('test:0', { deviceId: 'test:0', deviceOptions: { 'test-picture': 'Grid', l: '5' } }, testBackend).args).toEqual(
      expect.arrayContaining(['--test-picture=Grid', '-l', '5']),
    );
    expect(() => planBatch('test:0', { deviceId: 'test:0', deviceOptions: { 'output-file': '/etc/x' } }, testBackend)).toThrow(/cannot be set/);
    expect(() => planBatch('test:0', { deviceId: 'test:0', deviceOptions: { 'no-such': 'x' } }, testBackend)).toThrow(/no settable option/);
    expect(() => planBatch('test:0', { deviceId: 'test:0', deviceOptions: { 'test-picture': 'Photo' } }, testBackend)).toThrow(/must be one of/);
  });

  it('doubles "%" in the output folder, since scanimage expands the pattern with printf', () => {
    expect(batchArgument('/tmp/100%', 'png')).toBe('--batch=/tmp/100%%/page-%04d.png');
  });
});
