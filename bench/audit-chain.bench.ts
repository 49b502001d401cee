// The keyed audit chain: what verifying it costs at start (in full) and before a sync round (from
// the last verified entry), for a log of 100,000 entries, and what the key adds to an append
// compared with the plain SHA-256 chain it replaced (measured in the same run). Prints one JSON object.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendAudit, auditHead, verifyAuditChain } from '../main/store/audit-log';
import { openStationDatabase } from '../main/store/database';
import { environment, median, round } from './support';

const entries = 100_000;
const runs = 5;
const dir = mkdtempSync(join(tmpdir(), 'bench-audit-'));

try {
  const store = openStationDatabase({ path: join(dir, 'station.db'), key: randomBytes(32), auditKey: randomBytes(32) });
  store.db.transaction(() => {
    for (let i = 0; i < entries; i++) appendAudit(store.db, { actor: 'staff:c.mueller', action: 'clerk.page.verify', subject: `page:${i}`, detail: 'fields=12' });
  })();
  const full: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    if (verifyAuditChain(store.db) !== null) throw new Error('chain broken');
    full.push(performance.now() - started);
  }
  const anchor = auditHead(store.db)!;
  for (let i = 0; i < 100; i++) appendAudit(store.db, { actor: 'station', action: 'sync.round' });
  const incremental: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    if (verifyAuditChain(store.db, anchor) !== null) throw new Error('chain broken');
    incremental.push(performance.now() - started);
  }
  // The hash alone, keyed and plain, over the same payloads.
  const payloads = Array.from({ length: 20_000 }, (_, i) => JSON.stringify(['0'.repeat(64), new Date().toISOString(), 'staff:c.mueller', 'clerk.page.verify', `page:${i}`, 'fields=12']));
  const key = randomBytes(32);
  const time = (fn: (p: string) => string) => {
    const started = performance.now();
    for (const p of payloads) fn(p);
    return (performance.now() - started) / payloads.length;
  };
  const { createHmac } = await import('node:crypto');
  const plainUs = median(Array.from({ length: runs }, () => time((p) => createHash('sha256').update(p).digest('hex')))) * 1000;
  const keyedUs = median(Array.from({ length: runs }, () => time((p) => createHmac('sha256', key).update(p).digest('hex')))) * 1000;
  store.close();
  process.stdout.write(
    `${JSON.stringify({
      name: 'audit-chain',
      entries,
      runs,
      fullVerify: { medianMs: round(median(full), 1), maxMs: round(Math.max(...full), 1) },
      verifyFromLastHead: { newEntries: 100, medianMs: round(median(incremental), 2) },
      hashPerEntry: { sha256Us: round(plainUs, 2), hmacSha256Us: round(keyedUs, 2), ratio: round(keyedUs / plainUs, 2) },
      environment: environment(),
    })}\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
