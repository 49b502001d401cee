import { describe, expect, it } from 'vitest';
import { scanMessage } from './scan-message';

const running = (page: number, scanned: number) => ({ batchId: 'b', page, percent: 0, scanned });

describe('scan strip message', () => {
  it('a watched folder counts the pages it has read instead of announcing a start that never ends', () => {
    expect(scanMessage(running(0, 0), 'hot-folder')).toEqual({ key: 'clerk.scanner.watching', params: { scanned: 0 }, showsProgress: false });
    expect(scanMessage(running(0, 3), 'hot-folder').params).toEqual({ scanned: 3 });
  });

  it('a scanner says it is starting until its first page starts, then which page it scans', () => {
    expect(scanMessage(running(0, 0), 'sane').key).toBe('clerk.scanner.starting');
    expect(scanMessage(running(2, 1), 'sane')).toEqual({ key: 'clerk.scanner.scanningPage', params: { page: 2, scanned: 1 }, showsProgress: true });
  });
});
