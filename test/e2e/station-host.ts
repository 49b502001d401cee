import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export interface RunningStation {
  url: string;
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
export async function startStation(config?: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): Promise<RunningStation> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bonus-e2e-'));
  const args = [join(root, 'out/main/loopback.js')];
  if (config) {
    const file = join(dataDir, 'station.config.json');
    writeFileSync(file, JSON.stringify({ dataDir: '.', ...config }));
    args.push('--config', file);
  }
  const child: ChildProcess = spawn(process.execPath, args, {
    env: { ...process.env, BONUS_STATION_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ready = await new Promise<{ url: string; origin: string }>((resolveReady, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      try {
        const message = JSON.parse(line) as { ready?: boolean; url: string; origin: string };
        if (message.ready) resolveReady(message);
      } catch {
        /* not the ready line */
      }
    });
    child.once('exit', (code) => reject(new Error(`station exited with ${code}: ${stderr}`)));
  });
  return {
    ...ready,
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
