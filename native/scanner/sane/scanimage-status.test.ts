import { describe, expect, it } from 'vitest';
import { classifyExit, lastScanimageMessage } from './scanimage-status';

/** stderr texts as scanimage 1.1.1 prints them (captured with the test backend's read-return-value option). */
const stderrOf = (message: string) => `Scanning 2 pages, incrementing by 1, numbering from 1\nScanning page 1\nscanimage: ${message}\nScanned page 1. (scanner status = 6)\nBatch terminated, 1 page scanned\n`;

describe('scanimage failures', () => {
  it.each([
    [{ code: 1, signal: null }, 'scanimage: open of device nosuch:0 failed: Invalid argument\n', 'no-device'],
    [{ code: 3, signal: null }, stderrOf('sane_read: Device busy'), 'busy'],
    [{ code: 1, signal: null }, 'scanimage: open of device epson2:libusb:001:004 failed: Device busy\n', 'busy'],
    [{ code: 6, signal: null }, stderrOf('sane_read: Document feeder jammed'), 'jammed'],
    [{ code: 7, signal: null }, stderrOf('sane_start: Document feeder out of documents'), 'feeder-empty'],
    [{ code: 8, signal: null }, stderrOf('sane_read: Scanner cover is open'), 'cover-open'],
    [{ code: 9, signal: null }, stderrOf('sane_read: Error during device I/O'), 'io-error'],
    [{ code: 11, signal: null }, stderrOf('sane_read: Access to resource has been denied'), 'access-denied'],
    [{ code: 6, signal: null }, 'scanimage: sane_read: Papierstau\n', 'jammed'],
    [{ code: null, signal: 'SIGSEGV' as const }, 'Scanning page 1\n', 'crashed'],
  ])('%o with its stderr is %s', (exit, stderr, failure) => {
    expect(classifyExit(exit, stderr).failure).toBe(failure);
  });

  it('keeps the failed call in the message for staff', () => {
    expect(classifyExit({ code: 6, signal: null }, stderrOf('sane_read: Document feeder jammed')).message).toMatch(/paper jam.*sane_read: Document feeder jammed/);
  });

  it('takes the last scanimage line, across carriage-return progress output', () => {
    expect(lastScanimageMessage('Progress: 10.0%\rProgress: 20.0%\rscanimage: sane_read: Device busy\n')).toBe('sane_read: Device busy');
    expect(lastScanimageMessage('Scanning page 1\n')).toBeNull();
  });
});
