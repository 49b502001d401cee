import cluster from 'node:cluster';
import { testDayClock } from '../main/domain';
import { createBonusService } from './app';
import { backofficeOptionsFromEnv } from './backoffice/env';
import { ensureFirstAccount } from './backoffice/first-account';
import { BlobStore } from './blobs/blob-store';
import { serviceConfig, type ServiceConfig } from './config';
import { openDatabase, type Database } from './db/database';
import { migrate } from './db/migrate';
import { rulesEngineWith } from './rules/evaluate';
import { ruleSetsWithFiles } from './rules/rule-set-files';

/**
 * `npm run service`: the reference bonus service (configuration: service/config.ts). PostgreSQL
 * when DATABASE_URL is set, otherwise embedded PGlite in the data directory, so it starts with no
 * server and keeps what it stored. With SERVICE_PROCESSES=N (PostgreSQL only) N stateless
 * processes share the port; this one migrates first and replaces a process that dies.
 */
function open(config: ServiceConfig): Promise<Database> {
  return openDatabase(config.database.kind === 'postgres' ? { databaseUrl: config.database.url } : config.database.dir ? { pgliteDir: config.database.dir } : {});
}

function where(config: ServiceConfig): string {
  const database = config.database.kind === 'postgres' ? 'postgres' : `pglite, ${config.database.dir ?? 'in memory: nothing is kept'}`;
  return `database: ${database}; evidence files: ${config.blobDir ?? 'temporary'}${config.dataDir ? `; data directory: ${config.dataDir}` : ''}`;
}

async function announce(config: ServiceConfig, db: Database, url: string): Promise<void> {
  process.stdout.write(`Bonus service on ${url} (${where(config)}${config.processes > 1 ? `; ${config.processes} processes` : ''}); OpenAPI at ${url}/openapi.json\n`);
  const firstAccount = await ensureFirstAccount(db);
  if (firstAccount) process.stdout.write(`${firstAccount.join('\n')}\n`);
  process.stdout.write(`Back office: ${url}/bo/\n`);
  if (config.testToday) process.stdout.write(`SERVICE_TEST_TODAY (test hook): the date rules run on ${config.testToday}\n`);
  const token = config.adminToken;
  if (token.source === 'generated') process.stdout.write(`Admin token (set SERVICE_ADMIN_TOKEN to choose one)${token.file ? `, kept in ${token.file}` : ' for this run'}: ${token.value}\n`);
  else if (token.source === 'file') process.stdout.write(`Admin token: in ${token.file}\n`);
}

/** One service process: the whole service when SERVICE_PROCESSES is 1, else one of the cluster's workers. */
async function serve(config: ServiceConfig, inCluster: boolean): Promise<void> {
  const db = await open(config);
  const blobStore = config.blobDir ? new BlobStore(config.blobDir) : BlobStore.temporary();
  const rules = config.ruleSetFiles.length > 0 ? rulesEngineWith(ruleSetsWithFiles(config.ruleSetFiles)) : undefined;
  const service = createBonusService({
    db,
    adminToken: config.adminToken.value,
    blobStore,
    logger: { level: 'info' },
    backoffice: backofficeOptionsFromEnv(process.env, config.dataDir ?? undefined),
    trust: config.trust,
    ...(config.changeWindowMinutes ? { changeWindowMinutes: config.changeWindowMinutes } : {}),
    ...(rules ? { rules } : {}),
    ...(config.testToday ? { rulesNow: testDayClock('SERVICE_TEST_TODAY', config.testToday) } : {}),
  });
  const url = await service.start({ host: config.host, port: config.port });
  if (inCluster) process.send?.({ listening: url });
  else await announce(config, db, url);
  const shutdown = async () => {
    await service.stop();
    await db.close();
    blobStore.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

/** The cluster's primary: migrates once, starts the processes, replaces one that dies, stops them on a signal. */
async function supervise(config: ServiceConfig): Promise<void> {
  const db = await open(config);
  await migrate(db);
  const env = { SERVICE_ADMIN_TOKEN: config.adminToken.value };
  let stopping = false;
  let url = '';
  await new Promise<void>((ready, fail) => {
    let listening = 0;
    for (let i = 0; i < config.processes; i++) {
      const worker = cluster.fork(env);
      worker.on('message', (message: { listening?: string }) => {
        if (!message.listening) return;
        url = message.listening;
        if (++listening === config.processes) ready();
      });
      worker.once('exit', (code) => {
        if (listening < config.processes) fail(new Error(`a service process exited with ${code} before it listened`));
      });
    }
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    process.stderr.write(`service process ${worker.process.pid} ended (${signal ?? code}); starting another\n`);
    cluster.fork(env);
  });
  await announce(config, db, url);
  await db.close();
  const shutdown = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    cluster.on('exit', () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

async function main(): Promise<void> {
  const config = serviceConfig(process.env, process.argv.slice(2));
  if (config.processes > 1 && cluster.isPrimary) await supervise(config);
  else await serve(config, cluster.isWorker);
}

main().catch((error: unknown) => {
  process.stderr.write(`The bonus service could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
