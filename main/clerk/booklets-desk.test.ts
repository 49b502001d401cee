import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../test/support/temp-dir';
import { createTestDesk, pickedId } from '../../test/support/booklet-desk';
import type { CardSession, StaffSessionView } from '../contract';
import { legacyPage } from '../imaging/legacy/legacy-pages';
import { recognizePage } from '../imaging/recognition/recognize-page';
import { ImagingWorker } from '../imaging/worker/imaging-worker-client';
import { bookletPage, scanOf, stampInto } from '../../test/support/imaging/scans';
import { SubmissionUpload } from '../contract/service-api';
import { pendingSubmissions } from '../sync/outbox';
import type { StationDatabase } from '../store/database';
import { addScannedPage, ensureOpenBatch, saveRecognition } from './batch-store';
import { memberForBooklet } from './booklets';
import { legacyAssignmentFor, purgeAbandonedLegacyPages } from './legacy';

const tempDir = useTempDir();
const stores: StationDatabase[] = [];
afterEach(() => stores.splice(0).forEach((s) => s.close()));

const clerk: StaffSessionView = { staffId: 'c.mueller', displayName: 'Claudia Müller', role: 'clerk', signedInAt: 't', expiresAt: 't' };
const adultKvnr = 'A123457895';
const childKvnr = 'B123457897';

function card(kvnr: string, birthDate: string, firstName = 'Erika', lastName = 'Testfrau'): CardSession {
  return {
    sessionId: 's1',
    reader: 'R',
    insertedAt: 't',
    state: 'ready',
    person: { kvnr, title: null, firstName, namePrefix: null, lastName, nameSuffix: null, birthDate, sex: 'W', address: null },
    cover: { insurerIk: '109999990', insurerName: 'X', insurerCountryCode: 'D', coverStart: '2015-01-01', coverEnd: null, insuredType: 'member', insuredTypeCode: '1' },
    card: { iccsn: '80276883110000012345', iccsnLastFour: '2345', generation: 'G2', statusVdTimestamp: null, updatePending: false, schemaVersion: '5.2' },
  };
}

function setup(imaging?: ImagingWorker) {
  const made = createTestDesk(join(tempDir(), 'station.db'), clerk, imaging);
  stores.push(made.store);
  return made;
}

