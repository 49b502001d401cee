import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { bookletOwnerFromRegister } from '../../main/clerk/batch-owner';
import { createClerkBatch } from '../../main/clerk/clerk-batch';
import { memberForBooklet } from '../../main/clerk/booklets';
import { bookletTemplate } from '../../main/imaging/booklet/template';
import { recognizePage } from '../../main/imaging/recognition/recognize-page';
import { bookletPage, scanOf, stampInto } from '../support/imaging/scans';
import { pendingSubmissions } from '../../main/sync/outbox';
import { BookletDesk } from '../../main/clerk/booklets-desk';
import { BookletLinkSync } from '../../main/clerk/booklets-sync';
import { EnrollmentToken } from '../../main/contract/service-api';
import type { ClerkBatchEvent, StaffSessionView } from '../../main/contract';
import { EventHub } from '../../main/runtime/event-hub';
import { createLogger, memorySink } from '../../main/runtime/logger';
import { openStationDatabase, type StationDatabase } from '../../main/store/database';
import { enrolledIdentity, enrollStation as enrollStationDb } from '../../main/sync/identity';
import { ServiceApi } from '../../main/sync/service-api-client';
import type { Database } from '../../service/db/database';
import { useTempDir } from '../support/temp-dir';
import { databaseKinds } from './sync-support/databases';
import { member } from './sync-support/fixtures';
import { FaultProxy } from './sync-support/fault-proxy';
import { adminHeaders, startService, type RunningService } from './sync-support/service-harness';

/** A TCP server that accepts connections and never answers: packets black-holed, not refused. */
async function blackHole(): Promise<{ url: string; connections: () => number; close: () => Promise<void> }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => sockets.length,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const tempDir = useTempDir();
const clerk: StaffSessionView = { staffId: 'c.mueller', displayName: 'Claudia Müller', role: 'clerk', signedInAt: 't', expiresAt: 't' };

