import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { smartcardBackend } from '../../native/card/smartcard-backend';

/** The two virtual readers of vsmartcard-vpcd and their card-side TCP ports. */
export const vpcdReaders = [
  { name: 'Virtual PCD 00 00', port: 35963 },
  { name: 'Virtual PCD 00 01', port: 35964 },
] as const;

const pidFile = '/run/pcscd/pcscd.pid';

/**
 * Whether the real stack (smartcard binding, pcscd, the vpcd readers) is there. Returns null
 * when it is, else the reason. Looking does not insert a card: it only lists readers.
 */
export function pcscUnavailableReason(): string | null {
  const backend = smartcardBackend();
  if (!backend.available) return backend.reason;
  let names: string[];
  try {
    const reader = backend.open();
    try {
      names = reader.listReaders().map((r) => r.name);
    } finally {
      reader.close();
    }
  } catch (error) {
    return `pcscd is not reachable (${(error as Error).message}); start it with: bash -c 'cleanup=(); source test/services/pcscd.start.sh'`;
  }
  const missing = vpcdReaders.filter((r) => !names.includes(r.name)).map((r) => r.name);
  return missing.length ? `pcscd runs but lists no vpcd reader ${missing.join(', ')} (apt package vsmartcard-vpcd)` : null;
}

/**
 * For the card integration tests: in CI the stack must be there (CI starts it), so its absence
 * is a failure; elsewhere the tests are skipped with the reason printed.
 */
export function pcscTestGate(suite: string): { skip: boolean; reason: string | null } {
  const reason = pcscUnavailableReason();
  if (reason && !process.env.CI) console.warn(`[${suite}] skipped: real PC/SC stack not available: ${reason}`);
  return { skip: reason !== null && !process.env.CI, reason };
}

/**
 * For a card test that is about to run: takes the vpcd lock, then checks the real stack again.
 * The gate above looks once, when the file is loaded, and another file may have been
 * restarting pcscd at that moment (card-pcscd-restart); holding the lock, nobody restarts it,
 * so a short wait for pcscd to come back decides. Throws with the reason if it does not.
 */
export async function acquireRealStack(waitMs = 15_000): Promise<() => void> {
  const release = await acquireVpcdLock();
  const deadline = Date.now() + waitMs;
  let reason = pcscUnavailableReason();
  while (reason && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    reason = pcscUnavailableReason();
  }
  if (reason) {
    release();
    throw new Error(`The real PC/SC stack is needed here (CI starts pcscd with vpcd: test/services/pcscd.start.sh), but: ${reason}`);
  }
  return release;
}

/**
 * The vpcd ports admit one card each, so card integration test files must not run at the same
 * time (Vitest runs files in parallel). A lock directory with the owner's pid serialises them.
 */
const lockDir = join(tmpdir(), 'bonus-station-vpcd.lock');

export async function acquireVpcdLock(timeoutMs = 9 * 60_000): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  let told = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
      return () => rmSync(lockDir, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let owner = NaN;
      try {
        owner = parseInt(readFileSync(join(lockDir, 'pid'), 'utf8'), 10);
      } catch {
        // Being written right now: wait.
      }
      if (Number.isInteger(owner) && !processAlive(owner)) rmSync(lockDir, { recursive: true, force: true });
      else if (!told) {
        console.warn(`waiting for the vpcd readers: ${lockDir} is held by pid ${owner}`);
        told = true;
      }
      if (Date.now() > deadline) throw new Error('timed out waiting for the vpcd lock');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The running pcscd's pid from its pid file (which ends in a NUL byte), or null. */
export function pcscdPid(): number | null {
  try {
    const pid = parseInt(readFileSync(pidFile, 'utf8'), 10);
    return Number.isInteger(pid) && processAlive(pid) ? pid : null;
  } catch {
    return null;
  }
}

/** Whether this process may stop and start pcscd (the restart test needs that). */
export function pcscdControlUnavailableReason(): string | null {
  const pid = pcscdPid();
  if (pid === null) return `no pcscd pid in ${pidFile}`;
  try {
    process.kill(pid, 0);
  } catch {
    return 'not allowed to signal pcscd (run the tests as the user that started it)';
  }
  return null;
}

/** Stops pcscd (SIGTERM) and waits until the process is gone. */
export async function stopPcscd(): Promise<void> {
  const pid = pcscdPid();
  if (pid === null) return;
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 100 && processAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  if (processAlive(pid)) throw new Error('pcscd did not stop within 5 s');
}

/** Starts `pcscd --foreground` detached (it outlives the test; CI's cleanup stops it by its pid file) and waits for the vpcd readers. */
export async function startPcscd(): Promise<void> {
  const log = openSync(join(tmpdir(), 'bonus-station-pcscd.log'), 'a');
  // The test-only TCP_NODELAY shim, when test/services/pcscd.start.sh built one.
  const preload = process.env.BONUS_STATION_PCSCD_PRELOAD;
  const env = preload ? { ...process.env, LD_PRELOAD: preload } : process.env;
  const child = spawn('pcscd', ['--foreground'], { detached: true, stdio: ['ignore', log, log], env });
  child.unref();
  closeSync(log);
  for (let i = 0; i < 100; i++) {
    if (pcscUnavailableReason() === null) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('pcscd did not list the vpcd readers within 10 s');
}
