import { ScannerError, type ScannerFailure } from '../scanner';

/**
 * scanimage exits with the SANE status of the failed call (sane_start/sane_read), and 1 for its
 * own failures such as an open that fails. The message on stderr is the more precise of the
 * two, so it is read first; the exit code decides when the text is unknown (a backend may be
 * translated or word things its own way).
 */
const byMessage: [RegExp, ScannerFailure][] = [
  [/open of device .* failed: Invalid argument|no SANE devices found|no such device/i, 'no-device'],
  [/device busy/i, 'busy'],
  [/document feeder jammed/i, 'jammed'],
  [/document feeder out of documents/i, 'feeder-empty'],
  [/cover is open/i, 'cover-open'],
  [/access to resource has been denied/i, 'access-denied'],
  [/error during device I\/O/i, 'io-error'],
];

const byExitCode: Record<number, ScannerFailure> = {
  1: 'io-error',
  3: 'busy',
  4: 'invalid-request',
  6: 'jammed',
  7: 'feeder-empty',
  8: 'cover-open',
  9: 'io-error',
  10: 'io-error',
  11: 'access-denied',
};

const explanation: Record<ScannerFailure, string> = {
  'not-installed': 'scanimage is not installed (Debian: apt-get install sane-utils)',
  'no-device': 'the scanner was not found; is it connected and switched on?',
  busy: 'the scanner is busy (another program or scan is using it)',
  jammed: 'paper jam in the document feeder',
  'feeder-empty': 'the document feeder is empty',
  'cover-open': 'the scanner cover is open',
  'access-denied': 'no permission to use the scanner',
  'io-error': 'the scanner reported an I/O error',
  'invalid-request': 'the scanner refused the requested settings',
  crashed: 'scanimage ended unexpectedly',
  unavailable: 'scanning is not available',
  'unsafe-folder': 'the hot folder or one of its subfolders is a link; nothing is taken from it',
};

export function describeFailure(failure: ScannerFailure): string {
  return explanation[failure];
}

/** The last "scanimage: ..." line of stderr, the one that names the failed call. */
export function lastScanimageMessage(stderr: string): string | null {
  const lines = stderr.split(/[\r\n]+/).filter((l) => l.startsWith('scanimage: '));
  const last = lines[lines.length - 1];
  return last ? last.slice('scanimage: '.length).slice(0, 300) : null;
}

export function classifyExit(exit: { code: number | null; signal: NodeJS.Signals | null }, stderr: string): ScannerError {
  const message = lastScanimageMessage(stderr);
  if (exit.code === null) {
    return new ScannerError('crashed', `${describeFailure('crashed')} (signal ${exit.signal ?? 'unknown'})${message ? `: ${message}` : ''}`);
  }
  const failure = (message && byMessage.find(([pattern]) => pattern.test(message))?.[1]) || byExitCode[exit.code] || 'io-error';
  return new ScannerError(failure, `${describeFailure(failure)} (scanimage exit ${exit.code}${message ? `: ${message}` : ''})`);
}
