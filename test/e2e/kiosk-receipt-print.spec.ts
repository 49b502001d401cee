import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { cupsTestEnvironment } from '../support/cups-env';
import { addDatedEntry, memberAtKiosk, submitOneProof } from './kiosk-member';
import { realCardStack } from './real-card-stack';
import { startStation, type RunningStation } from './station-host';
import { stationOnTestDay, year } from './test-day';

/**
 * The receipt on the kiosk's printer: a real CUPS scheduler (test/services/cups.start.sh) with
 * a cups-pdf queue, whose PDF is read back, and a queue whose printer has no paper.
 */
const cups = cupsTestEnvironment();
let station: RunningStation | undefined;

async function submitted(page: Page, slot: ReturnType<typeof realCardStack>) {
  await memberAtKiosk(page, await station!.launchUrl(), slot);
  await addDatedEntry(page, 'Zahnvorsorge', `${year}-02-10`);
  await submitOneProof(page);
  return (await page.getByTestId('receipt-reference').textContent())!;
}

test.describe('the kiosk receipt printer', () => {
  test.skip(!cups.ok, `CUPS for the tests is not running: ${cups.ok ? '' : cups.reason}`);
  const slot = realCardStack('kiosk receipt print e2e');
  test.afterEach(async () => {
    await station?.stop();
    station = undefined;
  });

  test('prints the receipt with the reference and initials only, in the language on screen', async ({ page }) => {
    if (!cups.ok) return;
    station = await startStation({ mode: 'kiosk', branch: 'Stuttgart Mitte', kiosk: { receiptPrinter: { queue: cups.queue, cupsServer: cups.server } } }, stationOnTestDay);
    const reference = await submitted(page, slot);
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('button', { name: 'Print receipt' }).click();
    await expect(page.getByTestId('print-state')).toHaveText('Your receipt is printed. Please take it from the printer.');
    await expect.poll(() => readdirSync(cups.pdfDir).some((f) => f.includes(reference)), { timeout: 20_000 }).toBe(true);
    const file = join(cups.pdfDir, readdirSync(cups.pdfDir).find((f) => f.includes(reference))!);
    const text = execFileSync('pdftotext', [file, '-']).toString().replace(/\s+/g, ' ');
    expect(text).toContain(reference);
    expect(text).toContain(`1 measure for ${year}`);
    expect(text).toContain('by H. M.');
    for (const personal of ['Müller', 'Hans-Jürgen', 'A123', '70173']) expect(text).not.toContain(personal);
    await page.getByRole('button', { name: 'Auf Deutsch umschalten' }).click();
  });

  test('a printer out of paper is said plainly, the receipt stays on the screen', async ({ page }) => {
    if (!cups.ok) return;
    station = await startStation({ mode: 'kiosk', kiosk: { receiptPrinter: { queue: cups.emptyQueue, cupsServer: cups.server } } }, stationOnTestDay);
    const reference = await submitted(page, slot);
    await page.getByRole('button', { name: 'Beleg drucken' }).click();
    await expect(page.getByTestId('print-state')).toHaveText(/Der Belegdrucker hat kein Papier/);
    await expect(page.getByTestId('receipt-reference')).toHaveText(reference);
    expect(readdirSync(cups.pdfDir).some((f) => f.includes(reference))).toBe(false);
  });

  test('a kiosk without a printer offers no printing and says what to do instead', async ({ page }) => {
    station = await startStation({ mode: 'kiosk' }, stationOnTestDay);
    await submitted(page, slot);
    await expect(page.getByRole('button', { name: 'Beleg drucken' })).toHaveCount(0);
    await expect(page.getByTestId('receipt')).toContainText('Bitte notieren Sie die Vorgangsnummer');
  });
});