describe('member pick at the clerk desk', () => {
  it('refuses a KVNR with a wrong check digit, and says that is the problem', () => {
    const { desk, store } = setup();
    expect(desk.pickByKvnr('A123457894', '1980-04-02')).toEqual({ ok: false, problem: 'kvnr-check-digit' });
    expect(desk.pickByKvnr('A12345789', '1980-04-02')).toEqual({ ok: false, problem: 'kvnr-format' });
    expect(store.db.prepare('SELECT count(*) FROM booklet_link').pluck().get()).toBe(0);
  });

  it('picks by a valid KVNR with birth date and gives the program by age (§1)', () => {
    const { desk } = setup();
    const adult = desk.pickByKvnr(adultKvnr, '1980-04-02');
    expect(adult).toMatchObject({ ok: true, member: { kvnr: adultKvnr, displayName: null, source: 'kvnr', program: 'adult', booklets: [] } });
    expect(desk.pickByKvnr(childKvnr, '2016-05-01')).toMatchObject({ ok: true, member: { program: 'child' } });
    expect(desk.pickByKvnr(adultKvnr, '2027-01-01')).toEqual({ ok: false, problem: 'birth-date-future' });
  });

  it('picks the member whose eGK is in the desk reader, and says when there is none', () => {
    const { desk, events } = setup();
    expect(desk.pickFromCard()).toEqual({ ok: false, problem: 'no-card' });
    events.publish('cardSessions', { sessions: [{ sessionId: 's0', reader: 'R', insertedAt: 't', state: 'reading' }] });
    expect(desk.pickFromCard()).toEqual({ ok: false, problem: 'card-reading' });
    events.publish('cardSessions', { sessions: [card(adultKvnr, '1980-04-02')] });
    expect(desk.pickFromCard()).toMatchObject({ ok: true, member: { kvnr: adultKvnr, displayName: 'Erika Testfrau', source: 'card', program: 'adult' } });
  });

  it('finds a member by exact name and birth date in the station records (case and accents ignored), and nobody by a partial name', async () => {
    const { desk, events, store } = setup();
    events.publish('cardSessions', { sessions: [card(adultKvnr, '1980-04-02', 'Érika', 'Testfrau-Lüdenscheidt')] });
    await desk.issue(pickedId(desk.pickFromCard()), 2026);
    const found = await desk.search('testfrau-ludenscheidt', 'ERIKA', '1980-04-02');
    expect(found.searched).toEqual({ station: true, service: 'disabled' });
    expect(found.members).toMatchObject([{ kvnr: adultKvnr, source: 'station-records', booklets: [{ year: 2026, program: 'adult' }] }]);
    expect((await desk.search('Testfrau', 'Erika', '1980-04-02')).members).toEqual([]);
    expect((await desk.search('Testfrau-Lüdenscheidt', 'Erika', '1980-04-03')).members).toEqual([]);
    // No names on the station: only keyed hashes.
    const dump = JSON.stringify(store.db.prepare('SELECT * FROM member_name_key').all());
    expect(dump).not.toMatch(/Testfrau|Lüdenscheidt|ludenscheidt|Erika/i);
  });

  it('forgets every pick when the clerk signs out', async () => {
    const { desk, signOut } = setup();
    const pickId = pickedId(desk.pickByKvnr(adultKvnr, '1980-04-02'));
    signOut();
    expect(desk.picks.get(pickId)).toBeUndefined();
    expect(() => desk.pickByKvnr(adultKvnr, '1980-04-02')).toThrow(/sign-in/);
  });
});

