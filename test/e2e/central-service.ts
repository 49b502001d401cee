import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { z } from 'zod';
import { ApiError, Decision, EnrollmentToken, ReviewQueue, submissionStates, type ReviewDecisionRequest } from '../../main/contract/service-api';
import type { RunningStation } from './station-host';

/**
 * The reference central bonus service (service/) for Playwright specs, run as its own process
 * exactly as `npm run service` runs it (tsx, embedded PGlite), on a free loopback port. Its
 * PGlite data lives in a temporary folder, so `stop()` and `start()` take the service offline
 * and back online on the same address with everything it had stored.
 *
 *   const central = await startCentralService();
 *   const station = await startStation({ mode: 'kiosk', ...central.stationConfig('kiosk-e2e') });
 *   await central.enroll(station);                      // station CLI `sync enroll --token=…`
 *   await central.seedMember({ kvnr, cardNumber, firstName, lastName, birthDate, credited: [...] });
 *   … the member submits at the kiosk …
 *   await central.syncNow(station);                     // station CLI `sync now`: deliver + pull
 *   const [sub] = await central.submissions();          // what the service holds (review queue)
 *   await central.decide(sub.id, { decision: 'accepted' });
 *   await central.stop();  …  await central.start();    // offline / online
 *   await central.close();                              // stop and delete its data
 *
 * The station's own worker syncs too (it pulls decisions once a minute when idle); `syncNow`
 * is for a spec that must not wait, as a member's next visit would days later.
 */
/**
 * A member as the reference service's `PUT /v1/admin/members` takes it (MemberRecord in
 * main/contract/service-admin-endpoints.ts, which validates it); a child names its parent's KVNR.
 */
export interface MemberSeed {
  kvnr: string;
  cardNumber: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  /** The postal code on record: the kiosk's second factor is checked against it (null: none, every answer is wrong). */
  postalCode?: string | null;
  parentKvnr?: string | null;
  bank?: { iban: string; accountHolder: string } | null;
  participation?: { year: number; program: 'adult' | 'child'; declaredAt: string }[];
  credited?: { year: number; measures: number[] }[];
}

export interface CentralService {
  /** Base URL, e.g. http://127.0.0.1:41234 (unchanged across stop/start). */
  readonly url: string;
  /** The admin credential the service was started with. */
  readonly adminToken: string;
  /** Whether the service process is running (online). */
  readonly running: boolean;
  /** Station configuration fragment: spread into startStation's config. */
  stationConfig(stationId?: string): { stationId: string; service: { url: string } };
  /** Creates a one-time enrollment token and enrolls the started station with the station CLI. */
  enroll(station: RunningStation, env?: NodeJS.ProcessEnv): Promise<void>;
  /** One sync round of the station (deliver the queue, pull decisions), run with the station CLI; returns its output. */
  syncNow(station: RunningStation, env?: NodeJS.ProcessEnv): Promise<string>;
  /** Creates or replaces a member (participation, credited fields, bank details; a child names parentKvnr). */
  seedMember(member: MemberSeed): Promise<void>;
  /** Submissions the service stored, in the given review state (default: all states), oldest first. */
  submissions(state?: (typeof submissionStates)[number]): Promise<ReviewQueue['submissions']>;
  /** A back-office decision on a submission or single fields of it; `reason` is required for a rejection. */
  decide(submissionId: string, decision: Omit<z.input<typeof ReviewDecisionRequest>, 'reviewer'> & { reviewer?: string }): Promise<Decision>;
  /** Any admin call (method, path, JSON body); throws with the service's error code on a non-2xx answer. */
  admin(method: string, path: string, body?: unknown): Promise<unknown>;
  /** What the service printed (its first back-office account among it). */
  output(): string;
  /**
   * Back-office accounts with `npm run service:backoffice-user add` on the service's database;
   * on PGlite (one user at a time) the service is stopped meanwhile and started again.
   * Returns each account's TOTP key.
   */
  addBackofficeAccounts(accounts: { id: string; name: string; roles: string[]; password: string }[]): Promise<Record<string, string>>;
  /** Stops the process (the station sees the service offline); data is kept. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  start(): Promise<void>;
  /** Stops it and deletes its data. */
  close(): Promise<void>;
}

type ReviewQueue = z.infer<typeof ReviewQueue>;
const root = resolve(import.meta.dirname, '../..');

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Bounds on every wait here: a service or CLI that hangs fails its spec within a minute or two
 * with what it printed, instead of holding CI's single worker until the spec's own timeout.
 */
const startWithinMs = 60_000;
const cliWithinMs = 120_000;
const callWithinMs = 60_000;

function stationCli(station: RunningStation, args: string[], env: NodeJS.ProcessEnv): { status: number | null; output: string } {
  // Values as --flag=value: a one-time token may begin with "-" (base64url), which "--token <value>" would read as an option.
  const cli = spawnSync(process.execPath, [join(root, 'out/main/station-cli.js'), ...args, `--config=${join(station.dataDir, 'station.config.json')}`], {
    env: { ...process.env, BONUS_STATION_DATA_DIR: station.dataDir, ...env },
    encoding: 'utf8',
    timeout: cliWithinMs,
  });
  const timedOut = cli.error && 'code' in cli.error && cli.error.code === 'ETIMEDOUT' ? `\n(station CLI ${args.join(' ')}: no answer within ${cliWithinMs / 1000} s, stopped)` : '';
  return { status: cli.status, output: `${cli.stdout}${cli.stderr}${timedOut}` };
}

