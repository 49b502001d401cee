import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BlobStatus, SubmissionReceipt } from '../../main/contract/service-api';
import type { ServiceClient } from '../../main/sync/service-client';
import type { ArchiveResult } from '../../service/backoffice/api';
import type { Database } from '../../service/db/database';
import { certificatePhoto } from '../support/imaging/fixtures';
import { staffAccount, StaffBrowser, type StaffAccount } from './backoffice-support/staff-browser';
import { databaseKinds } from './sync-support/databases';
import { member, submission } from './sync-support/fixtures';
import { adminHeaders, enrollStation, startService, type RunningService } from './sync-support/service-harness';

/** The archive export (issue 18): a PDF/A-style document per decided submission with its evidence pages, and an index. */
const kind = databaseKinds()[0]!;
describe(`back-office archive export on ${kind.name}`, () => {
  let db: Database;
  let drop: () => Promise<void>;
  let running: RunningService;
  let kiosk: ServiceClient;
  let admin: StaffAccount;
  const archiveDir = mkdtempSync(join(tmpdir(), 'bonus-archive-test-'));

  beforeAll(async () => {
    ({ db, drop } = await kind.open());
    running = await startService(db, { backoffice: { archiveDir } });
    ({ client: kiosk } = await enrollStation(running, 'kiosk-archive'));
    await running.admin.json('PUT', '/v1/admin/members', z.unknown(), { ...member, firstName: 'Jürgen', lastName: 'Groß' }, adminHeaders);
    admin = await staffAccount(db, 'arch.admin', ['station-admin']);
  });
  afterAll(async () => {
    kiosk?.close();
    await running?.stop();
    await drop?.();
    rmSync(archiveDir, { recursive: true, force: true });
  });

  it('writes each decided submission once as a PDF with embedded fonts, XMP PDF/A identification and the evidence page, plus index files', async () => {
    const photo = await certificatePhoto(800, 600);
    const sha256 = createHash('sha256').update(photo).digest('hex');
    await kiosk.json('PUT', `/v1/blobs/${sha256}`, BlobStatus, { size: photo.length, mediaType: 'image/jpeg' });
    await kiosk.bytes('PUT', `/v1/blobs/${sha256}/chunks/0`, BlobStatus, photo);
    const decided = submission({}, [{ sha256, size: photo.length }]);
    const waiting = submission();
    for (const s of [decided, waiting]) await kiosk.json('PUT', `/v1/submissions/${s.id}`, SubmissionReceipt, s);
    await running.admin.json('POST', `/v1/review/submissions/${decided.id}/decision`, z.unknown(), { decision: 'rejected', reason: 'Der Nachweis ist nicht lesbar.', reviewer: 'pruefer' }, adminHeaders);

    const browser = new StaffBrowser(running.url);
    await browser.signIn(admin, new Date());
    const result = (await browser.request('POST', '/bo/api/archive/export', {})).body as ArchiveResult;
    expect(result).toMatchObject({ documents: 1, skipped: 0 });
    const files = readdirSync(result.folder).sort();
    const pdfName = `2026_${member.kvnr}_${decided.id}.pdf`;
    expect(files).toEqual([pdfName, 'index.csv', 'index.json']);
    const pdf = readFileSync(join(result.folder, pdfName));
    const doc = await PDFDocument.load(pdf);
    expect(doc.getPageCount()).toBe(2);
    expect(doc.getTitle()).toBe(`Bonus ABC – Einreichung ${decided.id}`);
    expect(pdf.toString('latin1')).toContain('<pdfaid:part>2</pdfaid:part>');
    // Every font embedded (pdffonts from poppler-utils: the "emb" column).
    const fonts = execFileSync('pdffonts', [join(result.folder, pdfName)], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) expect(line).toMatch(/ yes /);
    const text = execFileSync('pdftotext', [join(result.folder, pdfName), '-'], { encoding: 'utf8' });
    expect(text).toContain('Jürgen Groß');
    expect(text).toContain('abgelehnt');
    expect(text).toContain('Der Nachweis ist nicht lesbar.');
    const index = readFileSync(join(result.folder, 'index.csv'), 'utf8').trim().split('\n');
    expect(index[0]).toBe('file;submissionId;kvnr;memberName;kind;participationYear;receivedAt;decidedAt;decision;reviewer;pages;pdfSha256;pdfaStyle');
    expect(index[1]).toContain(`${pdfName};${decided.id};${member.kvnr};Jürgen Groß;measures;2026;`);
    expect(index[1]).toContain(createHash('sha256').update(pdf).digest('hex'));
    // Again: nothing new to write; the waiting one is not archived.
    expect((await browser.request('POST', '/bo/api/archive/export', {})).body).toMatchObject({ documents: 0, skipped: 1 });
  });
});
