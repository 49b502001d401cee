import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { allCommandLines, browserUser, freePort, hasChromium, startXvfb, stopProcess, waitForLine } from './kiosk-browser-support';

/**
 * Hole 4 (loopback sessions), the launcher's side: `npm start` without Electron used to put the
 * token on Chromium's command line (`--app=…#token=…`, readable in /proc/<pid>/cmdline by every
 * local user) and print it. Now the one-time code goes from the host to the launcher over a pipe
 * and into the browser's fresh profile; the launcher's output names no code. This spec runs the
 * real launcher (scripts/start.mjs, built station) with a real Chromium on a private X display,
 * as another local user would see it. The host's side is h04-loopback-sessions.test.ts.
 */
const root = resolve(import.meta.dirname, '../..');

test('npm start opens the kiosk with a code that is on no command line and in no output, and is spent once the window has it', async () => {
  test.setTimeout(120_000);
  const user = browserUser();
  if ('skip' in user) {
    console.log(`h04 launcher spec skipped: ${user.skip}`);
    test.skip(true, user.skip);
    return;
  }
  if (!hasChromium) {
    console.log('h04 launcher spec skipped: no Chromium at /usr/bin/chromium');
    test.skip(true, 'no Chromium');
    return;
  }
  const x = await startXvfb();
  if ('skip' in x) {
    console.log(`h04 launcher spec skipped: ${x.skip}`);
    test.skip(true, x.skip);
    return;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'bonus-h04-'));
  const port = await freePort();
  const launcher = spawn(process.execPath, [join(root, 'scripts/start.mjs'), '--port', String(port)], {
    cwd: root,
    env: { ...process.env, DISPLAY: x.display, BONUS_STATION_DATA_DIR: dataDir, BONUS_STATION_BROWSER_USER: user.user ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  const err: string[] = [];
  try {
    void waitForLine(launcher.stdout!, out, () => false, 0);
    // The host logs when the browser traded its code: the window is up and the code is spent.
    const traded = await waitForLine(launcher.stderr!, err, (line) => line.includes('UI session started'), 60_000);
    expect(traded, `the kiosk window did not open the station:\n${err.join('\n')}`).toBe(true);

    // What any local user sees: every command line on the machine.
    const lines = allCommandLines();
    const browser = lines.filter((p) => p.cmdline.includes('bonus-station-browser-') && p.cmdline.includes('--kiosk'));
    expect(browser.length, 'the kiosk browser runs').toBeGreaterThan(0);
    expect(lines.filter((p) => /session\?code=|code=[\w-]{20,}|token=/.test(p.cmdline)).map((p) => p.cmdline)).toEqual([]);

    // The code the window was given (in its own profile, readable by its user and root only) is spent.
    const profile = /--user-data-dir=(\S+)/.exec(browser[0]!.cmdline)![1]!;
    const prefs = JSON.parse(readFileSync(join(profile, 'Default', 'Preferences'), 'utf8')) as { session: { startup_urls: string[] } };
    const launchUrl = prefs.session.startup_urls[0]!;
    const code = new URL(launchUrl).searchParams.get('code')!;
    expect(code).toMatch(/^[\w-]{43}$/);
    const replay = await fetch(launchUrl, { redirect: 'manual' });
    expect(replay.status).toBe(403);
    expect(replay.headers.get('set-cookie')).toBeNull();

    // Nothing the launcher or the host wrote (the journal under systemd) names the code.
    expect([...out, ...err].join('\n')).not.toContain(code);
    expect([...out, ...err].join('\n')).not.toMatch(/session\?code=/);

    // Another browser, tab or local user without the window's cookie gets nothing.
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(401);
  } finally {
    await stopProcess(launcher);
    x.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
