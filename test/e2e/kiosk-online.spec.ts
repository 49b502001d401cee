import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { virtualCard } from '../virtual-egk/cards';
import { EgkCardProgram } from '../virtual-egk/egk-card';
import { startCentralService, type CentralService } from './central-service';
import { addDatedEntry, declareParticipation, submitOneProof } from './kiosk-member';
import { realCardStack } from './real-card-stack';
import { startStation, type RunningStation } from './station-host';
import { serviceOnTestDay, stationOnTestDay, year } from './test-day';

/**
 * The kiosk online: the virtual eGK in the real pcscd, the station enrolled with the real
 * reference service (its own process, PGlite). Credited fields, the family list, a review
 * decision reaching the member at the next visit, the service down, and last year's booklet
 * until its deadline. The kiosk and the service's date rules run on the same day: the test day
 * (test-day.ts), and in the last test the days of the next year it moves both to.
 */
const mueller = virtualCard('mueller');
let central: CentralService;
let station: RunningStation;

async function seedMueller(extra: { participationYears?: number[]; credited?: { year: number; measures: number[] }[] } = {}) {
  await central.seedMember({
    kvnr: mueller.person!.kvnr,
    cardNumber: mueller.iccsn!,
    firstName: 'Hans-Jürgen',
    lastName: 'Müller',
    birthDate: '1967-03-12',
    postalCode: '70173',
    bank: { iban: 'DE89370400440532013000', accountHolder: 'Hans-Jürgen Müller' },
    participation: (extra.participationYears ?? [year]).map((y) => ({ year: y, program: 'adult' as const, declaredAt: `${y}-01-10T09:00:00.000Z` })),
    credited: extra.credited ?? [],
  });
}

let stations = 0;
async function kioskWith(env: NodeJS.ProcessEnv = stationOnTestDay) {
  // A station id per station: the service enrolls a station id once.
  station = await startStation({ mode: 'kiosk', branch: 'Stuttgart Mitte', ...central.stationConfig(`kiosk-online-${(stations += 1)}`) }, env);
  await central.enroll(station, env);
}

/** A new service whose date rules run on `day`, the day the kiosk is moved to. */
async function serviceOn(day: string) {
  await central.close();
  central = await startCentralService({ env: { SERVICE_TEST_TODAY: day } });
}

