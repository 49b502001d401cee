import { expect, test, type Page } from '@playwright/test';
import { resolve } from 'node:path';
import { memberAtKiosk, startProof } from './kiosk-member';
import { realCardStack } from './real-card-stack';
import { checkScreen } from './screen-check';
import { startStation, type RunningStation } from './station-host';

/**
 * A kiosk configured with a catalog whose fields take a BMI value (1) and a signed non-smoker
 * declaration (2): the BMI calculator with its plausibility errors, a signature drawn with the
 * pointer (an empty pad refused by main), the keyboard alternative with the typed name, and the
 * submission with a receipt. The kiosk's day comes from its own clock (BONUS_STATION_TEST_TODAY),
 * which differs from the browser's: the date field must follow the kiosk.
 */
const catalog = resolve(import.meta.dirname, '../../docs/examples/rule-set.signed-and-measured.json');
// Yesterday (tomorrow on 01.01.): a day the browser's clock does not have. The kiosk is on that day in Berlin at
// every hour, also between 23:00 and 01:00 UTC, when UTC and Berlin are on different days (kiosk-clock.test.ts).
const realToday = new Date().toISOString().slice(0, 10);
const shifted = new Date(Date.parse(`${realToday}T12:00:00Z`) + (realToday.endsWith('01-01') ? 1 : -1) * 86_400_000);
const kioskToday = shifted.toISOString().slice(0, 10);
let station: RunningStation;


/** Draws on the signature pad with the mouse as a finger would: a stroke through the given points (shares of the pad). */
async function draw(page: Page, points: [number, number][]) {
  const box = (await page.getByRole('img', { name: 'Unterschriftenfeld' }).boundingBox())!;
  const at = ([x, y]: [number, number]) => [box.x + x * box.width, box.y + y * box.height] as const;
  await page.mouse.move(...at(points[0]!));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 6 });
  await page.mouse.up();
}

test.describe('signed declaration and measured value at the kiosk', () => {
  const slot = realCardStack('kiosk declaration e2e');
  test.beforeEach(async () => {
    station = await startStation({ mode: 'kiosk', kiosk: { ruleSetFiles: [catalog] } }, { BONUS_STATION_TEST_TODAY: kioskToday });
  });
  test.afterEach(async () => {
    await station?.stop();
  });

  test('BMI from height and weight and a drawn signature are submitted with a receipt', async ({ browser }, testInfo) => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await memberAtKiosk(page, await station!.launchUrl(), slot);

    // The session's end is given to the screen in real time: no countdown although the kiosk's day is another.
    await expect(page.getByRole('alertdialog')).toHaveCount(0);
    await startProof(page, 'Body-Mass-Index');
    // The only kind this field takes is chosen; the day is the kiosk's, not the browser's.
    const date = page.getByRole('group', { name: 'Datum der Maßnahme' });
    await expect(date).toHaveAttribute('data-value', kioskToday);
    await expect(date).toHaveAttribute('data-max', kioskToday);
    // Written the German way, and no later day to step to.
    await expect(date.locator('output')).toHaveText(`${kioskToday.slice(8, 10)}.${kioskToday.slice(5, 7)}.${kioskToday.slice(0, 4)}`);
    await expect(date.getByRole('button', { name: 'Einen Tag später' })).toBeDisabled();
    await page.getByLabel('Körpergröße in cm').fill('1,78');
    await page.getByLabel('Gewicht in kg').fill('74,5');
    await page.getByRole('button', { name: 'Wert übernehmen' }).click();
    await expect(page.getByRole('alert')).toHaveText(/Bitte geben Sie die Körpergröße in Zentimetern ein, zwischen 100 und 250 cm/);
    await page.getByLabel('Körpergröße in cm').fill('178');
    await expect(page.getByText('Ihr BMI: 23,5 kg/m²')).toBeVisible();
    await checkScreen(page, testInfo, 'kiosk-capture-bmi');
    await page.getByRole('button', { name: 'Wert übernehmen' }).click();
    await expect(page.getByTestId('drafts')).toContainText('Body-Mass-Index');

    await startProof(page, 'Nichtraucher');
    await expect(page.getByText('Ich erkläre, dass ich seit mindestens zwölf Monaten nicht rauche.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Erklärung abgeben' })).toBeDisabled();
    // A dot is no signature: main refuses it and nothing is kept.
    await draw(page, [
      [0.5, 0.5],
      [0.505, 0.5],
    ]);
    await page.getByRole('button', { name: 'Erklärung abgeben' }).click();
    await expect(page.getByRole('alert')).toContainText('keine Unterschrift zu erkennen');
    await page.getByRole('button', { name: 'Unterschrift löschen' }).click();
    await draw(page, [
      [0.08, 0.7],
      [0.2, 0.2],
      [0.3, 0.8],
      [0.45, 0.3],
      [0.6, 0.75],
      [0.75, 0.25],
      [0.9, 0.6],
    ]);
    await checkScreen(page, testInfo, 'kiosk-capture-signature');
    await page.getByRole('button', { name: 'Erklärung abgeben' }).click();
    await expect(page.getByTestId('drafts').locator('li')).toHaveCount(2);

    await page.getByRole('button', { name: '2 Nachweise einreichen' }).click();
    await expect(page.getByTestId('receipt-reference')).toHaveText(/^BA-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await page.getByRole('button', { name: 'Zurück zum Bonusheft' }).click();
    await expect(page.getByTestId('field-1')).toContainText('in Prüfung');
    await expect(page.getByTestId('field-2')).toContainText('in Prüfung');
  });

  test('the declaration can be given with the keyboard alone: the typed name as on the card', async ({ browser }, testInfo) => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await memberAtKiosk(page, await station!.launchUrl(), slot);
    const press = async (name: string | RegExp) => {
      await page.getByRole('button', { name }).focus();
      await page.keyboard.press('Enter');
    };
    await page.getByTestId('field-2').getByRole('button').focus();
    await page.keyboard.press('Enter');
    await press('Nachweis hinzufügen: Nichtraucher');
    await press('Mit Namen bestätigen');
    await page.getByLabel('Ihr Vor- und Nachname wie auf der Karte').focus();
    await page.keyboard.type('Erika Mustermann');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await expect(page.getByLabel('Ich bestätige die Erklärung oben mit meinem Namen.')).toBeChecked();
    await press('Erklärung abgeben');
    await expect(page.getByRole('alert')).toContainText('stimmt nicht mit dem Namen auf der Karte überein');
    await expect(page.getByTestId('drafts')).toHaveCount(0);
    await page.getByLabel('Ihr Vor- und Nachname wie auf der Karte').fill('');
    await page.getByLabel('Ihr Vor- und Nachname wie auf der Karte').focus();
    await page.keyboard.type('Hans-Jürgen Müller');
    await checkScreen(page, testInfo, 'kiosk-capture-declaration-typed');
    await press('Erklärung abgeben');
    await expect(page.getByTestId('drafts')).toContainText('Nichtraucher');
  });
});
