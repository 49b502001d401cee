import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { BookletLinkRecord } from '../../main/contract/service-api';
import { ServiceClient } from '../../main/sync/service-client';
import { generateStationKey, loadPrivateKey } from '../../main/sync/station-key';
import { saneTestEnvironment } from '../integration/scanner-support/sane-env';
import { certificatePhoto } from '../support/imaging/fixtures';
import { scannedBookletPage } from '../support/imaging/booklet-pages';
import { virtualCard } from '../virtual-egk/cards';
import { startCentralService, type CentralService } from './central-service';
import { insertAndConfirm } from './kiosk-member';
import { realCardStack } from './real-card-stack';
import { checkScreen } from './screen-check';
import { shoot } from './screen-tour';
import { startStation, type RunningStation } from './station-host';

/**
 * A member reads a page of their printed booklet at the kiosk: the page on the kiosk's document
 * scanner (SANE's pnm backend scanning the sheet file), the virtual eGK in pcscd, the station
 * enrolled with the real reference service where the booklets are linked. A page of somebody
 * else's booklet and a page that is no booklet page are refused with a sentence; the member's
 * own page shows its stamps, the member confirms one, and it reaches the insurer's review.
 * The booklets are of 2026: the kiosk and the service's date rules both run on a day of 2026
 * (BONUS_STATION_TEST_TODAY, SERVICE_TEST_TODAY), so the spec is the same in every real year.
 */
const dir = mkdtempSync(join(tmpdir(), 'bonus-kiosk-paper-'));
const sheet = join(dir, 'sheet.ppm');
const sane = saneTestEnvironment();
const mueller = virtualCard('mueller');
const today = '2026-11-20';
let central: CentralService | undefined;
let station: RunningStation | undefined;

async function ppm(image: Buffer): Promise<Buffer> {
  const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return Buffer.concat([Buffer.from(`P6\n${info.width} ${info.height}\n255\n`), data]);
}

