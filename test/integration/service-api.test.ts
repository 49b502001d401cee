import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BlobStatus, ChangeRequestStatus, Decision, DecisionFeed, FieldEventList, MemberState, ReviewQueue, SubmissionReceipt } from '../../main/contract/service-api';
import type { ServiceClient } from '../../main/sync/service-client';
import type { StationIdentity } from '../../main/sync/station-key';
import type { StationMode } from '../../main/contract/station';
import type { Database } from '../../service/db/database';
import { databaseKinds } from './sync-support/databases';
import { child, evidenceImage, member, submission } from './sync-support/fixtures';
import { raw, signedJson } from './sync-support/raw';
import { adminHeaders, enrollStation, startService, type RunningService } from './sync-support/service-harness';

const chunkSize = 64 * 1024;

for (const kind of databaseKinds()) {
  describe.skipIf(kind.skip !== null)(`bonus service API on ${kind.name}${kind.skip ? ` (skipped: ${kind.skip})` : ''}`, () => {
    let running: RunningService;
    let db: Database;
    let drop: () => Promise<void>;
    let client: ServiceClient;
    let identity: StationIdentity;
    // Endpoints of the other modes are called with a station of that mode (the service refuses the rest).
    let fieldClient: ServiceClient;
    const byMode: Partial<Record<StationMode, StationIdentity>> = {};

    const count = async (table: string) => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]?.n ?? 0;

    async function uploadBlob(image: { data: Buffer; sha256: string }, skip: number[] = []): Promise<z.infer<typeof BlobStatus>> {
      let status = await client.json('PUT', `/v1/blobs/${image.sha256}`, BlobStatus, { size: image.data.length, mediaType: 'image/jpeg' });
      for (let i = 0; i < status.chunkCount; i++) {
        if (status.receivedChunks.includes(i) || skip.includes(i)) continue;
        status = await client.bytes('PUT', `/v1/blobs/${image.sha256}/chunks/${i}`, BlobStatus, image.data.subarray(i * status.chunkSize, (i + 1) * status.chunkSize));
      }
      return status;
    }

    beforeAll(async () => {
      const opened = await kind.open();
      db = opened.db;
      drop = opened.drop;
      running = await startService(db, { chunkSize, changeWindowMinutes: 60 });
      ({ client, identity } = await enrollStation(running, 'kiosk-api'));
      byMode.kiosk = identity;
      ({ client: fieldClient, identity: byMode.field } = await enrollStation(running, 'field-api', 'field'));
      byMode.clerk = (await enrollStation(running, 'clerk-api', 'clerk')).identity;
      await running.admin.json('PUT', '/v1/admin/members', z.unknown(), member, adminHeaders);
      await running.admin.json('PUT', '/v1/admin/members', z.unknown(), child, adminHeaders);
    });
    afterAll(async () => {
      client?.close();
      fieldClient?.close();
      await running?.stop();
      await drop?.();
    });

    it('describes every endpoint it serves in its own OpenAPI document', async () => {
      const doc = (await raw(running.url, 'GET', '/openapi.json')).body as { openapi: string; paths: Record<string, Record<string, unknown>> };
      expect(doc.openapi).toBe('3.1.0');
      for (const { endpoint } of running.service.routes) {
        const path = endpoint.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
        expect(doc.paths[path]?.[endpoint.method.toLowerCase()], `${endpoint.method} ${endpoint.path}`).toBeDefined();
      }
      const fastifyRoutes = running.service.app.printRoutes({ commonPrefix: false });
      expect(fastifyRoutes).toContain('openapi.json');
    });

    it('takes a blob in chunks, says which it holds, resumes, and verifies the hash', async () => {
      const image = evidenceImage(300 * 1024);
      const partial = await uploadBlob(image, [2, 3, 4]);
      expect(partial).toMatchObject({ complete: false, chunkCount: 5, receivedChunks: [0, 1] });
      const status = await client.json('GET', `/v1/blobs/${image.sha256}`, BlobStatus);
      expect(status.receivedChunks).toEqual([0, 1]);
      // The chunks held are files of the store; the database has only their numbers.
      expect(await running.service.blobs.partials()).toContain(image.sha256);
      expect(await running.service.blobs.list()).not.toContain(image.sha256);
      const done = await uploadBlob(image);
      expect(done).toMatchObject({ complete: true, receivedChunks: [0, 1, 2, 3, 4] });
      expect(await running.service.blobs.read(image.sha256)).toEqual(image.data);
      expect(await running.service.blobs.partials()).not.toContain(image.sha256);
      expect((await db.query('SELECT idx FROM blob_chunks WHERE sha256 = $1', [image.sha256])).rows).toEqual([]);
      // Idempotent: the same chunk again changes nothing.
      await expect(client.bytes('PUT', `/v1/blobs/${image.sha256}/chunks/0`, BlobStatus, image.data.subarray(0, chunkSize))).resolves.toMatchObject({ complete: true });
    });

    it('refuses content that does not match its address, and keeps nothing of it', async () => {
      const image = evidenceImage(100 * 1024);
      const forged = Buffer.from(image.data);
      forged[70_000] = (forged[70_000] ?? 0) ^ 0xff;
      await client.json('PUT', `/v1/blobs/${image.sha256}`, BlobStatus, { size: image.data.length, mediaType: 'image/jpeg' });
      await client.bytes('PUT', `/v1/blobs/${image.sha256}/chunks/0`, BlobStatus, forged.subarray(0, chunkSize));
      await expect(client.bytes('PUT', `/v1/blobs/${image.sha256}/chunks/1`, BlobStatus, forged.subarray(chunkSize))).rejects.toMatchObject({ status: 422, code: 'hash_mismatch' });
      expect(await client.json('GET', `/v1/blobs/${image.sha256}`, BlobStatus)).toMatchObject({ complete: false, receivedChunks: [] });
      expect(await running.service.blobs.list()).not.toContain(image.sha256);
      expect(await running.service.blobs.partials()).not.toContain(image.sha256);
      await expect(client.bytes('PUT', `/v1/blobs/${image.sha256}/chunks/1`, BlobStatus, Buffer.alloc(10))).rejects.toMatchObject({ status: 400, code: 'chunk_length' });
      await expect(client.bytes('PUT', `/v1/blobs/${image.sha256}/chunks/9`, BlobStatus, Buffer.alloc(10))).rejects.toMatchObject({ status: 400, code: 'chunk_out_of_range' });
      expect((await uploadBlob(image)).complete).toBe(true);
    });

    it('stores a submission once: the same id twice gives the same receipt; other content under that id is a conflict', async () => {
      const image = evidenceImage(10_000);
      const sub = submission({}, [{ sha256: image.sha256, size: image.data.length }]);
      await expect(client.json('PUT', `/v1/submissions/${sub.id}`, SubmissionReceipt, sub)).rejects.toMatchObject({ status: 409, code: 'blob_missing' });
      await uploadBlob(image);
      const before = await count('submissions');
      const first = await client.json('PUT', `/v1/submissions/${sub.id}`, SubmissionReceipt, sub);
      const second = await client.json('PUT', `/v1/submissions/${sub.id}`, SubmissionReceipt, sub);
      expect(second).toEqual(first);
      expect(first.state).toBe('received');
      // Re-evaluated by the shared rules engine: dental care (12) in a declared year is worth 10 EUR.
      expect(first.evaluation).toMatchObject({ engine: 'evaluated', totalCents: 1000, findings: [] });
      expect(await count('submissions')).toBe(before + 1);
      await expect(client.json('PUT', `/v1/submissions/${sub.id}`, SubmissionReceipt, { ...sub, participationYear: 2025 })).rejects.toMatchObject({ status: 409, code: 'submission_conflict' });
      const both = await Promise.all([1, 2, 3].map(() => submission()).flatMap((s) => [client.json('PUT', `/v1/submissions/${s.id}`, SubmissionReceipt, s), client.json('PUT', `/v1/submissions/${s.id}`, SubmissionReceipt, s)]));
      expect(both).toHaveLength(6);
      expect(await count('submissions')).toBe(before + 4);
    });

    it('answers bad input on every kind of endpoint with a 4xx and a clear body, and changes nothing', async () => {
      const before = { submissions: await count('submissions'), blobs: await count('blobs'), changes: await count('change_requests') };
      const sub = submission();
      const cases: [string, string, unknown][] = [
        ['PUT', `/v1/submissions/${sub.id}`, { ...sub, measures: [{ measure: 19, performedOn: '2026-13-01', evidence: [] }] }],
        ['PUT', `/v1/submissions/${sub.id}`, { ...sub, unexpected: true }],
        ['PUT', `/v1/submissions/${randomUUID()}`, sub],
        ['PUT', `/v1/submissions/not-a-uuid`, sub],
        ['PUT', `/v1/blobs/${'0'.repeat(64)}`, { size: -1, mediaType: 'image/gif' }],
        ['PUT', `/v1/blobs/XYZ`, { size: 10, mediaType: 'image/jpeg' }],
        ['POST', '/v1/members/state', { kvnr: 'nope', cardNumber: '1' }],
        ['POST', '/v1/change-requests', { id: randomUUID(), kvnr: member.kvnr, cardNumber: member.cardNumber, change: { kind: 'bank', iban: 'nonsense', accountHolder: 'X' } }],
        ['GET', '/v1/decisions?after=-1', undefined],
      ];
      for (const [method, path, body] of cases) {
        const signed = signedJson(identity, method, path, body);
        const answer = await raw(running.url, method, path, signed);
        expect(answer.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
        expect(answer.body.error?.code, `${method} ${path}`).toMatch(/invalid_input|id_mismatch/);
        expect(answer.body.error?.message.length).toBeGreaterThan(10);
      }
      const notJson = signedJson(identity, 'PUT', `/v1/submissions/${sub.id}`, undefined);
      const broken = await raw(running.url, 'PUT', `/v1/submissions/${sub.id}`, { body: '{"id":', headers: { ...notJson.headers, 'content-type': 'application/json' } });
      expect(broken.status).toBe(400);
      const huge = signedJson(identity, 'PUT', `/v1/submissions/${sub.id}`, { ...sub, padding: 'x'.repeat(300 * 1024) });
      const tooLarge = await raw(running.url, 'PUT', `/v1/submissions/${sub.id}`, huge);
      expect(tooLarge).toMatchObject({ status: 413, body: { error: { code: 'body_too_large' } } });
      const admin = await raw(running.url, 'PUT', '/v1/admin/members', { body: JSON.stringify({ kvnr: member.kvnr }), headers: { ...adminHeaders, 'content-type': 'application/json' } });
      expect(admin.status).toBe(400);
      expect({ submissions: await count('submissions'), blobs: await count('blobs'), changes: await count('change_requests') }).toEqual(before);
    });

    it('answers a schema violation on every endpoint that takes input with 400 and a clear body, and changes no table', async () => {
      const tables = (await db.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'request_nonces'`)).rows.map((r) => r.table_name);
      const snapshot = async () => Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await count(t)] as const)));
      const before = await snapshot();
      let checked = 0;
      for (const { endpoint: route } of running.service.routes) {
        if (!route.body && !route.params && !route.query) continue;
        // Every path parameter gets a value no schema accepts; a body gets an unknown field.
        const path = route.path.replace(/:([A-Za-z0-9_]+)/g, 'not!valid') + (route.query ? '?bogus=1' : '');
        const body = route.body ? { unexpected: 1 } : undefined;
        const headers: Record<string, string> = { ...(route.auth === 'admin' ? adminHeaders : {}), ...(body ? { 'content-type': 'application/json' } : {}) };
        const request = route.auth === 'station' ? signedJson(byMode[route.modes[0] as StationMode] ?? identity, route.method, path, body) : { body: body === undefined ? undefined : JSON.stringify(body), headers };
        const answer = await raw(running.url, route.method, path, request);
        expect(answer.status, `${route.method} ${route.path}`).toBe(400);
        expect(answer.body.error?.code, `${route.method} ${route.path}`).toBe('invalid_input');
        expect(answer.body.error?.fields?.length, `${route.method} ${route.path}`).toBeGreaterThan(0);
        checked++;
      }
      expect(checked).toBeGreaterThanOrEqual(15);
      expect(await snapshot()).toEqual(before);
    });

    it('gives member state only for a KVNR with its card number, with masked bank details', async () => {
      const state = await client.json('POST', '/v1/members/state', MemberState, { kvnr: member.kvnr, cardNumber: member.cardNumber });
      expect(state.bank?.ibanMasked).toBe('DE89 **** **** **** **** 00');
      expect(state.credited).toEqual([{ year: 2026, measures: [1, 7] }]);
      expect(state.children).toEqual([{ kvnr: child.kvnr, firstName: 'Max', birthDate: '2016-05-01' }]);
      expect(state.participation[0]).toMatchObject({ year: 2026, program: 'adult' });
      await expect(client.json('POST', '/v1/members/state', MemberState, { kvnr: member.kvnr, cardNumber: '80276001234567890000' })).rejects.toMatchObject({ status: 404 });
    });

    it('sends review decisions to the station that submitted, in order, and credits accepted fields', async () => {
      const sub = submission({ measures: [{ measure: 3, performedOn: '2026-02-01', evidence: [] }, { measure: 8, performedOn: '2026-02-02', evidence: [] }] });
      await client.json('PUT', `/v1/submissions/${sub.id}`, SubmissionReceipt, sub);
      const queue = await running.admin.json('GET', '/v1/review/submissions?state=received', ReviewQueue, undefined, adminHeaders);
      expect(queue.submissions.map((s) => s.id)).toContain(sub.id);
      const { next: cursor } = await client.json('GET', '/v1/decisions', DecisionFeed);
      await expect(running.admin.json('POST', `/v1/review/submissions/${sub.id}/decision`, Decision, { decision: 'rejected', reviewer: 'bo-1' }, adminHeaders)).rejects.toMatchObject({ status: 400 });
      const decided = await running.admin.json(
        'POST',
        `/v1/review/submissions/${sub.id}/decision`,
        Decision,
        { decision: 'partially-accepted', reason: 'Kurs nicht zertifiziert', fields: [{ measure: 3, decision: 'rejected', reason: 'Kurs nicht zertifiziert' }, { measure: 8, decision: 'accepted', reason: null }], reviewer: 'bo-1' },
        adminHeaders,
      );
      const feed = await client.json('GET', `/v1/decisions?after=${cursor}`, DecisionFeed);
      expect(feed.decisions).toEqual([decided]);
      expect((await client.json('GET', `/v1/decisions?after=${feed.next}`, DecisionFeed)).decisions).toEqual([]);
      const other = await enrollStation(running, 'kiosk-other');
      expect((await other.client.json('GET', '/v1/decisions', DecisionFeed)).decisions).toEqual([]);
      other.client.close();
      const state = await client.json('POST', '/v1/members/state', MemberState, { kvnr: member.kvnr, cardNumber: member.cardNumber });
      expect(state.credited).toEqual([{ year: 2026, measures: [1, 7, 8] }]);
    });

    it('applies a bank change only after the member approves it in time', async () => {
      const create = (id = randomUUID()) => ({ id, kvnr: member.kvnr, cardNumber: member.cardNumber, change: { kind: 'bank', iban: 'DE02120300000000202051', accountHolder: 'Erika Testfrau' } });
      const declined = create();
      expect(await client.json('POST', '/v1/change-requests', ChangeRequestStatus, declined)).toMatchObject({ state: 'awaiting-member' });
      await running.admin.json('POST', `/v1/member-app/change-requests/${declined.id}/response`, ChangeRequestStatus, { approve: false }, adminHeaders);
      expect((await client.json('GET', `/v1/change-requests/${declined.id}`, ChangeRequestStatus)).state).toBe('declined');

      const late = create();
      await client.json('POST', '/v1/change-requests', ChangeRequestStatus, late);
      // The member answers after the window: the same database seen by a service 61 minutes later.
      const later = await startService(db, { now: () => new Date(Date.now() + 61 * 60_000) });
      try {
        await expect(later.admin.json('POST', `/v1/member-app/change-requests/${late.id}/response`, ChangeRequestStatus, { approve: true }, adminHeaders)).rejects.toMatchObject({ status: 409, code: 'change_expired' });
      } finally {
        await later.stop();
      }
      let state = await client.json('POST', '/v1/members/state', MemberState, { kvnr: member.kvnr, cardNumber: member.cardNumber });
      expect(state.bank?.ibanMasked).toBe('DE89 **** **** **** **** 00');

      const approved = create();
      const first = await client.json('POST', '/v1/change-requests', ChangeRequestStatus, approved);
      // A retried create gets the same request back; only the time left has run on meanwhile.
      const { expiresInMs: leftFirst, ...sameFirst } = first;
      const { expiresInMs: leftAgain, ...sameAgain } = await client.json('POST', '/v1/change-requests', ChangeRequestStatus, approved);
      expect(sameAgain).toEqual(sameFirst);
      expect(leftAgain).toBeLessThanOrEqual(leftFirst ?? 0);
      expect(leftAgain).toBeGreaterThan(0);
      await running.admin.json('POST', `/v1/member-app/change-requests/${approved.id}/response`, ChangeRequestStatus, { approve: true }, adminHeaders);
      state = await client.json('POST', '/v1/members/state', MemberState, { kvnr: member.kvnr, cardNumber: member.cardNumber });
      expect(state.bank?.ibanMasked).toBe('DE02 **** **** **** **** 51');
    });

    it('lists field events that have not ended', async () => {
      const now = Date.now();
      const event = { id: 'bgm-2026-11', title: 'Gesundheitstag', company: 'Muster AG', startsAt: new Date(now - 3_600_000).toISOString(), endsAt: new Date(now + 3_600_000).toISOString(), measures: [5] };
      await running.admin.json('PUT', '/v1/admin/field-events', z.unknown(), event, adminHeaders);
      await running.admin.json('PUT', '/v1/admin/field-events', z.unknown(), { ...event, id: 'past', endsAt: new Date(now - 1000).toISOString(), startsAt: new Date(now - 5000).toISOString() }, adminHeaders);
      const list = await fieldClient.json('GET', '/v1/field-events', FieldEventList);
      expect(list.events.map((e) => e.id)).toEqual(['bgm-2026-11']);
      const catalog = await client.json('GET', '/v1/catalog', z.object({ engine: z.string(), ruleSets: z.array(z.object({ version: z.string() })) }));
      expect(catalog.engine).toBe('available');
      expect(catalog.ruleSets.length).toBeGreaterThan(0);
    });
  });
}
