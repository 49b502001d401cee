import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adultOwner, scannedFile, station, tempDir, unsureFile } from '../../test/support/clerk-batch-setup';
import { bookletTemplate } from '../imaging/booklet/template';
import { bookletPage, scanOf, stampInto } from '../../test/support/imaging/scans';
import type { BookletOwner } from './batch-view';

describe("the clerk's edits of a batch", () => {
  it('unsure fields must be decided before the page is verified; the decision is the clerk’s', async () => {
    const dir = tempDir();
    const { service, store } = station();
    await service.intake.take('scan-1', { page: 1, path: await unsureFile(dir), sizeBytes: 1, format: 'jpeg' });
    await service.queue.idle();
    const [summary] = service.edits.openBatch().pages;
    expect(summary).toMatchObject({ undecided: 1 });
    const page = service.edits.getPage(summary!.id);
    expect(page.fields[3]).toMatchObject({ recognized: 'unsure', effective: 'unsure', decision: null });
    expect(page.blockers).toContain('undecided-fields');
    expect(() => service.edits.verifyPage(page.id, '2026-06-01')).toThrow(expect.objectContaining({ code: 'conflict' }));

    const decided = service.edits.setFieldDecision(page.id, 4, 'empty');
    expect(decided.fields[3]).toMatchObject({ recognized: 'unsure', decision: 'empty', effective: 'empty' });
    expect(() => service.edits.verifyPage(page.id, '2026-07-01')).toThrow(/future/);
    expect(() => service.edits.verifyPage(page.id, '2025-12-31')).toThrow(/booklet year/);
    const verified = service.edits.verifyPage(page.id, '2026-06-01');
    expect(verified).toMatchObject({ state: 'verified', performedOn: '2026-06-01', blockers: [] });
    // Verified pages are not changed behind the clerk's back; reopening is explicit.
    expect(() => service.edits.setFieldDecision(page.id, 1, 'stamped')).toThrow(/verified page cannot be changed/);
    expect(service.edits.reopenPage(page.id).state).toBe('recognized');
    expect(store.db.prepare("SELECT action FROM audit_log WHERE actor = 'staff:c.mueller' ORDER BY seq").pluck().all()).toEqual(['clerk.field.decide', 'clerk.page.verify', 'clerk.page.reopen']);
  });

  it('shows the rules engine’s verdict: a child’s booklet stamp for an adult member does not count', async () => {
    const dir = tempDir();
    const { service } = station({ owners: { K7M2Q9X4TR: adultOwner } });
    await service.intake.take('scan-1', { page: 1, path: await scannedFile(dir, 'child.jpg', [0], 'child', 1), sizeBytes: 1, format: 'jpeg' });
    await service.queue.idle();
    const page = service.edits.getPage(service.edits.openBatch().pages[0]!.id);
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
    await service.intake.take('scan-1', { page: 1, path: file, sizeBytes: 1, format: 'jpeg' });
    await service.queue.idle();
    const pageId = service.edits.openBatch().pages[0]!.id;
    expect(service.edits.getPage(pageId)).toMatchObject({ kind: 'unidentified', fields: [], blockers: expect.arrayContaining(['not-a-booklet-page']) });
    expect(() => service.edits.identifyPage(pageId, 'ZZZZZZZZ', 2)).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => service.edits.identifyPage(pageId, 'K7M2Q9X4TR', 9)).toThrow(expect.objectContaining({ code: 'invalid_input' }));

    expect(service.edits.identifyPage(pageId, 'K7M2Q9X4TR', 2)).toMatchObject({ state: 'scanned', bookletId: 'K7M2Q9X4TR', pageNo: 2 });
    await service.queue.idle();
    const identified = service.edits.getPage(pageId);
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
    await service.intake.take('scan-1', { page: 1, path: await scannedFile(dir, 'p.jpg', [0]), sizeBytes: 1, format: 'jpeg' });
    await service.queue.idle();
    const pageId = service.edits.openBatch().pages[0]!.id;
    const moved = service.edits.reassignPage(pageId, 'B7M2Q9X4TR');
    expect(moved).toMatchObject({ bookletId: 'B7M2Q9X4TR', reassigned: true, member: { initials: 'L. Ö.' } });
    expect(service.edits.flagPage(pageId, true, 'Rückfrage beim Arzt')).toMatchObject({ flagged: true, flagNote: 'Rückfrage beim Arzt', blockers: expect.arrayContaining(['flagged']) });
    expect(service.edits.flagPage(pageId, false)).toMatchObject({ flagged: false, flagNote: null });
    expect(store.db.prepare("SELECT detail FROM audit_log WHERE action = 'clerk.page.reassign'").pluck().get()).toBe('booklet=B7M2Q9X4TR');

    const locked = station({ signedIn: false });
    expect(() => locked.service.edits.openBatch()).toThrow(expect.objectContaining({ code: 'forbidden' }));
  });
});