/**
 * `databaseUrl`: PostgreSQL instead of the embedded PGlite (the evidence files then go to a
 * folder of their own, as the service requires); `env`: further service settings.
 */
export async function startCentralService(options: { adminToken?: string; databaseUrl?: string; env?: Record<string, string> } = {}): Promise<CentralService> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bonus-central-'));
  const adminToken = options.adminToken ?? randomBytes(24).toString('base64url');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let output = '';
  /** Where the service keeps its data: PGlite in the temp folder, or the PostgreSQL database named. */
  const serviceEnv = (): NodeJS.ProcessEnv => {
    const { DATABASE_URL: _postgres, ...env } = process.env;
    return options.databaseUrl ? { ...env, DATABASE_URL: options.databaseUrl, SERVICE_BLOB_DIR: join(dataDir, 'blobs') } : { ...env, SERVICE_DATA_DIR: join(dataDir, 'pglite') };
  };

  async function start(): Promise<void> {
    if (child) return;
    output = '';
    // As `npm run service` (tsx service/main.ts), with tsx as a loader so a signal reaches the service itself.
    // Always the embedded PGlite, also where a DATABASE_URL is set for other tests.
    const proc = spawn(process.execPath, ['--import', 'tsx', join(root, 'service/main.ts')], {
      cwd: root,
      env: { ...serviceEnv(), SERVICE_ADMIN_TOKEN: adminToken, HOST: '127.0.0.1', PORT: String(port), ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    proc.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await new Promise<void>((ready, reject) => {
      const timer = setTimeout(() => {
        proc.kill('SIGKILL');
        reject(new Error(`the bonus service did not start within ${startWithinMs / 1000} s: ${output}`));
      }, startWithinMs);
      const lines = createInterface({ input: proc.stdout! });
      lines.on('line', (line) => {
        output += `${line}\n`;
        if (line.startsWith('Bonus service on ')) {
          clearTimeout(timer);
          ready();
        }
      });
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the bonus service exited with ${code}: ${output}`));
      });
    });
    child = proc;
  }

  async function stop(): Promise<void> {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    // A service that does not shut down in time is killed, so a spec's clean-up never hangs.
    const killer = setTimeout(() => proc.kill('SIGKILL'), startWithinMs);
    await exited;
    clearTimeout(killer);
  }

  async function admin(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(new URL(path, url), {
      method,
      headers: { authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(callWithinMs),
    });
    const json: unknown = await res.json();
    if (!res.ok) {
      const error = ApiError.safeParse(json);
      throw new Error(`${method} ${path}: ${res.status} ${error.success ? `${error.data.error.code}: ${error.data.error.message}` : ''}`);
    }
    return json;
  }

  await start();
  return {
    url,
    adminToken,
    get running() {
      return child !== null;
    },
    stationConfig(stationId = 'kiosk-e2e') {
      return { stationId, service: { url } };
    },
    async enroll(station, env = {}) {
      const config = JSON.parse(readFileSync(join(station.dataDir, 'station.config.json'), 'utf8')) as { stationId?: string; mode?: string; branch?: string };
      const stationId = config.stationId ?? 'station-local';
      // The administrator issues the token for the mode the station is set up as.
      const { token } = EnrollmentToken.parse(await admin('POST', '/v1/admin/enrollment-tokens', { stationId, mode: config.mode ?? 'kiosk', branch: config.branch ?? 'Geschäftsstelle' }));
      const cli = stationCli(station, ['sync', 'enroll', `--token=${token}`], env);
      if (cli.status !== 0) throw new Error(`sync enroll failed: ${cli.output}`);
    },
    async syncNow(station, env = {}) {
      const cli = stationCli(station, ['sync', 'now'], env);
      if (cli.status !== 0) throw new Error(`sync now failed: ${cli.output}`);
      return cli.output;
    },
    async seedMember(member) {
      await admin('PUT', '/v1/admin/members', member);
    },
    async submissions(state) {
      const lists = await Promise.all((state ? [state] : submissionStates).map(async (s) => ReviewQueue.parse(await admin('GET', `/v1/review/submissions?state=${s}&limit=500`)).submissions));
      return lists.flat().sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.id.localeCompare(b.id));
    },
    async decide(submissionId, decision) {
      return Decision.parse(await admin('POST', `/v1/review/submissions/${encodeURIComponent(submissionId)}/decision`, { reviewer: 'e2e', ...decision }));
    },
    admin,
    output: () => output,
    async addBackofficeAccounts(accounts) {
      const wasRunning = child !== null;
      if (!options.databaseUrl) await stop();
      const keys: Record<string, string> = {};
      try {
        // One run for all accounts: PGlite opens once.
        const cli = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'service/backoffice/cli/backoffice-user.ts'), 'import'], { cwd: root, env: serviceEnv(), input: JSON.stringify(accounts), encoding: 'utf8', timeout: cliWithinMs });
        if (cli.status !== 0) throw new Error(`backoffice-user import failed: ${cli.stdout}${cli.stderr}`);
        for (const match of cli.stdout.matchAll(/Konto (\S+) angelegt .*Authenticator-App: ([A-Z2-7]+)/g)) keys[match[1]!] = match[2]!;
        for (const account of accounts) if (!keys[account.id]) throw new Error(`no TOTP key for ${account.id}: ${cli.stdout}`);
      } finally {
        if (wasRunning) await start();
      }
      return keys;
    },
    stop,
    start,
    async close() {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
