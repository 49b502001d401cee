import { expect, test } from '@playwright/test';
import { virtualCard } from '../virtual-egk/cards';
import { EgkCardProgram } from '../virtual-egk/egk-card';
import { realCardStack } from './real-card-stack';
import { checkScreen } from './screen-check';
import { startStation, type RunningStation } from './station-host';

/** Kiosk screens not covered by the flow specs: motion as the system asks, and the inactivity countdown. */
let station: RunningStation | undefined;
test.afterEach(async () => {
  await station?.stop();
  station = undefined;
});

test('the idle screen moves only when the system allows motion', async ({ page }, testInfo) => {
  station = await startStation({ mode: 'kiosk' });
  await page.goto(await station.launchUrl());
  await expect(page.getByTestId('kiosk-start')).toBeVisible();
  const cardAnimation = () => page.locator('.card-illustration .card').evaluate((el) => getComputedStyle(el).animationName);
  const running = () => page.evaluate(() => document.getAnimations().filter((a) => a.playState === 'running').length);
  expect(await cardAnimation()).toBe('insert-card');
  expect(await running()).toBeGreaterThan(0);

  await page.emulateMedia({ reducedMotion: 'reduce' });
  expect(await cardAnimation()).toBe('none');
  expect(await running()).toBe(0);
  await checkScreen(page, testInfo, 'kiosk-idle-reduced-motion');

  await page.emulateMedia({ reducedMotion: 'no-preference' });
  expect(await cardAnimation()).toBe('insert-card');
});

test.describe('an idle member session', () => {
  const slot = realCardStack('kiosk inactivity e2e');

  test('warns with a countdown, then ends and leaves nothing of the member on the screen', async ({ page }, testInfo) => {
    // 15 s is the shortest the configuration allows; the countdown shows in the last 20 s.
    station = await startStation({ mode: 'kiosk', kiosk: { inactivityTimeoutSeconds: 15 } });
    await page.goto(await station.launchUrl());
    await expect(page.getByTestId('status-card')).toHaveText('Kartenleser: bereit');
    await slot.insert(new EgkCardProgram(virtualCard('mueller').image));
    await page.getByLabel('Postleitzahl').fill('70173');
    await page.getByRole('button', { name: 'Bestätigen' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Willkommen, Dr. Hans-Jürgen Müller');

    const warning = page.getByRole('alertdialog');
    await expect(warning).toContainText(/Sind Sie noch da\? Ihre Sitzung endet in \d+ Sekunden?\./);
    await checkScreen(page, testInfo, 'kiosk-inactivity-warning');

    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ihre Sitzung wurde wegen Inaktivität beendet.', { timeout: 30_000 });
    await checkScreen(page, testInfo, 'kiosk-ended-inactivity');
    const html = await page.evaluate(() => document.documentElement.outerHTML);
    for (const value of ['Müller', 'Hans-Jürgen', '70173']) expect(html).not.toContain(value);

    await slot.remove();
    await expect(page.getByTestId('kiosk-start')).toBeVisible();
  });
});
