import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EnrollmentToken } from '../../main/contract/service-api';
import { openStationStore, resolveConfig } from '../../main/station/station-context';
import { enqueueSubmission } from '../../main/sync/outbox';
import { runSyncCommand } from '../../main/cli/commands/sync-command';
import { openPglite, type Database } from '../../service/db/database';
import { evidenceImage, member, submission } from './sync-support/fixtures';
import { adminHeaders, startService, type RunningService } from './sync-support/service-harness';

describe('the sync command for staff on the station', () => {
  let db: Database;
  let running: RunningService;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    db = await openPglite();
    running = await startService(db);
    await running.admin.json('PUT', '/v1/admin/members', z.unknown(), member, adminHeaders);
    dir = mkdtempSync(join(tmpdir(), 'sync-command-'));
    writeFileSync(join(dir, 'station.json'), JSON.stringify({ stationId: 'kiosk-cli', dataDir: 'data', service: { url: running.url } }));
    env = { BONUS_STATION_DB_KEY: randomBytes(32).toString('hex') };
  });
  afterAll(async () => {
    await running?.stop();
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('enrolls the station with a one-time token, then syncs and reports in German', async () => {
    const lines: string[] = [];
    const out = (l: string) => lines.push(l);
    const config = join(dir, 'station.json');
    expect(await runSyncCommand(['status', '--config', config], env, out)).toBe(0);
    expect(lines.join('\n')).toContain('nicht angemeldet');

    const { token } = await running.admin.json('POST', '/v1/admin/enrollment-tokens', EnrollmentToken, { stationId: 'kiosk-cli', mode: 'kiosk', branch: 'Testfiliale' }, adminHeaders);
    // A token can begin with "-" (base64url, 1 in 64): as a separate argument it reads as an option.
    expect(await runSyncCommand(['enroll', '--token', '-Xq3', '--config', config], env, out)).toBe(2);
    expect(lines.at(-2)).toMatch(/--token=TOKEN/);
    expect(await runSyncCommand(['enroll', `--token=-${token}`, `--config=${config}`], env, out)).toBe(1);
    expect(await runSyncCommand(['enroll', `--token=${token}`, `--config=${config}`], env, out)).toBe(0);
    expect(lines.at(-1)).toMatch(/Station kiosk-cli ist beim Bonus-Service angemeldet/);

    // The station's database with both of its keys, as the station itself opens it.
    const store = openStationStore(resolveConfig(config, env), env);
    const img = evidenceImage(5000);
    enqueueSubmission(store.db, submission({}, [{ sha256: img.sha256, size: img.data.length }]), [{ data: img.data, mediaType: 'image/jpeg' }]);
    store.close();

    lines.length = 0;
    expect(await runSyncCommand(['now', '--config', config], env, out)).toBe(0);
    expect(lines).toContain('Warteschlange: 0 Einreichung(en), 0 Bytes ausstehend');
    expect((await db.query('SELECT 1 FROM submissions WHERE station_id = $1', ['kiosk-cli'])).rowCount).toBe(1);
  });
});
