import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import sharp from 'sharp';
import { legacyPage } from '../../main/imaging/legacy/legacy-pages';
import { scanOf, stampInto } from '../support/imaging/scans';
import { saneTestEnvironment } from '../integration/scanner-support/sane-env';
import { startCentralService, type CentralService } from './central-service';
import { chooseScanner, legacyBoxShare, readOutbox, scannedPage, withStationDatabase } from './clerk-support';
import { checkScreen } from './screen-check';
import { stationCall, startStation, type RunningStation } from './station-host';
import { serviceOnTestDay, stationOnTestDay, testToday, year } from './test-day';

/**
 * The clerk's batch from sign-in to the outbox, on the built station: booklet pages rendered
 * from the template with stamps and a signature, scanned like the corpus (rotation, noise,
 * shadow), fed through the real SANE stack (scanimage with the pnm backend reading the file
 * the test swaps between scans, as a clerk swaps sheets on the glass), recognized in the
 * imaging worker thread, verified with the keyboard and booked.
 *
 * The station runs on the test day (test/e2e/test-day.ts: 15.07. of the real year), so the
 * booklet of `year` and the stamp dates in it (15.04., 04.05., 20.06., 01.07., 10.03.: all before
 * the test day) are this year's and past in every real year, also from 1 January on.
 */
const dir = mkdtempSync(join(tmpdir(), 'bonus-clerk-batch-'));
const sheet = join(dir, 'sheet.pgm');
const sane = saneTestEnvironment();
let station: RunningStation | undefined;

const clerk = { id: 'c.mueller', name: 'Claudia Müller', role: 'clerk' as const, password: 'Sommer-Kaffee-42' };
const member = { kvnr: 'A123457895', birthDate: '1980-04-02' };

async function scanSheet(page: Page, content: Buffer, expectedPages: number) {
  writeFileSync(sheet, content);
  await page.getByRole('button', { name: 'Stapel scannen' }).press('Enter');
  await expect(page.getByTestId('scan-progress')).toHaveText('Scan beendet: 1 Seiten.', { timeout: 30_000 });
  // The page count is the signal (the scan strip may still show the previous scan's end for a moment).
  await expect(page.getByTestId('batch-counts')).toContainText(`${expectedPages} Seiten`, { timeout: 30_000 });
}

/** Moves the verifier's current field to the given measure with the arrow keys. */
async function goToField(page: Page, measure: number) {
  const items = page.getByTestId('page-verifier').locator('.field-item');
  const measures = await items.evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-testid')!.slice('field-'.length))));
  const current = await items.evaluateAll((els) => els.findIndex((el) => el.getAttribute('aria-current') === 'true'));
  const target = measures.indexOf(measure);
  for (let i = current; i < target; i++) await page.keyboard.press('ArrowDown');
  for (let i = current; i > target; i--) await page.keyboard.press('ArrowUp');
  await expect(page.getByTestId(`field-${measure}`)).toHaveAttribute('aria-current', 'true');
}

/**
 * A TCP relay to the central service that can start black-holing: connections are accepted
 * and never answered, as when a network drops packets instead of refusing them. Its own
 * process: the station CLI (enrollment) runs synchronously and would block a relay in ours.
 */
const relayProgram = `
const { connect, createServer } = require('node:net');
const sockets = [];
let holding = false;
process.on('SIGUSR2', () => { holding = true; for (const s of sockets.splice(0)) s.destroy(); process.stdout.write('holding\\n'); });
const server = createServer((socket) => {
  sockets.push(socket);
  socket.on('error', () => undefined);
  if (holding) return;
  const out = connect(Number(process.argv[1]), '127.0.0.1');
  sockets.push(out);
  out.on('error', () => socket.destroy());
  socket.pipe(out).pipe(socket);
});
server.listen(0, '127.0.0.1', () => process.stdout.write('port ' + server.address().port + '\\n'));
`;

async function switchableRelay(upstream: string): Promise<{ url: string; blackHole: () => Promise<void>; close: () => void }> {
  const child = spawn(process.execPath, ['-e', relayProgram, new URL(upstream).port], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const next = () => new Promise<string>((resolve) => lines.once('line', resolve));
  const port = (await next()).slice('port '.length);
  return {
    url: `http://127.0.0.1:${port}`,
    blackHole: async () => {
      const held = next();
      child.kill('SIGUSR2');
      await held;
    },
    close: () => child.kill(),
  };
}

test.afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  if (sane.ok) sane.cleanup();
});

