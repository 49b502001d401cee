import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

/**
 * What the kiosk-browser attacker specs (h03, h04) share: a private X display, the browser's own
 * OS user, and a look at every process's command line, as any local user can take it.
 */

/** The kiosk browser's OS user for the tests; created when the tests run as root (as CI does). */
export const testBrowserUser = 'bonus-kiosk-test';

export type BrowserUser = { user: string | null } | { skip: string };

/**
 * As root, the browser must run as another user (Chromium's sandbox refuses root, and root reads
 * everything); that user is created here. As an ordinary user, the browser runs as that user and
 * the separate-user checks are skipped with their reason.
 */
export function browserUser(): BrowserUser {
  if (process.getuid?.() !== 0) return { user: null };
  if (spawnSync('id', ['-u', testBrowserUser]).status === 0) return { user: testBrowserUser };
  const made = spawnSync('useradd', ['--system', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', testBrowserUser], { encoding: 'utf8' });
  if (made.status !== 0) return { skip: `cannot create the browser's OS user ${testBrowserUser}: ${made.stderr.trim()}` };
  return { user: testBrowserUser };
}

export interface Display {
  display: string;
  stop(): void;
}

/** A private X server for the kiosk window; null with the reason when Xvfb is missing. */
export async function startXvfb(): Promise<Display | { skip: string }> {
  if (spawnSync('which', ['Xvfb']).status !== 0) return { skip: 'Xvfb is not installed (apt package xvfb)' };
  // -displayfd: the server picks a free display and writes its number; no fixed number to collide on.
  const server = spawn('Xvfb', ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '1280x1024x24'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] });
  const fd = server.stdio[3] as NodeJS.ReadableStream;
  const number = await new Promise<string | null>((resolve) => {
    createInterface({ input: fd }).once('line', (line) => resolve(line.trim()));
    server.once('exit', () => resolve(null));
  });
  if (number === null) return { skip: 'Xvfb did not start' };
  return { display: `:${number}`, stop: () => server.kill('SIGTERM') };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Every process's command line, as /proc shows it to any local user. */
export function allCommandLines(): { pid: number; cmdline: string }[] {
  const found: { pid: number; cmdline: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      found.push({ pid: Number(entry), cmdline: readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ') });
    } catch {
      /* ended meanwhile */
    }
  }
  return found;
}

/** Waits for a line on `stream` that matches, up to `ms`; the text seen so far is kept in `seen`. */
export function waitForLine(stream: NodeJS.ReadableStream, seen: string[], match: (line: string) => boolean, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    createInterface({ input: stream }).on('line', (line) => {
      seen.push(line);
      if (match(line)) {
        clearTimeout(timer);
        resolve(true);
      }
    });
  });
}

/** Stops a process we started and waits for it, bounded. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(chromiumPath);
