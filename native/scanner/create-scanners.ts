import { HotFolderScanner, type HotFolderScannerOptions } from './hot-folder/hot-folder-scanner';
import { SaneScanner, type SaneScannerOptions } from './sane/sane-scanner';
import type { Scanner } from './scanner';

export interface ScannerSetup {
  platform: NodeJS.Platform;
  /** Use SANE (`scanimage`) where the platform has it. */
  sane: boolean | SaneScannerOptions;
  /** A folder the scanner software saves into; null for none. */
  hotFolder: HotFolderScannerOptions | null;
}

/**
 * The one place that picks adapters per platform (the platform is a parameter so each choice is
 * testable anywhere). Linux: SANE and the hot folder. Elsewhere: the hot folder only, until
 * WIA (Windows) or eSCL adapters exist behind the same interface.
 */
export function createScanners(setup: ScannerSetup): Scanner[] {
  const scanners: Scanner[] = [];
  if (setup.sane !== false && setup.platform === 'linux') scanners.push(new SaneScanner(setup.sane === true ? {} : setup.sane));
  if (setup.hotFolder) scanners.push(new HotFolderScanner(setup.hotFolder));
  return scanners;
}