/** Links booklets to members at the service as a clerk desk does when it prints them. */
async function linkBooklets(service: CentralService, links: { bookletId: string; kvnr: string; birthDate: string }[]): Promise<void> {
  const stationId = 'clerk-paper-e2e';
  const { token } = (await service.admin('POST', '/v1/admin/enrollment-tokens', { stationId, mode: 'clerk', branch: 'Testfiliale' })) as { token: string };
  const key = generateStationKey();
  const enrolled = await fetch(`${service.url}/v1/stations/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, stationId, mode: 'clerk', publicKey: key.publicKeyBase64 }) });
  expect(enrolled.status).toBe(200);
  const clerk = new ServiceClient({ baseUrl: service.url }, { stationId, privateKey: loadPrivateKey(key.privateKeyDer) });
  try {
    for (const l of links) await clerk.json('PUT', `/v1/booklets/${l.bookletId}`, BookletLinkRecord, { kvnr: l.kvnr, birthDate: l.birthDate, year: 2026, program: 'adult', legacy: false, issuedAt: '2026-01-05T10:00:00.000Z' });
  } finally {
    clerk.close();
  }
}

async function scanWith(page: Page, image: Buffer) {
  writeFileSync(sheet, await ppm(image));
  await page.getByRole('button', { name: 'Seite scannen' }).click();
}

test.describe('the paper booklet at the kiosk', () => {
  test.skip(!sane.ok, `SANE is not available: ${sane.ok ? '' : sane.reason}`);
  const slot = realCardStack('kiosk paper booklet e2e');
  test.afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    if (sane.ok) sane.cleanup();
  });
  test.afterEach(async () => {
    await station?.stop();
    await central?.close();
    station = undefined;
    central = undefined;
  });

  test('refuses a foreign booklet and a page that is none, shows the own page with its stamps, and submits the confirmed one for review', async ({ page }, testInfo) => {
    test.setTimeout(240_000);
    if (!sane.ok) return;
    writeFileSync(join(sane.configDir, 'dll.conf'), 'pnm\n');
    central = await startCentralService({ env: { SERVICE_TEST_TODAY: today } });
    const person = mueller.person!;
    await central.seedMember({ kvnr: person.kvnr, cardNumber: mueller.iccsn!, firstName: 'Hans-Jürgen', lastName: 'Müller', birthDate: '1967-03-12', postalCode: '70173', participation: [{ year: 2026, program: 'adult', declaredAt: '2026-01-10T09:00:00.000Z' }], credited: [{ year: 2026, measures: [1] }] });
    await central.seedMember({ kvnr: 'C123456783', cardNumber: '80276001234567890555', firstName: 'Erika', lastName: 'Andere', birthDate: '1980-04-02' });
    await linkBooklets(central, [
      { bookletId: 'KB16E2EMUE', kvnr: person.kvnr, birthDate: '1967-03-12' },
      { bookletId: 'KB16E2EFRM', kvnr: 'C123456783', birthDate: '1980-04-02' },
    ]);
    station = await startStation(
      { mode: 'kiosk', scanner: { sane: true, saneDeviceOptions: { 'pnm:0': { filename: sheet } } }, ...central.stationConfig('kiosk-paper-e2e') },
      { SANE_CONFIG_DIR: sane.configDir, BONUS_STATION_TEST_TODAY: today },
    );
    await central.enroll(station, { BONUS_STATION_TEST_TODAY: today });
    await page.goto(await station.launchUrl());
    await expect(page.getByText('Kartenleser: bereit')).toBeVisible();
    await insertAndConfirm(page, slot);
    await expect(page.getByTestId('status-scanner')).toHaveText('Scanner: bereit');
    // Participation is on record at the insurer: the way to the paper booklet opens once its answer is in.
    await expect(page.getByRole('button', { name: 'Papierheft einlesen' })).toBeVisible();
    // The booklet with the further way still fits every kiosk window.
    expect(await shoot(page, 'kiosk', 'booklet-paper-way')).toEqual([]);
    await page.getByRole('button', { name: 'Papierheft einlesen' }).click();
    await checkScreen(page, testInfo, 'kiosk-paper-start');

    await scanWith(page, await scannedBookletPage('KB16E2EFRM', 1, { 1: 'stamp' }, 21));
    await expect(page.getByRole('alert')).toHaveText('Dieses Bonusheft gehört nicht zu Ihrer Gesundheitskarte. Sie können hier nur Ihr eigenes Heft einlesen oder das Heft eines Kindes, das Sie vertreten.', { timeout: 60_000 });
    await checkScreen(page, testInfo, 'kiosk-paper-foreign');

    await scanWith(page, await certificatePhoto(1240, 1754));
    await expect(page.getByRole('alert')).toHaveText(/^Diese Seite konnte nicht als Seite eines Bonushefts erkannt werden/, { timeout: 60_000 });

    // The own page: field 1 is credited already, field 2 stamped, 3 and 4 empty.
    await scanWith(page, await scannedBookletPage('KB16E2EMUE', 1, { 0: 'stamp', 1: 'stamp' }, 22));
    await expect(page.getByRole('img', { name: 'Seite 1 Ihres Bonushefts 2026 mit den erkannten Feldern' })).toBeVisible({ timeout: 60_000 });
    const fields = page.getByRole('list', { name: 'Felder dieser Seite' });
    await expect(fields.getByRole('button')).toHaveCount(1);
    await expect(fields.getByRole('button')).toHaveAttribute('aria-pressed', 'true');
    await expect(fields).toContainText('bereits gutgeschrieben oder in Prüfung');
    const submit = page.getByRole('button', { name: '1 Stempel einreichen' });
    await expect(submit).toBeDisabled();
    // The confirmation screen at every kiosk size, in both languages: no page scroll, fingers' targets, text size, axe.
    expect(await shoot(page, 'kiosk', 'paper-confirm')).toEqual([]);

    // Deselecting leaves nothing to submit; selecting again and dating the stamps submits it.
    await fields.getByRole('button').click();
    await expect(page.getByRole('button', { name: '0 Stempel einreichen' })).toBeDisabled();
    await fields.getByRole('button').click();
    const date = page.getByRole('group', { name: 'Datum der Stempel' });
    await date.getByRole('button', { name: 'Einen Tag später' }).click();
    await expect(date).toHaveAttribute('data-value', /^2026-/);
    await submit.click();
    await expect(page.getByTestId('receipt-reference')).toHaveText(/^BA-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

    expect(await central.syncNow(station, { BONUS_STATION_TEST_TODAY: today })).toContain('Warteschlange: 0');
    const stored = await central.submissions();
    expect(stored.map((s) => [s.kind, s.participationYear, s.state])).toEqual([['measures', 2026, 'received']]);
  });
});
