import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { createDispatcher, type Handlers } from '../../main/runtime/dispatcher';
import { EventHub } from '../../main/runtime/event-hub';
import { createLogger, memorySink } from '../../main/runtime/logger';
import { startLoopbackHost } from '../../main/host/loopback/server';
// The launcher's own pieces, so that the browser starts exactly as `npm start` starts it.
import { asUser, prepareBrowser } from '../../scripts/kiosk-browser.mjs';
import { kioskPolicy } from '../../scripts/kiosk-policy.mjs';
import { allCommandLines, browserUser, chromiumPath, freePort, hasChromium, startXvfb, stopProcess, waitForLine, type Display } from './kiosk-browser-support';

/**
 * Hole 3 (locked-down kiosk browser): under the loopback host the kiosk ran in Chromium with
 * `--kiosk --app=` and a fresh profile: DevTools (F12), "save page as" and DevTools workspaces
 * were open, and the browser ran as the station's user, who reads `station.key` and `station.db`.
 * Now the kiosk setup writes managed policies (scripts/kiosk-policy.mjs) and the launcher runs
 * the browser as its own OS user. Chromium on Linux reads mandatory policies only from
 * /etc/chromium/policies/managed; so that no other Chromium on the machine sees them, these
 * specs mount a policy folder over /etc/chromium in a private mount namespace of their own (as
 * root, as CI runs). Without root they are skipped, and say why.
 */
const root = resolve(import.meta.dirname, '../..');

interface Setup {
  user: string;
  display: Display;
  /** Runs a command with `etcDir` as /etc/chromium for it and its children only. */
  withPolicy(etcDir: string, command: string[]): string[];
}

function setup(): Setup | { skip: string } {
  if (!hasChromium) return { skip: `no Chromium at ${chromiumPath}` };
  const user = browserUser();
  if ('skip' in user) return user;
  if (user.user === null) return { skip: 'not root: cannot create the browser\'s OS user or mount a policy folder over /etc/chromium (CI runs as root)' };
  const probe = spawnSync('unshare', ['--mount', '--propagation', 'private', 'true'], { encoding: 'utf8' });
  if (probe.status !== 0) return { skip: `no private mount namespace here (unshare: ${probe.stderr.trim()})` };
  return {
    user: user.user,
    display: undefined as unknown as Display,
    withPolicy: (etcDir, command) => ['unshare', '--mount', '--propagation', 'private', '--', 'sh', '-c', 'mount --bind "$0" /etc/chromium && exec "$@"', etcDir, ...command],
  };
}

/** /etc/chromium as the kiosk setup leaves it: Debian's own file plus the station's policy. */
function policyEtc(dir: string, port: number): string {
  const etc = join(dir, 'etc-chromium');
  mkdirSync(join(etc, 'policies', 'managed'), { recursive: true });
  if (existsSync('/etc/chromium/master_preferences')) copyFileSync('/etc/chromium/master_preferences', join(etc, 'master_preferences'));
  writeFileSync(join(etc, 'policies', 'managed', 'bonus-station.json'), JSON.stringify(kioskPolicy({ port })));
  for (const p of [dir, etc, join(etc, 'policies'), join(etc, 'policies', 'managed')]) chmodSync(p, 0o755);
  chmodSync(join(etc, 'policies', 'managed', 'bonus-station.json'), 0o644);
  return etc;
}

function skipWith(reason: string) {
  console.log(`h03 kiosk browser spec skipped: ${reason}`);
  test.skip(true, reason);
}

