import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { createBonusService } from './app';
import { ensureFirstAccount } from './backoffice/first-account';
import { BlobStore, blobStoreDir } from './blobs/blob-store';
import { openDatabase } from './db/database';
import { rulesEngineWith } from './rules/evaluate';
import { ruleSetsWithFiles } from './rules/rule-set-files';

/**
 * `npm run service`: the reference bonus service. PostgreSQL when DATABASE_URL is set,
 * otherwise embedded PGlite (in SERVICE_DATA_DIR, or in memory), so it starts with no server.
 * Evidence bytes go to files in SERVICE_BLOB_DIR (see blobStoreDir).
 */
const Env = z.object({
  DATABASE_URL: z.string().url().optional(),
  SERVICE_DATA_DIR: z.string().min(1).optional(),
  /** The evidence file store: content-addressed files, the database holds only what is there. */
  SERVICE_BLOB_DIR: z.string().min(1).optional(),
  SERVICE_ADMIN_TOKEN: z.string().min(16).optional(),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  /** How long a bank or address change waits for the member's approval in the app (2FA window). */
  SERVICE_CHANGE_WINDOW_MINUTES: z.coerce.number().positive().max(10_080).optional(),
  /** Catalogs (rule-set JSON, comma-separated paths) evaluated besides the built-in ones, as a kiosk's kiosk.ruleSetFiles. */
  SERVICE_RULE_SET_FILES: z.string().min(1).optional(),
});

async function main(): Promise<void> {
  const env = Env.parse(process.env);
  const adminToken = env.SERVICE_ADMIN_TOKEN ?? randomBytes(24).toString('base64url');
  const blobDir = blobStoreDir(env);
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, pgliteDir: env.SERVICE_DATA_DIR });
  const blobStore = blobDir ? new BlobStore(blobDir) : BlobStore.temporary();
  const rules = env.SERVICE_RULE_SET_FILES ? rulesEngineWith(ruleSetsWithFiles(env.SERVICE_RULE_SET_FILES.split(',').map((p) => p.trim()))) : undefined;
  const service = createBonusService({
    db,
    adminToken,
    blobStore,
    logger: { level: 'info' },
    ...(env.SERVICE_CHANGE_WINDOW_MINUTES ? { changeWindowMinutes: env.SERVICE_CHANGE_WINDOW_MINUTES } : {}),
    ...(rules ? { rules } : {}),
  });
  const url = await service.start({ host: env.HOST, port: env.PORT });
  process.stdout.write(`Bonus service on ${url} (database: ${db.kind}${db.kind === 'pglite' ? `, ${env.SERVICE_DATA_DIR ?? 'in memory'}` : ''}; evidence files: ${blobDir ?? 'temporary'}); OpenAPI at ${url}/openapi.json\n`);
  const firstAccount = await ensureFirstAccount(db);
  if (firstAccount) process.stdout.write(`${firstAccount.join('\n')}\n`);
  process.stdout.write(`Back office: ${url}/bo/\n`);
  if (!env.SERVICE_ADMIN_TOKEN) process.stdout.write(`Admin token for this run (set SERVICE_ADMIN_TOKEN to choose one): ${adminToken}\n`);
  const shutdown = async () => {
    await service.stop();
    await db.close();
    blobStore.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

main().catch((error: unknown) => {
  process.stderr.write(`The bonus service could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
