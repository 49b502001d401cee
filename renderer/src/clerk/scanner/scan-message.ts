import type { RunningScan } from './use-scanner';

export interface ScanMessage {
  key: 'clerk.scanner.scanningPage' | 'clerk.scanner.starting' | 'clerk.scanner.watching';
  params: Record<string, number>;
  /** A per-page progress bar only where the device reports one (a scanner, not a watched folder). */
  showsProgress: boolean;
}

/**
 * What the scan strip says while a batch runs. A watched folder reports no page starts, only
 * pages read, and runs until the clerk stops it: "the scan is starting" would stay forever.
 */
export function scanMessage(running: RunningScan, adapter: string | undefined): ScanMessage {
  if (adapter === 'hot-folder') return { key: 'clerk.scanner.watching', params: { scanned: running.scanned }, showsProgress: false };
  if (running.page > 0) return { key: 'clerk.scanner.scanningPage', params: { page: running.page, scanned: running.scanned }, showsProgress: true };
  return { key: 'clerk.scanner.starting', params: {}, showsProgress: true };
}