test.describe('hole 3: the kiosk browser', () => {
  let env: Setup | { skip: string };
  let work: string;
  test.beforeAll(async () => {
    env = setup();
    if ('skip' in env) return;
    const x = await startXvfb();
    if ('skip' in x) env = x;
    else env.display = x;
  });
  test.afterAll(() => {
    if (env && !('skip' in env)) env.display.stop();
  });
  test.beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'bonus-h03-'));
    chmodSync(work, 0o755);
  });
  test.afterEach(() => rmSync(work, { recursive: true, force: true }));

  test('npm start runs the kiosk browser as its own OS user, which can read neither the data folder nor the key, not even by file://', async () => {
    test.setTimeout(150_000);
    if ('skip' in env) return skipWith(env.skip);
    const { user, display } = env;
    const port = await freePort();
    const etc = policyEtc(work, port);
    // A data folder an administrator made by hand, open to everyone (0755): the station closes it.
    const dataDir = join(work, 'data');
    mkdirSync(dataDir);
    chmodSync(dataDir, 0o755);
    const command = env.withPolicy(etc, [process.execPath, join(root, 'scripts/start.mjs'), '--port', String(port)]);
    const launcher = spawn(command[0]!, command.slice(1), {
      cwd: root,
      env: { ...process.env, DISPLAY: display.display, BONUS_STATION_DATA_DIR: dataDir, BONUS_STATION_BROWSER_USER: user },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const err: string[] = [];
    try {
      expect(await waitForLine(launcher.stderr!, err, (line) => line.includes('UI session started'), 90_000), `the kiosk window did not open the station:\n${err.join('\n')}`).toBe(true);

      // The window runs as the browser's user, not as the station's (root here).
      const uid = Number(spawnSync('id', ['-u', user], { encoding: 'utf8' }).stdout.trim());
      const windows = allCommandLines().filter((p) => p.cmdline.includes('bonus-station-browser-') && p.cmdline.includes('--kiosk'));
      expect(windows.length).toBeGreaterThan(0);
      for (const w of windows) expect(readFileSync(`/proc/${w.pid}/status`, 'utf8')).toMatch(new RegExp(`^Uid:\\s+${uid}\\s`, 'm'));

      // The station's data folder and key: the station's own, closed to everyone else.
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      expect(statSync(join(dataDir, 'station.key')).mode & 0o777).toBe(0o600);
      expect(statSync(dataDir).uid).toBe(process.getuid!());
      const asBrowser = (command: string[]) => spawnSync(asUser(user, true)[0]!, [...asUser(user, true).slice(1), ...command], { encoding: 'utf8' });
      expect(asBrowser(['cat', join(dataDir, 'station.key')]).status).not.toBe(0);
      expect(asBrowser(['ls', dataDir]).status).not.toBe(0);

      // file:// of the data folder, as the browser's user, with no policy at all: the OS refuses it,
      // so the page lists no database and no key (the policies block file:// besides).
      const listing = (as: string[], extra: string[]) => {
        const profile = mkdtempSync(join(work, 'dump-'));
        chmodSync(profile, 0o777);
        return spawnSync(as[0]!, [...as.slice(1), chromiumPath, '--headless', `--user-data-dir=${profile}`, ...extra, '--dump-dom', `file://${dataDir}/`], { encoding: 'utf8', timeout: 60_000 }).stdout;
      };
      const seenByBrowser = listing(asUser(user, true), []);
      expect(seenByBrowser).toContain('<html');
      expect(seenByBrowser).not.toMatch(/station\.(key|db)/);
      // The same probe as the station's user lists them: the probe sees what it may read.
      expect(listing(['env'], ['--no-sandbox'])).toMatch(/station\.key/);
    } finally {
      await stopProcess(launcher);
    }
  });

  test('the managed policies refuse the DevTools protocol to a kiosk window started as npm start starts it; without them it answers', async () => {
    test.setTimeout(150_000);
    if ('skip' in env) return skipWith(env.skip);
    const { user, display } = env;
    const log = createLogger('h03', memorySink());
    const events = new EventHub(log);
    const staticDir = join(work, 'renderer');
    mkdirSync(staticDir);
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>kiosk</title>');
    let sessions = 0;
    let sessionStarted = () => undefined as void;
    const host = await startLoopbackHost({ dispatch: createDispatcher({} as Handlers, log), events, staticDir, log, onSessionBegin: () => { sessions += 1; sessionStarted(); } });
    const etc = policyEtc(work, host.port);

    /** Opens a kiosk window with a debugging port asked for (as an attacker would), with or without the policies. */
    async function kioskWindow(policy: boolean): Promise<{ devtools: boolean }> {
      const profile = mkdtempSync(join(work, 'profile-'));
      const args = prepareBrowser({ profileDir: profile, startUrl: host.launchUrl(), mode: 'kiosk' });
      spawnSync('chown', ['-R', user, profile]);
      const debugPort = await freePort();
      const browser = [...asUser(user, true), chromiumPath, ...args, `--remote-debugging-port=${debugPort}`];
      const command = policy && !('skip' in env) ? env.withPolicy(etc, browser) : browser;
      const before = sessions;
      const opened = new Promise<void>((resolve) => (sessionStarted = () => resolve()));
      const child = spawn(command[0]!, command.slice(1), { env: { ...process.env, DISPLAY: display.display }, stdio: 'ignore' });
      try {
        // The window traded its code: it is up, with its policies loaded, and showed the station.
        await Promise.race([opened, new Promise((_, reject) => setTimeout(() => reject(new Error('the kiosk window never opened the station')), 90_000))]);
        expect(sessions).toBe(before + 1);
        const answer = await fetch(`http://127.0.0.1:${debugPort}/json/version`).then((r) => r.ok, () => false);
        return { devtools: answer || existsSync(join(profile, 'DevToolsActivePort')) };
      } finally {
        await stopProcess(child);
      }
    }
    try {
      expect(await kioskWindow(true)).toEqual({ devtools: false });
      // The control: the same window without the policies hands out the DevTools protocol.
      expect(await kioskWindow(false)).toEqual({ devtools: true });
    } finally {
      await host.close();
    }
  });
});
