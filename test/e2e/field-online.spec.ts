import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import qrcode from 'qrcode-generator';
import sharp from 'sharp';
import { CheckInTokenIssued } from '../../main/contract/service-api';
import { berlinDateOf } from '../../main/domain';
import { writeFakeCameraFile } from '../support/fake-camera';
import { kvnr, virtualCard } from '../virtual-egk/cards';
import { EgkCardProgram } from '../virtual-egk/egk-card';
import { startCentralService, type CentralService } from './central-service';
import { fakeCameraBrowser } from './kiosk-member';
import { realCardStack } from './real-card-stack';
import { startStation, type RunningStation } from './station-host';

/**
 * A field station at a company health day against the real reference service: the event and
 * its QR keys pulled while online, a stream of cards, the members' QR codes from the insurer's
 * app (hand scanner and camera), the service going offline and coming back, and the service
 * holding exactly one check-in per person and event at the end.
 */
const admin = { id: 'f.admin', name: 'Frieda Feld', role: 'admin' as const, password: 'Gesundheitstag-2026' };
const now = Date.now();
const year = Number(berlinDateOf(now).slice(0, 4));
const event = { id: 'bgm-muster-ag', title: 'Gesundheitstag', company: 'Muster AG', startsAt: new Date(now - 3_600_000).toISOString(), endsAt: new Date(now + 8 * 3_600_000).toISOString(), measures: [5] };
const otherEvent = { ...event, id: 'bgm-andere-ag', title: 'Rückentag', company: 'Andere AG' };
function kvnrOf(name: string): string {
  const expected = virtualCard(name).expect;
  if (expected.outcome !== 'ready') throw new Error(`${name} is not a readable card`);
  return expected.kvnr;
}
const cardMember = (name: string, cardNumber: string, birthDate: string, firstName: string, lastName: string, credited: number[] = []) => ({
  kvnr: kvnrOf(name),
  cardNumber,
  firstName,
  lastName,
  birthDate,
  credited: credited.length ? [{ year, measures: credited }] : [],
});
const appMembers = {
  erika: { kvnr: 'A123457895', cardNumber: '80276001234567890123', firstName: 'Erika', lastName: 'Testfrau', birthDate: '1980-04-02' },
  quirin: { kvnr: kvnr('Q12345678'), cardNumber: '80276001234567890456', firstName: 'Quirin', lastName: 'Quast', birthDate: '1988-08-08' },
};

let central: CentralService | undefined;
let station: RunningStation | undefined;
let browser: Browser | undefined;
const dir = mkdtempSync(join(tmpdir(), 'bonus-field-qr-'));

/** The insurer's app shows the code on a white phone screen, held up to the station camera. */
async function phoneShowing(token: string, file: string): Promise<void> {
  const qr = qrcode(0, 'M');
  qr.addData(token, 'Byte');
  qr.make();
  const svg = qr.createSvgTag({ cellSize: 8, margin: 6, scalable: false });
  const png = await sharp(Buffer.from(svg)).flatten({ background: '#ffffff' }).png().toBuffer();
  await writeFakeCameraFile(png, file);
}


async function issue(member: { kvnr: string }, fieldEventId = event.id): Promise<string> {
  return CheckInTokenIssued.parse(await central!.admin('POST', '/v1/member-app/checkin-tokens', { kvnr: member.kvnr, fieldEventId, ttlMinutes: 15 })).token;
}

async function scan(page: Page, typed: string): Promise<void> {
  const field = page.getByLabel('QR-Code (Handscanner oder eintippen)');
  await field.fill(typed);
  await field.press('Enter');
}

