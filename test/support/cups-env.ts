import { spawnSync } from 'node:child_process';

export type CupsTestEnvironment = { ok: true; server: string; pdfDir: string; queue: string; emptyQueue: string } | { ok: false; reason: string };

/**
 * The private CUPS scheduler that test/services/cups.start.sh starts (CI sources it): where it
 * listens, where its cups-pdf queue writes, and its two queues. Without it the printing tests
 * are skipped with this reason (a failure in CI, which always starts it).
 */
export function cupsTestEnvironment(): CupsTestEnvironment {
  const server = process.env.CUPS_TEST_SERVER;
  const pdfDir = process.env.CUPS_TEST_PDF_DIR;
  if (!server || !pdfDir) return { ok: false, reason: 'no test CUPS running: source test/services/cups.start.sh first (needs the Debian packages cups and printer-driver-cups-pdf)' };
  const probe = spawnSync('lpstat', ['-h', server, '-r'], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  if (probe.status !== 0 || !probe.stdout.includes('is running')) return { ok: false, reason: `the test CUPS on ${server} does not answer: ${probe.stderr || probe.stdout}` };
  return { ok: true, server, pdfDir, queue: 'BonusBon', emptyQueue: 'BonusLeer' };
}
