import type { BlobStore } from '../../blobs/blob-store';
import type { Database } from '../../db/database';
import { ArchiveRequest, ArchiveResult } from '../api';
import { audit } from '../audit';
import { boRoute, type AnyBoRoute } from '../http';
import { exportArchive } from './archive';

export function archiveRoutes(db: Database, blobs: BlobStore, archiveDir: string): AnyBoRoute[] {
  let running: Promise<unknown> | null = null;
  return [
    boRoute({
      method: 'POST',
      url: '/bo/api/archive/export',
      access: ['station-admin'],
      body: ArchiveRequest,
      response: ArchiveResult,
      async handler({ session, now }) {
        // One export at a time in this process; the database keeps two processes from writing a submission twice.
        while (running) await running.catch(() => undefined);
        const work = exportArchive(db, blobs, archiveDir, now);
        running = work;
        try {
          const result = await work;
          await audit(db, { at: now, accountId: session!.account.id, action: 'archive.export', detail: { folder: result.folder, documents: result.documents } });
          return result;
        } finally {
          running = null;
        }
      },
    }),
  ];
}