for (const kind of databaseKinds()) {
  describe.skipIf(kind.skip !== null)(`booklet links between clerk stations and the service on ${kind.name}${kind.skip ? ` (skipped: ${kind.skip})` : ''}`, () => {
    let running: RunningService;
    let db: Database;
    let drop: () => Promise<void>;
    const stations: { store: StationDatabase; api: ServiceApi }[] = [];

    async function station(stationId: string) {
      const store = openStationDatabase({ path: join(tempDir(), `${stationId}.db`), key: randomBytes(32) });
      const api = ServiceApi.create({ baseUrl: running.url }, enrolledIdentity(store.db));
      stations.push({ store, api });
      const { token } = await running.admin.json('POST', '/v1/admin/enrollment-tokens', EnrollmentToken, { stationId, mode: 'clerk', branch: 'Testfiliale' }, adminHeaders);
      await enrollStationDb(store.db, api, stationId, token, 'clerk');
      const sink = memorySink();
      const log = createLogger(stationId, sink);
      const links = new BookletLinkSync({ db: store.db, api, log });
      const desk = new BookletDesk({ db: store.db, events: new EventHub(log), links, log, requireStaff: () => clerk, now: () => new Date('2026-11-22T09:30:00Z') });
      return { store, links, desk, logs: sink.records };
    }

    beforeAll(async () => {
      const opened = await kind.open();
      db = opened.db;
      drop = opened.drop;
      running = await startService(db);
      await running.admin.json('PUT', '/v1/admin/members', z.unknown(), member, adminHeaders);
    });
    afterAll(async () => {
      for (const s of stations) {
        s.api.close();
        s.store.close();
      }
      await running?.stop();
      await drop?.();
    });

    it('sends a booklet printed at one desk to the service, and another desk finds its member by the booklet id', async () => {
      const printing = await station('clerk-print');
      const pick = printing.desk.pickByKvnr(member.kvnr, member.birthDate);
      if (!pick.ok) throw new Error('pick failed');
      const issued = await printing.desk.issue(pick.member.pickId, 2026);
      await printing.links.pushPending();
      expect(memberForBooklet(printing.store.db, issued.booklet.bookletId)).toBeTruthy();
      expect(printing.store.db.prepare('SELECT at_service FROM booklet_link WHERE booklet_id = ?').pluck().get(issued.booklet.bookletId)).not.toBeNull();
      const atService = (await db.query<{ kvnr: string; station_id: string }>('SELECT kvnr, station_id FROM booklet_links WHERE booklet_id = $1', [issued.booklet.bookletId])).rows;
      expect(atService).toEqual([{ kvnr: member.kvnr, station_id: 'clerk-print' }]);

      const scanning = await station('clerk-scan');
      expect(memberForBooklet(scanning.store.db, issued.booklet.bookletId)).toBeNull();
      await expect(scanning.links.resolve(issued.booklet.bookletId)).resolves.toMatchObject({ kvnr: member.kvnr, birthDate: member.birthDate, program: 'adult', source: 'service' });
      // Kept, so the booking works offline from now on.
      expect(memberForBooklet(scanning.store.db, issued.booklet.bookletId)).toMatchObject({ kvnr: member.kvnr, source: 'service' });
      await expect(scanning.links.resolve('ZZZZZZZZZZ')).resolves.toBeNull();
    });

    /** A clerk station's batch queue whose unknown booklets are asked for through `links()` (swappable: offline, then online). */
    function batchQueue(store: StationDatabase, links: () => BookletLinkSync, events: ClerkBatchEvent[] = []) {
      const service = createClerkBatch({
        db: store.db,
        publish: (_name, payload) => events.push(payload),
        log: createLogger('batch', memorySink()),
        recognizer: { recognizePage: (input, options) => recognizePage(input, options) },
        requireStaff: () => clerk,
        currentStaffId: () => clerk.staffId,
        ownerOf: bookletOwnerFromRegister(store.db),
        resolveBooklet: (id) => links().lookupStatus(id),
      });
      for (const started of service.services) void started.start();
      const stop = async () => {
        for (const started of [...service.services].reverse()) await started.stop();
      };
      return { ...service, stop };
    }

    async function scanned(bookletId: string): Promise<string> {
      const canvas = bookletPage('adult', 1, bookletId);
      stampInto(canvas, bookletTemplate('adult').pages[0]!.fields[0]!.stampBox);
      const path = join(tempDir(), 'page-0001.jpg');
      writeFileSync(path, await scanOf(canvas, { angle: 1 }));
      return path;
    }

    it('resolves the owner of a booklet printed at another station through the service in the batch, keeps it and books the page', async () => {
      const printing = await station('clerk-print-batch');
      const pick = printing.desk.pickByKvnr(member.kvnr, member.birthDate);
      if (!pick.ok) throw new Error('pick failed');
      const issued = await printing.desk.issue(pick.member.pickId, 2026);
      await printing.links.pushPending();

      const scanning = await station('clerk-scan-batch');
      const batch = batchQueue(scanning.store, () => scanning.links);
      try {
        await batch.intake.take('s1', { page: 1, path: await scanned(issued.booklet.bookletId), sizeBytes: 1, format: 'jpeg' });
        await batch.queue.idle();
        const pageId = batch.edits.openBatch().pages[0]!.id;
        const page = await batch.edits.openPage(pageId);
        expect(page).toMatchObject({ bookletId: issued.booklet.bookletId, member: { birthYear: 1980 }, memberLookup: null });
        expect(memberForBooklet(scanning.store.db, issued.booklet.bookletId)).toMatchObject({ kvnr: member.kvnr, source: 'service' });
        batch.edits.verifyPage(pageId, '2026-05-04');
        await expect(batch.edits.bookResolving(page.batchId)).resolves.toMatchObject({ submissions: 1, measuresBooked: 1, skipped: [] });
        expect(pendingSubmissions(scanning.store.db, 5)[0]!.payload).toMatchObject({ member: { kvnr: member.kvnr }, measures: [{ measure: 1, performedOn: '2026-05-04' }] });
      } finally {
        await batch.stop();
      }
    });

    it('offline, a page of a booklet from elsewhere says so and waits; once the service answers it is booked, nothing lost', async () => {
      const printing = await station('clerk-print-away');
      const pick = printing.desk.pickByKvnr(member.kvnr, member.birthDate);
      if (!pick.ok) throw new Error('pick failed');
      const issued = await printing.desk.issue(pick.member.pickId, 2026);
      await printing.links.pushPending();

      const online = await station('clerk-scan-cut');
      const log = createLogger('offline', memorySink());
      const unreachable = ServiceApi.create({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 2000 }, enrolledIdentity(online.store.db));
      stations.push({ store: online.store, api: unreachable });
      const offline = new BookletLinkSync({ db: online.store.db, api: unreachable, log });
      let links = offline;
      const batch = batchQueue(online.store, () => links);
      try {
        await batch.intake.take('s1', { page: 1, path: await scanned(issued.booklet.bookletId), sizeBytes: 1, format: 'jpeg' });
        await batch.queue.idle();
        const pageId = batch.edits.openBatch().pages[0]!.id;
        const page = await batch.edits.openPage(pageId);
        expect(page).toMatchObject({ member: null, memberLookup: 'offline', blockers: expect.arrayContaining(['no-member']) });
        batch.edits.verifyPage(pageId, '2026-05-04');
        const waiting = await batch.edits.bookResolving(page.batchId);
        expect(waiting).toMatchObject({ submissions: 0, skipped: [{ pageId, reason: 'member-offline' }] });
        expect(batch.edits.getPage(pageId).state).toBe('verified');
        expect(pendingSubmissions(online.store.db, 5)).toEqual([]);

        // The connection is back: booking asks again and books the page.
        links = online.links;
        await expect(batch.edits.bookResolving(page.batchId)).resolves.toMatchObject({ submissions: 1, measuresBooked: 1, skipped: [] });
        expect(batch.edits.getPage(pageId)).toMatchObject({ state: 'booked', member: { birthYear: 1980 }, memberLookup: null });

        // A booklet nobody knows, also at the service, says that instead.
        expect(await batch.lookup.resolve('ZZZZZZZZZZ')).toBe('unknown');
      } finally {
        await batch.stop();
      }
    });

    /** A booklet printed at one station and sent to the service; a second, enrolled station whose booklet lookups go through `baseUrl`. */
    async function printedElsewhere(name: string, baseUrl: string, timeoutMs: number) {
      const printing = await station(`${name}-print`);
      const pick = printing.desk.pickByKvnr(member.kvnr, member.birthDate);
      if (!pick.ok) throw new Error('pick failed');
      const issued = await printing.desk.issue(pick.member.pickId, 2026);
      await printing.links.pushPending();
      const scanning = await station(`${name}-scan`);
      const api = ServiceApi.create({ baseUrl }, enrolledIdentity(scanning.store.db));
      stations.push({ store: scanning.store, api });
      const links = new BookletLinkSync({ db: scanning.store.db, api, timeoutMs, log: createLogger(name, memorySink()) });
      return { bookletId: issued.booklet.bookletId, store: scanning.store, links };
    }

    async function until(what: () => boolean, ms: number): Promise<void> {
      const end = Date.now() + ms;
      while (!what()) {
        if (Date.now() > end) throw new Error('timed out waiting');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }

    it('opens a page at once while the service black-holes the lookup, says it is pending, then offline; booking does not hang and keeps the page', async () => {
      const hole = await blackHole();
      const events: ClerkBatchEvent[] = [];
      const { bookletId, store, links } = await printedElsewhere('clerk-hole', hole.url, 7_000);
      const batch = batchQueue(store, () => links, events);
      try {
        await batch.intake.take('s1', { page: 1, path: await scanned(bookletId), sizeBytes: 1, format: 'jpeg' });
        await batch.queue.idle();
        const pageId = batch.edits.openBatch().pages[0]!.id;
        // 'pending' is the proof that opening did not wait for the client's 7 s timeout (no timing assertion here).
        const page = await batch.edits.openPage(pageId);
        const afterOpen = events.length;
        expect(hole.connections()).toBeGreaterThan(0);
        expect(page).toMatchObject({ bookletId, member: null, memberLookup: 'pending', blockers: expect.arrayContaining(['no-member']) });

        // Booking while the service still says nothing: bounded, the page is skipped as waiting and stays verified.
        batch.edits.verifyPage(pageId, '2026-05-04');
        const booked = await batch.edits.bookResolving(page.batchId);
        expect(booked).toMatchObject({ submissions: 0, skipped: [{ pageId, reason: 'member-offline' }] });
        // Still unanswered, or given up by the client meanwhile on a slow machine: either way the page waits, verified.
        expect(batch.edits.getPage(pageId)).toMatchObject({ state: 'verified', memberLookup: expect.stringMatching(/^(pending|offline)$/) });
        expect(pendingSubmissions(store.db, 5)).toEqual([]);

        // The client gives up: the page's event goes out and the page says offline.
        await until(() => batch.edits.getPage(pageId).memberLookup === 'offline' && events.slice(afterOpen).some((e) => e.pageId === pageId), 10_000);
        expect(batch.edits.getPage(pageId)).toMatchObject({ state: 'verified', member: null, memberLookup: 'offline' });
      } finally {
        await batch.stop();
        await hole.close();
      }
    });

    it('opens a page at once while the service is slow, and the page shows the member once the answer comes', async () => {
      const proxy = new FaultProxy(running.url, (request) => (request.url.startsWith('/v1/booklets/') ? { kind: 'delay', ms: 3_000 } : { kind: 'pass' }));
      const proxyUrl = await proxy.start();
      const events: ClerkBatchEvent[] = [];
      const { bookletId, store, links } = await printedElsewhere('clerk-slow', proxyUrl, 10_000);
      const batch = batchQueue(store, () => links, events);
      try {
        await batch.intake.take('s1', { page: 1, path: await scanned(bookletId), sizeBytes: 1, format: 'jpeg' });
        await batch.queue.idle();
        const pageId = batch.edits.openBatch().pages[0]!.id;
        // Recognition already asked in the background; opening the page joins that lookup and does not wait for it.
        const page = await batch.edits.openPage(pageId);
        expect(page).toMatchObject({ member: null, memberLookup: 'pending' });
        const before = events.length;
        await until(() => events.slice(before).some((e) => e.pageId === pageId), 10_000);
        expect(batch.edits.getPage(pageId)).toMatchObject({ member: { birthYear: 1980 }, memberLookup: null });
        expect(proxy.applied.filter((a) => a.request.url.startsWith('/v1/booklets/') && a.request.method === 'GET')).toHaveLength(1);

        // The clerk types another booklet id for the page: the change is made without waiting for
        // the slow answer ('pending' is the proof), and the page learns the answer when it comes.
        const other = 'ZXCVBNMASD';
        await batch.edits.lookupForClerk(other, pageId);
        const afterReassign = events.length;
        expect(batch.edits.reassignPage(pageId, other)).toMatchObject({ bookletId: other, member: null, memberLookup: 'pending' });
        await until(() => batch.edits.getPage(pageId).memberLookup === 'unknown' && events.slice(afterReassign).some((e) => e.pageId === pageId), 10_000);
      } finally {
        await batch.stop();
        await proxy.stop();
      }
    });

    it('keeps a link the service refuses (another member holds the id) on the station, logs it once and does not send it again', async () => {
      const { store, links, logs } = await station('clerk-conflict');
      await db.query("INSERT INTO booklet_links (booklet_id, kvnr, birth_date, year, program, station_id, issued_at) VALUES ('X7CNFL1CT0', 'Z999999991', '1990-01-01', 2026, 'adult', 'elsewhere', now())");
      store.db
        .prepare("INSERT INTO booklet_link (booklet_id, member_ref, kvnr, birth_date, year, program, source, issued_at, issued_by) VALUES ('X7CNFL1CT0', 'ref', ?, ?, 2026, 'adult', 'station', ?, 'staff:c')")
        .run(member.kvnr, member.birthDate, new Date().toISOString());
      await links.pushPending();
      await links.pushPending();
      expect(store.db.prepare("SELECT at_service FROM booklet_link WHERE booklet_id = 'X7CNFL1CT0'").pluck().get()).toBeNull();
      const atService = (await db.query<{ kvnr: string }>("SELECT kvnr FROM booklet_links WHERE booklet_id = 'X7CNFL1CT0'")).rows;
      expect(atService).toEqual([{ kvnr: 'Z999999991' }]);
      expect(logs.filter((r) => r.level === 'error').map((r) => r.message)).toEqual(['a booklet id is already linked to another member at the service']);
      expect(JSON.stringify(logs)).not.toContain(member.kvnr);
    });

    it('finds a member by exact name and birth date in the service register when online', async () => {
      const desk = (await station('clerk-search')).desk;
      const found = await desk.search('TESTFRAU', 'erika', member.birthDate);
      expect(found.searched).toEqual({ station: true, service: 'answered' });
      expect(found.members).toMatchObject([{ kvnr: member.kvnr, displayName: 'Erika Testfrau', source: 'service', program: 'adult' }]);
    });

    it('says the service was not reached when it is down, and still searches its own records', async () => {
      const store = openStationDatabase({ path: join(tempDir(), 'offline.db'), key: randomBytes(32) });
      const api = ServiceApi.create({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 2000 }, enrolledIdentity(store.db));
      stations.push({ store, api });
      const { token } = await running.admin.json('POST', '/v1/admin/enrollment-tokens', EnrollmentToken, { stationId: 'clerk-offline', mode: 'clerk', branch: 'Testfiliale' }, adminHeaders);
      const enrolling = ServiceApi.create({ baseUrl: running.url });
      await enrollStationDb(store.db, enrolling, 'clerk-offline', token, 'clerk');
      enrolling.close();
      const log = createLogger('offline', memorySink());
      const links = new BookletLinkSync({ db: store.db, api, log });
      const desk = new BookletDesk({ db: store.db, events: new EventHub(log), links, log, requireStaff: () => clerk });
      const found = await desk.search('Testfrau', 'Erika', member.birthDate);
      expect(found).toEqual({ members: [], searched: { station: true, service: 'offline' } });
      // A booklet printed offline stays to be sent.
      const pick = desk.pickByKvnr(member.kvnr, member.birthDate);
      if (!pick.ok) throw new Error('pick failed');
      const issued = await desk.issue(pick.member.pickId, new Date().getFullYear());
      await links.pushPending();
      expect(store.db.prepare('SELECT at_service FROM booklet_link WHERE booklet_id = ?').pluck().get(issued.booklet.bookletId)).toBeNull();
    });
  });
}
