import type { Database } from 'better-sqlite3-multiple-ciphers';

/**
 * Data minimisation (Art. 5(1)(c) GDPR): once the service has acknowledged a submission and the
 * retention has passed, its payload (member data) and evidence leave the station. What stays
 * is the id, its state and a keyed member reference for the decision notification.
 */
export function purgeAcknowledged(db: Database, retentionDays: number, now: Date = new Date()): { submissions: number; blobs: number } {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
  return db.transaction(() => {
    const submissions = db
      .prepare(`UPDATE sync_outbox SET payload = NULL, purged_at = ? WHERE state = 'acknowledged' AND purged_at IS NULL AND acknowledged_at <= ?`)
      .run(now.toISOString(), cutoff).changes;
    // A blob goes when every submission that uses it is purged (two captures may share one image).
    const blobs = db
      .prepare(
        `UPDATE sync_blobs SET data = NULL WHERE data IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM sync_outbox_blobs ob JOIN sync_outbox o ON o.submission_id = ob.submission_id
                           WHERE ob.sha256 = sync_blobs.sha256 AND o.purged_at IS NULL)`,
      )
      .run().changes;
    return { submissions, blobs };
  })();
}
