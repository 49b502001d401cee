import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const root = join(import.meta.dirname, '..', '..', '..');

export interface ServiceProcess {
  url: string;
  /** Everything the service printed so far. */
  output(): string;
  /** SIGTERM, and wait until it has exited (its database closed). */
  stop(): Promise<void>;
  /** SIGKILL: no shutdown at all. */
  kill(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * The reference service as its own process, exactly as `npm run service` starts it (tsx,
 * service/main.ts) with this environment and these arguments; resolves once it listens.
 */
export async function startServiceProcess(env: Record<string, string>, args: string[] = []): Promise<ServiceProcess> {
  const port = env.PORT ?? String(await freePort());
  // The test runner's own database settings must not leak into the service's.
  const { DATABASE_URL: _db, SERVICE_DATA_DIR: _data, SERVICE_BLOB_DIR: _blobs, SERVICE_PROCESSES: _n, ...inherited } = process.env;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(root, 'service/main.ts'), ...args], {
    cwd: root,
    env: { ...inherited, HOST: '127.0.0.1', ...env, PORT: port },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((ready, fail) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output += `${line}\n`;
      if (line.startsWith('Bonus service on ')) ready();
    });
    child.once('exit', (code) => fail(new Error(`the service exited with ${code} before it listened:\n${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
