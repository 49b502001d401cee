import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import jsQR from 'jsqr';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import type { KioskReceipt, PayoutReceipt } from '../../main/contract';
import { CupsPrinter } from '../../main/printing/cups-printer';
import { ReceiptDesk } from '../../main/printing/receipt-desk';
import { EventHub } from '../../main/runtime/event-hub';
import { createLogger, memorySink } from '../../main/runtime/logger';
import { openStationDatabase, type StationDatabase } from '../../main/store/database';
import { cupsTestEnvironment } from '../support/cups-env';
import { useTempDir } from '../support/temp-dir';

/**
 * The kiosk's receipts on a real CUPS scheduler (test/services/cups.start.sh): the cups-pdf
 * queue turns each job into a PDF that is read back with poppler's pdftotext and pdfinfo; the
 * paperless queue is CUPS stopping a printer that reports media-empty.
 */
const cups = cupsTestEnvironment();
const tempDir = useTempDir();
const stores: StationDatabase[] = [];
afterEach(() => stores.splice(0).forEach((s) => s.close()));

const submission: KioskReceipt = { reference: 'BA-7K2M-Q9XT', submittedAt: '2026-12-05T09:04:00.000Z', year: 2026, measures: [1, 8, 12], initials: 'H. M.', qr: [] };
const payout: PayoutReceipt = { reference: 'BA-3F4G-H5J6', submittedAt: '2026-12-05T09:10:00.000Z', year: 2026, amountCents: 3000, initials: 'H. M.', qr: [] };

function deskWith(queue: string, paper: '80mm' | 'a4' = '80mm', server = cups.ok ? cups.server : '') {
  const store = openStationDatabase({ path: join(tempDir(), 'station.db'), key: randomBytes(32) });
  stores.push(store);
  const events = new EventHub(createLogger('t', memorySink()));
  const desk = new ReceiptDesk({ db: store.db, events, log: createLogger('receipts', memorySink()), branch: 'Stuttgart Mitte', printer: { device: new CupsPrinter({ queue, server, pollMs: 100 }), paper } });
  desk.start();
  // A member's session at the kiosk: receipts belong to it.
  events.publish('kioskState', { stage: 'member', sessionId: 's-1', displayName: 'x', expiresAt: '2026-12-05T10:00:00.000Z', mayOpenChild: false, notifications: [], memberState: { status: 'off', participationYears: [], credited: [], children: [], bank: null }, identityCheck: 'insurer' });
  return { desk, events, store };
}

/** The PDF cups-pdf wrote for the job titled with this reference (it names files after the title). */
async function printedPdf(reference: string): Promise<string> {
  if (!cups.ok) throw new Error('no CUPS');
  const deadline = Date.now() + 20_000;
  for (;;) {
    const file = readdirSync(cups.pdfDir).find((f) => f.includes(reference) && f.endsWith('.pdf'));
    if (file && statSync(join(cups.pdfDir, file)).size > 0) return join(cups.pdfDir, file);
    if (Date.now() > deadline) throw new Error(`no PDF for ${reference} in ${cups.pdfDir}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(!cups.ok)('receipts on the kiosk printer through CUPS', () => {
  if (!cups.ok) return;

  it('prints a submission receipt on an 80 mm roll: reference, QR code, what and initials, no more', async () => {
    const { desk, store } = deskWith(cups.queue);
    desk.remember(submission);
    expect(await desk.printer()).toEqual({ state: 'ready', paper: '80mm' });
    expect(await desk.print(submission.reference, 'de')).toEqual({ printed: true });
    const file = await printedPdf(submission.reference);
    // One line of the receipt may wrap on the 72 mm of text width: compare words, not line breaks.
    const text = execFileSync('pdftotext', [file, '-']).toString().replace(/\s+/g, ' ');
    expect(text).toContain('Empfangsbestätigung für Ihre Nachweise');
    expect(text).toContain(submission.reference);
    expect(text).toContain('3 Maßnahmen für 2026');
    expect(text).toContain('Eingereicht am 05.12.2026, 10:04');
    expect(text).toContain('von H. M.');
    expect(text).toContain('Stuttgart Mitte');
    // 80 mm wide (226.8 pt), as long as the receipt.
    const info = execFileSync('pdfinfo', [file]).toString();
    const [, w, h] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
    // (cups-pdf writes whole points: 226.)
    expect(Math.abs(Number(w) - 226.8)).toBeLessThan(1.5);
    expect(Number(h)).toBeGreaterThan(250);
    expect(Number(h)).toBeLessThan(700);
    // The QR code on the paper reads back as the reference.
    const root = join(tempDir(), 'receipt');
    execFileSync('pdftoppm', ['-r', '200', '-png', '-singlefile', file, root]);
    const { data, info: size } = await sharp(`${root}.png`).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    expect(jsQR(new Uint8ClampedArray(data), size.width, size.height)?.data).toBe(submission.reference);
    expect(store.db.prepare("SELECT subject, detail FROM audit_log WHERE action = 'kiosk.receipt.print'").get()).toMatchObject({ subject: `receipt:${submission.reference}`, detail: expect.stringMatching(/^job=BonusBon-\d+$/) });
  });

  it('prints a payout receipt on A4 in English when the station is set up so', async () => {
    const { desk } = deskWith(cups.queue, 'a4');
    desk.remember(payout);
    expect(await desk.print(payout.reference, 'en')).toEqual({ printed: true });
    const file = await printedPdf(payout.reference);
    const text = execFileSync('pdftotext', [file, '-']).toString().replace(/\s+/g, ' ');
    expect(text).toContain('Receipt for your payout application');
    expect(text).toContain('Applied for 2026: €30.00');
    expect(text).toContain('Submitted on 05/12/2026, 10:10');
    const pages = await PDFDocument.load(readFileSync(file));
    const { width, height } = pages.getPage(0).getSize();
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);
  });

  it('says the printer is out of paper, and cancels the job so it never comes out for the next person', async () => {
    const { desk } = deskWith(cups.emptyQueue);
    desk.remember(submission);
    const result = await desk.print(submission.reference, 'de');
    expect(result).toEqual({ printed: false, problem: 'out-of-paper' });
    expect((await desk.printer()).state).toBe('out-of-paper');
    const queued = spawnSync('lpstat', ['-h', cups.server, '-o', cups.emptyQueue], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
    expect(queued.stdout.trim()).toBe('');
  });

  it('says the printer is missing or the print server unreachable, and prints nothing', async () => {
    const missing = deskWith('GibtEsNicht');
    missing.desk.remember(submission);
    expect(await missing.desk.printer()).toEqual({ state: 'missing', paper: '80mm' });
    expect(await missing.desk.print(submission.reference, 'de')).toEqual({ printed: false, problem: 'missing' });
    const offline = deskWith(cups.queue, '80mm', '127.0.0.1:9');
    expect((await offline.desk.printer()).state).toBe('unreachable');
  });

  it('prints only a receipt of the session at the kiosk: none made up, none of the member before', async () => {
    const { desk, events } = deskWith(cups.queue);
    await expect(desk.print('BA-0000-0000', 'de')).rejects.toMatchObject({ code: 'not_found' });
    desk.remember(submission);
    // The card is out: the next person cannot print the previous member's receipt.
    events.publish('kioskState', { stage: 'idle' });
    await expect(desk.print(submission.reference, 'de')).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe.skipIf(cups.ok)('receipts on the kiosk printer through CUPS', () => {
  it.skip(`skipped: ${cups.ok ? '' : cups.reason}`, () => undefined);
});
