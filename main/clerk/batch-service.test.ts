import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../test/support/temp-dir';
import type { ClerkBatchEvent, StaffSessionView } from '../contract';
import { ContractError } from '../contract';
import { SubmissionUpload } from '../contract/service-api';
import type { Declaration } from '../domain';
import { PageCanvas } from '../imaging/booklet/page-canvas';
import { bookletTemplate } from '../imaging/booklet/template';
import { bookletPage, scanOf, stampInto } from '../../test/support/imaging/scans';
import { ImagingWorker } from '../imaging/worker/imaging-worker-client';
import { createLogger, memorySink } from '../runtime/logger';
import { openStationDatabase, type StationDatabase } from '../store/database';
import { pendingSubmissions } from '../sync/outbox';
import { ClerkBatchService, type PageRecognizer } from './batch-service';
import { bookletOwnerFromRegister } from './batch-owner';
import type { BookletOwner, BookletOwnerLookup } from './batch-view';
import { BookletDesk } from './booklets-desk';
import { BookletLinkSync } from './booklets-sync';
import { legacyPage } from '../imaging/legacy/legacy-pages';
import { EventHub } from '../runtime/event-hub';

const tempDir = useTempDir('clerk-batch-');
const key = randomBytes(32);
const clerk: StaffSessionView = { staffId: 'c.mueller', displayName: 'Claudia Müller', role: 'clerk', signedInAt: '2026-06-15T08:00:00.000Z', expiresAt: '2026-06-15T09:00:00.000Z' };
const now = () => new Date('2026-06-15T10:00:00Z');
const declared: Declaration[] = [
  { year: 2026, declaredOn: '2026-01-10', channel: 'paper', declaredBy: { role: 'self', personRef: 'self' }, consentSgbV284: true, termsVersion: '2026-01' },
];
const adultOwner: BookletOwner = { kvnr: 'A123457895', birthDate: '1980-04-02', initials: 'H. M.', declarations: declared };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function station(options: { path?: string; recognizer?: PageRecognizer; owners?: Record<string, BookletOwner>; ownerOf?: (db: StationDatabase['db']) => BookletOwnerLookup; signedIn?: boolean; inboxDir?: string } = {}) {
  const path = options.path ?? join(tempDir(), 'station.db');
  const store: StationDatabase = openStationDatabase({ path, key });
  const events: ClerkBatchEvent[] = [];
  const sink = memorySink();
  const recognizer = options.recognizer ?? new ImagingWorker();
  const service = new ClerkBatchService({
    db: store.db,
    publish: (_name, payload) => events.push(payload),
    log: createLogger('clerk-batch', sink),
    recognizer,
    requireStaff: () => {
      if (options.signedIn === false) throw new ContractError('forbidden', 'Staff sign-in required');
      return clerk;
    },
    currentStaffId: () => clerk.staffId,
    ownerOf: options.ownerOf ? options.ownerOf(store.db) : (id) => (options.owners ?? { K7M2Q9X4TR: adultOwner })[id] ?? null,
    ...(options.inboxDir ? { inboxDir: options.inboxDir } : {}),
    now,
  });
  const started = service.start();
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await service.stop();
    store.close();
  };
  cleanups.push(close);
  return { path, store, service, events, sink, close, started };
}

/** A page file as the scanner service leaves it in its inbox. */
async function scannedFile(dir: string, name: string, stamps: number[], program: 'adult' | 'child' = 'adult', page = 1, bookletId = 'K7M2Q9X4TR'): Promise<string> {
  const canvas = bookletPage(program, page, bookletId);
  const fields = bookletTemplate(program).pages[page - 1]!.fields;
  for (const index of stamps) stampInto(canvas, fields[index]!.stampBox);
  const path = join(dir, name);
  writeFileSync(path, await scanOf(canvas, { angle: 1.5 }));
  return path;
}

