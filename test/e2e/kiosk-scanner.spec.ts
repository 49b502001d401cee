import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { certificatePhoto } from '../support/imaging/fixtures';
import { saneTestEnvironment } from '../integration/scanner-support/sane-env';
import { memberAtKiosk, setDate, startProof } from './kiosk-member';
import { realCardStack } from './real-card-stack';
import { checkScreen } from './screen-check';
import { startStation, type RunningStation } from './station-host';
import { stationOnTestDay, year } from './test-day';

/**
 * The kiosk's document scanner through the real SANE stack: scanimage with SANE's pnm backend,
 * which scans the page file named in the station's configuration (the test swaps that file's
 * content between scans, as a member swaps sheets on the glass), and the virtual eGK in pcscd.
 */
const dir = mkdtempSync(join(tmpdir(), 'bonus-kiosk-scan-'));
const sheet = join(dir, 'sheet.ppm');
const sane = saneTestEnvironment();
let station: RunningStation | undefined;
let certificate: Buffer;
const black = Buffer.concat([Buffer.from('P6\n600 800\n255\n'), Buffer.alloc(600 * 800 * 3, 4)]);

async function ppm(image: Buffer): Promise<Buffer> {
  const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return Buffer.concat([Buffer.from(`P6\n${info.width} ${info.height}\n255\n`), data]);
}


test.describe('the kiosk document scanner', () => {
  test.skip(!sane.ok, `SANE is not available: ${sane.ok ? '' : sane.reason}`);
  const slot = realCardStack('kiosk scanner e2e');
  test.beforeAll(async () => {
    certificate = await ppm(await certificatePhoto(1240, 1754));
  });
  test.afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    if (sane.ok) sane.cleanup();
  });
  test.afterEach(async () => {
    await station?.stop();
    station = undefined;
  });

  test('a member scans a two-page certificate, retakes an unreadable page, and submits it', async ({ page }, testInfo) => {
    if (!sane.ok) return;
    // Only the pnm backend: the kiosk's one scanner is pnm:0, reading the sheet file.
    writeFileSync(join(sane.configDir, 'dll.conf'), 'pnm\n');
    station = await startStation({ mode: 'kiosk', scanner: { sane: true, saneDeviceOptions: { 'pnm:0': { filename: sheet } } } }, { SANE_CONFIG_DIR: sane.configDir, ...stationOnTestDay });
    await memberAtKiosk(page, await station!.launchUrl(), slot);
    await expect(page.getByTestId('status-scanner')).toHaveText('Scanner: bereit');

    await startProof(page, 'Schutzimpfung');
    await setDate(page, 'Datum der Maßnahme', `${year}-01-15`);
    await page.getByRole('button', { name: 'Dokument scannen' }).click();
    await expect(page.getByText('Legen Sie die Bescheinigung mit der Schrift nach unten')).toBeVisible();

    // The sheet lies face up: the scan is dark, and the member is asked to turn it.
    writeFileSync(sheet, black);
    await page.getByRole('button', { name: 'Seite scannen' }).click();
    await expect(page.getByRole('alert')).toHaveText('Die Seite ist zu dunkel. Bitte prüfen Sie, ob sie mit der Schrift nach unten liegt, und scannen Sie sie noch einmal.');
    await checkScreen(page, testInfo, 'kiosk-scan-problem');

    writeFileSync(sheet, certificate);
    await page.getByRole('button', { name: 'Seite scannen' }).click();
    await expect(page.getByRole('img', { name: 'Gescannte Seite 1 der Bescheinigung' })).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
    await checkScreen(page, testInfo, 'kiosk-scan-preview');
    // Retake: the page is scanned again and shown again.
    await page.getByRole('button', { name: 'Neu scannen' }).click();
    await expect(page.getByRole('img', { name: 'Gescannte Seite 1 der Bescheinigung' })).toBeVisible();
    await page.getByRole('button', { name: 'Seite verwenden' }).click();
    await expect(page.getByTestId('scan-pages')).toHaveText('1 Seite gespeichert. Sie können eine weitere Seite scannen oder abschließen.');

    await page.getByRole('button', { name: 'Weitere Seite scannen' }).click();
    await expect(page.getByRole('img', { name: 'Gescannte Seite 2 der Bescheinigung' })).toBeVisible();
    await page.getByRole('button', { name: 'Seite verwenden' }).click();
    await expect(page.getByTestId('scan-pages')).toHaveText('2 Seiten gespeichert. Sie können eine weitere Seite scannen oder abschließen.');
    await checkScreen(page, testInfo, 'kiosk-scan-pages');
    await page.getByRole('button', { name: 'Scannen abschließen' }).click();

    await expect(page.getByTestId('drafts').locator('li')).toHaveCount(1);
    await expect(page.getByTestId('drafts')).toContainText('Schutzimpfung');
    await page.getByRole('button', { name: '1 Nachweis einreichen' }).click();
    await expect(page.getByTestId('receipt-reference')).toHaveText(/^BA-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  });

  test('a slow flatbed shows the page\'s progress while it scans, then the page', async ({ page }, testInfo) => {
    if (!sane.ok) return;
    // SANE's test backend as the kiosk's flatbed: a 10 x 12 cm colour test page, read slowly
    // (a few seconds, long enough to watch the progress).
    writeFileSync(join(sane.configDir, 'dll.conf'), 'test\n');
    writeFileSync(join(sane.configDir, 'test.conf'), 'number_of_devices 1\n');
    const slow = { 'test-picture': 'Color pattern', x: '100', y: '120', 'read-delay': 'yes', 'read-delay-duration': '200000' };
    station = await startStation({ mode: 'kiosk', scanner: { sane: true, saneDeviceOptions: { 'test:0': slow } } }, { SANE_CONFIG_DIR: sane.configDir, ...stationOnTestDay });
    await memberAtKiosk(page, await station!.launchUrl(), slot);
    await expect(page.getByTestId('status-scanner')).toHaveText('Scanner: bereit');
    await startProof(page, 'Schutzimpfung');
    await setDate(page, 'Datum der Maßnahme', `${year}-01-15`);
    await page.getByRole('button', { name: 'Dokument scannen' }).click();
    await page.getByRole('button', { name: 'Seite scannen' }).click();
    await expect(page.getByRole('progressbar', { name: 'Fortschritt des Scans' })).toBeVisible();
    await expect(page.getByText(/^Seite wird gescannt … [1-9]\d* %$/)).toBeVisible();
    await expect(page.getByTestId('status-scanner')).toHaveText('Scanner: scannt …');
    await checkScreen(page, testInfo, 'kiosk-scan-progress');
    await expect(page.getByRole('img', { name: 'Gescannte Seite 1 der Bescheinigung' })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('status-scanner')).toHaveText('Scanner: bereit');
  });

  test('without a scanner the kiosk offers no scan', async ({ page }) => {
    station = await startStation({ mode: 'kiosk', scanner: { sane: false } }, stationOnTestDay);
    await memberAtKiosk(page, await station!.launchUrl(), slot);
    await startProof(page, 'Schutzimpfung');
    await setDate(page, 'Datum der Maßnahme', `${year}-01-15`);
    await expect(page.getByRole('button', { name: 'Foto der Bescheinigung' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Digitale Angabe mit Datum' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Dokument scannen' })).toHaveCount(0);
  });
});
