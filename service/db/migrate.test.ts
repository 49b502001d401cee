import { describe, expect, it } from 'vitest';
import { openPglite } from './database';
import { loadMigrations, migrate } from './migrate';

describe('service migrations', () => {
  it('are numbered SQL files that apply once, and a second run applies nothing', async () => {
    const all = loadMigrations();
    expect(all.map((m) => m.version)).toEqual(all.map((_, i) => i + 1));
    const db = await openPglite();
    try {
      expect((await migrate(db)).applied).toEqual(all.map((m) => m.version));
      expect((await migrate(db)).applied).toEqual([]);
      const tables = (await db.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`)).rows.map((r) => r.table_name);
      expect(tables).toEqual(expect.arrayContaining(['stations', 'submissions', 'blobs', 'blob_chunks', 'decisions', 'change_requests', 'request_nonces']));
    } finally {
      await db.close();
    }
    // Every migration on a fresh PGlite: over 20 s on two cores shared with other work.
  }, 90_000);
});