describe('printing a booklet for a member', () => {
  it('links a new booklet id to the member and finds the member again by that id, for booking', async () => {
    const { desk, store } = setup();
    const issued = await desk.issue(pickedId(desk.pickByKvnr(adultKvnr, '1980-04-02')), 2026);
    expect(issued.booklet).toMatchObject({ year: 2026, program: 'adult', legacy: false, atService: false });
    expect(issued.booklet.bookletId).toMatch(/^[0-9A-HJ-NP-Z]{10}$/);
    expect(issued.fileName).toBe(`Bonusheft-2026-${issued.booklet.bookletId}.pdf`);
    expect(Buffer.from(issued.pdfBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    expect(memberForBooklet(store.db, issued.booklet.bookletId)).toMatchObject({ kvnr: adultKvnr, birthDate: '1980-04-02', year: 2026, program: 'adult', legacy: false, initials: null, source: 'station' });
    expect(memberForBooklet(store.db, 'ZZZZZZZZZZ')).toBeNull();
    // The audit log names the booklet and a member reference, never the KVNR.
    const audit = JSON.stringify(store.db.prepare('SELECT * FROM audit_log').all());
    expect(audit).toContain('clerk.booklet.issue');
    expect(audit).not.toContain(adultKvnr);
  });

  it("prints the children's booklet for a child under 15 and refuses years it cannot print", async () => {
    const { desk } = setup();
    const pickId = pickedId(desk.pickByKvnr(childKvnr, '2016-05-01'));
    expect((await desk.issue(pickId, 2026)).booklet.program).toBe('child');
    await expect(desk.issue(pickId, 2025)).rejects.toMatchObject({ code: 'invalid_input', fields: ['year'] });
    await expect(desk.issue('no-such-pick', 2026)).rejects.toMatchObject({ code: 'not_found' });
  });

  it.skipIf(spawnSync('pdftotext', ['-v']).status !== 0)('puts no personal data on the pages: no KVNR, name or birth date in the PDF text (needs pdftotext)', async () => {
    const { desk, events } = setup();
    events.publish('cardSessions', { sessions: [card(adultKvnr, '1980-04-02')] });
    const issued = await desk.issue(pickedId(desk.pickFromCard()), 2026);
    const path = join(tempDir(), 'booklet.pdf');
    writeFileSync(path, Buffer.from(issued.pdfBase64, 'base64'));
    const text = execFileSync('pdftotext', [path, '-']).toString();
    expect(text).toContain(issued.booklet.bookletId.slice(0, 4));
    expect(text).not.toMatch(/A123457895|Testfrau|Erika|1980|02\.04/);
  });
});

describe('the desk with the imaging worker thread', () => {
  it('makes the PDF and runs the page pipeline off the main thread, and stops the thread with the desk', async () => {
    const worker = new ImagingWorker();
    const { desk } = setup(worker);
    try {
      const issued = await desk.issue(pickedId(desk.pickByKvnr(adultKvnr, '1980-04-02')), 2026);
      expect(Buffer.from(issued.pdfBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
      const page = await desk.openLegacyPage((await scanOf(legacyPage('child', 2).canvas, { angle: 1.5 })).toString('base64'));
      expect(page.kind).toBe('unregistered');
      expect(Math.abs(page.skewDegrees - 1.5)).toBeLessThan(0.6);
      await expect(desk.openLegacyPage(Buffer.from('not an image, only words in a file').toString('base64'))).rejects.toMatchObject({ code: 'invalid_input' });
    } finally {
      await desk.stop();
    }
  });
});

describe('legacy booklets at the desk', () => {
  it('opens a page without marks, proposes a decision per region, and saves the assignment under a legacy booklet id of the member', async () => {
    const { desk, store } = setup();
    const { canvas, template } = legacyPage('adult', 1);
    const scan = await scanOf(canvas, { quality: 90 });
    const page = await desk.openLegacyPage(scan.toString('base64'));
    expect(page).toMatchObject({ kind: 'unregistered' });
    expect(page.image.startsWith('data:image/jpeg;base64,')).toBe(true);
    // A rectangle around the first field's box (the archive keeps the scan's 60 px lid border, scaled).
    const scale = page.imageSize.width / (canvas.width + 120);
    const b = template.pages[0]!.fields[0]!.stampBox;
    const rect = { x: ((b.x * canvas.pxPerMm + 60) * scale) / page.imageSize.width, y: ((b.y * canvas.pxPerMm + 60) * scale) / page.imageSize.height, width: (b.width * canvas.pxPerMm * scale) / page.imageSize.width, height: (b.height * canvas.pxPerMm * scale) / page.imageSize.height };
    const { regions } = await desk.measureLegacy(page.pageRef, [{ measure: 1, rect }]);
    expect(regions).toMatchObject([{ measure: 1, decision: 'empty' }]);

    const pickId = pickedId(desk.pickByKvnr(adultKvnr, '1980-04-02'));
    const saved = await desk.saveLegacy({ pageRef: page.pageRef, pickId, year: 2025, performedOn: '2025-06-10', regions: [{ measure: 1, rect, final: 'stamped' }] });
    expect(saved.regions).toMatchObject([{ measure: 1, decision: 'empty', final: 'stamped' }]);
    expect(memberForBooklet(store.db, saved.bookletId)).toMatchObject({ kvnr: adultKvnr, year: 2025, legacy: true });
    expect(legacyAssignmentFor(store.db, page.pageRef)).toEqual(saved);

    // A second page of the same legacy booklet reuses its id; another member's or year's id is refused.
    const second = await desk.openLegacyPage(scan.toString('base64'));
    await expect(desk.saveLegacy({ pageRef: second.pageRef, pickId, year: 2025, performedOn: '2025-06-10', bookletId: saved.bookletId, regions: [{ measure: 2, rect, final: 'empty' }] })).resolves.toMatchObject({ bookletId: saved.bookletId });
    const other = pickedId(desk.pickByKvnr(childKvnr, '2016-05-01'));
    await expect(desk.saveLegacy({ pageRef: second.pageRef, pickId: other, year: 2025, performedOn: '2025-06-10', bookletId: saved.bookletId, regions: [{ measure: 13, rect, final: 'empty' }] })).rejects.toMatchObject({ code: 'conflict' });
    await expect(desk.saveLegacy({ pageRef: second.pageRef, pickId, year: 2025, performedOn: '2025-06-10', regions: [{ measure: 2, rect, final: 'empty' }, { measure: 2, rect, final: 'stamped' }] })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('assigns a page of the batch queue that had no marks, by its page id (what the batch verifier mounts)', async () => {
    const { desk, store } = setup();
    const now = new Date('2026-11-22T09:30:00Z');
    const scan = await scanOf(legacyPage('adult', 2).canvas, { angle: -1.2 });
    const batch = ensureOpenBatch(store.db, 'c.mueller', now);
    const queued = addScannedPage(store.db, { batchId: batch.id, source: 'sane:test', scan, now });
    saveRecognition(store.db, queued.id, await recognizePage(scan));
    const page = await desk.legacyPage(queued.id);
    expect(page).toMatchObject({ pageRef: queued.id, kind: 'unregistered' });
    const pickId = pickedId(desk.pickByKvnr(adultKvnr, '1980-04-02'));
    const saved = await desk.saveLegacy({ pageRef: queued.id, pickId, year: 2026, performedOn: '2026-06-10', regions: [{ measure: 5, rect: { x: 0.1, y: 0.2, width: 0.5, height: 0.15 }, final: 'empty' }] });
    expect(legacyAssignmentFor(store.db, queued.id)).toMatchObject({ bookletId: saved.bookletId, regions: [{ measure: 5, final: 'empty' }] });
    expect(memberForBooklet(store.db, saved.bookletId)).toMatchObject({ kvnr: adultKvnr, legacy: true });
  });

  it('drops pages opened but never assigned after a week, and keeps assigned ones as evidence', async () => {
    const { desk, store } = setup();
    const scan = (await scanOf(legacyPage('adult', 1).canvas, { quality: 80 })).toString('base64');
    const abandoned = await desk.openLegacyPage(scan);
    const kept = await desk.openLegacyPage(scan);
    const pickId = pickedId(desk.pickByKvnr(adultKvnr, '1980-04-02'));
    await desk.saveLegacy({ pageRef: kept.pageRef, pickId, year: 2026, performedOn: '2026-06-10', regions: [{ measure: 1, rect: { x: 0.1, y: 0.1, width: 0.5, height: 0.1 }, final: 'empty' }] });
    expect(purgeAbandonedLegacyPages(store.db, new Date('2026-11-25T09:30:00Z'))).toBe(0);
    expect(purgeAbandonedLegacyPages(store.db, new Date('2026-11-30T09:30:00Z'))).toBe(1);
    await expect(desk.legacyPage(abandoned.pageRef)).rejects.toThrow(/No page image/);
    expect((await desk.legacyPage(kept.pageRef)).pageRef).toBe(kept.pageRef);
  });

  it('refuses to assign regions by hand on a page of our own booklet, and a file that is no image with a clear error', async () => {
    const { desk } = setup();
    const own = await desk.openLegacyPage((await scanOf(bookletPage('adult', 1))).toString('base64'));
    expect(own.kind).toBe('booklet_page');
    const pickId = pickedId(desk.pickByKvnr(adultKvnr, '1980-04-02'));
    await expect(desk.saveLegacy({ pageRef: own.pageRef, pickId, year: 2026, performedOn: '2026-06-10', regions: [{ measure: 1, rect: { x: 0.1, y: 0.1, width: 0.5, height: 0.2 }, final: 'empty' }] })).rejects.toMatchObject({ code: 'conflict' });
    await expect(desk.openLegacyPage(Buffer.from('this is a text file, not a scan').toString('base64'))).rejects.toMatchObject({ code: 'invalid_input', fields: ['imageBase64'] });
  });

  it('books a page opened at the desk: one submission with each stamped region on its own date, its crop and the page image, in the outbox', async () => {
    const { desk, store } = setup();
    const { canvas, template } = legacyPage('adult', 1);
    const fields = template.pages[0]!.fields;
    stampInto(canvas, fields[0]!.stampBox);
    stampInto(canvas, fields[3]!.stampBox);
    const page = await desk.openLegacyPage((await scanOf(canvas, { quality: 90 })).toString('base64'));
    const scale = page.imageSize.width / (canvas.width + 120);
    const rect = (i: number) => {
      const b = fields[i]!.stampBox;
      return { x: ((b.x * canvas.pxPerMm + 60) * scale) / page.imageSize.width, y: ((b.y * canvas.pxPerMm + 60) * scale) / page.imageSize.height, width: (b.width * canvas.pxPerMm * scale) / page.imageSize.width, height: (b.height * canvas.pxPerMm * scale) / page.imageSize.height };
    };
    // Not assigned yet: nothing to book.
    expect(() => desk.bookLegacy(page.pageRef)).toThrow(expect.objectContaining({ code: 'conflict' }));
    const pickId = pickedId(desk.pickByKvnr(adultKvnr, '1980-04-02'));
    // A region's date in the future is refused.
    await expect(
      desk.saveLegacy({ pageRef: page.pageRef, pickId, year: 2026, performedOn: '2026-05-04', regions: [{ measure: 1, rect: rect(0), final: 'stamped', performedOn: '2026-12-01' }] }),
    ).rejects.toMatchObject({ code: 'invalid_input', fields: ['regions'] });
    const saved = await desk.saveLegacy({
      pageRef: page.pageRef,
      pickId,
      year: 2026,
      performedOn: '2026-05-04',
      regions: [
        { measure: 1, rect: rect(0), final: 'stamped' },
        { measure: 2, rect: rect(1), final: 'empty' },
        { measure: 4, rect: rect(3), final: 'stamped', performedOn: '2026-09-30' },
      ],
    });
    expect(saved).toMatchObject({ performedOn: '2026-05-04', booked: null });
    expect(pendingSubmissions(store.db, 10)).toEqual([]);

    const booked = desk.bookLegacy(page.pageRef);
    expect(booked).toMatchObject({ measuresBooked: 2, submissionId: expect.any(String) });
    const [queued, ...rest] = pendingSubmissions(store.db, 10);
    expect(rest).toEqual([]);
    const payload = SubmissionUpload.parse(queued!.payload);
    expect(payload).toMatchObject({ id: booked.submissionId, kind: 'measures', participationYear: 2026, member: { kvnr: adultKvnr } });
    expect(payload.measures.map((m) => [m.measure, m.performedOn, m.evidence.map((e) => e.kind)])).toEqual([
      [1, '2026-05-04', ['booklet-stamp', 'scan']],
      [4, '2026-09-30', ['booklet-stamp', 'scan']],
    ]);
    expect(queued!.blobs).toHaveLength(3);
    expect(store.db.prepare('SELECT measure, performed_on, evidence FROM measure_record ORDER BY measure').all()).toEqual([
      { measure: 1, performed_on: '2026-05-04', evidence: 'booklet_stamp' },
      { measure: 4, performed_on: '2026-09-30', evidence: 'booklet_stamp' },
    ]);
    expect(legacyAssignmentFor(store.db, page.pageRef)?.booked).toMatchObject({ submissionId: booked.submissionId });
    // Booked once: not again, and not assigned anew.
    expect(() => desk.bookLegacy(page.pageRef)).toThrow(/booked already/);
    await expect(desk.saveLegacy({ pageRef: page.pageRef, pickId, year: 2026, performedOn: '2026-05-04', regions: [{ measure: 1, rect: rect(0), final: 'empty' }] })).rejects.toMatchObject({ code: 'conflict' });
    expect(pendingSubmissions(store.db, 10)).toHaveLength(1);
    expect(JSON.stringify(store.db.prepare("SELECT * FROM audit_log WHERE action = 'clerk.legacy.book'").all())).not.toContain(adultKvnr);
  });
});
