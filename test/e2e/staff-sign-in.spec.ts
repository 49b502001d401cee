import { expect, test } from '@playwright/test';
import { checkScreen } from './screen-check';
import { startStation, type RunningStation } from './station-host';

let station: RunningStation;
test.afterEach(async () => {
  await station?.stop();
});

// A locked account is answered like a wrong password: the station never tells a guesser which.
const wrongText = 'Kennung oder Passwort ist falsch. Nach mehreren Fehlversuchen bleibt die Kennung eine Weile gesperrt.';
const clerk = { id: 'c.mueller', name: 'Claudia Müller', role: 'clerk' as const, password: 'Sommer-Kaffee-42' };

test('a clerk signs in at a clerk station with the keyboard only, and signs out', async ({ page }, testInfo) => {
  station = await startStation({ mode: 'clerk', branch: 'Berlin Mitte' }, {}, [clerk]);
  await page.goto(await station.launchUrl());
  await expect(page.getByRole('heading', { name: 'Anmeldung für Mitarbeitende' })).toBeVisible();
  await checkScreen(page, testInfo, 'staff-sign-in');

  await page.getByLabel('Kennung').focus();
  await page.keyboard.type('c.mueller');
  await page.keyboard.press('Tab');
  await page.keyboard.type('falsches-Passwort');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toHaveText(wrongText);
  await expect(page.getByLabel('Passwort')).toHaveValue('');
  await checkScreen(page, testInfo, 'staff-sign-in-wrong');

  await page.getByLabel('Passwort').fill(clerk.password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('staff-bar')).toContainText('Angemeldet: Claudia Müller (Sachbearbeitung)');
  await checkScreen(page, testInfo, 'clerk-signed-in');

  await page.getByRole('button', { name: 'Abmelden' }).click();
  await expect(page.getByTestId('staff-sign-in')).toBeVisible();
  await expect(page.getByText('Claudia Müller')).toHaveCount(0);
});

test('five wrong passwords lock the account; the right one then gets the same answer as a wrong one', async ({ page }) => {
  station = await startStation({ mode: 'clerk' }, {}, [clerk]);
  await page.goto(await station.launchUrl());
  await page.getByLabel('Kennung').fill(clerk.id);
  for (let i = 1; i <= 5; i++) {
    await page.getByLabel('Passwort').fill(`falsch-${i}-passwort`);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
  }
  await expect(page.getByRole('alert')).toHaveText(wrongText);
  await page.getByLabel('Passwort').fill(clerk.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  // The password field is emptied when the answer has arrived.
  await expect(page.getByLabel('Passwort')).toHaveValue('');
  await expect(page.getByRole('alert')).toHaveText(wrongText);
  await expect(page.getByTestId('staff-bar')).toHaveCount(0);
});

test('a clerk account cannot work at a field station', async ({ page }) => {
  station = await startStation({ mode: 'field' }, {}, [clerk]);
  await page.goto(await station.launchUrl());
  await page.getByLabel('Kennung').fill(clerk.id);
  await page.getByLabel('Passwort').fill(clerk.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.getByRole('alert')).toHaveText('Mit dieser Kennung können Sie an dieser Station nicht arbeiten.');
});

test('a kiosk shows no staff functions', async ({ page }) => {
  station = await startStation({ mode: 'kiosk' }, {}, [clerk]);
  await page.goto(await station.launchUrl());
  await expect(page.getByTestId('kiosk-start')).toBeVisible();
  await expect(page.getByTestId('staff-sign-in')).toHaveCount(0);
  await expect(page.getByLabel('Passwort')).toHaveCount(0);
});
