import { expect, test, type Page } from '@playwright/test';
import { virtualCard } from '../virtual-egk/cards';
import { EgkCardProgram } from '../virtual-egk/egk-card';
import { startCentralService, type CentralService } from './central-service';
import { realCardStack } from './real-card-stack';
import { checkScreen } from './screen-check';
import { startStation, type RunningStation } from './station-host';

/**
 * Issue 6, item 8 end to end: the virtual eGK in the real pcscd, the built station in Chromium,
 * the reference service in its own process (PGlite), whose member-app endpoints play the
 * member's phone. The payout is applied for and recomputed by the service; a bank change is
 * approved in the "app", another one runs out of time (and a pulled card drops the wait).
 * Offline neither is offered: the booklet opens reduced, and that is checked where the reduced
 * booklet is made, in kiosk-second-factor.spec.ts.
 */
const mueller = virtualCard('mueller');
const kvnr = mueller.person!.kvnr;
const year = new Date().getFullYear();
const oldIban = 'DE89370400440532013000';
let central: CentralService;
let station: RunningStation;
let stations = 0;

async function seedMueller() {
  await central.seedMember({
    kvnr,
    cardNumber: mueller.iccsn!,
    firstName: 'Hans-Jürgen',
    lastName: 'Müller',
    birthDate: '1967-03-12',
    postalCode: '70173',
    bank: { iban: oldIban, accountHolder: 'Hans-Jürgen Müller' },
    participation: [{ year, program: 'adult', declaredAt: `${year}-01-10T09:00:00.000Z` }],
    credited: [{ year, measures: [1, 7, 12] }],
  });
}

async function kioskWith(env: NodeJS.ProcessEnv = {}, config: Record<string, unknown> = {}) {
  station = await startStation({ mode: 'kiosk', branch: 'Stuttgart Mitte', ...central.stationConfig(`kiosk-payout-${(stations += 1)}`), ...config }, env);
  await central.enroll(station, env);
}