/** A short pen stroke in a box: too much ink to call it empty, too little to call it a stamp. */
async function unsureFile(dir: string): Promise<string> {
  const canvas = bookletPage('adult', 1);
  const box = bookletTemplate('adult').pages[0]!.fields[3]!.stampBox;
  canvas.strokeLine(box.x + 30, box.y + 15, box.x + 35, box.y + 15, 0.35, [20, 30, 120]);
  const path = join(dir, 'unsure.jpg');
  writeFileSync(path, await scanOf(canvas));
  return path;
}

describe('the clerk batch queue', () => {
  it('takes a scanned page into the open batch, removes the file and recognizes it off the main thread', async () => {
    const dir = tempDir();
    const { service, store, events } = station();
    const file = await scannedFile(dir, 'page-0001.jpg', [0, 2]);
    await service.takeScannedPage('scan-1', { page: 1, path: file, sizeBytes: 1, format: 'jpeg' });
    expect(existsSync(file)).toBe(false);
    await service.idle();

    const batch = service.openBatch();
    expect(batch.counts).toMatchObject({ total: 1, recognized: 1, scanned: 0 });
    expect(batch.pages).toMatchObject([{ seq: 1, state: 'recognized', kind: 'booklet_page', bookletId: 'K7M2Q9X4TR', pageNo: 1, program: 'adult', stamped: 2, undecided: 0 }]);
    // The raw scan is dropped once the archive copy and crops are stored.
    expect(store.db.prepare('SELECT scan IS NULL AS dropped, length(archive) > 1000 AS archived FROM clerk_page').get()).toEqual({ dropped: 1, archived: 1 });
    expect(store.db.prepare('SELECT count(*) FROM clerk_field WHERE length(crop) > 500').pluck().get()).toBe(4);
    expect(events.at(-1)).toMatchObject({ batchId: batch.id, recognizing: false, counts: { recognized: 1 } });
    expect(events.some((e) => e.counts.scanned === 1)).toBe(true);

    const page = service.getPage(batch.pages[0]!.id);
    expect(page.fields.map((f) => f.effective)).toEqual(['stamped', 'empty', 'stamped', 'empty']);
    expect(page.image).toMatch(/^data:image\/jpeg;base64,/);
    expect(page.member).toEqual({ initials: 'H. M.', birthYear: 1980 });
    for (const f of page.fields) expect(f.area.width).toBeGreaterThan(0.3);
    expect(page.fields[0]!.verdict).toMatchObject({ kind: 'in_review' });
  });

  it('recognizes at start what a restart left unrecognized', async () => {
    const dir = tempDir();
    // A recognizer that never answers stands for the station being shut down mid-recognition.
    let abandon = (_e: Error) => undefined as void;
    const stalled: PageRecognizer = {
      recognizePage: () => new Promise((_resolve, reject) => (abandon = reject)),
      stop: async () => abandon(new Error('stopped')),
    };
    const first = station({ recognizer: stalled });
    await first.service.takeScannedPage('scan-1', { page: 1, path: await scannedFile(dir, 'a.jpg', [1]), sizeBytes: 1, format: 'jpeg' });
    expect(first.service.openBatch().pages.map((p) => p.state)).toEqual(['scanned']);
    await first.close();
    // The page in flight at shutdown is not an error: it waits for the next start.

    const second = station({ path: first.path });
    await second.service.idle();
    expect(second.service.openBatch().pages).toMatchObject([{ state: 'recognized', stamped: 1 }]);
  });

  it('takes pages a crash left in the scanner inbox at start, and removes them there', async () => {
    const dir = tempDir();
    const inbox = join(dir, 'scan-inbox');
    mkdirSync(join(inbox, 'scan-7'), { recursive: true });
    await scannedFile(join(inbox, 'scan-7'), 'page-0001.jpg', [0]);
    await scannedFile(join(inbox, 'scan-7'), 'page-0002.jpg', [1, 2]);
    writeFileSync(join(inbox, 'scan-7', 'page-0003.png.part'), 'half a page');
    const { service, started } = station({ inboxDir: inbox });
    await started;
    await service.idle();
    expect(service.openBatch().pages).toMatchObject([
      { seq: 1, state: 'recognized', stamped: 1 },
      { seq: 2, state: 'recognized', stamped: 2 },
    ]);
    // The half-written page is no page: it stays, and so does its folder.
    expect(readdirSync(join(inbox, 'scan-7'))).toEqual(['page-0003.png.part']);
  });

  it('a file that is no image ends in error with a code and the batch goes on', async () => {
    const dir = tempDir();
    const { service } = station();
    const bad = join(dir, 'page-0001.png');
    writeFileSync(bad, 'kein Bild, nur Text');
    await service.takeScannedPage('scan-1', { page: 1, path: bad, sizeBytes: 19, format: 'png' });
    await service.takeScannedPage('scan-1', { page: 2, path: await scannedFile(dir, 'b.jpg', []), sizeBytes: 1, format: 'jpeg' });
    await service.idle();
    const batch = service.openBatch();
    expect(batch.pages).toMatchObject([
      { seq: 1, state: 'error', errorCode: 'not_an_image' },
      { seq: 2, state: 'recognized', stamped: 0 },
    ]);
    expect(batch.counts).toMatchObject({ total: 2, error: 1, recognized: 1 });
    expect(() => service.verifyPage(batch.pages[0]!.id, '2026-06-01')).toThrow(/cannot be changed/);
  });

  it('unsure fields must be decided before the page is verified; the decision is the clerk’s', async () => {
    const dir = tempDir();
    const { service, store } = station();
    await service.takeScannedPage('scan-1', { page: 1, path: await unsureFile(dir), sizeBytes: 1, format: 'jpeg' });
    await service.idle();
    const [summary] = service.openBatch().pages;
    expect(summary).toMatchObject({ undecided: 1 });
    const page = service.getPage(summary!.id);
    expect(page.fields[3]).toMatchObject({ recognized: 'unsure', effective: 'unsure', decision: null });
    expect(page.blockers).toContain('undecided-fields');
    expect(() => service.verifyPage(page.id, '2026-06-01')).toThrow(expect.objectContaining({ code: 'conflict' }));

    const decided = service.setFieldDecision(page.id, 4, 'empty');
    expect(decided.fields[3]).toMatchObject({ recognized: 'unsure', decision: 'empty', effective: 'empty' });
    expect(() => service.verifyPage(page.id, '2026-07-01')).toThrow(/future/);
    expect(() => service.verifyPage(page.id, '2025-12-31')).toThrow(/booklet year/);
    const verified = service.verifyPage(page.id, '2026-06-01');
    expect(verified).toMatchObject({ state: 'verified', performedOn: '2026-06-01', blockers: [] });
    // Verified pages are not changed behind the clerk's back; reopening is explicit.
    expect(() => service.setFieldDecision(page.id, 1, 'stamped')).toThrow(/verified page cannot be changed/);
    expect(service.reopenPage(page.id).state).toBe('recognized');
    expect(store.db.prepare("SELECT action FROM audit_log WHERE actor = 'staff:c.mueller' ORDER BY seq").pluck().all()).toEqual(['clerk.field.decide', 'clerk.page.verify', 'clerk.page.reopen']);
  });

  it('books verified pages as one submission per member with crops and page image as evidence, in the outbox', async () => {
    const dir = tempDir();
    const owners = { K7M2Q9X4TR: adultOwner };
    const { service, store } = station({ owners });
    await service.takeScannedPage('scan-1', { page: 1, path: await scannedFile(dir, 'p1.jpg', [0, 3]), sizeBytes: 1, format: 'jpeg' });
    await service.takeScannedPage('scan-1', { page: 2, path: await scannedFile(dir, 'p2.jpg', [1], 'adult', 2), sizeBytes: 1, format: 'jpeg' });
    // A page of a booklet nobody linked to a member, and a page flagged for follow-up.
    await service.takeScannedPage('scan-1', { page: 3, path: await scannedFile(dir, 'p3.jpg', [0], 'adult', 1, 'ZZZZZZZZ'), sizeBytes: 1, format: 'jpeg' });
    await service.takeScannedPage('scan-1', { page: 4, path: await scannedFile(dir, 'p4.jpg', [2], 'adult', 3), sizeBytes: 1, format: 'jpeg' });
    // The empty back of a sheet.
    const back = join(dir, 'back.jpg');
    writeFileSync(back, await scanOf(new PageCanvas(148, 210, 300, [250, 250, 248])));
    await service.takeScannedPage('scan-1', { page: 5, path: back, sizeBytes: 1, format: 'jpeg' });
    await service.idle();
    const batch = service.openBatch();
    const [p1, p2, p3, p4] = batch.pages.map((p) => p.id) as [string, string, string, string];
    expect(batch.pages[4]).toMatchObject({ kind: 'blank', state: 'recognized' });
    expect(service.getPage(p3).blockers).toEqual(expect.arrayContaining(['no-member', 'not-verified']));
    service.verifyPage(p1, '2026-05-04');
    service.verifyPage(p2, '2026-05-20');
    service.verifyPage(p3, '2026-05-20');
    service.flagPage(p4, true, 'Stempel unleserlich');
    expect(() => service.verifyPage(p4, '2026-05-20')).not.toThrow();

    const result = service.book(batch.id);
    expect(result).toMatchObject({ submissions: 1, pagesBooked: 2, measuresBooked: 3 });
    expect(result.skipped.map((s) => s.reason).sort()).toEqual(['flagged', 'no-member']);

    const [queued, ...rest] = pendingSubmissions(store.db, 10);
    expect(rest).toEqual([]);
    const payload = SubmissionUpload.parse(queued!.payload);
    expect(payload).toMatchObject({ kind: 'measures', participationYear: 2026, member: { kvnr: 'A123457895' } });
    expect(payload.measures.map((m) => [m.measure, m.performedOn, m.evidence.map((e) => e.kind)])).toEqual([
      [1, '2026-05-04', ['booklet-stamp', 'scan']],
      [4, '2026-05-04', ['booklet-stamp', 'scan']],
      [6, '2026-05-20', ['booklet-stamp', 'scan']],
    ]);
    // Three crops and two page images, stored once each.
    expect(queued!.blobs).toHaveLength(5);
    expect(store.db.prepare('SELECT measure, evidence, review FROM measure_record ORDER BY measure').all()).toEqual([
      { measure: 1, evidence: 'booklet_stamp', review: 'pending' },
      { measure: 4, evidence: 'booklet_stamp', review: 'pending' },
      { measure: 6, evidence: 'booklet_stamp', review: 'pending' },
    ]);
    const states = service.getBatch(batch.id).pages.map((p) => p.state);
    // The back of the sheet is done with the batch; the skipped pages wait.
    expect(states).toEqual(['booked', 'booked', 'verified', 'verified', 'booked']);
    expect(() => service.setFieldDecision(p1, 1, 'empty')).toThrow(/booked page cannot be changed/);
    // Booking again books nothing twice.
    expect(service.book(batch.id)).toMatchObject({ submissions: 0, pagesBooked: 0 });
    expect(pendingSubmissions(store.db, 10)).toHaveLength(1);
  });

  it('shows the rules engine’s verdict: a child’s booklet stamp for an adult member does not count', async () => {
    const dir = tempDir();
    const { service } = station({ owners: { K7M2Q9X4TR: adultOwner } });
    await service.takeScannedPage('scan-1', { page: 1, path: await scannedFile(dir, 'child.jpg', [0], 'child', 1), sizeBytes: 1, format: 'jpeg' });
    await service.idle();
    const page = service.getPage(service.openBatch().pages[0]!.id);
    const stamped = page.fields.find((f) => f.effective === 'stamped')!;
    expect(stamped.verdict?.kind).toBe('rejected');
    expect(stamped.verdict?.text.de.length).toBeGreaterThan(5);
  });

  it('a page whose code is unreadable is identified by the clerk and then recognized with that booklet and page', async () => {
    const dir = tempDir();
    const owner: BookletOwner = { ...adultOwner, year: 2026, program: 'adult' };
    const { service, store } = station({ owners: { K7M2Q9X4TR: owner } });
    const canvas = bookletPage('adult', 2);
    const template = bookletTemplate('adult');
    stampInto(canvas, template.pages[1]!.fields[0]!.stampBox);
    // Coffee over the code: the corner marks are still there, the code is not.
    const qr = template.qr;
    canvas.fillRect(qr.x + 2, qr.y + 2, qr.width - 4, qr.height - 4, [90, 60, 40]);
    const file = join(dir, 'smudged.jpg');
    writeFileSync(file, await scanOf(canvas));
    await service.takeScannedPage('scan-1', { page: 1, path: file, sizeBytes: 1, format: 'jpeg' });
    await service.idle();
    const pageId = service.openBatch().pages[0]!.id;
    expect(service.getPage(pageId)).toMatchObject({ kind: 'unidentified', fields: [], blockers: expect.arrayContaining(['not-a-booklet-page']) });
    expect(() => service.identifyPage(pageId, 'ZZZZZZZZ', 2)).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => service.identifyPage(pageId, 'K7M2Q9X4TR', 9)).toThrow(expect.objectContaining({ code: 'invalid_input' }));

    expect(service.identifyPage(pageId, 'K7M2Q9X4TR', 2)).toMatchObject({ state: 'scanned', bookletId: 'K7M2Q9X4TR', pageNo: 2 });
    await service.idle();
    const identified = service.getPage(pageId);
    expect(identified).toMatchObject({ state: 'recognized', kind: 'booklet_page', reassigned: true, bookletId: 'K7M2Q9X4TR', pageNo: 2 });
    expect(identified.fields.map((f) => [f.measure, f.effective])).toEqual([
      [5, 'stamped'],
      [6, 'empty'],
      [7, 'empty'],
      [8, 'empty'],
    ]);
    expect(store.db.prepare('SELECT scan IS NULL FROM clerk_page').pluck().get()).toBe(1);
  });

  it('reassigns a page to another booklet, flags it, and refuses everything without a signed-in clerk', async () => {
    const dir = tempDir();
    const other: BookletOwner = { ...adultOwner, kvnr: 'L567812344', initials: 'L. Ö.' };
    const { service, store } = station({ owners: { K7M2Q9X4TR: adultOwner, B7M2Q9X4TR: other } });
    await service.takeScannedPage('scan-1', { page: 1, path: await scannedFile(dir, 'p.jpg', [0]), sizeBytes: 1, format: 'jpeg' });
    await service.idle();
    const pageId = service.openBatch().pages[0]!.id;
    const moved = service.reassignPage(pageId, 'B7M2Q9X4TR');
    expect(moved).toMatchObject({ bookletId: 'B7M2Q9X4TR', reassigned: true, member: { initials: 'L. Ö.' } });
    expect(service.flagPage(pageId, true, 'Rückfrage beim Arzt')).toMatchObject({ flagged: true, flagNote: 'Rückfrage beim Arzt', blockers: expect.arrayContaining(['flagged']) });
    expect(service.flagPage(pageId, false)).toMatchObject({ flagged: false, flagNote: null });
    expect(store.db.prepare("SELECT detail FROM audit_log WHERE action = 'clerk.page.reassign'").pluck().get()).toBe('booklet=B7M2Q9X4TR');

    const locked = station({ signedIn: false });
    expect(() => locked.service.openBatch()).toThrow(expect.objectContaining({ code: 'forbidden' }));
  });

  it('books each stamp on its own date; a stamp before the cover began is judged by its date, not the page’s', async () => {
    const dir = tempDir();
    const owner: BookletOwner = { ...adultOwner, coverStart: '2026-04-01' };
    const { service, store } = station({ owners: { K7M2Q9X4TR: owner } });
    await service.takeScannedPage('scan-1', { page: 1, path: await scannedFile(dir, 'p1.jpg', [0, 3]), sizeBytes: 1, format: 'jpeg' });
    await service.idle();
    const pageId = service.openBatch().pages[0]!.id;
    // Bad dates are refused and change nothing.
    expect(() => service.setFieldDate(pageId, 4, '2025-12-30')).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(() => service.setFieldDate(pageId, 4, '2026-08-01')).toThrow(/future/);
    expect(() => service.setFieldDate(pageId, 7, '2026-03-10')).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(service.getPage(pageId).fields[3]).toMatchObject({ performedOn: null });

    const dated = service.setFieldDate(pageId, 4, '2026-03-10');
    expect(dated.fields.map((f) => [f.measure, f.performedOn])).toEqual([
      [1, null],
      [2, null],
      [3, null],
      [4, '2026-03-10'],
    ]);
    // Measure 4 was stamped before the member was insured (so before participation began): the engine says so for that stamp only.
    expect(dated.fields[3]!.verdict).toMatchObject({ kind: 'rejected', reason: 'before_participation' });
    expect(dated.fields[0]!.verdict).toMatchObject({ kind: 'in_review' });
    service.verifyPage(pageId, '2026-05-04');
    const result = service.book(service.openBatch().id);
    expect(result).toMatchObject({ submissions: 1, measuresBooked: 2 });
    const payload = SubmissionUpload.parse(pendingSubmissions(store.db, 10)[0]!.payload);
    expect(payload.measures.map((m) => [m.measure, m.performedOn])).toEqual([
      [1, '2026-05-04'],
      [4, '2026-03-10'],
    ]);
    expect(store.db.prepare('SELECT measure, performed_on FROM measure_record ORDER BY measure').all()).toEqual([
      { measure: 1, performed_on: '2026-05-04' },
      { measure: 4, performed_on: '2026-03-10' },
    ]);
    // The date goes back to the page's with null; on a booked page nothing changes any more.
    expect(() => service.setFieldDate(pageId, 4, null)).toThrow(/booked page cannot be changed/);
  });

  it('does not call a stamp invalid when the station does not know the member’s participation: the service decides', async () => {
    const dir = tempDir();
    const undeclared: BookletOwner = { kvnr: 'A123457895', birthDate: '1980-04-02', initials: null };
    const { service } = station({ owners: { K7M2Q9X4TR: undeclared } });
    await service.takeScannedPage('scan-1', { page: 1, path: await scannedFile(dir, 'a.jpg', [0]), sizeBytes: 1, format: 'jpeg' });
    await service.takeScannedPage('scan-1', { page: 2, path: await scannedFile(dir, 'c.jpg', [0], 'child', 1), sizeBytes: 1, format: 'jpeg' });
    await service.idle();
    const [adultPage, childPage] = service.openBatch().pages.map((p) => service.getPage(p.id));
    const verdict = adultPage!.fields.find((f) => f.effective === 'stamped')!.verdict!;
    expect(verdict).toMatchObject({ kind: 'in_review', reason: 'participation_unknown_here' });
    expect(verdict.text.de).toContain('an dieser Station nicht bekannt');
    expect(verdict.text.de).not.toContain('keine gültige Teilnahme');
    expect(verdict.text.en).toContain('the bonus service decides');
    // What the station does know still counts: a child's measure for an adult is refused.
    expect(childPage!.fields.find((f) => f.effective === 'stamped')!.verdict).toMatchObject({ kind: 'rejected', reason: 'other_program' });
  });

  it('a page without marks is assigned by hand, then counts as verified and is booked with the batch: its own dates, region crops and page image', async () => {
    const dir = tempDir();
    const { service, store } = station({ ownerOf: (db) => bookletOwnerFromRegister(db) });
    const log = createLogger('desk', memorySink());
    const desk = new BookletDesk({ db: store.db, events: new EventHub(log), links: new BookletLinkSync({ db: store.db, api: null, log }), log, requireStaff: () => clerk, now, onBatchPageChanged: (id) => service.pageChanged(id) });
    // An old booklet page: stamps in the fields of measures 1 and 3, measure 2 empty.
    const { canvas, template } = legacyPage('adult', 1);
    const fields = template.pages[0]!.fields;
    stampInto(canvas, fields[0]!.stampBox);
    stampInto(canvas, fields[2]!.stampBox);
    const file = join(dir, 'old.jpg');
    writeFileSync(file, await scanOf(canvas, { quality: 90 }));
    await service.takeScannedPage('scan-1', { page: 1, path: file, sizeBytes: 1, format: 'jpeg' });
    await service.idle();
    const batch = service.openBatch();
    const pageId = batch.pages[0]!.id;
    expect(batch.pages[0]).toMatchObject({ kind: 'unregistered', state: 'recognized' });
    expect(service.getPage(pageId).blockers).toEqual(expect.arrayContaining(['not-a-booklet-page', 'not-verified']));

    const page = desk.legacyPage(pageId);
    const scale = page.imageSize.width / (canvas.width + 120);
    const rect = (i: number) => {
      const b = fields[i]!.stampBox;
      return { x: ((b.x * canvas.pxPerMm + 60) * scale) / page.imageSize.width, y: ((b.y * canvas.pxPerMm + 60) * scale) / page.imageSize.height, width: (b.width * canvas.pxPerMm * scale) / page.imageSize.width, height: (b.height * canvas.pxPerMm * scale) / page.imageSize.height };
    };
    const pick = desk.pickByKvnr('A123457895', '1980-04-02');
    if (!pick.ok) throw new Error('pick failed');
    // A date outside the booklet's year is refused and nothing is verified.
    await expect(desk.saveLegacy({ pageRef: pageId, pickId: pick.member.pickId, year: 2026, performedOn: '2025-05-04', regions: [{ measure: 1, rect: rect(0), final: 'stamped' }] })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(service.getPage(pageId).state).toBe('recognized');
    const saved = await desk.saveLegacy({
      pageRef: pageId,
      pickId: pick.member.pickId,
      year: 2026,
      performedOn: '2026-05-04',
      regions: [
        { measure: 1, rect: rect(0), final: 'stamped' },
        { measure: 2, rect: rect(1), final: 'empty' },
        { measure: 3, rect: rect(2), final: 'stamped', performedOn: '2026-02-11' },
      ],
    });
    expect(saved.regions.map((r) => [r.measure, r.decision, r.final, r.performedOn])).toEqual([
      [1, 'stamped', 'stamped', null],
      [2, 'empty', 'empty', null],
      [3, 'stamped', 'stamped', '2026-02-11'],
    ]);

    const verified = service.getPage(pageId);
    expect(verified).toMatchObject({ state: 'verified', kind: 'unregistered', bookletId: saved.bookletId, year: 2026, performedOn: '2026-05-04', blockers: [], member: { birthYear: 1980 } });
    expect(verified.fields.map((f) => [f.measure, f.effective, f.performedOn])).toEqual([
      [1, 'stamped', null],
      [2, 'empty', null],
      [3, 'stamped', '2026-02-11'],
    ]);
    // The overlay is the clerk's rectangle.
    expect(verified.fields[0]!.area.x).toBeCloseTo(rect(0).x, 5);
    expect(service.openBatch().counts).toMatchObject({ verified: 1, recognized: 0 });
    // A verified page is not assigned again behind the clerk's back.
    await expect(desk.saveLegacy({ pageRef: pageId, pickId: pick.member.pickId, year: 2026, performedOn: '2026-05-04', regions: [{ measure: 1, rect: rect(0), final: 'empty' }] })).rejects.toMatchObject({ code: 'conflict' });

    // The desk's own booking is for pages opened from a file; this one goes with its batch.
    expect(() => desk.bookLegacy(pageId)).toThrow(/booked with its batch/);
    const result = service.book(batch.id);
    expect(result).toMatchObject({ submissions: 1, pagesBooked: 1, measuresBooked: 2, skipped: [] });
    const [queued] = pendingSubmissions(store.db, 10);
    const payload = SubmissionUpload.parse(queued!.payload);
    expect(payload).toMatchObject({ kind: 'measures', participationYear: 2026, member: { kvnr: 'A123457895' } });
    expect(payload.measures.map((m) => [m.measure, m.performedOn, m.evidence.map((e) => e.kind)])).toEqual([
      [1, '2026-05-04', ['booklet-stamp', 'scan']],
      [3, '2026-02-11', ['booklet-stamp', 'scan']],
    ]);
    // Two region crops, the page image once.
    expect(queued!.blobs).toHaveLength(3);
    expect(service.getBatch(batch.id).pages[0]).toMatchObject({ state: 'booked' });
    await desk.stop();
  });

  it('keeps a verified legacy page across a restart and books it then', async () => {
    const dir = tempDir();
    const first = station({ ownerOf: (db) => bookletOwnerFromRegister(db) });
    const log = createLogger('desk', memorySink());
    const desk = new BookletDesk({ db: first.store.db, events: new EventHub(log), links: new BookletLinkSync({ db: first.store.db, api: null, log }), log, requireStaff: () => clerk, now });
    const { canvas, template } = legacyPage('adult', 2);
    stampInto(canvas, template.pages[1]!.fields[0]!.stampBox);
    const file = join(dir, 'old.jpg');
    writeFileSync(file, await scanOf(canvas));
    await first.service.takeScannedPage('scan-1', { page: 1, path: file, sizeBytes: 1, format: 'jpeg' });
    await first.service.idle();
    const pageId = first.service.openBatch().pages[0]!.id;
    const pick = desk.pickByKvnr('A123457895', '1980-04-02');
    if (!pick.ok) throw new Error('pick failed');
    await desk.saveLegacy({ pageRef: pageId, pickId: pick.member.pickId, year: 2026, performedOn: '2026-06-01', regions: [{ measure: 5, rect: { x: 0.1, y: 0.2, width: 0.5, height: 0.15 }, final: 'stamped' }] });
    await first.close();

    const second = station({ path: first.path, ownerOf: (db) => bookletOwnerFromRegister(db) });
    await second.started;
    const batch = second.service.openBatch();
    expect(batch.pages).toMatchObject([{ state: 'verified', kind: 'unregistered', stamped: 1 }]);

    // Reopened to correct the date: the editor starts from the saved regions; saving verifies it again.
    expect(second.service.reopenPage(pageId).state).toBe('recognized');
    const desk2 = new BookletDesk({ db: second.store.db, events: new EventHub(log), links: new BookletLinkSync({ db: second.store.db, api: null, log }), log, requireStaff: () => clerk, now });
    const reopened = desk2.legacyPage(pageId);
    expect(reopened.assignment).toMatchObject({ performedOn: '2026-06-01', booked: null, regions: [{ measure: 5, final: 'stamped' }] });
    const again = desk2.pickByKvnr('A123457895', '1980-04-02');
    if (!again.ok) throw new Error('pick failed');
    await desk2.saveLegacy({ pageRef: pageId, pickId: again.member.pickId, year: 2026, bookletId: reopened.assignment!.bookletId, performedOn: '2026-06-02', regions: [{ measure: 5, rect: reopened.assignment!.regions[0]!.rect, final: 'stamped' }] });
    expect(second.service.getPage(pageId)).toMatchObject({ state: 'verified', performedOn: '2026-06-02', stamped: 1 });

    expect(second.service.book(batch.id)).toMatchObject({ submissions: 1, measuresBooked: 1 });
    expect(SubmissionUpload.parse(pendingSubmissions(second.store.db, 10)[0]!.payload).measures).toMatchObject([{ measure: 5, performedOn: '2026-06-02' }]);
    // Booked with the batch: the assignment says so, and the page is not assigned anew.
    expect(desk2.legacyPage(pageId).assignment?.booked).toMatchObject({ submissionId: expect.any(String) });
    expect(second.service.getPage(pageId).state).toBe('booked');
    await expect(desk2.saveLegacy({ pageRef: pageId, pickId: again.member.pickId, year: 2026, performedOn: '2026-06-02', regions: [{ measure: 5, rect: reopened.assignment!.regions[0]!.rect, final: 'empty' }] })).rejects.toMatchObject({ code: 'conflict' });
  });
});
