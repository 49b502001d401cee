import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { Migration } from './migrations';

export class MigrationError extends Error {
  constructor(
    readonly version: number,
    readonly migrationName: string,
    cause: unknown,
  ) {
    super(`Migration ${version} (${migrationName}) failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'MigrationError';
  }
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies every migration above the database's user_version, each in its own transaction
 * together with the version bump: a step that fails or is interrupted leaves the database at
 * the previous version, intact and usable, and the next start tries again.
 */
export function migrate(db: Database, all: readonly Migration[]): { from: number; to: number } {
  assertOrdered(all);
  const from = schemaVersion(db);
  const newest = all.at(-1)?.version ?? 0;
  if (from > newest) {
    throw new Error(`Database schema version ${from} is newer than this app knows (${newest}); update the app instead of downgrading`);
  }
  for (const step of all) {
    if (step.version <= schemaVersion(db)) continue;
    const apply = db.transaction(() => {
      step.up(db);
      db.pragma(`user_version = ${step.version}`);
    });
    try {
      apply.immediate();
    } catch (error) {
      throw new MigrationError(step.version, step.name, error);
    }
  }
  return { from, to: schemaVersion(db) };
}

function assertOrdered(all: readonly Migration[]): void {
  all.forEach((step, index) => {
    if (step.version !== index + 1) throw new Error(`Migrations must be numbered 1..n without gaps; found ${step.version} at position ${index + 1}`);
  });
}
