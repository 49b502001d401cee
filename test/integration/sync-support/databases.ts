import { createPostgresDatabase } from '../../support/postgres-database';
import { openPglite, openPostgres, type Database } from '../../../service/db/database';

export interface DatabaseKind {
  name: 'pglite' | 'postgres';
  /** Why the kind is skipped, or null when it runs. */
  skip: string | null;
  /** `url`: for PostgreSQL, where a second pool (another service process) connects to the same database. */
  open(): Promise<{ db: Database; drop(): Promise<void>; url?: string }>;
}

/**
 * The service's databases under test: PGlite always, PostgreSQL when TEST_DATABASE_URL is set
 * (test/services/postgres.start.sh sets it in CI). In CI a missing PostgreSQL is a failure,
 * not a skip, so a broken start script cannot turn the PostgreSQL tests silently green.
 */
let warned = false;

export function databaseKinds(): DatabaseKind[] {
  const url = process.env.TEST_DATABASE_URL;
  const postgresSkip = url ? null : process.env.CI ? null : 'TEST_DATABASE_URL is not set (test/services/postgres.start.sh sets it; CI runs these tests)';
  if (postgresSkip && !warned) {
    warned = true;
    process.stderr.write(`PostgreSQL variants of the service tests skipped: ${postgresSkip}\n`);
  }
  return [
    {
      name: 'pglite',
      skip: null,
      async open() {
        const db = await openPglite();
        return { db, drop: () => db.close() };
      },
    },
    {
      name: 'postgres',
      skip: postgresSkip,
      async open() {
        if (!url) throw new Error('CI is set but TEST_DATABASE_URL is missing: test/services/postgres.start.sh did not start PostgreSQL');
        // A database per test file, so files can run in parallel.
        const created = await createPostgresDatabase(url);
        const db = await openPostgres(created.url);
        return {
          db,
          url: created.url,
          async drop() {
            await db.close();
            await created.drop();
          },
        };
      },
    },
  ];
}
