import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Page } from '@playwright/test';
import WebSocket from 'ws';
import { wireProtocol } from '../../main/contract/loopback-wire';

export interface RunningStation {
  /** A fresh one-time launch address, asked for over the host's stdin as scripts/start.mjs does: good once, for a minute. */
  launchUrl(): Promise<string>;
  origin: string;
  dataDir: string;
  stderr: () => string;
  stop(): Promise<void>;
}

const root = resolve(import.meta.dirname, '../..');

/**
 * Starts the built station (out/main/loopback.js) under Node, exactly as `npm start` does
 * without Electron, with its own data folder and optional configuration.
 */
export interface StaffAccountSeed {
  id: string;
  name: string;
  role: 'clerk' | 'field' | 'admin';
  password: string;
}

export async function startStation(config?: Record<string, unknown>, env: NodeJS.ProcessEnv = {}, staff: StaffAccountSeed[] = []): Promise<RunningStation> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bonus-e2e-'));
  const args = [join(root, 'out/main/loopback.js')];
  const configArgs: string[] = [];
  if (config) {
    const file = join(dataDir, 'station.config.json');
    writeFileSync(file, JSON.stringify({ dataDir: '.', ...config }));
    configArgs.push('--config', file);
  }
  args.push(...configArgs);
  // Staff accounts are created the way an installer would: with the station CLI, before the start.
  for (const account of staff) {
    const cli = spawnSync(process.execPath, [join(root, 'out/main/station-cli.js'), 'staff', 'add', '--id', account.id, '--name', account.name, '--role', account.role, ...configArgs], {
      input: `${account.password}\n`,
      env: { ...process.env, BONUS_STATION_DATA_DIR: dataDir, ...env },
      encoding: 'utf8',
    });
    if (cli.status !== 0) throw new Error(`staff add failed: ${cli.stderr}`);
  }
  const child: ChildProcess = spawn(process.execPath, args, {
    env: { ...process.env, BONUS_STATION_DATA_DIR: dataDir, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const waiting: ((url: string) => void)[] = [];
  let firstUrl: string | undefined;
  const ready = await new Promise<{ origin: string }>((resolveReady, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      try {
        const message = JSON.parse(line) as { ready?: boolean; url?: string; origin: string; launchUrl?: string };
        if (message.ready) {
          firstUrl = message.url;
          resolveReady(message);
        } else if (message.launchUrl) waiting.shift()?.(message.launchUrl);
      } catch {
        /* not a message for the launcher */
      }
    });
    child.once('exit', (code) => reject(new Error(`station exited with ${code}: ${stderr}`)));
  });
  return {
    origin: ready.origin,
    launchUrl() {
      const url = firstUrl;
      firstUrl = undefined;
      if (url) return Promise.resolve(url);
      return new Promise<string>((resolveUrl) => {
        waiting.push(resolveUrl);
        child.stdin!.write('launch-url\n');
      });
    },
    dataDir,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A call on the station's own API, as the renderer of `page` makes it: WebSocket to the loopback
 * host from the station's origin, in the page's UI session (its cookie, so also its staff
 * sign-in). Specs use it to set things up (issue a booklet) or to call as someone holding the
 * page would, past the screens.
 */
export async function stationCall<T>(page: Page, method: string, input: unknown): Promise<T> {
  const origin = new URL(page.url()).origin;
  const cookie = (await page.context().cookies(origin)).map((c) => `${c.name}=${c.value}`).join('; ');
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/api`, [wireProtocol], { origin, headers: { cookie } });
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return await new Promise<T>((resolve, reject) => {
      ws.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString()) as { type: string; id?: number; ok?: boolean; value?: T; error?: { message: string } };
        if (message.type !== 'reply' || message.id !== 1) return;
        if (message.ok) resolve(message.value as T);
        else reject(new Error(`${method}: ${message.error?.message}`));
      });
      ws.send(JSON.stringify({ type: 'call', id: 1, method, input }));
    });
  } finally {
    ws.close();
  }
}