test.describe('the clerk batch', () => {
  test.skip(!sane.ok, `SANE is not available: ${sane.ok ? '' : sane.reason}`);
  test.afterEach(async () => {
    await station?.stop();
    station = undefined;
  });

  test('a clerk scans three booklet pages through SANE, verifies them with the keyboard and books them into the outbox', async ({ page }, testInfo) => {
    test.setTimeout(180_000);
    if (!sane.ok) return;
    // Only the pnm backend: the clerk's scanner is pnm:0, reading the sheet file.
    writeFileSync(join(sane.configDir, 'dll.conf'), 'pnm\n');
    station = await startStation({ mode: 'clerk', branch: 'Berlin Mitte', scanner: { sane: true, saneDeviceOptions: { 'pnm:0': { filename: sheet } } } }, { SANE_CONFIG_DIR: sane.configDir, ...stationOnTestDay }, [clerk]);
    await page.goto(await station.launchUrl());

    // Sign in with the keyboard.
    await page.getByLabel('Kennung').focus();
    await page.keyboard.type(clerk.id);
    await page.keyboard.press('Tab');
    await page.keyboard.type(clerk.password);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('staff-bar')).toContainText('Claudia Müller');

    // The member's booklet, issued at the desk: its id is in every page's QR code.
    const picked = await stationCall<{ ok: boolean; member: { pickId: string } }>(page, 'clerkPickMemberByKvnr', member);
    const issued = await stationCall<{ booklet: { bookletId: string } }>(page, 'clerkIssueBooklet', { pickId: picked.member.pickId, year });
    const bookletId = issued.booklet.bookletId;

    await chooseScanner(page, 'sane:pnm:0');
    await checkScreen(page, testInfo, 'clerk-batch-empty');

    // Page 1: stamps in the fields of measures 1 and 3, measure 2 empty, a pen stroke in measure 4's box.
    await scanSheet(page, await scannedPage(bookletId, 1, { 0: 'stamp', 2: 'stamp', 3: 'stroke' }, 11), 1);
    // Page 2: a signature in the field of measure 6.
    await scanSheet(page, await scannedPage(bookletId, 2, { 1: 'signature' }, 12), 2);
    await expect(page.getByTestId('batch-counts')).toContainText('2 Seiten: 2 erkannt', { timeout: 30_000 });

    // The first page opened by itself while the clerk was scanning, without taking the focus;
    // opening it from the list (keyboard) puts the focus on it, with the unsure field current.
    const verifier = page.getByTestId('page-verifier');
    await expect(page.getByRole('heading', { name: /Seite 1 prüfen/ })).toBeVisible();
    await expect(verifier).not.toBeFocused();
    await page.getByRole('button', { name: 'Seite 1 öffnen' }).press('Enter');
    await expect(verifier).toBeFocused();
    await expect(page.getByTestId('page-member')).toHaveText('Mitglied: –, Jahrgang 1980');
    // The date offered to confirm is the station's day (main's getToday), not the browser's.
    await expect(page.getByLabel('Datum der Maßnahme')).toHaveAttribute('data-value', testToday);
    await expect(page.getByTestId('shortcuts')).toContainText('alles übernehmen');
    await expect(page.getByTestId('field-4')).toHaveAttribute('data-decision', 'unsure');
    await expect(page.getByTestId('overlay-4')).toHaveAttribute('data-decision', 'unsure');
    await expect(page.getByTestId('field-1')).toHaveAttribute('data-decision', 'stamped');
    await expect(page.getByTestId('field-2')).toHaveAttribute('data-decision', 'empty');
    await expect(page.getByTestId('field-3')).toHaveAttribute('data-decision', 'stamped');
    await checkScreen(page, testInfo, 'clerk-batch-verify');

    // Accepting with an unsure field left is refused with a clear message.
    await page.keyboard.press('a');
    await expect(page.getByRole('alert')).toHaveText('Erst alle unsicheren Felder entscheiden (1 offen).');
    // Decide it: a pen stroke is no stamp. L = leer.
    await goToField(page, 4);
    await page.keyboard.press('l');
    await expect(page.getByTestId('field-4')).toHaveAttribute('data-decision', 'empty');
    await expect(page.getByTestId('overlay-4')).toHaveAttribute('data-decision', 'empty');
    // Space toggles a field and back.
    await goToField(page, 2);
    await page.keyboard.press(' ');
    await expect(page.getByTestId('field-2')).toHaveAttribute('data-decision', 'stamped');
    await page.keyboard.press(' ');
    await expect(page.getByTestId('field-2')).toHaveAttribute('data-decision', 'empty');

    // Measure 3 was stamped on another day: D goes to that field's date, Enter keeps it, Esc back.
    await goToField(page, 3);
    await page.keyboard.press('d');
    await expect(page.getByTestId('field-date-3')).toBeFocused();
    await page.getByTestId('field-date-3').fill(`${year}-04-15`);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('field-3')).toContainText('eigenes Datum');
    await page.keyboard.press('Escape');
    await expect(verifier).toBeFocused();
    // The date of the other measures (the page's), then A: accepted, and on to page 2.
    await page.getByLabel('Datum der Maßnahme').fill(`${year}-05-04`);
    await verifier.focus();
    await page.keyboard.press('a');
    await expect(page.getByRole('heading', { name: /Seite 2 prüfen/ })).toBeVisible();
    await expect(page.getByTestId('page-row-1')).toContainText('geprüft');
    await expect(page.getByTestId('field-6')).toHaveAttribute('data-decision', 'stamped');
    await expect(verifier).toBeFocused();

    // Bad input is refused with a clear message and changes nothing: a booklet number with I and O, a date outside the booklet's year.
    await page.keyboard.press('z');
    await expect(page.getByLabel('Heftnummer')).toBeFocused();
    await page.keyboard.type('IO-12');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('alert')).toHaveText('Die Heftnummer hat 6 bis 16 Zeichen aus Ziffern und Buchstaben (ohne I und O).');
    // Escape leaves the booklet number; the page keeps its booklet.
    await page.keyboard.press('Escape');
    await expect(page.getByLabel('Heftnummer')).toHaveCount(0);
    await expect(verifier).toBeFocused();
    await expect(page.getByRole('heading', { name: `Seite 2 prüfen · Heft ${bookletId}, S. 2` })).toBeVisible();
    await page.getByLabel('Datum der Maßnahme').fill(`${year - 1}-06-20`);
    await verifier.focus();
    await page.keyboard.press('a');
    await expect(page.getByRole('alert')).toHaveText(`Das Datum muss im Jahr ${year} liegen und darf nicht in der Zukunft liegen.`);
    await expect(page.getByTestId('page-state')).toHaveText('zu prüfen');

    await page.getByLabel('Datum der Maßnahme').fill(`${year}-06-20`);
    await verifier.focus();
    await page.keyboard.press('a');
    await expect(page.getByTestId('page-row-2')).toContainText('geprüft');

    // Page 3 has coffee over its code: the clerk copies booklet and page number from the paper.
    await scanSheet(page, await scannedPage(bookletId, 3, { 0: 'stamp' }, 13, true), 3);
    await expect(page.getByTestId('page-row-3')).toContainText('Heft nicht erkannt', { timeout: 30_000 });
    await page.getByRole('button', { name: 'Seite 3 öffnen' }).press('Enter');
    await page.getByLabel('Heftnummer').fill(bookletId);
    await page.getByLabel('Seitenzahl').fill('3');
    await page.getByLabel('Seitenzahl').press('Enter');
    await expect(page.getByTestId('field-9')).toHaveAttribute('data-decision', 'stamped', { timeout: 30_000 });
    await page.getByLabel('Datum der Maßnahme').fill(`${year}-07-01`);
    await verifier.focus();
    await page.keyboard.press('a');
    await expect(page.getByTestId('page-row-3')).toContainText('geprüft');

    await page.getByTestId('book-batch').click();
    await expect(page.getByTestId('booking-result')).toHaveText('Gebucht: 4 Maßnahmen auf 3 Seiten in 1 Einreichungen.');
    await expect(page.getByTestId('page-row-1')).toContainText('gebucht');
    await checkScreen(page, testInfo, 'clerk-batch-booked');

    // The outbox holds one submission for the member with the crops and page images as evidence.
    const outbox = readOutbox(station);
    expect(outbox).toHaveLength(1);
    const { submission: payload, blobs } = outbox[0]!;
    expect(payload).toMatchObject({ kind: 'measures', participationYear: year, member: { kvnr: member.kvnr } });
    expect(payload.measures.map((m) => [m.measure, m.performedOn])).toEqual([
      [1, `${year}-05-04`],
      [3, `${year}-04-15`],
      [6, `${year}-06-20`],
      [9, `${year}-07-01`],
    ]);
    for (const m of payload.measures) expect(m.evidence.map((e) => e.kind)).toEqual(['booklet-stamp', 'scan']);
    // Four field crops and three page images.
    expect(blobs).toHaveLength(7);
    for (const b of blobs) expect(b).toMatchObject({ type: 'image/jpeg', size: expect.any(Number) });
    // No scan stays on disk in clear: the pages live in the encrypted database only.
    expect(withStationDatabase(station, (db) => db.prepare('SELECT count(*) FROM clerk_page WHERE scan IS NOT NULL').pluck().get())).toBe(0);
  });
  test('a page without marks is assigned to the member in the verifier, verified with its regions and booked into the outbox', async ({ page }, testInfo) => {
    test.setTimeout(180_000);
    if (!sane.ok) return;
    writeFileSync(join(sane.configDir, 'dll.conf'), 'pnm\n');
    station = await startStation({ mode: 'clerk', branch: 'Berlin Mitte', scanner: { sane: true, saneDeviceOptions: { 'pnm:0': { filename: sheet } } } }, { SANE_CONFIG_DIR: sane.configDir, ...stationOnTestDay }, [clerk]);
    await page.goto(await station.launchUrl());
    await page.getByLabel('Kennung').fill(clerk.id);
    await page.getByLabel('Passwort').fill(clerk.password);
    await page.getByLabel('Passwort').press('Enter');
    await chooseScanner(page, 'sane:pnm:0');

    // An old booklet page (no corner marks, no QR code) with stamps in the fields of measures 1 and 3.
    const { canvas, template } = legacyPage('adult', 1);
    const fields = template.pages[0]!.fields;
    stampInto(canvas, fields[0]!.stampBox);
    stampInto(canvas, fields[2]!.stampBox);
    const { data, info } = await sharp(await scanOf(canvas, { quality: 90 })).greyscale().raw().toBuffer({ resolveWithObject: true });
    await scanSheet(page, Buffer.concat([Buffer.from(`P5\n${info.width} ${info.height}\n255\n`), data]), 1);
    await expect(page.getByTestId('page-row-1')).toContainText('Seite ohne Markierungen', { timeout: 30_000 });

    // It opens by itself in the verifier with the assignment: the member first.
    const legacy = page.getByTestId('verify-legacy');
    await expect(legacy).toBeVisible();
    const byKvnr = legacy.getByTestId('pick-by-kvnr');
    await byKvnr.getByLabel('Krankenversichertennummer (KVNR)').fill(member.kvnr);
    await byKvnr.getByLabel('Geburtsdatum').fill(member.birthDate);
    await byKvnr.getByRole('button', { name: 'Mitglied übernehmen' }).click();
    await legacy.getByLabel('Jahr des Hefts').selectOption(String(year));
    await legacy.getByRole('button', { name: 'Felder zuordnen' }).click();
    const image = legacy.getByTestId('legacy-image');
    await expect(image).toBeVisible();
    await expect(legacy.getByLabel('Datum der Stempel auf dieser Seite')).toHaveAttribute('data-value', testToday);

    // Where a stamp box lies on the straightened page: the scan's 60 px lid border around the page, scaled.
    const share = await legacyBoxShare(image, canvas);
    const drag = async (box: { x: number; y: number; width: number; height: number }) => {
      await image.evaluate((svg) => svg.scrollIntoView({ block: 'start' }));
      const onScreen = (await image.boundingBox())!;
      const r = share(box);
      await page.mouse.move(onScreen.x + r.x * onScreen.width, onScreen.y + r.y * onScreen.height);
      await page.mouse.down();
      await page.mouse.move(onScreen.x + (r.x + r.width / 2) * onScreen.width, onScreen.y + (r.y + r.height / 2) * onScreen.height, { steps: 4 });
      await page.mouse.move(onScreen.x + (r.x + r.width) * onScreen.width, onScreen.y + (r.y + r.height) * onScreen.height, { steps: 4 });
      await page.mouse.up();
    };
    await drag(fields[0]!.stampBox);
    await drag(fields[1]!.stampBox);
    await drag(fields[2]!.stampBox);
    const rows = legacy.getByTestId('legacy-region-list');
    await expect(rows.getByRole('listitem')).toHaveCount(3);
    await rows.getByLabel('Maßnahme').nth(2).selectOption('3');
    await legacy.getByRole('button', { name: 'Stempel erkennen' }).click();
    await expect(rows.getByTestId('legacy-proposal').nth(0)).toContainText('Vorschlag: gestempelt');
    await expect(rows.getByTestId('legacy-proposal').nth(1)).toContainText('Vorschlag: leer');
    await expect(rows.getByTestId('legacy-proposal').nth(2)).toContainText('Vorschlag: gestempelt');
    // The page's date, and measure 3 on a day of its own.
    await legacy.getByLabel('Datum der Stempel auf dieser Seite').fill(`${year}-05-04`);
    await rows.getByTestId('legacy-region-date').nth(1).fill(`${year}-03-10`);
    await checkScreen(page, testInfo, 'clerk-batch-legacy-assign');
    await legacy.getByRole('button', { name: 'Zuordnung speichern' }).click();

    // Saved: the page is verified, its fields are the regions.
    await expect(page.getByTestId('page-row-1')).toContainText('geprüft');
    await expect(page.getByTestId('page-state')).toHaveText('geprüft');
    await expect(page.getByTestId('page-member')).toContainText('Jahrgang 1980');
    await expect(page.getByTestId('field-1')).toHaveAttribute('data-decision', 'stamped');
    await expect(page.getByTestId('field-2')).toHaveAttribute('data-decision', 'empty');
    await expect(page.getByTestId('field-3')).toHaveAttribute('data-decision', 'stamped');
    // Shown the German way; the date the station holds is the same day.
    await expect(page.getByTestId('field-date-3')).toHaveValue(`10.03.${year}`);
    await expect(page.getByTestId('field-date-3')).toHaveAttribute('data-value', `${year}-03-10`);
    // The station knows no participation declaration of this member: it does not call the stamp invalid.
    await expect(page.getByTestId('field-1')).toContainText('an dieser Station nicht bekannt');
    await checkScreen(page, testInfo, 'clerk-batch-legacy-verified');

    await page.getByTestId('book-batch').click();
    await expect(page.getByTestId('booking-result')).toHaveText('Gebucht: 2 Maßnahmen auf 1 Seiten in 1 Einreichungen.');
    await expect(page.getByTestId('page-row-1')).toContainText('gebucht');

    const outbox = readOutbox(station);
    expect(outbox).toHaveLength(1);
    const { submission: payload, blobs } = outbox[0]!;
    expect(payload).toMatchObject({ kind: 'measures', participationYear: year, member: { kvnr: member.kvnr } });
    expect(payload.measures.map((m) => [m.measure, m.performedOn, m.evidence.map((e) => e.kind)])).toEqual([
      [1, `${year}-05-04`, ['booklet-stamp', 'scan']],
      [3, `${year}-03-10`, ['booklet-stamp', 'scan']],
    ]);
    // Two region crops and the page image.
    expect(blobs.map((b) => b.type)).toEqual(['image/jpeg', 'image/jpeg', 'image/jpeg']);
  });
});

