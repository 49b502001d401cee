// Database open + migrate: on an empty (new) database and on one holding 100,000 rows.
// Target (issue 2): ≤ 100 ms each. Prints one JSON object.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendAudit } from '../main/store/audit-log';
import { openStationDatabase } from '../main/store/database';
import { environment, median, round } from './support';

const runs = 15;
const dir = mkdtempSync(join(tmpdir(), 'bench-db-'));
const key = randomBytes(32);

function timeOpen(path: string): number {
  const started = performance.now();
  const store = openStationDatabase({ path, key });
  const elapsed = performance.now() - started;
  store.close();
  return elapsed;
}

try {
  const empty: number[] = [];
  for (let i = 0; i < runs; i++) empty.push(timeOpen(join(dir, `empty-${i}.db`)));

  const bigPath = join(dir, 'big.db');
  const big = openStationDatabase({ path: bigPath, key });
  const insert = big.db.prepare('INSERT INTO station_meta (key, value) VALUES (?, ?)');
  big.db.transaction(() => {
    for (let i = 0; i < 100_000; i++) insert.run(`row-${i}`, randomBytes(48).toString('base64'));
  })();
  for (let i = 0; i < 100; i++) appendAudit(big.db, { actor: 'station', action: 'bench.fill', subject: `s-${i}` });
  big.db.pragma('wal_checkpoint(TRUNCATE)');
  big.close();
  const full: number[] = [];
  for (let i = 0; i < runs; i++) full.push(timeOpen(bigPath));

  const result = {
    name: 'database-open',
    runs,
    emptyDatabase: { medianMs: round(median(empty), 2), maxMs: round(Math.max(...empty), 2) },
    database100kRows: { rows: 100_100, medianMs: round(median(full), 2), maxMs: round(Math.max(...full), 2) },
    target: { openAndMigrateMs: 100 },
    met: median(empty) <= 100 && median(full) <= 100,
    environment: environment(),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