async function confirmMueller(page: Page, slot: ReturnType<typeof realCardStack>) {
  await page.goto(await station.launchUrl());
  await expect(page.getByTestId('status-card')).toHaveText('Kartenleser: bereit');
  await slot.insert(new EgkCardProgram(mueller.image));
  await page.getByLabel('Postleitzahl').fill('70173');
  await page.getByRole('button', { name: 'Bestätigen' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Willkommen, Dr. Hans-Jürgen Müller');
}

async function cardOut(page: Page, slot: ReturnType<typeof realCardStack>, secrets: string[]) {
  await slot.remove();
  await expect(page.getByTestId('kiosk-start')).toBeVisible();
  const html = await page.evaluate(() => document.documentElement.outerHTML);
  for (const secret of secrets) expect(html, secret).not.toContain(secret);
  await expect(page.getByTestId('status-card')).toHaveText('Kartenleser: bereit');
}

async function axe(page: Page) {
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}

test.describe('the kiosk with the central service', () => {
  const slot = realCardStack('kiosk online e2e');
  test.beforeEach(async () => {
    central = await startCentralService({ env: serviceOnTestDay });
  });
  test.afterEach(async () => {
    await station?.stop();
    await central?.close();
  });

  test("fields the insurer credited show as credited, and a child's booklet opens from the family list", async ({ page }, testInfo) => {
    await seedMueller({ credited: [{ year, measures: [1, 9] }] });
    await central.seedMember({ kvnr: 'B123457897', cardNumber: '80276001234567890999', firstName: 'Mia', lastName: 'Müller', birthDate: `${year - 8}-05-01`, parentKvnr: mueller.person!.kvnr });
    await kioskWith();
    await confirmMueller(page, slot);
    await expect(page.getByTestId('field-1')).toContainText('von der Krankenkasse anerkannt');
    await expect(page.getByTestId('field-9')).toContainText('erfüllt');
    await expect(page.getByTestId('field-12')).not.toContainText('von der Krankenkasse anerkannt');
    // The insurer has the participation on record: nothing to declare here.
    await expect(page.getByTestId('participation')).toHaveCount(0);
    await expect(page.getByTestId('insurer-notice')).toHaveCount(0);
    await axe(page);
    await page.screenshot({ path: testInfo.outputPath('kiosk-online-credited.png'), fullPage: true });

    await page.getByRole('button', { name: 'Bonusheft von Mia öffnen' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bonusheft von Mia – vertreten durch Dr. Hans-Jürgen Müller');
    await expect(page.getByRole('heading', { name: `Ihr Bonusheft ${year} (Kinder)` })).toBeVisible();
    await axe(page);
    await page.screenshot({ path: testInfo.outputPath('kiosk-online-family-child.png'), fullPage: true });
    await cardOut(page, slot, ['Mia', 'Müller', 'Hans-Jürgen', '70173']);
  });

  test('a review decision reaches the member at the next card session, as a notice once and as the field state', async ({ page }, testInfo) => {
    await seedMueller();
    await kioskWith();
    await confirmMueller(page, slot);
    await addDatedEntry(page, 'Zahnvorsorge', `${year}-02-10`);
    await submitOneProof(page);
    await cardOut(page, slot, ['Müller']);

    // The back office decides; the station delivers and pulls (as by the member's next visit).
    await central.syncNow(station);
    const [submission] = (await central.submissions('received')).filter((s) => s.kind === 'measures');
    expect(submission).toBeDefined();
    await central.decide(submission!.id, { decision: 'rejected', reason: 'Datum nicht lesbar' });
    await central.syncNow(station);

    await confirmMueller(page, slot);
    await expect(page.getByTestId('notifications')).toContainText('Ihr Nachweis für Zahnvorsorge wurde nicht anerkannt. Grund: Datum nicht lesbar');
    await expect(page.getByTestId('field-12')).toContainText('abgelehnt');
    await expect(page.getByTestId('field-12')).toContainText('Grund der Ablehnung: Datum nicht lesbar');
    await axe(page);
    await page.screenshot({ path: testInfo.outputPath('kiosk-online-decision.png'), fullPage: true });
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect(page.getByTestId('notifications')).toContainText('has not been accepted. Reason: Datum nicht lesbar');
    await page.getByRole('button', { name: 'Auf Deutsch umschalten' }).click();
    await cardOut(page, slot, ['Müller', 'Datum nicht lesbar']);

    // Shown once: the next visit has no news.
    await confirmMueller(page, slot);
    await expect(page.getByTestId('booklet')).toBeVisible();
    await expect(page.getByTestId('notifications')).toHaveCount(0);
    await expect(page.getByTestId('field-12')).toContainText('abgelehnt');
  });

  test('a participation declared at the kiosk counts at the service at once, and its confirmation reaches the member', async ({ page }, testInfo) => {
    await seedMueller({ participationYears: [] });
    await kioskWith();
    await confirmMueller(page, slot);
    await declareParticipation(page);
    await addDatedEntry(page, 'Zahnvorsorge', `${year}-02-10`);
    await submitOneProof(page);
    await cardOut(page, slot, ['Müller']);

    // Delivered together: the service evaluates the evidence with the declaration it just recorded.
    await central.syncNow(station);
    const received = await central.submissions('received');
    const declared = received.find((s) => s.kind === 'participation');
    const evidence = received.find((s) => s.kind === 'measures');
    expect(declared?.evaluation.findings).toEqual([]);
    expect(evidence?.evaluation).toMatchObject({ totalCents: 1000, findings: [] });

    await central.decide(declared!.id, { decision: 'accepted' });
    await central.syncNow(station);
    await confirmMueller(page, slot);
    await expect(page.getByTestId('participation')).toHaveCount(0);
    await expect(page.getByTestId('notifications')).toContainText(`Ihre Teilnahme für ${year} ist bestätigt.`);
    await expect(page.getByTestId('notifications')).not.toContainText('Nachweis für  ');
    await axe(page);
    await page.screenshot({ path: testInfo.outputPath('kiosk-online-participation-confirmed.png'), fullPage: true });
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect(page.getByTestId('notifications')).toContainText(`Your participation for ${year} is confirmed.`);
    await page.getByRole('button', { name: 'Auf Deutsch umschalten' }).click();
    await cardOut(page, slot, ['Müller']);
  });

  test("with the service down the overview works from the station's records, reduced, and says so", async ({ page }, testInfo) => {
    await seedMueller({ credited: [{ year, measures: [1] }] });
    await kioskWith();
    await central.stop();
    await confirmMueller(page, slot);
    // Only the card could check the postal code: the reduced booklet (docs/security.md, hole 2).
    await expect(page.getByTestId('insurer-notice')).toHaveText(/Eingeschränkte Ansicht/);
    await expect(page.getByTestId('booklet').locator('li')).toHaveCount(12);
    await expect(page.getByTestId('field-1')).not.toContainText('von der Krankenkasse anerkannt');
    await axe(page);
    await page.screenshot({ path: testInfo.outputPath('kiosk-online-service-down.png'), fullPage: true });
    await cardOut(page, slot, ['Müller']);

    await central.start();
    await confirmMueller(page, slot);
    await expect(page.getByTestId('field-1')).toContainText('von der Krankenkasse anerkannt');
    await expect(page.getByTestId('insurer-notice')).toHaveCount(0);
  });

  test("last year's booklet is offered until 30.06. and its proof reaches the service for that year", async ({ page }, testInfo) => {
    // Three processes to start (a service on that day, two stations) on a loaded machine.
    test.setTimeout(180_000);
    await serviceOn(`${year + 1}-03-15`);
    await seedMueller({ participationYears: [year] });
    await kioskWith({ BONUS_STATION_TEST_TODAY: `${year + 1}-03-15` });
    await confirmMueller(page, slot);
    await expect(page.getByRole('heading', { name: `Ihr Bonusheft ${year + 1} (Erwachsene)` })).toBeVisible();
    await page.getByRole('button', { name: `Bonusheft ${year} öffnen (noch einreichbar)` }).click();
    await expect(page.getByRole('heading', { name: `Ihr Bonusheft ${year} (Erwachsene)` })).toBeVisible();
    await axe(page);
    await page.screenshot({ path: testInfo.outputPath('kiosk-online-earlier-year.png'), fullPage: true });
    await addDatedEntry(page, 'Zahnvorsorge', `${year}-03-04`);
    await submitOneProof(page);
    await cardOut(page, slot, ['Müller']);
    await central.syncNow(station);
    expect((await central.submissions()).filter((s) => s.kind === 'measures').map((s) => s.participationYear)).toEqual([year]);
    await station.stop();

    // After the deadline the earlier year is not offered. Only the kiosk's day moves: nothing is
    // submitted any more, so the service's day (for its date rules) does not matter here.
    await kioskWith({ BONUS_STATION_TEST_TODAY: `${year + 1}-07-01` });
    await confirmMueller(page, slot);
    await expect(page.getByRole('heading', { name: `Ihr Bonusheft ${year + 1} (Erwachsene)` })).toBeVisible();
    await expect(page.getByTestId('booklet-years')).toHaveCount(0);
  });
});
