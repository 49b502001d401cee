import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Database } from './database';

const migrationsDir = fileURLToPath(new URL('./migrations', import.meta.url));

export interface SqlMigration {
  version: number;
  name: string;
  sql: string;
}

/** The SQL files in service/db/migrations, `NNNN_name.sql`, in order; the same files run on PGlite and PostgreSQL. */
export function loadMigrations(dir: string = migrationsDir): SqlMigration[] {
  const files = readdirSync(dir).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
  return files.map((file, index) => {
    const version = Number(file.slice(0, 4));
    if (version !== index + 1) throw new Error(`Service migrations must be numbered 1..n without gaps; found ${file}`);
    return { version, name: file.slice(5, -4), sql: readFileSync(join(dir, file), 'utf8') };
  });
}

/**
 * Applies the migrations the database has not seen, each in one transaction with its record in
 * schema_migrations. An advisory lock keeps two service instances from migrating at once.
 */
export async function migrate(db: Database, migrations: SqlMigration[] = loadMigrations()): Promise<{ applied: number[] }> {
  await db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
  const applied: number[] = [];
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(4711)');
    const done = new Set((await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    for (const step of migrations) {
      if (done.has(step.version)) continue;
      await tx.exec(step.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [step.version, step.name]);
      applied.push(step.version);
    }
  });
  return { applied };
}
