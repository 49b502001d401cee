// Field sync (issue 8): an event with 2,000 check-ins recorded offline on a real encrypted station
// database is synced to the reference service (PGlite, its own process, loopback HTTP) when the
// network is back: seconds from the first request to the last receipt, as the station's sync
// worker does it (deliver the outbox, then pull). Checks that the service holds exactly one
// check-in per person. Prints one JSON object.
// Usage: npx tsx bench/field-sync.bench.ts   (BENCH_FIELD_SYNC_N=2000; DATABASE_URL=postgres://…
// runs the service on PostgreSQL, an empty database, instead of PGlite)
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import type { CardSession } from '../main/contract';
import { EnrollmentToken } from '../main/contract/service-api';
import { kvnrCheckDigit } from '../main/domain/kvnr';
import { fieldPullOption } from '../main/field/field-pull';
import { FieldService } from '../main/field/field-service';
import { EventHub } from '../main/runtime/event-hub';
import { createLogger } from '../main/runtime/logger';
import { openStationDatabase } from '../main/store/database';
import { enrolledIdentity, enrollStation } from '../main/sync/identity';
import { ServiceApi } from '../main/sync/service-api-client';
import { ServiceClient } from '../main/sync/service-client';
import { SyncWorker } from '../main/sync/sync-worker';
import { createBonusService } from '../service/app';
import { openDatabase } from '../service/db/database';
import { environment, round } from './support';

const adminToken = 'bench-admin-token-0123456789';
const people = Number(process.env.BENCH_FIELD_SYNC_N ?? 2000);

/** The service, in its own process so that station and service each have a core. */
async function serve(): Promise<void> {
  const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL });
  const service = createBonusService({ db, adminToken });
  process.once('exit', () => service.blobs.close());
  const url = await service.start();
  process.stdout.write(`${JSON.stringify({ url })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => setImmediate(() => process.exit(0)));
}

function session(i: number): CardSession {
  const body = `A${String(10_000_000 + i * 37).slice(0, 8)}`;
  return {
    sessionId: `s${i}`,
    reader: 'R',
    insertedAt: '',
    state: 'ready',
    person: { kvnr: `${body}${kvnrCheckDigit(body)}`, title: null, firstName: 'Erika', namePrefix: null, lastName: 'Muster', nameSuffix: null, birthDate: '1980-01-01', sex: 'W', address: null },
    cover: { insurerIk: '109999990', insurerName: 'X', insurerCountryCode: 'D', coverStart: '2015-01-01', coverEnd: null, insuredType: 'member', insuredTypeCode: '1' },
    card: { iccsn: `8027688311${String(i).padStart(10, '0')}`, iccsnLastFour: String(i).padStart(4, '0').slice(-4), generation: 'G2', statusVdTimestamp: null, updatePending: false, schemaVersion: '5.2' },
  };
}

async function main(): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, '--serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const first = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
  const { url } = JSON.parse(first) as { url: string };
  const dir = mkdtempSync(join(tmpdir(), 'bench-field-sync-'));
  const store = openStationDatabase({ path: join(dir, 'station.db'), key: randomBytes(32) });
  const admin = new ServiceClient({ baseUrl: url });
  const api = ServiceApi.create({ baseUrl: url }, enrolledIdentity(store.db));
  try {
    const auth = { authorization: `Bearer ${adminToken}` };
    const now = Date.now();
    const event = { id: 'bench-gesundheitstag', title: 'Gesundheitstag', company: 'Bench AG', startsAt: new Date(now - 3_600_000).toISOString(), endsAt: new Date(now + 8 * 3_600_000).toISOString(), measures: [5] };
    await admin.json('PUT', '/v1/admin/field-events', z.unknown(), event, auth);
    const stationId = `bench-field-${now}`;
    const { token } = await admin.json('POST', '/v1/admin/enrollment-tokens', EnrollmentToken, { stationId, mode: 'field', branch: 'Bench' }, auth);
    await enrollStation(store.db, api, stationId, token, 'field');
    const log = createLogger('bench', () => {});
    const worker = new SyncWorker({ db: store.db, api, log, publish: () => undefined, retentionDays: 7, ...fieldPullOption('field', store.db) });
    // At the office: the event and its keys are pulled.
    const pulled = await worker.syncOnce();
    if (!pulled.ok) throw new Error(`pull failed: ${pulled.error}`);

    // At the event, offline: 2,000 employees tap their cards.
    const events = new EventHub(log, { withheld: ['cardSessions'] });
    const staff = { staffId: 'f.admin', displayName: 'F', role: 'admin' as const, signedInAt: '', expiresAt: '' };
    const field = new FieldService({ db: store.db, events, log, stationId, requireStaff: () => staff, insurerIks: ['109999990'] });
    field.start();
    field.select(event.id);
    const recordStarted = performance.now();
    for (let i = 0; i < people; i++) {
      events.publish('cardSessions', { sessions: [session(i)] });
      events.publish('cardSessions', { sessions: [] });
    }
    const recordSeconds = (performance.now() - recordStarted) / 1000;
    const waiting = field.summary().waitingForSync;
    if (waiting !== people) throw new Error(`expected ${people} waiting check-ins, found ${waiting}`);

    // Back online: one round of the worker delivers everything and pulls again.
    const started = performance.now();
    const outcome = await worker.syncOnce();
    const syncSeconds = (performance.now() - started) / 1000;
    if (!outcome.ok || outcome.delivered !== people) throw new Error(`sync did not deliver everything: ${JSON.stringify(outcome)}`);
    const summary = field.summary();
    const held = (await admin.json('GET', `/v1/admin/field-events/${event.id}/participations`, z.object({ participations: z.array(z.object({ checkIns: z.number() })) }), undefined, auth)).participations;
    if (held.length !== people || held.some((p) => p.checkIns !== 1)) throw new Error(`the service holds ${held.length} people, not ${people} once each`);
    field.stop();

    process.stdout.write(
      `${JSON.stringify({
        name: 'field-sync',
        checkIns: people,
        database: process.env.DATABASE_URL ? 'postgres' : 'pglite',
        recordedOfflineSeconds: round(recordSeconds, 2),
        sync: { seconds: round(syncSeconds, 2), checkInsPerSecond: round(people / syncSeconds, 1) },
        afterSync: { waitingForSync: summary.waitingForSync, synced: summary.synced, atServiceOncePerPerson: held.length },
        environment: environment(),
      })}\n`,
    );
  } finally {
    api.close();
    admin.close();
    store.close();
    child.stdin.end();
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv.includes('--serve')) await serve();
else await main();