test.describe('the clerk scanner', () => {
  test.skip(!sane.ok, `SANE is not available: ${sane.ok ? '' : sane.reason}`);
  test.afterEach(async () => {
    await station?.stop();
    station = undefined;
  });

  test('shows per-page progress of a feeder batch and cancels it, keeping the finished pages', async ({ page }, testInfo) => {
    test.setTimeout(240_000);
    if (!sane.ok) return;
    // SANE's test backend: a feeder of ten generated pages, slowed down (100 ms after every buffer) so that the
    // batch is still running after the screen's axe check, which takes half a minute on a loaded machine.
    writeFileSync(join(sane.configDir, 'dll.conf'), 'test\n');
    station = await startStation(
      { mode: 'clerk', scanner: { sane: true, saneDeviceOptions: { 'test:0': { 'read-delay': 'yes', 'read-delay-duration': '100000' } } } },
      { SANE_CONFIG_DIR: sane.configDir, ...stationOnTestDay },
      [clerk],
    );
    await page.goto(await station.launchUrl());
    await page.getByLabel('Kennung').fill(clerk.id);
    await page.getByLabel('Passwort').fill(clerk.password);
    await page.getByLabel('Passwort').press('Enter');
    await chooseScanner(page, 'sane:test:0');
    await page.getByRole('tab', { name: /Scanner/ }).click();
    await page.getByLabel('Vorlage').selectOption('adf');
    await page.getByRole('button', { name: 'Stapel scannen' }).click();

    // Progress per page, announced politely; then cancel after the second page has started.
    const progress = page.getByTestId('scan-progress');
    await expect(progress).toContainText(/Seite [2-9] wird gescannt \([1-9] fertig\)/, { timeout: 60_000 });
    await expect(progress.getByRole('progressbar')).toBeVisible();
    await checkScreen(page, testInfo, 'clerk-scanning');
    await page.getByRole('button', { name: 'Scan abbrechen' }).click();
    await expect(progress).toContainText(/Scan abgebrochen nach [1-9] Seiten\. Die fertigen Seiten bleiben im Stapel\./, { timeout: 30_000 });
    const scanned = Number((await progress.textContent())!.match(/nach (\d+) Seiten/)![1]);
    // The finished pages are in the batch (generated test pages: no booklet pages, nothing to book).
    await expect(page.getByTestId('batch-counts')).toContainText(`${scanned} Seiten`);
    await expect(page.getByTestId('batch-counts')).toContainText('Alle Seiten sind erkannt.', { timeout: 60_000 });
  });

  test('a page of a booklet from elsewhere opens at once while the service black-holes the lookup: pending, then offline', async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    if (!sane.ok) return;
    writeFileSync(join(sane.configDir, 'dll.conf'), 'pnm\n');
    let central: CentralService | undefined;
    let relay: Awaited<ReturnType<typeof switchableRelay>> | undefined;
    try {
      central = await startCentralService({ env: serviceOnTestDay });
      relay = await switchableRelay(central.url);
      station = await startStation(
        { mode: 'clerk', branch: 'Berlin Mitte', stationId: 'clerk-hole-e2e', service: { url: relay.url }, scanner: { sane: true, saneDeviceOptions: { 'pnm:0': { filename: sheet } } } },
        { SANE_CONFIG_DIR: sane.configDir, ...stationOnTestDay },
        [clerk],
      );
      await central.enroll(station, stationOnTestDay);
      // From now on the service accepts connections and never answers.
      await relay.blackHole();
      await page.goto(await station.launchUrl());
      await page.getByLabel('Kennung').fill(clerk.id);
      await page.getByLabel('Passwort').fill(clerk.password);
      await page.getByLabel('Passwort').press('Enter');
      await chooseScanner(page, 'sane:pnm:0');

      // A booklet printed at another station: this one does not know it and asks the service.
      await scanSheet(page, await scannedPage('K7M2Q9X4TR', 1, { 0: 'stamp' }, 21), 1);
      await expect(page.getByTestId('batch-counts')).toContainText('1 Seiten: 1 erkannt', { timeout: 30_000 });
      const lookup = page.getByTestId('page-member-lookup');
      // The page is there long before the station's client gives up (10 s), saying the lookup is running.
      await expect(lookup).toHaveText('Heft wird beim Bonusservice nachgefragt …', { timeout: 8_000 });
      await expect(lookup).toHaveAttribute('role', 'status');
      await checkScreen(page, testInfo, 'clerk-lookup-pending');
      // The client gives up: the open page shows the offline sentence without the clerk doing anything.
      await expect(lookup).toHaveText(/keine Verbindung zum Bonusservice/, { timeout: 20_000 });
    } finally {
      await station?.stop();
      station = undefined;
      relay?.close();
      await central?.close();
    }
  });
});
