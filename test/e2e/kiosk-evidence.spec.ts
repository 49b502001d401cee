import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certificatePhoto } from '../../main/imaging/testing/fixtures';
import { writeFakeCameraFile } from '../support/fake-camera';
import { virtualCard } from '../virtual-egk/cards';
import { EgkCardProgram } from '../virtual-egk/egk-card';
import type { VirtualCardSlot } from '../virtual-egk/vpcd-link';
import { realCardStack } from './real-card-stack';
import { checkScreen } from './screen-check';
import { startStation, type RunningStation } from './station-host';

/**
 * Evidence at the kiosk with Chromium's fake camera showing a certificate (sharp or blurred),
 * the virtual eGK in the real pcscd, and submission while the station has no central service.
 */
const dir = mkdtempSync(join(tmpdir(), 'bonus-camera-'));
let station: RunningStation;
let browser: Browser | undefined;

async function cameraBrowser(file: string): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${file}`],
  });
}

async function memberAtKiosk(page: Page, slot: VirtualCardSlot) {
  await page.goto(station.url);
  await expect(page.getByText('Kartenleser: bereit')).toBeVisible();
  await slot.insert(new EgkCardProgram(virtualCard('mueller').image));
  await page.getByLabel('Postleitzahl').fill('70173');
  await page.getByRole('button', { name: 'Bestätigen' }).click();
  await page.getByLabel(/willige in die Verarbeitung meiner Daten/).check();
  await page.getByRole('button', { name: 'Teilnahme erklären' }).click();
  await expect(page.getByTestId('participation')).toHaveCount(0);
}

test.describe('evidence at the kiosk', () => {
  const slot = realCardStack('kiosk evidence e2e');
  test.beforeAll(async () => {
    const certificate = await certificatePhoto(1600, 1200);
    await writeFakeCameraFile(certificate, join(dir, 'certificate.y4m'));
    await writeFakeCameraFile(certificate, join(dir, 'blurred.y4m'), { blurSigma: 6 });
  });
  test.afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  test.beforeEach(async () => {
    station = await startStation({ mode: 'kiosk' });
  });
  test.afterEach(async () => {
    await browser?.close();
    browser = undefined;
    await station?.stop();
  });

  test('a photo of a certificate and a digital entry are submitted offline with a receipt', async ({ browserName: _browserName }, testInfo) => {
    browser = await cameraBrowser(join(dir, 'certificate.y4m'));
    // A page in its own context: axe's full-page check opens a helper page beside it.
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await memberAtKiosk(page, slot);

    await page.getByRole('button', { name: 'Nachweis hinzufügen: Schutzimpfung' }).click();
    await page.getByLabel('Datum der Maßnahme').fill(`${new Date().getFullYear()}-01-15`);
    await page.getByRole('button', { name: 'Foto der Bescheinigung' }).click();
    await expect(page.getByLabel('Kamerabild')).toBeVisible();
    await page.getByRole('button', { name: 'Foto aufnehmen' }).click();
    await expect(page.getByRole('img', { name: 'Aufgenommenes Foto der Bescheinigung' })).toBeVisible();
    await checkScreen(page, testInfo, 'kiosk-capture-photo');
    await page.getByRole('button', { name: 'Foto verwenden' }).click();
    await expect(page.getByTestId('drafts')).toContainText('Schutzimpfung');

    await page.getByRole('button', { name: 'Nachweis hinzufügen: Zahnvorsorge' }).click();
    await page.getByLabel('Datum der Maßnahme').fill(`${new Date().getFullYear()}-02-10`);
    await page.getByRole('button', { name: 'Digitale Angabe mit Datum' }).click();
    await page.getByRole('button', { name: 'Angabe bestätigen' }).click();
    await expect(page.getByTestId('drafts').locator('li')).toHaveCount(2);

    await page.getByRole('button', { name: '2 Nachweise einreichen' }).click();
    await expect(page.getByTestId('receipt-reference')).toHaveText(/^BA-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await expect(page.getByRole('status').filter({ hasText: 'sobald eine Verbindung besteht' })).toBeVisible();
    await checkScreen(page, testInfo, 'kiosk-receipt');
    // The printout shows the receipt with initials only: no name, no KVNR, no address.
    await page.emulateMedia({ media: 'print' });
    const printed = await page.evaluate(() => document.body.innerText);
    expect(printed).toContain('Eingereicht von H. M.');
    for (const value of ['Müller', 'Hans-Jürgen', '70173']) expect(printed).not.toContain(value);
    await page.pdf({ path: testInfo.outputPath('kiosk-receipt.pdf') }).catch(() => undefined);
    await page.emulateMedia({ media: 'screen' });
    await page.getByRole('button', { name: 'Zurück zum Bonusheft' }).click();
    await expect(page.getByTestId('field-8')).toContainText('in Prüfung');
  });

  test('a blurred photo is refused with a request to take it again', async ({ browserName: _browserName }, testInfo) => {
    browser = await cameraBrowser(join(dir, 'blurred.y4m'));
    const page = await (await browser.newContext()).newPage();
    await memberAtKiosk(page, slot);
    await page.getByRole('button', { name: 'Nachweis hinzufügen: Schutzimpfung' }).click();
    await page.getByLabel('Datum der Maßnahme').fill(`${new Date().getFullYear()}-01-15`);
    await page.getByRole('button', { name: 'Foto der Bescheinigung' }).click();
    await page.getByRole('button', { name: 'Foto aufnehmen' }).click();
    await page.getByRole('button', { name: 'Foto verwenden' }).click();
    await expect(page.getByRole('alert')).toContainText('Das Foto ist unscharf');
    await checkScreen(page, testInfo, 'kiosk-capture-blurred');
    await expect(page.getByTestId('drafts')).toHaveCount(0);
  });
});
