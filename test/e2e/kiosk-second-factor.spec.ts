import { expect, test } from '@playwright/test';
import { virtualCard } from '../virtual-egk/cards';
import { EgkCardProgram } from '../virtual-egk/egk-card';
import { startCentralService, type CentralService } from './central-service';
import { realCardStack } from './real-card-stack';
import { shoot } from './screen-tour';
import { startStation, type RunningStation } from './station-host';

/**
 * The kiosk's second factor from the insurer (docs/security.md, hole 2), against the reference
 * service in its own process: a found card's own postal code is not enough, the member can be
 * asked to approve in the app (code, QR code, countdown, cancel), and offline the screen says the
 * check is weaker and shows a reduced booklet without bank details or payout. The two screens
 * made for it are photographed with the screen tour's camera: every kiosk size, both languages,
 * no page scroll, touch targets, text size, axe (test-results/screens/kiosk-approve-in-app-*,
 * kiosk-booklet-reduced-offline-*).
 */
let station: RunningStation;
let central: CentralService;
const mueller = virtualCard('mueller');
const kvnr = mueller.person!.kvnr;
let stations = 0;

async function seedMueller(postalCode: string) {
  await central.seedMember({ kvnr, cardNumber: mueller.iccsn!, firstName: 'Hans-Jürgen', lastName: 'Müller', birthDate: '1967-03-12', postalCode, bank: { iban: 'DE89370400440532013000', accountHolder: 'Hans-Jürgen Müller' } });
}

// The camera takes six pictures without a touch: a long inactivity timeout keeps the
// "are you still there?" question out of them on a loaded machine.
const patient = { inactivityTimeoutSeconds: 3600 };

async function kioskWith(kiosk: Record<string, unknown> = {}) {
  station = await startStation({ mode: 'kiosk', branch: 'Stuttgart Mitte', kiosk, ...central.stationConfig(`kiosk-2fa-${(stations += 1)}`) });
  await central.enroll(station);
}

test.describe("the kiosk's second factor from the insurer", () => {
  test.use({ viewport: { width: 1920, height: 1080 } });
  const slot = realCardStack('kiosk second factor e2e');
  test.setTimeout(180_000);
  test.beforeEach(async () => {
    central = await startCentralService();
  });
  test.afterEach(async () => {
    await station?.stop();
    await central?.close();
  });

  test("a found card's own postal code is refused when the insurer's record differs", async ({ page }) => {
    await seedMueller('10115');
    await kioskWith();
    await page.goto(await station.launchUrl());
    await expect(page.getByTestId('status-card')).toHaveText('Kartenleser: bereit');
    await slot.insert(new EgkCardProgram(mueller.image));
    await page.getByLabel('Postleitzahl').fill('70173');
    await page.getByRole('button', { name: 'Bestätigen' }).click();
    await expect(page.getByRole('alert')).toContainText('Die Angabe stimmt nicht');
    await page.getByLabel('Postleitzahl').fill('10115');
    await page.getByRole('button', { name: 'Bestätigen' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Willkommen, Dr. Hans-Jürgen Müller');
  });

  test('the member approves the session in the app: code, QR code and countdown on one screen, no keypad', async ({ page }) => {
    await seedMueller('70173');
    await kioskWith({ appApproval: 'required', ...patient });
    await page.goto(await station.launchUrl());
    await expect(page.getByTestId('status-card')).toHaveText('Kartenleser: bereit');
    await slot.insert(new EgkCardProgram(mueller.image));
    await expect(page.getByTestId('approve-in-app')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bitte geben Sie diese Anmeldung in Ihrer App frei');
    await expect(page.getByTestId('identify-form')).toHaveCount(0);
    await expect(page.getByRole('timer')).toHaveText(/^[0-9]:[0-5][0-9]$/);
    // The timer is silent; the last minutes are said once each by a polite live region (a 2-minute window here).
    await expect(page.getByTestId('approve-countdown-spoken')).toHaveAttribute('aria-live', 'polite');
    await expect(page.getByTestId('approve-countdown-spoken')).toHaveText(/^Noch [12] Minuten?$/);
    expect(await shoot(page, 'kiosk', 'approve-in-app')).toEqual([]);
    const code = (await page.getByTestId('approve-code').textContent())!.replace(/\s/g, '');
    await central.admin('POST', '/v1/member-app/kiosk-approvals/answer', { kvnr, code, approve: true });
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Willkommen, Dr. Hans-Jürgen Müller', { timeout: 15_000 });
    // The code is spent: the app cannot approve it again.
    await expect(central.admin('POST', '/v1/member-app/kiosk-approvals/answer', { kvnr, code, approve: true })).rejects.toThrow(/not_found/);
  });

  test('the member cancels the approval on the screen', async ({ page }) => {
    await seedMueller('70173');
    await kioskWith({ appApproval: 'required' });
    await page.goto(await station.launchUrl());
    await expect(page.getByTestId('status-card')).toHaveText('Kartenleser: bereit');
    await slot.insert(new EgkCardProgram(mueller.image));
    await page.getByRole('button', { name: 'Abbrechen' }).click();
    await expect(page.getByTestId('approve-in-app')).toHaveCount(0);
    await expect(page.getByTestId('card-message')).toBeVisible();
  });

  test('offline the screen says the check is weaker and the booklet opens reduced: no bank details, no payout', async ({ page }) => {
    await seedMueller('70173');
    await kioskWith(patient);
    await central.stop();
    await page.goto(await station.launchUrl());
    await expect(page.getByTestId('status-card')).toHaveText('Kartenleser: bereit');
    await slot.insert(new EgkCardProgram(mueller.image));
    await page.getByLabel('Postleitzahl').fill('70173');
    await page.getByRole('button', { name: 'Bestätigen' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Willkommen, Dr. Hans-Jürgen Müller', { timeout: 20_000 });
    await expect(page.getByTestId('insurer-notice')).toHaveAttribute('data-reduced', 'true');
    // The member is told what is missing and why, in both languages.
    await expect(page.getByTestId('insurer-notice')).toContainText('ohne Bankdaten, Kinderliste und Auszahlung');
    await expect(page.getByRole('button', { name: 'Auszahlung und Bankverbindung' })).toHaveCount(0);
    const html = await page.evaluate(() => document.documentElement.outerHTML);
    expect(html).not.toContain('DE89');
    expect(await shoot(page, 'kiosk', 'booklet-reduced-offline')).toEqual([]);
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect(page.getByTestId('insurer-notice')).toContainText('no bank details, list of children or payout');
    await expect(page.getByRole('button', { name: 'Payout and bank details' })).toHaveCount(0);
    await page.getByRole('button', { name: 'Auf Deutsch umschalten' }).click();
    // The card out: the next person at the kiosk finds nothing of the member on the page.
    await slot.remove();
    await expect(page.getByTestId('kiosk-start')).toBeVisible();
    const after = await page.evaluate(() => document.documentElement.outerHTML);
    for (const secret of ['Müller', 'DE89']) expect(after, secret).not.toContain(secret);
    await expect(page.getByTestId('status-card')).toHaveText('Kartenleser: bereit');
  });
});