async function openPayout(page: Page, slot: ReturnType<typeof realCardStack>) {
  await page.goto(await station.launchUrl());
  await expect(page.getByTestId('status-card')).toHaveText('Kartenleser: bereit');
  await slot.insert(new EgkCardProgram(mueller.image));
  await page.getByLabel('Postleitzahl').fill('70173');
  await page.getByRole('button', { name: 'Bestätigen' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Willkommen, Dr. Hans-Jürgen Müller');
  await page.getByRole('button', { name: 'Auszahlung und Bankverbindung' }).click();
  await expect(page.getByTestId('payout-application')).toBeVisible();
}

async function cardOut(page: Page, slot: ReturnType<typeof realCardStack>, secrets: string[]) {
  await slot.remove();
  await expect(page.getByTestId('kiosk-start')).toBeVisible();
  const html = await page.evaluate(() => document.documentElement.outerHTML);
  for (const secret of secrets) expect(html, secret).not.toContain(secret);
  await expect(page.getByTestId('status-card')).toHaveText('Kartenleser: bereit');
}

/** What the member's app would fetch under "2FA-Freigabe" → "Abrufen". */
async function appRequests(): Promise<{ id: string; kind: string }[]> {
  return ((await central.admin('POST', '/v1/member-app/change-requests/pending', { kvnr })) as { requests: { id: string; kind: string }[] }).requests;
}

async function enterBankChange(page: Page, iban: string) {
  await page.getByRole('button', { name: 'Bankverbindung ändern' }).click();
  await page.getByLabel('IBAN', { exact: true }).fill(iban);
  await page.getByLabel('Kontoinhaberin oder Kontoinhaber').fill('Hans-Jürgen Müller');
  await page.getByRole('button', { name: 'Änderung senden' }).click();
}

test.describe('kiosk payout and protected changes', () => {
  // Each walks a member through several screens with a central service: on a loaded machine that takes minutes.
  test.describe.configure({ timeout: 240_000 });
  const slot = realCardStack('kiosk payout e2e');
  test.afterEach(async () => {
    delete process.env.SERVICE_CHANGE_WINDOW_MINUTES;
    await station?.stop();
    await central?.close();
  });

  test('after the year the payout is applied for; the service recomputes it from what it credited', async ({ page }, testInfo) => {
    // The kiosk's day, and the day of the service's date rules, in February of the next year: the
    // bonus year is over, the claim still open (§2.1), and on every real day (in January the
    // service would otherwise see the participation of 10.01. still ahead).
    const day = `${year + 1}-02-01`;
    central = await startCentralService({ env: { SERVICE_TEST_TODAY: day } });
    await seedMueller();
    await kioskWith({ BONUS_STATION_TEST_TODAY: day });
    await openPayout(page, slot);
    // The running year first: nothing to pay there yet.
    await expect(page.getByTestId('payout-blockers')).toContainText(`Für ${year + 1} ist keine Teilnahme erklärt`);
    await page.getByRole('button', { name: `Bonusjahr ${year}` }).click();
    await expect(page.getByTestId('payout-amount')).toHaveText('30,00 €');
    await expect(page.getByTestId('payout-application')).toContainText('3 Felder sind erfüllt.');
    await expect(page.getByTestId('payout-application')).toContainText(`Das Bonusjahr ${year} ist abgeschlossen.`);
    await expect(page.getByTestId('bank-on-record')).toContainText('DE89 **** **** **** **** 00');
    await checkScreen(page, testInfo, 'payout-overview');

    await page.getByRole('button', { name: 'Auszahlung beantragen' }).click();
    await expect(page.getByTestId('payout-receipt')).toContainText('Ihre Auszahlung ist beantragt');
    await expect(page.getByTestId('payout-receipt')).toContainText(`Beantragt für ${year}: 30,00 €`);
    const reference = await page.getByTestId('receipt-reference').textContent();
    expect(reference).toMatch(/^BA-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await checkScreen(page, testInfo, 'payout-receipt');
    await page.getByRole('button', { name: 'Zurück zur Auszahlung' }).click();
    await expect(page.getByTestId('payout-applied')).toContainText(reference!);
    await expect(page.getByRole('button', { name: 'Auszahlung beantragen' })).toHaveCount(0);
    await expect(page.getByTestId('payout-blockers')).toHaveCount(0);
    await checkScreen(page, testInfo, 'payout-applied');
    await cardOut(page, slot, ['Müller', 'DE89', reference!]);

    // Delivered by the sync: the service evaluated the application itself, not the station's figure.
    await central.syncNow(station);
    const applications = (await central.submissions()).filter((s) => s.kind === 'payout-application');
    expect(applications).toHaveLength(1);
    expect(applications[0]).toMatchObject({ participationYear: year, evaluation: { engine: 'evaluated', totalCents: 3000 } });
  });

  test('a bank change is sent only with valid check digits, waits for the app, and is confirmed when approved there', async ({ page }, testInfo) => {
    central = await startCentralService();
    await seedMueller();
    await kioskWith();
    await openPayout(page, slot);
    await expect(page.getByTestId('bank-on-record')).toContainText('DE89 **** **** **** **** 00');
    await page.getByRole('button', { name: 'Adresse ändern' }).click();
    await page.getByRole('button', { name: 'Änderung senden' }).click();
    await expect(page.getByTestId('address-change')).toContainText('Die Postleitzahl hat fünf Ziffern.');
    await checkScreen(page, testInfo, 'payout-address-change-form');
    await page.getByRole('button', { name: 'Abbrechen' }).click();

    // A typo in the IBAN: said at once, nothing sent.
    await enterBankChange(page, 'DE03 1203 0000 0000 2020 51');
    await expect(page.getByTestId('bank-change')).toContainText('Die Prüfziffern der IBAN passen nicht.');
    await checkScreen(page, testInfo, 'payout-bank-change-form');
    expect(await appRequests()).toEqual([]);

    await page.getByLabel('IBAN', { exact: true }).fill('de02 1203 0000 0000 2020 51');
    await page.getByRole('button', { name: 'Änderung senden' }).click();
    await expect(page.getByRole('heading', { name: 'Bitte bestätigen Sie die Änderung in Ihrer App' })).toBeVisible();
    // The window's time left, counting down (72 hours by default).
    await expect(page.getByTestId('change-countdown')).toHaveText(/^7[01]:\d{2}:\d{2}$/);
    // The typed IBAN has left the screen with the form.
    expect(await page.evaluate(() => document.documentElement.outerHTML)).not.toContain('2020');
    await checkScreen(page, testInfo, 'payout-change-waiting');

    const [request] = await appRequests();
    expect(request).toMatchObject({ kind: 'bank' });
    await central.admin('POST', `/v1/member-app/change-requests/${request!.id}/response`, { approve: true });
    await expect(page.getByTestId('change-wait')).toHaveAttribute('data-state', 'applied');
    await expect(page.getByTestId('change-wait')).toContainText('Ihre Änderung ist bestätigt');
    await checkScreen(page, testInfo, 'payout-change-applied');
    await page.getByRole('button', { name: 'Fertig', exact: true }).click();
    await expect(page.getByTestId('bank-on-record')).toContainText('DE02 **** **** **** **** 51');
    await cardOut(page, slot, ['Müller', 'DE02', '2020', 'DE89']);
  });

  test('a change not approved in time is dropped and the screen says what to do; pulling the card drops the wait', async ({ page }, testInfo) => {
    // A short approval window for this service (35 s), longer than the kiosk's inactivity timeout (30 s):
    // the session stays open while the member is busy with the app.
    process.env.SERVICE_CHANGE_WINDOW_MINUTES = String(35 / 60);
    central = await startCentralService();
    await seedMueller();
    await kioskWith({}, { kiosk: { inactivityTimeoutSeconds: 30 } });
    await openPayout(page, slot);
    await enterBankChange(page, 'DE02120300000000202051');
    await expect(page.getByTestId('change-wait')).toHaveAttribute('data-state', 'awaiting-member');

    // The card leaves the reader during the wait: the screen and the session forget it.
    await cardOut(page, slot, ['Müller', 'DE02', '2020', 'Bitte bestätigen']);
    await openPayout(page, slot);
    await expect(page.getByTestId('change-wait')).toHaveCount(0);
    await expect(page.getByTestId('payout-bank')).toBeVisible();

    await enterBankChange(page, 'DE02120300000000202051');
    await expect(page.getByTestId('change-countdown')).toHaveText(/^0:[0-3]\d$/);
    await expect(page.getByTestId('change-wait')).toHaveAttribute('data-state', 'expired', { timeout: 60_000 });
    // No "are you still there?" while the member was approving: the wait kept the session open.
    await expect(page.getByRole('alertdialog')).toHaveCount(0);
    await expect(page.getByTestId('change-wait')).toContainText('Die Zeit für die Freigabe ist abgelaufen');
    await expect(page.getByTestId('change-wait')).toContainText('Bitte geben Sie sie erneut ein');
    await checkScreen(page, testInfo, 'payout-change-expired');
    expect(await appRequests()).toEqual([]);
    await page.getByRole('button', { name: 'Fertig', exact: true }).click();
    await expect(page.getByTestId('bank-on-record')).toContainText('DE89 **** **** **** **** 00');
    await cardOut(page, slot, ['Müller', 'DE02', 'DE89']);
  });
});
