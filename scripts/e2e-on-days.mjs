// `node scripts/e2e-on-days.mjs [--days=2027-01-05T10:00:00Z,…] [spec …]`: runs end-to-end specs
// with the whole process tree (Playwright, Chromium, the station, the reference service) on other
// days under libfaketime (Debian: apt-get install faketime), one spec at a time. It is a check
// run on purpose, not part of CI: it proves that specs which date a member's entries pass on every
// day of the year (test/e2e/test-day.ts; the clerk desk reads its day from main as the kiosk does), from 1 January to 10 February, after the 30.06. deadline
// and in the last hour of the year in Berlin. Needs `npm run build` first. Exit code 1 if any failed.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const next = new Date().getUTCFullYear() + 1;
const defaultDays = [`${next}-01-05T10:00:00Z`, `${next}-02-05T10:00:00Z`, `${next}-07-15T10:00:00Z`, `${next}-12-31T22:30:00Z`];
const defaultSpecs = ['kiosk-evidence', 'kiosk-pull', 'kiosk-scanner', 'kiosk-receipt-print', 'kiosk-online', 'kiosk-payout', 'kiosk-paper-booklet', 'backoffice', 'screen-tour', 'clerk-batch', 'kiosk-card', 'sync-view'];

const args = process.argv.slice(2);
const daysArg = args.find((a) => a.startsWith('--days='));
const days = daysArg ? daysArg.slice('--days='.length).split(',') : defaultDays;
const specs = args.filter((a) => !a.startsWith('--'));
for (const day of days) {
  if (Number.isNaN(Date.parse(day))) {
    console.error(`not a moment: "${day}" (e.g. ${defaultDays[0]})`);
    process.exit(2);
  }
}
if (spawnSync('faketime', ['-f', '+0', 'true']).status !== 0) {
  console.error('faketime is not installed (Debian: apt-get install faketime)');
  process.exit(2);
}

const results = [];
for (const day of days) {
  // faketime reads the moment in the process's zone: given in UTC so that it means the same everywhere.
  const moment = new Date(day).toISOString().replace('T', ' ').slice(0, 19);
  for (const spec of specs.length > 0 ? specs : defaultSpecs) {
    const file = `test/e2e/${spec.replace(/\.spec\.ts$/, '')}.spec.ts`;
    const run = spawnSync('faketime', [moment, 'npx', 'playwright', 'test', file, '--workers=1', '--reporter=line'], {
      cwd: root,
      env: { ...process.env, TZ: 'UTC', FAKETIME_DONT_RESET: '1' },
      stdio: 'inherit',
    });
    results.push({ day, spec, ok: run.status === 0 });
  }
}
console.log(JSON.stringify({ results }, null, 1));
process.exitCode = results.every((r) => r.ok) ? 0 : 1;