test.describe('field check-in online and offline', () => {
  const slot = realCardStack('field online e2e');
  test.afterEach(async () => {
    const testInfo = test.info();
    if (testInfo.status !== testInfo.expectedStatus && station) await testInfo.attach('station-stderr', { body: station.stderr(), contentType: 'text/plain' });
    await browser?.close();
    await station?.stop();
    await central?.close();
  });
  test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('cards, duplicates, the limit from the insurer, QR codes by scanner and camera, offline and back: one check-in per person at the service', async () => {
    const testInfo = test.info();
    // Two cores shared by the service, the station, Chromium and pcscd; the sync's backoff after the outage.
    test.setTimeout(300_000);
    central = await startCentralService();
    for (const e of [event, otherEvent]) await central.admin('PUT', '/v1/admin/field-events', e);
    const members = [
      cardMember('mueller', '80276883110000012345', '1967-03-12', 'Hans-Jürgen', 'Müller'),
      cardMember('schmidt', '80276883110000034567', '1985-11-30', 'Anna', 'Schmidt'),
      cardMember('weissenfels', '80276883110000023456', '1952-02-29', 'Friederike', 'Weißenfels'),
      // Two company health measures credited this year already: the third will not count.
      cardMember('gruber', '80276883110000045678', '1978-07-04', 'Florian', 'Gruber', [5, 6]),
    ];
    for (const m of [...members, ...Object.values(appMembers)]) await central.seedMember(m);

    station = await startStation({ mode: 'field', branch: 'BGM Muster AG', ...central.stationConfig('field-e2e') }, {}, [admin]);
    await central.enroll(station);
    // While still at the office: the events, their QR keys and the member state are pulled.
    await central.syncNow(station);

    const cameraFile = join(dir, 'phone.y4m');
    await phoneShowing(await issue(appMembers.quirin), cameraFile);
    browser = await fakeCameraBrowser(cameraFile);
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(await station.launchUrl());
    await page.getByLabel('Kennung').fill(admin.id);
    await page.getByLabel('Passwort').fill(admin.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('listitem').filter({ hasText: 'Gesundheitstag' }).getByRole('button', { name: 'Auswählen' }).click();
    await expect(page.getByTestId('checkin')).toHaveText('Bitte Gesundheitskarte stecken …');
    await expect(page.getByTestId('status-card')).toHaveText('Kartenleser: bereit');
    expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);

    const initials: Record<string, string> = { mueller: 'H. M.', gruber: 'F. G.', schmidt: 'A. S.', weissenfels: 'F. W.' };
    /** Inserts a card, waits for this card's result (its initials and the expected text), takes the card out. */
    const tap = async (name: string, expected: string) => {
      await slot.insert(new EgkCardProgram(virtualCard(name).image));
      await expect(page.getByTestId('checkin').filter({ hasText: initials[name]! })).toContainText(expected);
      await slot.remove();
      await expect(page.getByTestId('status-card')).toHaveText('Kartenleser: bereit');
    };
    await tap('mueller', 'eingecheckt – zählt als Maßnahme');
    await tap('mueller', 'bereits eingecheckt');
    await tap('gruber', 'zählt aber nicht erneut');

    // The hand scanner types like a keyboard: a changed code, one for another event, then Erika's,
    // typed as a scanner on a German layout would (y/z swapped, ß for -, ? for _).
    const erika = await issue(appMembers.erika);
    await scan(page, `${erika.slice(0, -6)}AAAAAA`);
    await expect(page.getByTestId('checkin')).toContainText('QR-Code ungültig (Signatur stimmt nicht)');
    await scan(page, await issue(appMembers.erika, otherEvent.id));
    await expect(page.getByTestId('checkin')).toContainText('QR-Code gilt für eine andere Veranstaltung');
    await scan(page, erika.replace(/[yzYZ_-]/g, (c) => ({ y: 'z', z: 'y', Y: 'Z', Z: 'Y', '-': 'ß', _: '?' })[c] ?? c));
    await expect(page.getByTestId('checkin')).toContainText('E. T.');
    await expect(page.getByTestId('checkin')).toContainText('eingecheckt – zählt als Maßnahme');

    // Quirin holds his phone up to the station camera.
    await page.getByRole('button', { name: 'Kamera für QR-Codes einschalten' }).click();
    await expect(page.getByTestId('checkin')).toContainText('Q. Q.', { timeout: 30_000 });
    await expect(page.getByTestId('checkin')).toContainText('eingecheckt – zählt als Maßnahme');
    await page.getByRole('button', { name: 'Kamera ausschalten' }).click();
    await page.screenshot({ path: testInfo.outputPath('field-qr-camera.png') });

    // The network goes: check-ins go on and wait in the outbox.
    await central.stop();
    await tap('schmidt', 'eingecheckt – zählt als Maßnahme');
    await tap('weissenfels', 'eingecheckt – zählt als Maßnahme');
    await tap('schmidt', 'bereits eingecheckt');
    await expect(page.getByTestId('field-waiting')).toContainText(/[1-9]\d* Vorg(ang wartet|änge warten) auf Übertragung/);
    await expect(page.getByTestId('summary-recorded')).toHaveText('5');

    // It comes back: the station syncs on its own, nobody presses anything.
    await central.start();
    await expect(page.getByTestId('field-waiting')).toHaveText('0 Vorgänge warten auf Übertragung', { timeout: 180_000 });
    await page.screenshot({ path: testInfo.outputPath('field-back-online.png'), fullPage: true });

    const held = (await central.admin('GET', `/v1/admin/field-events/${event.id}/participations`)) as { participations: { kvnr: string; checkIns: number }[] };
    const expected = [members[0]!.kvnr, appMembers.erika.kvnr, appMembers.quirin.kvnr, members[1]!.kvnr, members[2]!.kvnr].sort();
    expect(held.participations.map((p) => p.kvnr).sort()).toEqual(expected);
    expect(held.participations.every((p) => p.checkIns === 1)).toBe(true);
    expect((await central.submissions()).filter((s) => s.kind === 'field-checkin')).toHaveLength(5);
    const html = await page.evaluate(() => document.documentElement.outerHTML);
    for (const value of ['Müller', 'Testfrau', 'Quast', appMembers.erika.kvnr, '1967-03-12']) expect(html).not.toContain(value);
  });
});
