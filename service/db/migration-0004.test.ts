import { describe, expect, it } from 'vitest';
import { openPglite } from './database';
import { migrate } from './migrate';

describe('service migration 0004', () => {
  it('stores evidence chunks out of line without compressing them again', async () => {
    const db = await openPglite();
    try {
      await migrate(db);
      const row = (await db.query<{ attstorage: string }>(`SELECT attstorage FROM pg_attribute WHERE attrelid = 'blob_chunks'::regclass AND attname = 'data'`)).rows[0];
      expect(row?.attstorage).toBe('e');
    } finally {
      await db.close();
    }
  });
});
