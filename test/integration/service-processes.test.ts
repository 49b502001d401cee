import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { BlobStatus, ChangeRequestStatus, DecisionFeed, Enrollment, EnrollmentToken, SubmissionReceipt } from '../../main/contract/service-api';
import { ServiceClient } from '../../main/sync/service-client';
import { generateStationKey, loadPrivateKey, type StationIdentity } from '../../main/sync/station-key';
import { databaseKinds } from './sync-support/databases';
import { evidenceImage, member, submission } from './sync-support/fixtures';
import { raw, signedJson } from './sync-support/raw';
import { startServiceProcess, type ServiceProcess } from './sync-support/service-process';

/**
 * Two service processes on one PostgreSQL database and one evidence directory, as
 * SERVICE_PROCESSES or two hosts behind a load balancer run them: nothing a station or the back
 * office relies on may live in one process's memory. Each case sends its requests to both.
 */
const postgres = databaseKinds().find((k) => k.name === 'postgres')!;
const adminToken = 'processes-admin-token-0123456789';
const admin = { authorization: `Bearer ${adminToken}` };

describe.skipIf(postgres.skip !== null)(`two service processes on one PostgreSQL${postgres.skip ? ` (skipped: ${postgres.skip})` : ''}`, () => {
  const blobDir = mkdtempSync(join(tmpdir(), 'service-processes-'));
  let url: string;
  let drop: () => Promise<void>;
  let a: ServiceProcess;
  let b: ServiceProcess;
  let clientA: ServiceClient;
  let clientB: ServiceClient;

  const env = () => ({ DATABASE_URL: url, SERVICE_BLOB_DIR: blobDir, SERVICE_ADMIN_TOKEN: adminToken, SERVICE_CHANGE_WINDOW_MINUTES: '0.05' });

  async function station(stationId: string): Promise<{ identity: StationIdentity; at: (p: ServiceProcess) => ServiceClient; close(): void }> {
    const { token } = await clientA.json('POST', '/v1/admin/enrollment-tokens', EnrollmentToken, { stationId, mode: 'kiosk', branch: 'Testfiliale' }, admin);
    const key = generateStationKey();
    // Enrolled at one process, used at the other.
    await clientB.json('POST', '/v1/stations/enroll', Enrollment, { token, stationId, mode: 'kiosk', publicKey: key.publicKeyBase64 });
    const identity = { stationId, privateKey: loadPrivateKey(key.privateKeyDer) };
    const clients = new Map<ServiceProcess, ServiceClient>();
    return {
      identity,
      at: (p) => clients.get(p) ?? clients.set(p, new ServiceClient({ baseUrl: p.url }, identity)).get(p)!,
      close: () => clients.forEach((c) => c.close()),
    };
  }

  beforeAll(async () => {
    const opened = await postgres.open();
    url = opened.url!;
    drop = opened.drop;
    // Migrated by the first; the second finds the schema current.
    a = await startServiceProcess(env());
    b = await startServiceProcess(env());
    clientA = new ServiceClient({ baseUrl: a.url });
    clientB = new ServiceClient({ baseUrl: b.url });
    await clientA.json('PUT', '/v1/admin/members', z.unknown(), member, admin);
  }, 240_000);
  afterAll(async () => {
    clientA?.close();
    clientB?.close();
    await Promise.all([a?.stop(), b?.stop()]);
    await drop?.();
    rmSync(blobDir, { recursive: true, force: true });
  });

  it('refuses at one process a request replayed from the other, and a station revoked at the other', async () => {
    const s = await station('kiosk-two-a');
    try {
      const signed = signedJson(s.identity, 'GET', '/v1/catalog', undefined);
      expect((await raw(a.url, 'GET', '/v1/catalog', { headers: signed.headers })).status).toBe(200);
      expect(await raw(b.url, 'GET', '/v1/catalog', { headers: signed.headers })).toMatchObject({ status: 401, body: { error: { code: 'replayed' } } });
      // Both processes have the key in memory now; the revocation is at A only.
      await expect(s.at(b).json('GET', '/v1/decisions', DecisionFeed)).resolves.toBeDefined();
      await clientA.json('POST', '/v1/admin/stations/kiosk-two-a/revoke', z.unknown(), undefined, admin);
      await expect(s.at(b).json('GET', '/v1/decisions', DecisionFeed)).rejects.toMatchObject({ status: 403, code: 'station_revoked' });
    } finally {
      s.close();
    }
  });

  it('joins a blob whose chunks went to both processes, and stores a submission sent to both at once once', async () => {
    const s = await station('kiosk-two-b');
    try {
      const image = evidenceImage(1_300_000);
      const status = await s.at(a).json('PUT', `/v1/blobs/${image.sha256}`, BlobStatus, { size: image.data.length, mediaType: 'image/jpeg' });
      expect(status.chunkCount).toBeGreaterThan(2);
      const chunk = (i: number) => image.data.subarray(i * status.chunkSize, (i + 1) * status.chunkSize);
      const answers = await Promise.all(Array.from({ length: status.chunkCount }, (_, i) => s.at(i % 2 === 0 ? a : b).bytes('PUT', `/v1/blobs/${image.sha256}/chunks/${i}`, BlobStatus, chunk(i))));
      expect(answers.some((x) => x.complete)).toBe(true);
      expect(await s.at(b).json('GET', `/v1/blobs/${image.sha256}`, BlobStatus)).toMatchObject({ complete: true, size: image.data.length });

      const sent = submission({}, [{ sha256: image.sha256, size: image.data.length }]);
      const [fromA, fromB] = await Promise.all([s.at(a).json('PUT', `/v1/submissions/${sent.id}`, SubmissionReceipt, sent), s.at(b).json('PUT', `/v1/submissions/${sent.id}`, SubmissionReceipt, sent)]);
      expect(fromA).toEqual(fromB);
      const db = new pg.Client({ connectionString: url });
      await db.connect();
      try {
        expect((await db.query('SELECT count(*)::int AS n FROM submissions WHERE id = $1', [sent.id])).rows[0]).toEqual({ n: 1 });
      } finally {
        await db.end();
      }
    } finally {
      s.close();
    }
  });

  it('lets a change request made at one process expire for the other when its window has passed', async () => {
    const s = await station('kiosk-two-c');
    try {
      const id = randomUUID();
      const created = await s.at(a).json('POST', '/v1/change-requests', ChangeRequestStatus, { id, kvnr: member.kvnr, cardNumber: member.cardNumber, change: { kind: 'address', street: 'Weg 1', postalCode: '80331', city: 'München' } });
      expect(created.state).toBe('awaiting-member');
      // The window is 3 s (SERVICE_CHANGE_WINDOW_MINUTES=0.05): no process keeps a timer for it.
      await vi.waitFor(async () => expect((await s.at(b).json('GET', `/v1/change-requests/${id}`, ChangeRequestStatus)).state).toBe('expired'), { timeout: 30_000, interval: 500 });
      await expect(clientA.json('POST', `/v1/member-app/change-requests/${id}/response`, ChangeRequestStatus, { approve: true }, admin)).rejects.toMatchObject({ status: 409, code: 'change_expired' });
    } finally {
      s.close();
    }
  });

  it('never shows a decision in the feed while one with a lower number is not committed yet', async () => {
    const s = await station('kiosk-two-d');
    const db = new pg.Client({ connectionString: url });
    const observer = new pg.Client({ connectionString: url });
    await Promise.all([db.connect(), observer.connect()]);
    try {
      const [first, second] = [submission(), submission()];
      for (const sent of [first, second]) await s.at(a).json('PUT', `/v1/submissions/${sent.id}`, SubmissionReceipt, sent);
      // A decision whose transaction is still open (a slow reviewer's, another process's)…
      await db.query('BEGIN');
      await db.query(`INSERT INTO decisions (submission_id, station_id, decision, reason, fields, reviewer) VALUES ($1, 'kiosk-two-d', 'accepted', NULL, '[]', 'slow')`, [first!.id]);
      // …and a later one taken meanwhile at process B.
      const later = clientB.json('POST', `/v1/review/submissions/${second!.id}/decision`, z.unknown(), { decision: 'accepted', fields: [], reviewer: 'fast' }, admin);
      const seen: string[] = [];
      let after = 0;
      const pull = async (p: ServiceProcess) => {
        const feed = await s.at(p).json('GET', `/v1/decisions?after=${after}`, DecisionFeed);
        seen.push(...feed.decisions.map((d) => d.submissionId));
        after = feed.next;
      };
      // Until B's decision is either committed (nothing orders it) or waiting for the first to commit.
      await vi.waitFor(
        async () => {
          const waiting = await observer.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objid = 4712 AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
          const committed = await observer.query('SELECT 1 FROM decisions WHERE submission_id = $1', [second!.id]);
          expect(waiting.rowCount! + committed.rowCount!).toBeGreaterThan(0);
        },
        { timeout: 30_000, interval: 100 },
      );
      // The station pulls while the first is open: it must see neither, or it would move past the first.
      await pull(a);
      await pull(b);
      expect(seen).toEqual([]);
      await db.query('COMMIT');
      await later;
      await pull(b);
      expect(seen).toEqual([first!.id, second!.id]);
    } finally {
      await Promise.all([db.end(), observer.end()]);
      s.close();
    }
  });
});

describe.skipIf(postgres.skip !== null)(`SERVICE_PROCESSES=2${postgres.skip ? ` (skipped: ${postgres.skip})` : ''}`, () => {
  it('serves one port from two processes', async () => {
    const opened = await postgres.open();
    const blobDir = mkdtempSync(join(tmpdir(), 'service-cluster-'));
    const service = await startServiceProcess({ DATABASE_URL: opened.url!, SERVICE_BLOB_DIR: blobDir, SERVICE_ADMIN_TOKEN: adminToken, SERVICE_PROCESSES: '2' });
    try {
      expect(service.output()).toContain('2 processes');
      // Each new connection goes to the next process; the request log names the process.
      for (let i = 0; i < 8; i++) await fetch(`${service.url}/health`, { headers: { connection: 'close' } }).then((r) => r.text());
      await vi.waitFor(() => {
        const pids = new Set([...service.output().matchAll(/"pid":(\d+)[^\n]*"incoming request"/g)].map((m) => m[1]));
        expect(pids.size).toBe(2);
      });
    } finally {
      await service.stop();
      await opened.drop();
      rmSync(blobDir, { recursive: true, force: true });
    }
  }, 180_000);
});
