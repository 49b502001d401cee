import { expect, test, type Page } from '@playwright/test';
import { virtualCard } from '../virtual-egk/cards';
import { EgkCardProgram } from '../virtual-egk/egk-card';
import { realCardStack } from './real-card-stack';
import { checkScreen } from './screen-check';
import { startStation, type RunningStation } from './station-host';
import { stationOnTestDay, year } from './test-day';

/**
 * The kiosk with a virtual eGK in the real pcscd: card in, second factor, booklet,
 * participation, card out. In CI pcscd runs (test/services/pcscd.start.sh); elsewhere the
 * specs are skipped with the reason printed.
 */
let station: RunningStation;

test.describe('kiosk with a health card', () => {
  const slot = realCardStack('kiosk e2e');
  test.beforeEach(async ({ page }) => {
    // On the test day (15.07. of the real year in Berlin): the booklet shown is that year's, with no earlier year beside it, on every real day.
    station = await startStation({ mode: 'kiosk', branch: 'Stuttgart Mitte' }, stationOnTestDay);
    await page.goto(await station.launchUrl());
    await expect(page.getByTestId('kiosk-start')).toBeVisible();
    await expect(page.getByTestId('status-card')).toHaveText('Kartenleser: bereit');
  });
  test.afterEach(async () => {
    await station?.stop();
  });

  const personalData = ['Müller', 'Hans-Jürgen', '70173', 'Stuttgart, Königstraße', 'Königstraße', '1967', '80276883110000012345'];

  async function expectNoPersonalData(page: Page) {
    const text = await page.evaluate(() => document.documentElement.outerHTML);
    for (const value of personalData) expect(text, value).not.toContain(value);
  }

  test('an adult confirms the postal code, sees the booklet, declares participation and leaves nothing behind', async ({ page }, testInfo) => {
    await slot.insert(new EgkCardProgram(virtualCard('mueller').image));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bitte bestätigen Sie, dass dies Ihre Karte ist');
    // Before the second factor the page knows nothing about the person.
    await expectNoPersonalData(page);
    await checkScreen(page, testInfo, 'kiosk-identify');

    await page.getByLabel('Postleitzahl').fill('80331');
    await page.getByRole('button', { name: 'Bestätigen' }).click();
    await expect(page.getByRole('alert')).toHaveText('Die Angabe stimmt nicht. Sie haben noch 2 Versuche.');
    await checkScreen(page, testInfo, 'kiosk-identify-wrong');

    for (const digit of '70173') await page.getByRole('group', { name: 'Ziffernfeld' }).getByRole('button', { name: digit, exact: true }).click();
    await page.getByRole('button', { name: 'Bestätigen' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Willkommen, Dr. Hans-Jürgen Müller');
    await expect(page.getByRole('heading', { name: `Ihr Bonusheft ${year} (Erwachsene)` })).toBeVisible();
    await expect(page.getByTestId('booklet').locator('li')).toHaveCount(12);
    await expect(page.getByRole('heading', { name: 'Aktiv' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Check' })).toBeVisible();
    // The overview with the participation panel, before participation is declared.
    await checkScreen(page, testInfo, 'kiosk-overview-participation');

    const declare = page.getByRole('button', { name: 'Teilnahme erklären' });
    await expect(declare).toBeDisabled();
    await page.getByLabel(/willige in die Verarbeitung meiner Daten nach § 284/).check();
    await declare.click();
    await expect(page.getByTestId('participation')).toHaveCount(0);
    await checkScreen(page, testInfo, 'kiosk-overview');

    await slot.remove();
    await expect(page.getByTestId('kiosk-start')).toBeVisible();
    await expectNoPersonalData(page);
    await checkScreen(page, testInfo, 'kiosk-idle-after-card-out');
  });

  test('three wrong postal codes lock the card, also when it is inserted again', async ({ page }, testInfo) => {
    await slot.insert(new EgkCardProgram(virtualCard('mueller').image));
    for (const code of ['11111', '22222', '33333']) {
      await page.getByLabel('Postleitzahl').fill(code);
      await page.getByRole('button', { name: 'Bestätigen' }).click();
      if (code !== '33333') await expect(page.getByRole('alert')).toBeVisible();
    }
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Diese Karte ist vorübergehend gesperrt');
    await expect(page.getByText('Bitte entnehmen Sie Ihre Karte.')).toBeVisible();
    await checkScreen(page, testInfo, 'kiosk-locked');
    await slot.remove();
    await expect(page.getByTestId('kiosk-start')).toBeVisible();
    await slot.insert(new EgkCardProgram(virtualCard('mueller').image));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Diese Karte ist vorübergehend gesperrt');
  });

  test('a card pulled while the booklet is shown takes every trace of the member with it', async ({ page }) => {
    await slot.insert(new EgkCardProgram(virtualCard('mueller').image));
    await page.getByLabel('Postleitzahl').fill('70173');
    await page.getByRole('button', { name: 'Bestätigen' }).click();
    await expect(page.getByTestId('booklet')).toBeVisible();
    await slot.remove();
    await expect(page.getByTestId('kiosk-start')).toBeVisible();
    await expectNoPersonalData(page);
  });

  test('a card whose cover has ended gets an explanation and nothing else', async ({ page }, testInfo) => {
    await slot.insert(new EgkCardProgram(virtualCard('cover-ended').image));
    // The reason, not the date: before the second factor the screen tells nothing about the card's holder.
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mit dieser Karte besteht kein Versicherungsschutz bei uns');
    await expect(page.getByText(/\d{2}\.\d{2}\.\d{4}/)).toHaveCount(0);
    await expect(page.getByTestId('identify-form')).toHaveCount(0);
    await checkScreen(page, testInfo, 'kiosk-card-cover-ended');
  });

  test('a card of another insurer is refused without naming the insurer (nothing of the card before the second factor)', async ({ page }, testInfo) => {
    await slot.insert(new EgkCardProgram(virtualCard('other-insurer').image));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Diese Karte gehört zu einer anderen Krankenkasse');
    await expect(page.getByText('Andere BKK')).toHaveCount(0);
    await checkScreen(page, testInfo, 'kiosk-card-other-insurer');
  });
});

test.describe('kiosk: a parent and a child under 15', () => {
  const slot = realCardStack('kiosk child e2e');
  test.afterEach(async () => {
    await station?.stop();
  });

  test('the parent swaps cards and manages the child\'s separate booklet', async ({ page }, testInfo) => {
    station = await startStation({ mode: 'kiosk' });
    await page.goto(await station.launchUrl());
    await expect(page.getByText('Kartenleser: bereit')).toBeVisible();
    await slot.insert(new EgkCardProgram(virtualCard('mueller').image));
    await page.getByLabel('Postleitzahl').fill('70173');
    await page.getByRole('button', { name: 'Bestätigen' }).click();
    await page.getByRole('button', { name: 'Bonusheft meines Kindes (unter 15)' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bitte stecken Sie jetzt die Gesundheitskarte Ihres Kindes ein');
    await checkScreen(page, testInfo, 'kiosk-child-card-wait');
    await slot.remove();
    // The parent's card is out (pcscd has seen it leave) and the kiosk still waits for the child's.
    await expect(page.getByTestId('status-card')).toHaveText('Kartenleser: bereit');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bitte stecken Sie jetzt die Gesundheitskarte Ihres Kindes ein');
    await slot.insert(new EgkCardProgram(virtualCard('lena').image));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bonusheft von Lena Özdemir – vertreten durch Dr. Hans-Jürgen Müller');
    await expect(page.getByRole('heading', { name: /Ihr Bonusheft \d{4} \(Kinder\)/ })).toBeVisible();
    await expect(page.getByTestId('booklet').locator('li')).toHaveCount(6);
    await checkScreen(page, testInfo, 'kiosk-child-overview');
    await slot.remove();
    await expect(page.getByTestId('kiosk-start')).toBeVisible();
    const html = await page.evaluate(() => document.documentElement.outerHTML);
    for (const value of ['Lena', 'Özdemir', 'Müller']) expect(html).not.toContain(value);
  });
});
