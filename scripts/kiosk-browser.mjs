// The station's browser window under the loopback host (docs/kiosk-setup.md).
// `scripts/start.mjs` runs this file, as the browser's own OS user when one is configured
// (`sudo -n -u <user>`), and writes the one-time launch address on its stdin. The address goes
// into the fresh profile's startup pages (a file only this user can read), never onto a command
// line: /proc/<pid>/cmdline is readable by every local user.
//   node scripts/kiosk-browser.mjs --browser chromium --mode kiosk   (address on stdin)
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/**
 * Prepares `profileDir` to open `startUrl` at start and returns the browser's arguments.
 * A kiosk gets the full-screen kiosk window; the lock-down itself (no DevTools, downloads,
 * printing dialogs, extensions, other addresses) comes from the managed policies that the
 * kiosk setup writes to /etc/chromium/policies/managed/ (scripts/kiosk-policy.mjs).
 */
export function prepareBrowser({ profileDir, startUrl, mode }) {
  mkdirSync(join(profileDir, 'Default'), { recursive: true, mode: 0o700 });
  const preferences = { session: { restore_on_startup: 4, startup_urls: [startUrl] }, browser: { has_seen_welcome_page: true } };
  writeFileSync(join(profileDir, 'Default', 'Preferences'), JSON.stringify(preferences), { mode: 0o600 });
  return [
    `--user-data-dir=${profileDir}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-sync',
    '--noerrdialogs',
    ...(mode === 'kiosk' ? ['--kiosk'] : []),
  ];
}

/** The command prefix that runs a program as `user`: sudo for the station's own user, runuser when root. */
export function asUser(user, isRoot = process.getuid?.() === 0) {
  if (!user) return [];
  return isRoot ? ['runuser', '-u', user, '--'] : ['sudo', '-n', '-u', user, '--'];
}

async function readStdin() {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text.trim();
}

async function main() {
  const { values } = parseArgs({ options: { browser: { type: 'string', default: 'chromium' }, mode: { type: 'string', default: 'kiosk' } }, strict: true });
  const startUrl = await readStdin();
  if (!/^http:\/\/127\.0\.0\.1:\d+\/session\?code=[\w-]+$/.test(startUrl)) {
    process.stderr.write('kiosk-browser: expected the station\'s one-time launch address on stdin\n');
    process.exit(2);
  }
  const profileDir = mkdtempSync(join(tmpdir(), 'bonus-station-browser-'));
  const args = prepareBrowser({ profileDir, startUrl, mode: values.mode });
  const browser = spawn(values.browser, args, { stdio: 'ignore' });
  const stop = () => browser.kill('SIGTERM');
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  browser.on('exit', (code) => {
    rmSync(profileDir, { recursive: true, force: true });
    process.exit(code ?? 0);
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) void main();
