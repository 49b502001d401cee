import { expect, test, type Browser } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certificatePhoto } from '../support/imaging/fixtures';
import { writeFakeCameraFile } from '../support/fake-camera';
import { addDatedEntry, fakeCameraBrowser, memberAtKiosk, setDate, startProof } from './kiosk-member';
import { realCardStack } from './real-card-stack';
import { checkScreen } from './screen-check';
import { startStation, type RunningStation } from './station-host';
import { stationOnTestDay, year } from './test-day';

/**
 * Evidence at the kiosk with Chromium's fake camera showing a certificate (sharp or blurred),
 * the virtual eGK in the real pcscd, and submission while the station has no central service.
 * The kiosk runs on the test day (test-day.ts): the entries' dates are behind it on every real day.
 */
const dir = mkdtempSync(join(tmpdir(), 'bonus-camera-'));
let station: RunningStation;
let browser: Browser | undefined;



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
    station = await startStation({ mode: 'kiosk' }, stationOnTestDay);
  });
  test.afterEach(async () => {
    await browser?.close();
    browser = undefined;
    await station?.stop();
  });

  test('a photo of a certificate and a digital entry are submitted offline with a receipt', async ({ browserName: _browserName }, testInfo) => {
    browser = await fakeCameraBrowser(join(dir, 'certificate.y4m'));
    // A page in its own context: axe's full-page check opens a helper page beside it.
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await memberAtKiosk(page, await station!.launchUrl(), slot);

    await startProof(page, 'Schutzimpfung');
    await setDate(page, 'Datum der Maßnahme', `${year}-01-15`);
    await page.getByRole('button', { name: 'Foto der Bescheinigung' }).click();
    await expect(page.getByLabel('Kamerabild')).toBeVisible();
    await page.getByRole('button', { name: 'Foto aufnehmen' }).click();
    await expect(page.getByRole('img', { name: 'Aufgenommenes Foto der Bescheinigung' })).toBeVisible();
    await checkScreen(page, testInfo, 'kiosk-capture-photo');
    await page.getByRole('button', { name: 'Foto verwenden' }).click();
    // The imaging worker checks the photo first ("Foto wird geprüft"): on a loaded machine that takes a while.
    await expect(page.getByTestId('drafts')).toContainText('Schutzimpfung', { timeout: 60_000 });

    await addDatedEntry(page, 'Zahnvorsorge', `${year}-02-10`);
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
    browser = await fakeCameraBrowser(join(dir, 'blurred.y4m'));
    const page = await (await browser.newContext()).newPage();
    await memberAtKiosk(page, await station!.launchUrl(), slot);
    await startProof(page, 'Schutzimpfung');
    await setDate(page, 'Datum der Maßnahme', `${year}-01-15`);
    await page.getByRole('button', { name: 'Foto der Bescheinigung' }).click();
    await page.getByRole('button', { name: 'Foto aufnehmen' }).click();
    await page.getByRole('button', { name: 'Foto verwenden' }).click();
    await expect(page.getByRole('alert')).toContainText('Das Foto ist unscharf', { timeout: 60_000 });
    await checkScreen(page, testInfo, 'kiosk-capture-blurred');
    await expect(page.getByTestId('drafts')).toHaveCount(0);
  });
});
