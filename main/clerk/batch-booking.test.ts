import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adultOwner, clerk, now, scannedFile, station, tempDir } from '../../test/support/clerk-batch-setup';
import { SubmissionUpload } from '../contract/service-api';
import { PageCanvas } from '../imaging/booklet/page-canvas';
import { scanOf, stampInto } from '../../test/support/imaging/scans';
import { createLogger, memorySink } from '../runtime/logger';
import { pendingSubmissions } from '../sync/outbox';
import { bookletOwnerFromRegister } from './batch-owner';
import type { BookletOwner } from './batch-view';
import { BookletDesk } from './booklets-desk';
import { BookletLinkSync } from './booklets-sync';
import { legacyPage } from '../imaging/legacy/legacy-pages';
import { EventHub } from '../runtime/event-hub';

describe('booking a clerk batch', () => {
  it('books verified pages as one submission per member with crops and page image as evidence, in the outbox', async () => {
    const dir = tempDir();
    const owners = { K7M2Q9X4TR: adultOwner };
    const { service, store } = station({ owners });
    await service.intake.take('scan-1', { page: 1, path: await scannedFile(dir, 'p1.jpg', [0, 3]), sizeBytes: 1, format: 'jpeg' });
    await service.intake.take('scan-1', { page: 2, path: await scannedFile(dir, 'p2.jpg', [1], 'adult', 2), sizeBytes: 1, format: 'jpeg' });
    // A page of a booklet nobody linked to a member, and a page flagged for follow-up.
    await service.intake.take('scan-1', { page: 3, path: await scannedFile(dir, 'p3.jpg', [0], 'adult', 1, 'ZZZZZZZZ'), sizeBytes: 1, format: 'jpeg' });
    await service.intake.take('scan-1', { page: 4, path: await scannedFile(dir, 'p4.jpg', [2], 'adult', 3), sizeBytes: 1, format: 'jpeg' });
    // The empty back of a sheet.
    const back = join(dir, 'back.jpg');
    writeFileSync(back, await scanOf(new PageCanvas(148, 210, 300, [250, 250, 248])));
    await service.intake.take('scan-1', { page: 5, path: back, sizeBytes: 1, format: 'jpeg' });
    await service.queue.idle();
    const batch = service.edits.openBatch();
    const [p1, p2, p3, p4] = batch.pages.map((p) => p.id) as [string, string, string, string];
    expect(batch.pages[4]).toMatchObject({ kind: 'blank', state: 'recognized' });
    expect(service.edits.getPage(p3).blockers).toEqual(expect.arrayContaining(['no-member', 'not-verified']));
    service.edits.verifyPage(p1, '2026-05-04');
    service.edits.verifyPage(p2, '2026-05-20');
    service.edits.verifyPage(p3, '2026-05-20');
    service.edits.flagPage(p4, true, 'Stempel unleserlich');
    expect(() => service.edits.verifyPage(p4, '2026-05-20')).not.toThrow();

    const result = service.edits.book(batch.id);
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
    const states = service.edits.getBatch(batch.id).pages.map((p) => p.state);
    // The back of the sheet is done with the batch; the skipped pages wait.
    expect(states).toEqual(['booked', 'booked', 'verified', 'verified', 'booked']);
    expect(() => service.edits.setFieldDecision(p1, 1, 'empty')).toThrow(/booked page cannot be changed/);
    // Booking again books nothing twice.
    expect(service.edits.book(batch.id)).toMatchObject({ submissions: 0, pagesBooked: 0 });
    expect(pendingSubmissions(store.db, 10)).toHaveLength(1);
  });

  it('books each stamp on its own date; a stamp before the cover began is judged by its date, not the page’s', async () => {
    const dir = tempDir();
    const owner: BookletOwner = { ...adultOwner, coverStart: '2026-04-01' };
    const { service, store } = station({ owners: { K7M2Q9X4TR: owner } });
    await service.intake.take('scan-1', { page: 1, path: await scannedFile(dir, 'p1.jpg', [0, 3]), sizeBytes: 1, format: 'jpeg' });
    await service.queue.idle();
    const pageId = service.edits.openBatch().pages[0]!.id;
    // Bad dates are refused and change nothing.
    expect(() => service.edits.setFieldDate(pageId, 4, '2025-12-30')).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(() => service.edits.setFieldDate(pageId, 4, '2026-08-01')).toThrow(/future/);
    expect(() => service.edits.setFieldDate(pageId, 7, '2026-03-10')).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(service.edits.getPage(pageId).fields[3]).toMatchObject({ performedOn: null });

    const dated = service.edits.setFieldDate(pageId, 4, '2026-03-10');
    expect(dated.fields.map((f) => [f.measure, f.performedOn])).toEqual([
      [1, null],
      [2, null],
      [3, null],
      [4, '2026-03-10'],
    ]);
    // Measure 4 was stamped before the member was insured (so before participation began): the engine says so for that stamp only.
    expect(dated.fields[3]!.verdict).toMatchObject({ kind: 'rejected', reason: 'before_participation' });
    expect(dated.fields[0]!.verdict).toMatchObject({ kind: 'in_review' });
    service.edits.verifyPage(pageId, '2026-05-04');
    const result = service.edits.book(service.edits.openBatch().id);
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
    expect(() => service.edits.setFieldDate(pageId, 4, null)).toThrow(/booked page cannot be changed/);
  });

  it('does not call a stamp invalid when the station does not know the member’s participation: the service decides', async () => {
    const dir = tempDir();
    const undeclared: BookletOwner = { kvnr: 'A123457895', birthDate: '1980-04-02', initials: null };
    const { service } = station({ owners: { K7M2Q9X4TR: undeclared } });
    await service.intake.take('scan-1', { page: 1, path: await scannedFile(dir, 'a.jpg', [0]), sizeBytes: 1, format: 'jpeg' });
    await service.intake.take('scan-1', { page: 2, path: await scannedFile(dir, 'c.jpg', [0], 'child', 1), sizeBytes: 1, format: 'jpeg' });
    await service.queue.idle();
    const [adultPage, childPage] = service.edits.openBatch().pages.map((p) => service.edits.getPage(p.id));
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
    const desk = new BookletDesk({ db: store.db, events: new EventHub(log), links: new BookletLinkSync({ db: store.db, api: null, log }), log, requireStaff: () => clerk, now, onBatchPageChanged: (id) => service.events.pageChanged(id) });
    // An old booklet page: stamps in the fields of measures 1 and 3, measure 2 empty.
    const { canvas, template } = legacyPage('adult', 1);
    const fields = template.pages[0]!.fields;
    stampInto(canvas, fields[0]!.stampBox);
    stampInto(canvas, fields[2]!.stampBox);
    const file = join(dir, 'old.jpg');
    writeFileSync(file, await scanOf(canvas, { quality: 90 }));
    await service.intake.take('scan-1', { page: 1, path: file, sizeBytes: 1, format: 'jpeg' });
    await service.queue.idle();
    const batch = service.edits.openBatch();
    const pageId = batch.pages[0]!.id;
    expect(batch.pages[0]).toMatchObject({ kind: 'unregistered', state: 'recognized' });
    expect(service.edits.getPage(pageId).blockers).toEqual(expect.arrayContaining(['not-a-booklet-page', 'not-verified']));

    const page = await desk.legacyPage(pageId);
    const scale = page.imageSize.width / (canvas.width + 120);
    const rect = (i: number) => {
      const b = fields[i]!.stampBox;
      return { x: ((b.x * canvas.pxPerMm + 60) * scale) / page.imageSize.width, y: ((b.y * canvas.pxPerMm + 60) * scale) / page.imageSize.height, width: (b.width * canvas.pxPerMm * scale) / page.imageSize.width, height: (b.height * canvas.pxPerMm * scale) / page.imageSize.height };
    };
    const pick = desk.pickByKvnr('A123457895', '1980-04-02');
    if (!pick.ok) throw new Error('pick failed');
    // A date outside the booklet's year is refused and nothing is verified.
    await expect(desk.saveLegacy({ pageRef: pageId, pickId: pick.member.pickId, year: 2026, performedOn: '2025-05-04', regions: [{ measure: 1, rect: rect(0), final: 'stamped' }] })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(service.edits.getPage(pageId).state).toBe('recognized');
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

    const verified = service.edits.getPage(pageId);
    expect(verified).toMatchObject({ state: 'verified', kind: 'unregistered', bookletId: saved.bookletId, year: 2026, performedOn: '2026-05-04', blockers: [], member: { birthYear: 1980 } });
    expect(verified.fields.map((f) => [f.measure, f.effective, f.performedOn])).toEqual([
      [1, 'stamped', null],
      [2, 'empty', null],
      [3, 'stamped', '2026-02-11'],
    ]);
    // The overlay is the clerk's rectangle.
    expect(verified.fields[0]!.area.x).toBeCloseTo(rect(0).x, 5);
    expect(service.edits.openBatch().counts).toMatchObject({ verified: 1, recognized: 0 });
    // A verified page is not assigned again behind the clerk's back.
    await expect(desk.saveLegacy({ pageRef: pageId, pickId: pick.member.pickId, year: 2026, performedOn: '2026-05-04', regions: [{ measure: 1, rect: rect(0), final: 'empty' }] })).rejects.toMatchObject({ code: 'conflict' });

    // The desk's own booking is for pages opened from a file; this one goes with its batch.
    expect(() => desk.bookLegacy(pageId)).toThrow(/booked with its batch/);
    const result = service.edits.book(batch.id);
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
    expect(service.edits.getBatch(batch.id).pages[0]).toMatchObject({ state: 'booked' });
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
    await first.service.intake.take('scan-1', { page: 1, path: file, sizeBytes: 1, format: 'jpeg' });
    await first.service.queue.idle();
    const pageId = first.service.edits.openBatch().pages[0]!.id;
    const pick = desk.pickByKvnr('A123457895', '1980-04-02');
    if (!pick.ok) throw new Error('pick failed');
    await desk.saveLegacy({ pageRef: pageId, pickId: pick.member.pickId, year: 2026, performedOn: '2026-06-01', regions: [{ measure: 5, rect: { x: 0.1, y: 0.2, width: 0.5, height: 0.15 }, final: 'stamped' }] });
    await first.close();

    const second = station({ path: first.path, ownerOf: (db) => bookletOwnerFromRegister(db) });
    await second.started;
    const batch = second.service.edits.openBatch();
    expect(batch.pages).toMatchObject([{ state: 'verified', kind: 'unregistered', stamped: 1 }]);

    // Reopened to correct the date: the editor starts from the saved regions; saving verifies it again.
    expect(second.service.edits.reopenPage(pageId).state).toBe('recognized');
    const desk2 = new BookletDesk({ db: second.store.db, events: new EventHub(log), links: new BookletLinkSync({ db: second.store.db, api: null, log }), log, requireStaff: () => clerk, now });
    const reopened = await desk2.legacyPage(pageId);
    expect(reopened.assignment).toMatchObject({ performedOn: '2026-06-01', booked: null, regions: [{ measure: 5, final: 'stamped' }] });
    const again = desk2.pickByKvnr('A123457895', '1980-04-02');
    if (!again.ok) throw new Error('pick failed');
    await desk2.saveLegacy({ pageRef: pageId, pickId: again.member.pickId, year: 2026, bookletId: reopened.assignment!.bookletId, performedOn: '2026-06-02', regions: [{ measure: 5, rect: reopened.assignment!.regions[0]!.rect, final: 'stamped' }] });
    expect(second.service.edits.getPage(pageId)).toMatchObject({ state: 'verified', performedOn: '2026-06-02', stamped: 1 });

    expect(second.service.edits.book(batch.id)).toMatchObject({ submissions: 1, measuresBooked: 1 });
    expect(SubmissionUpload.parse(pendingSubmissions(second.store.db, 10)[0]!.payload).measures).toMatchObject([{ measure: 5, performedOn: '2026-06-02' }]);
    // Booked with the batch: the assignment says so, and the page is not assigned anew.
    expect((await desk2.legacyPage(pageId)).assignment?.booked).toMatchObject({ submissionId: expect.any(String) });
    expect(second.service.edits.getPage(pageId).state).toBe('booked');
    await expect(desk2.saveLegacy({ pageRef: pageId, pickId: again.member.pickId, year: 2026, performedOn: '2026-06-02', regions: [{ measure: 5, rect: reopened.assignment!.regions[0]!.rect, final: 'empty' }] })).rejects.toMatchObject({ code: 'conflict' });
  });
});
