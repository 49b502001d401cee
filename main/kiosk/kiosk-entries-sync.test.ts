import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openPglite, type Database } from '../../service/db/database';
import { trustPolicy } from '../../service/auth/trust-policy';
import { rulesEngineWith } from '../../service/rules/evaluate';
import { ruleSetsWithFiles } from '../../service/rules/rule-set-files';
import { adminHeaders, startService, type RunningService } from '../../test/integration/sync-support/service-harness';
import { EnrollmentToken } from '../contract/service-api';
import { createLogger, memorySink } from '../runtime/logger';
import { enrolledIdentity, enrollStation } from '../sync/identity';
import { ServiceApi } from '../sync/service-api-client';
import { SyncWorker } from '../sync/sync-worker';
import { readyCard, setup } from '../../test/support/kiosk-setup';

/**
 * A kiosk and the reference service (in-process, PGlite, signed HTTP) started with the same
 * example catalog: a BMI value and a drawn non-smoker declaration travel through the real sync,
 * the service takes the PNG signature and re-evaluates both fields under that catalog.
 */
// The member's participation for 2026 is on record at the insurer (the service evaluates with its own records).
const catalogFile = join(import.meta.dirname, '../../docs/examples/rule-set.signed-and-measured.json');
const ruleSets = ruleSetsWithFiles([catalogFile]);
const card = readyCard();
if (card.state !== 'ready') throw new Error('readyCard must be a ready card');
let db: Database;
let running: RunningService;

beforeAll(async () => {
  db = await openPglite();
  // The kiosk runs on the test's fixed day, the service on the real clock: a tolerance wide
  // enough that the kiosk's capture is not taken for one dated back (service/rules/presence.ts).
  running = await startService(db, { rules: rulesEngineWith(ruleSets), trust: trustPolicy({ declarationToleranceHours: 24 * 366 }) });
  await running.admin.json(
    'PUT',
    '/v1/admin/members',
    z.unknown(),
    { kvnr: card.person.kvnr, cardNumber: card.card.iccsn, firstName: 'Hans-Jürgen', lastName: 'Müller', birthDate: card.person.birthDate, participation: [{ year: 2026, program: 'adult', declaredAt: '2026-02-01T10:00:00.000Z' }] },
    adminHeaders,
  );
}, 60_000);
afterAll(async () => {
  await running?.stop();
  await db?.close();
});

describe('signed declarations and measured values through the sync', () => {
  it('reach the service, which accepts them and counts both fields under the same catalog', async () => {
    const kiosk = setup({ ruleSets });
    const { token } = await running.admin.json('POST', '/v1/admin/enrollment-tokens', EnrollmentToken, { stationId: 'kiosk-entries', mode: 'kiosk', branch: 'Testfiliale' }, adminHeaders);
    const enrolling = ServiceApi.create({ baseUrl: running.url });
    await enrollStation(kiosk.store.db, enrolling, 'kiosk-entries', token, 'kiosk');
    enrolling.close();

    kiosk.insert(readyCard());
    kiosk.kiosk.identification.confirmIdentity('70173');
    await kiosk.kiosk.evidence.add({ measure: 1, performedOn: '2026-11-20', kind: 'measured_value', measurement: { heightCm: 178, weightKg: 74 } });
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="200"><rect width="600" height="200" fill="#fff"/><path d="M40 150 C 120 20, 200 180, 300 90 S 480 160, 560 60" stroke="#000" stroke-width="6" fill="none"/></svg>';
    const png = (await sharp(Buffer.from(svg)).png().toBuffer()).toString('base64');
    await kiosk.kiosk.evidence.add({ measure: 2, performedOn: '2026-11-20', kind: 'signed_declaration', photoBase64: png, declaration: { statement: 'non_smoker_12_months' } });
    const receipt = kiosk.kiosk.evidence.submit(2026);
    expect(receipt.measures).toEqual([1, 2]);

    const api = ServiceApi.create({ baseUrl: running.url, timeoutMs: 5_000 }, enrolledIdentity(kiosk.store.db));
    const worker = new SyncWorker({ db: kiosk.store.db, api, log: createLogger('sync', memorySink()), publish: () => {}, retentionDays: 7, backoff: { baseMs: 20, maxMs: 200 }, idleIntervalMs: 60_000 });
    try {
      expect(await worker.syncOnce()).toEqual({ ok: true, delivered: 1 });
    } finally {
      await worker.stop();
      api.close();
    }
    const rows = (await db.query<{ payload: { kind: string; measures: { evidence: { kind: string }[] }[] }; evaluation: { totalCents: number; ruleSetVersion: string; findings: string[] } }>("SELECT payload, evaluation FROM submissions WHERE station_id = 'kiosk-entries' AND kind = 'measures'")).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.evaluation).toEqual({ engine: 'evaluated', ruleSetVersion: '2026-01-01-entries', totalCents: 2000, findings: [] });
    expect(rows[0]!.payload.measures.map((m) => m.evidence[0]!.kind)).toEqual(['measured-value', 'signed-declaration']);
    const blobs = (await db.query<{ media_type: string; complete: boolean }>('SELECT media_type, complete FROM blobs')).rows;
    expect(blobs).toEqual([{ media_type: 'image/png', complete: true }]);
  });
});
